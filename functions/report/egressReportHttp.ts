import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import type { Settings } from '../../shared/config/settings';
import type { EgressReportRunDeps, EgressReportRequest, EgressReportRun } from '../../shared/runtime/egressReport';
import { egressReportDisabledReason } from '../../shared/runtime/egressReportRunDeps';
import { parseReportRequest } from './parseReportRequest';

export const egressReportHttpFunctionName = 'egressReportNow';

/** Bodies are a few dozen bytes; anything large is a mistake, refused before parsing. */
const MAX_BODY_BYTES = 4096;

export interface EgressReportDeps {
  readonly settings: Settings;
  /** runEgressReport (shared/runtime/egressReport.ts) over the real ports, logging through `log`. */
  runEgressReport(log: EgressReportRunDeps['log'], request: EgressReportRequest): Promise<EgressReportRun>;
}

/**
 * POST /api/reports/egress: run the report now and answer with it. 200 when Teams took it (or is not configured),
 * 202 when Teams did not take it but the Teams outbox queued it (delivered later), 502 when the delivery failed and
 * could not be queued (the report is still in the body, and the failure is recorded in the state).
 */
export function egressReportHttpHandler(deps: EgressReportDeps) {
  return (request: HttpRequest, context: InvocationContext) => answerEgressReport(deps, request, context);
}

async function answerEgressReport(deps: EgressReportDeps, request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const disabled = egressReportDisabledReason(deps.settings);
  if (disabled) return { status: 503, jsonBody: { error: 'report-disabled', message: disabled } };
  const bodyText = await request.text();
  if (Buffer.byteLength(bodyText, 'utf8') > MAX_BODY_BYTES) {
    return { status: 413, jsonBody: { error: 'invalid-request', field: 'body', message: `body is larger than ${MAX_BODY_BYTES} bytes` } };
  }
  const parsed = parseReportRequest({ bodyText, query: { from: request.query.get('from'), to: request.query.get('to') } }, new Date(), deps.settings.reportMaxWindowDays);
  if (!parsed.ok) return { status: 400, jsonBody: { error: 'invalid-request', field: parsed.field, message: parsed.message } };
  const run = await deps.runEgressReport(contextLogger(context), parsed.window ? { window: parsed.window } : {});
  if (run.delivery.queuedAs) return { status: 202, jsonBody: run };
  const failed = !run.delivery.delivered && run.delivery.reason !== 'not-configured';
  return { status: failed ? 502 : 200, jsonBody: run };
}

export function contextLogger(context: InvocationContext) {
  return { info: (message: string) => context.log(message), warn: (message: string) => context.warn(message), error: (message: string) => context.error(message) };
}

export function registerEgressReportHttp(deps: EgressReportDeps): void {
  app.http(egressReportHttpFunctionName, { methods: ['POST'], route: 'reports/egress', authLevel: 'function', handler: egressReportHttpHandler(deps) });
}
