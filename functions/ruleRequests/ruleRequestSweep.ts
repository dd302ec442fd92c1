import type { InvocationContext, Timer } from '@azure/functions';
import type { SweepRepairRecord } from '../../orchestrations/ruleRequests/sweepRuleRequests';

export const ruleRequestSweepFunctionName = 'ruleRequestSweep';

export interface RuleRequestSweepDeps {
  /** sweepRuleRequests (orchestrations/ruleRequests/sweepRuleRequests.ts) on this invocation's Durable client. */
  sweepRuleRequests(context: InvocationContext, log: (message: string) => void): Promise<readonly SweepRepairRecord[]>;
}

/** Timer (RULE_REQUEST_SWEEP_SCHEDULE): repairs requests whose state and orchestration disagree (sweepRuleRequests). */
export function ruleRequestSweepHandler(deps: RuleRequestSweepDeps) {
  return async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const repairs = await deps.sweepRuleRequests(context, (message) => context.log(message));
    const failed = repairs.filter((repair) => repair.result === 'failed');
    // Never silent: a request the sweep could not move on is an error in the log (and in its own history).
    for (const repair of failed) context.error(`Rule request sweep could not repair ${repair.requestId}: ${repair.note}`);
    context.log(`Rule request sweep: ${repairs.length - failed.length} request(s) repaired, ${failed.length} could not be repaired now`);
  };
}
