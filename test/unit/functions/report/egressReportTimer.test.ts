import type { Timer } from '@azure/functions';
import { egressReportTimerHandler } from '../../../../functions/report/egressReportTimer';
import type { ReportDeliveryOutcome } from '../../../../shared/azure/tables/reportState';
import type { EgressReportRun } from '../../../../shared/runtime/egressReport';
import { testContext, testSettings } from '../../../support/handlerFakes';

const timer = { isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer;
const workspace = { LOG_ANALYTICS_WORKSPACE_ID: '11111111-2222-3333-4444-555555555555' };

function run(delivery: ReportDeliveryOutcome, env: Record<string, string> = workspace) {
  let runs = 0;
  const handler = egressReportTimerHandler({
    settings: testSettings(env),
    runEgressReport: async () => {
      runs++;
      return { kind: 'scheduled', window: { from: '2026-11-30T10:00:00.000Z', to: '2026-12-01T10:00:00.000Z' }, delivery } as unknown as EgressReportRun;
    },
  });
  const { context, logs } = testContext();
  return { invoke: () => handler(timer, context), logs, runs: () => runs };
}

describe('egressReportTimer', () => {
  it.each([
    { label: 'delivered', delivery: { delivered: true, attempts: 1 } },
    { label: 'queued in the Teams outbox', delivery: { delivered: false, reason: 'rejected', attempts: 3, queuedAs: 'outbox-1' } },
    { label: 'Teams not configured', delivery: { delivered: false, reason: 'not-configured', attempts: 0 } },
  ])('$label: the run succeeds', async ({ delivery }) => {
    await expect(run(delivery).invoke()).resolves.toBeUndefined();
  });

  it('a delivery that failed and was not queued fails the invocation, saying the next run covers the window', async () => {
    await expect(run({ delivered: false, reason: 'retries-exhausted', attempts: 3, error: 'Teams answered 503' }).invoke()).rejects.toThrow(
      'Egress report 2026-11-30T10:00:00.000Z to 2026-12-01T10:00:00.000Z was not delivered to Teams (retries-exhausted: Teams answered 503); the next run covers this window again',
    );
  });

  it('disabled without LOG_ANALYTICS_WORKSPACE_ID: a warning naming it, no run', async () => {
    const timerRun = run({ delivered: true, attempts: 1 }, {});
    await timerRun.invoke();
    expect(timerRun.runs()).toBe(0);
    expect(timerRun.logs.join('\n')).toMatch(/warning: .*LOG_ANALYTICS_WORKSPACE_ID/);
  });
});
