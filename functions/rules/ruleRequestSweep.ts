import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { appServices } from '../../shared/runtime/appServices';
import { sweepRuleRequests } from '../../orchestrations/rules/sweepRuleRequests';

export const ruleRequestSweepFunctionName = 'ruleRequestSweep';

/** Timer (RULE_REQUEST_SWEEP_SCHEDULE): repairs requests whose state and orchestration disagree (sweepRuleRequests). */
export async function handleRuleRequestSweep(_timer: Timer, context: InvocationContext): Promise<void> {
  const repairs = await sweepRuleRequests(df.getClient(context), appServices(), (message) => context.log(message));
  context.log(`Rule request sweep: ${repairs.length} request(s) repaired`);
}
