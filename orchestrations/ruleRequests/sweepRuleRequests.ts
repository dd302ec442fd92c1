import type { DurableClient } from 'durable-functions';
import type { RuleRequestStore } from '../../shared/azure/tables/ruleRequestStore';
import { ensureRequestProgress, type ProgressRepair } from './ensureProgress';
import { requestInstanceId } from './names';
import { sweepRepairFor, type InstanceView } from './sweepDecisions';

/** Changes younger than this are in flight (between the store write and the Durable call), not stuck. */
export const SWEEP_GRACE_IN_MS = 10_000;
/** A finished request older than this cannot have a live orchestration waiting on it any more (approval timeout + a day). */
const FINISHED_LOOKBACK_EXTRA_IN_MS = 24 * 3_600_000;

export interface SweepRepairRecord {
  readonly requestId: string;
  readonly status: string;
  readonly repair: 'restart' | 'raise-decision';
  readonly why: string;
  /** What ensureRequestProgress did, or 'failed' when it could not (the next sweep tries again). */
  readonly result: ProgressRepair | 'failed';
  /** What the request's history and the log say about it. */
  readonly note: string;
}

export interface RuleRequestSweepInputs {
  readonly client: DurableClient;
  readonly store: Pick<RuleRequestStore, 'list' | 'appendHistory'>;
  readonly approvalTimeoutInMs: number;
}

/**
 * The rule request sweep (timer): finds requests whose stored state and orchestration disagree (orchestration
 * missing or ended while the request still needs it; a decision recorded but never delivered) and repairs them
 * through ensureRequestProgress. Every repair is written to the request's history (`sweep: ...`), which is the audit
 * record GET /api/rule-requests/{id} shows, and logged.
 */
export async function sweepRuleRequests({ client, store, approvalTimeoutInMs: timeout }: RuleRequestSweepInputs, log: (message: string) => void, now: () => Date = () => new Date()): Promise<SweepRepairRecord[]> {
  const at = now();
  const repairs: SweepRepairRecord[] = [];
  for (const { request } of await store.list()) {
    const finished = !['pending-approval', 'approved', 'applying', 'applied'].includes(request.status);
    if (finished && at.getTime() - Date.parse(request.updatedAt) > timeout + FINISHED_LOOKBACK_EXTRA_IN_MS) continue;
    const status = await client.getStatus(requestInstanceId(request.id), { showInput: false }).catch(() => undefined);
    const instance: InstanceView | undefined = status
      ? { runtimeStatus: String(status.runtimeStatus), ...(stageOf(status.customStatus) ? { stage: stageOf(status.customStatus) } : {}) }
      : undefined;
    const repair = sweepRepairFor(request, instance, at, SWEEP_GRACE_IN_MS);
    if (repair.kind === 'none') continue;
    // One request that cannot be repaired now must not keep the others waiting: it is recorded, and the next sweep
    // finds it again.
    const { result, text } = await ensureRequestProgress(client, request, timeout, { raiseDecision: repair.kind === 'raise-decision' }).then(
      (progress) => ({ result: progress, text: describe(progress) }),
      (error: unknown) => ({ result: 'failed' as const, text: `could not repair it now, the next sweep tries again (${error instanceof Error ? error.message : String(error)})` }),
    );
    const note = `sweep: ${repair.why}; ${text}`;
    await store.appendHistory(request.id, { at: now().toISOString(), stage: request.status, note });
    log(`Rule request sweep: ${request.id} (${request.status}): ${repair.why}; ${text}`);
    repairs.push({ requestId: request.id, status: request.status, repair: repair.kind, why: repair.why, result, note });
  }
  return repairs;
}

const describe = (result: ProgressRepair) =>
  result === 'started'
    ? 'restarted it from the stored request'
    : result === 'raised'
      ? 'raised the decision again'
      : result === 'finished'
        ? 'nothing left to do'
        : 'it was running again when repaired';

function stageOf(customStatus: unknown): string | undefined {
  const stage = typeof customStatus === 'object' && customStatus !== null ? (customStatus as { stage?: unknown }).stage : undefined;
  return typeof stage === 'string' ? stage : undefined;
}
