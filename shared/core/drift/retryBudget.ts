/**
 * Every retry layer of a drift reconcile, in one place, so the worst case (docs/drift.md, "Retry budget") is computed
 * from the numbers the code runs with rather than restated by hand.
 *
 * Layers, innermost first:
 * 1. the Azure SDK pipeline: each ARM call is retried by @azure/core-rest-pipeline's default policies (3 retries;
 *    exponential from 1 s for 5xx/408/resets, Retry-After for 429/503);
 * 2. a pass: observe -> decide -> apply rounds (every round re-reads, so a 412 costs one round);
 * 3. the orchestration: a pass that ends with a retryable refusal (429, 409 AnotherOperationInProgress, 5xx after the
 *    SDK gave up) is run again after a durable timer, up to `passAttempts` times; then the subnets are recorded
 *    `failed` with the reason and Teams is told.
 */
export const retryBudget = {
  /** @azure/core-rest-pipeline DEFAULT_RETRY_POLICY_COUNT. */
  sdkRetriesPerCall: 3,
  /** The SDK's exponential retry: 1 s doubled per retry (capped at 64 s), plus jitter. */
  sdkFirstDelayInMs: 1_000,
  /** Observe/decide/apply rounds in one pass before it is declared not converging. */
  maxRoundsPerPass: 8,
  /** 412 answers one pass tolerates (each costs a re-read and a round). */
  maxConflictsPerPass: 6,
  /** Passes per orchestration episode when each ends with a retryable refusal. */
  passAttempts: 5,
  /** Wait before the n-th retry of a pass (n = 1..passAttempts-1): ARM's Retry-After when longer. */
  passRetryDelaysInMs: [5_000, 15_000, 45_000, 120_000] as readonly number[],
} as const;

/** Durable's retry of the reconcile activity itself (storage or worker failures, never ARM refusals). */
export const activityRetry = { attempts: 3, firstDelayInMs: 2_000, backoffCoefficient: 2 } as const;

/** The delay before retry number `retry` (1-based) of a pass, honouring ARM's Retry-After when it asks for more. */
export function passRetryDelayInMs(retry: number, retryAfterInMs: number | undefined): number {
  const delays = retryBudget.passRetryDelaysInMs;
  const planned = delays[Math.min(retry, delays.length) - 1] ?? delays[delays.length - 1]!;
  return Math.max(planned, retryAfterInMs ?? 0);
}

export interface WorstCase {
  /** ARM writes sent at most for one write the plan wanted (SDK retries x pass attempts). */
  readonly armCallsPerWrite: number;
  /** ARM requests at most for one VNet before it is recorded failed: every round's writes and reads, all retried. */
  readonly armCallsPerVnet: number;
  /** Time spent waiting between passes before a VNet is recorded failed (SDK back-off excluded: it is per call). */
  readonly waitBetweenPassesInMs: number;
  /** SDK back-off of one call that is retried to the end (1 + 2 + 4 s). */
  readonly sdkBackoffPerCallInMs: number;
  /** Upper bound of the time until the VNet is recorded failed: every call of every round backed off, plus the waits. */
  readonly timeBeforeFailedInMs: number;
}

/**
 * Upper bounds when everything keeps failing retryably. `writesPerRound` is how many writes one round sends at most
 * (one per etag family: the VNet and the route tables it uses), `readsPerObservation` the GETs of one observation.
 */
export function worstCase(writesPerRound = 2, readsPerObservation = 4): WorstCase {
  const perCall = 1 + retryBudget.sdkRetriesPerCall;
  const perPass = retryBudget.maxRoundsPerPass * (writesPerRound + readsPerObservation) * perCall;
  let sdkBackoff = 0;
  for (let retry = 0; retry < retryBudget.sdkRetriesPerCall; retry += 1) sdkBackoff += retryBudget.sdkFirstDelayInMs * 2 ** retry;
  let wait = 0;
  for (let retry = 1; retry < retryBudget.passAttempts; retry += 1) wait += passRetryDelayInMs(retry, undefined);
  return {
    armCallsPerWrite: perCall * retryBudget.passAttempts,
    armCallsPerVnet: perPass * retryBudget.passAttempts,
    waitBetweenPassesInMs: wait,
    sdkBackoffPerCallInMs: sdkBackoff,
    timeBeforeFailedInMs: wait + retryBudget.passAttempts * retryBudget.maxRoundsPerPass * (writesPerRound + readsPerObservation) * sdkBackoff,
  };
}

/** The table docs/drift.md shows (a unit test keeps the two equal). */
export function retryBudgetTable(): string {
  const worst = worstCase();
  const seconds = (ms: number) => `${ms / 1000} s`;
  return [
    '| layer | attempts | waits |',
    '|---|---|---|',
    `| Azure SDK, per ARM call | 1 + ${retryBudget.sdkRetriesPerCall} | ${seconds(retryBudget.sdkFirstDelayInMs)}, doubling (or Retry-After) |`,
    `| pass: observe -> decide -> apply rounds | ${retryBudget.maxRoundsPerPass} rounds, ${retryBudget.maxConflictsPerPass} x 412 | none (a 412 re-reads at once) |`,
    `| orchestration: passes after a retryable refusal | ${retryBudget.passAttempts} | ${retryBudget.passRetryDelaysInMs.map(seconds).join(', ')} (or Retry-After if longer), durable timers |`,
    `| worst case, one write | ${worst.armCallsPerWrite} ARM calls | ${seconds(worst.sdkBackoffPerCallInMs)} SDK back-off per pass + ${seconds(worst.waitBetweenPassesInMs)} between passes |`,
    `| worst case, one VNet (2 writes + 4 reads per round) | ${worst.armCallsPerVnet} ARM calls | at most ${Math.ceil(worst.timeBeforeFailedInMs / 60_000)} min, then \`failed\` + one card |`,
  ].join('\n');
}
