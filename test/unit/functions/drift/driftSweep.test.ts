import type { Timer } from '@azure/functions';
import { driftSweepHandler, type DriftSweepDeps } from '../../../../functions/drift/driftSweep';
import { testContext } from '../../../support/handlerFakes';

const timer = { isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer;
const summary = { subscriptions: 1, guarded: 3, nonCompliant: 2, started: 2, armReads: 4, elapsedInMs: 12 };

describe('driftSweep (timer)', () => {
  it('asks for a posture pass, then requests a reconcile for each VNet the sweep hands over', async () => {
    const calls: string[] = [];
    const deps: DriftSweepDeps = {
      requestPosturePass: async (_context, reason) => (calls.push(`posture (${reason})`), 'started'),
      requestReconcile: async (_context, vnetId, reason) => (calls.push(`reconcile ${vnetId} (${reason})`), 'started'),
      sweepSubnets: async (request) => {
        await request('vnet-a');
        await request('vnet-b');
        return summary as never;
      },
    };
    const { context, logs } = testContext();
    await driftSweepHandler(deps)(timer, context);
    expect(calls).toEqual(['posture (sweep)', 'reconcile vnet-a (sweep)', 'reconcile vnet-b (sweep)']);
    expect(logs.join('\n')).toMatch(/3 guarded subnet\(s\) in 1 subscription\(s\), 2 not compliant, 2 VNet reconcile\(s\) requested/);
  });

  it('a failure to ask for the posture pass is logged and the drift sweep still runs', async () => {
    let swept = false;
    const deps: DriftSweepDeps = {
      requestPosturePass: async () => Promise.reject(new Error('task hub busy')),
      requestReconcile: async () => 'started',
      sweepSubnets: async () => ((swept = true), summary as never),
    };
    const { context, logs } = testContext();
    await driftSweepHandler(deps)(timer, context);
    expect(swept).toBe(true);
    expect(logs.join('\n')).toMatch(/warning: Posture pass not requested: Error: task hub busy/);
  });
});
