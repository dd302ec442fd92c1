import { egressReportHttpHandler, type EgressReportDeps } from '../../../../functions/report/egressReportHttp';
import type { ReportDeliveryOutcome } from '../../../../shared/azure/tables/reportState';
import type { EgressReportRequest, EgressReportRun } from '../../../../shared/runtime/egressReport';
import { httpRequest, testContext, testSettings } from '../../../support/handlerFakes';

const url = 'https://guard.example.com/api/reports/egress';
const workspace = { LOG_ANALYTICS_WORKSPACE_ID: '11111111-2222-3333-4444-555555555555' };

function setup(delivery: ReportDeliveryOutcome, env: Record<string, string> = workspace) {
  const runs: EgressReportRequest[] = [];
  const deps: EgressReportDeps = {
    settings: testSettings(env),
    runEgressReport: async (log, request) => {
      runs.push(request);
      log.info('report ran');
      const window = request.window ? { from: request.window.from.toISOString(), to: request.window.to.toISOString() } : { from: '2026-11-30T10:00:00.000Z', to: '2026-12-01T10:00:00.000Z' };
      return { kind: request.window ? 'explicit' : 'scheduled', window, delivery } as unknown as EgressReportRun;
    },
  };
  const { context, logs } = testContext();
  const post = (init: { json?: unknown; text?: string; query?: Record<string, string>; headers?: Record<string, string> } = {}) => egressReportHttpHandler(deps)(httpRequest({ method: 'POST', url, ...init }), context);
  return { post, runs, logs };
}

const delivered: ReportDeliveryOutcome = { delivered: true, attempts: 1, status: 200 };

describe('POST /api/reports/egress', () => {
  it('no body: the scheduled window; 200 with the run when Teams took it', async () => {
    const { post, runs, logs } = setup(delivered);
    const answer = await post();
    expect(answer.status).toBe(200);
    expect(answer.jsonBody).toMatchObject({ kind: 'scheduled', delivery: delivered });
    expect(runs).toEqual([{}]);
    expect(logs.join('\n')).toContain('report ran');
  });

  it('an explicit window from the body is passed on as instants', async () => {
    const { post, runs } = setup(delivered);
    // The handler checks the window against the clock (not in the future), so the window is relative to now.
    const day = 24 * 3600_000;
    const from = new Date(Math.floor(Date.now() / day) * day - 2 * day);
    const to = new Date(from.getTime() + day);
    const answer = await post({ json: { from: from.toISOString(), to: `${to.toISOString().slice(0, 19)}+00:00` } });
    expect(answer.status).toBe(200);
    expect(runs).toEqual([{ window: { from, to } }]);
  });

  it('202 when Teams did not take it but the Teams outbox queued it; 502 when it could not be queued; 200 when Teams is not configured', async () => {
    expect((await setup({ delivered: false, reason: 'rejected', attempts: 3, queuedAs: 'outbox-1' }).post()).status).toBe(202);
    const failed = await setup({ delivered: false, reason: 'retries-exhausted', attempts: 3, error: 'Teams answered 503' }).post();
    expect(failed.status).toBe(502);
    expect(failed.jsonBody).toMatchObject({ delivery: { delivered: false, reason: 'retries-exhausted' } });
    expect((await setup({ delivered: false, reason: 'not-configured', attempts: 0 }).post()).status).toBe(200);
  });

  it.each([
    { label: 'from without to', init: { json: { from: '2026-11-30T00:00:00Z' } }, field: 'to' },
    { label: 'to in the query without from', init: { query: { to: '2026-11-30T00:00:00Z' } }, field: 'from' },
    { label: 'an instant without a time zone', init: { json: { from: '2026-11-30T00:00:00', to: '2026-12-01T00:00:00Z' } }, field: 'from' },
    { label: 'an unknown field', init: { json: { from: '2026-11-30T00:00:00Z', to: '2026-12-01T00:00:00Z', channel: 'x' } }, field: 'channel' },
    { label: 'a body that is not JSON', init: { text: 'from=yesterday' }, field: 'body' },
    { label: 'to before from', init: { json: { from: '2026-12-01T00:00:00Z', to: '2026-11-30T00:00:00Z' } }, field: 'to' },
  ])('400 naming $field for $label, the report not run', async ({ init, field }) => {
    const { post, runs } = setup(delivered);
    const answer = await post(init);
    expect(answer.status).toBe(400);
    expect(answer.jsonBody).toMatchObject({ error: 'invalid-request', field });
    expect(runs).toEqual([]);
  });

  it('413 naming body for a body over 4096 bytes', async () => {
    const { post, runs } = setup(delivered);
    const answer = await post({ text: JSON.stringify({ from: 'x'.repeat(5000) }) });
    expect(answer).toEqual({ status: 413, jsonBody: { error: 'invalid-request', field: 'body', message: 'body is larger than 4096 bytes' } });
    expect(runs).toEqual([]);
  });

  it('503 naming LOG_ANALYTICS_WORKSPACE_ID when the report is disabled, before reading the body', async () => {
    const { post, runs } = setup(delivered, {});
    const answer = await post({ text: 'not even json' });
    expect(answer.status).toBe(503);
    expect(answer.jsonBody).toMatchObject({ error: 'report-disabled', message: expect.stringContaining('LOG_ANALYTICS_WORKSPACE_ID') });
    expect(runs).toEqual([]);
  });
});
