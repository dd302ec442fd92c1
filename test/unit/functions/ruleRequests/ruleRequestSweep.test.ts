import type { Timer } from '@azure/functions';
import { ruleRequestSweepHandler } from '../../../../functions/ruleRequests/ruleRequestSweep';
import type { SweepRepairRecord } from '../../../../orchestrations/ruleRequests/sweepRuleRequests';
import { testContext } from '../../../support/handlerFakes';

const timer = { isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer;
const record = (requestId: string, result: SweepRepairRecord['result']): SweepRepairRecord => ({
  requestId,
  status: 'pending-approval',
  repair: 'restart',
  why: 'its orchestration was missing while the request was pending-approval',
  result,
  note: `sweep: its orchestration was missing; ${result === 'failed' ? 'could not repair it now' : 'restarted it from the stored request'}`,
});

describe('ruleRequestSweep (timer)', () => {
  it('logs what it repaired, and each request it could not repair as an error naming it', async () => {
    const { context, logs } = testContext();
    const handle = ruleRequestSweepHandler({ sweepRuleRequests: async (_context, log) => (log('line from the sweep'), [record('rr-a', 'failed'), record('rr-b', 'started')]) });
    await handle(timer, context);
    expect(logs).toEqual([
      'information: line from the sweep',
      'error: Rule request sweep could not repair rr-a: sweep: its orchestration was missing; could not repair it now',
      'information: Rule request sweep: 1 request(s) repaired, 1 could not be repaired now',
    ]);
  });

  it('says so when nothing needed repair', async () => {
    const { context, logs } = testContext();
    await ruleRequestSweepHandler({ sweepRuleRequests: async () => [] })(timer, context);
    expect(logs).toEqual(['information: Rule request sweep: 0 request(s) repaired, 0 could not be repaired now']);
  });
});
