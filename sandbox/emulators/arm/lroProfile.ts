/**
 * How long long-running operations take and how polls answer.
 * - `fast` (default): every operation takes the configured delay (30 ms unless set), polls answer Retry-After: 1 and
 *   are held until the operation ends (operationHandler.ts says why), so tests and the sandbox stay quick.
 * - `azure`: as recorded on Azure (arm-contract.md section 1): writes take 5-15 s, the initial response and every
 *   InProgress poll carry Retry-After: 10, and polls answer at once, so a client waits as long as it would in Azure.
 */
export const lroProfiles = ['fast', 'azure'] as const;
export type LroProfile = (typeof lroProfiles)[number];

export const AZURE_PROFILE = { minDelayMs: 5_000, maxDelayMs: 15_000, retryAfterSeconds: 10 } as const;
const FAST_RETRY_AFTER_SECONDS = 1;
const FAST_MAX_POLL_HOLD_MS = 1_000;

export interface LroTimingSettings {
  lroProfile: LroProfile;
  lroDelayMs: number;
  ruleCollectionGroupLroDelayMs: number;
}

/** Duration of one operation; `random` in [0, 1) picks where in the azure profile's range it lands. */
export function operationDelayMs(settings: LroTimingSettings, isRuleCollectionGroup: boolean, random: () => number = Math.random): number {
  if (settings.lroProfile === 'azure') return Math.round(AZURE_PROFILE.minDelayMs + random() * (AZURE_PROFILE.maxDelayMs - AZURE_PROFILE.minDelayMs));
  return isRuleCollectionGroup ? settings.ruleCollectionGroupLroDelayMs : settings.lroDelayMs;
}

/** Retry-After (seconds) on the initial response and on InProgress polls. */
export function pollRetryAfterSeconds(settings: LroTimingSettings): number {
  return settings.lroProfile === 'azure' ? AZURE_PROFILE.retryAfterSeconds : FAST_RETRY_AFTER_SECONDS;
}

/** Longest a poll is held open waiting for its operation to end (0: answer at once, as Azure does). */
export function maxPollHoldMs(settings: LroTimingSettings): number {
  return settings.lroProfile === 'azure' ? 0 : FAST_MAX_POLL_HOLD_MS;
}
