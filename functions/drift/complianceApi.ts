import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { SubnetCompliance } from '../../shared/azure/tables/complianceStore';

/** Every state a subnet's compliance row can hold (reconcileActivity.ts outcomes, sweep.ts states). */
export const COMPLIANCE_STATE_FILTERS: readonly string[] = ['compliant', 'remediating', 'remediated', 'audit-only', 'contested', 'failed', 'not-guarded', 'gone'];

export interface ComplianceApiDeps {
  /** Every subnet's compliance row (ComplianceStore.list). */
  listCompliance(): Promise<readonly SubnetCompliance[]>;
}

/** GET /api/compliance: every guarded subnet's last known state and findings (from reconciles and sweeps). */
export function complianceApiHandler(deps: ComplianceApiDeps) {
  return (request: HttpRequest) => answerCompliance(deps, request);
}

async function answerCompliance(deps: ComplianceApiDeps, request: HttpRequest): Promise<HttpResponseInit> {
  const filter = request.query.get('state');
  // An enumerated parameter: a typo must be a 400 naming it, not an empty 200 that looks like "all clear".
  if (filter !== null && !COMPLIANCE_STATE_FILTERS.includes(filter)) {
    return { status: 400, jsonBody: { error: { code: 'invalid-request', message: `state: must be one of ${COMPLIANCE_STATE_FILTERS.join(', ')}`, problems: [{ path: 'state', message: `must be one of ${COMPLIANCE_STATE_FILTERS.join(', ')}` }] } } };
  }
  const states = await deps.listCompliance();
  const subnets = filter ? states.filter((state) => state.state === filter) : states;
  const counts = states.reduce<Record<string, number>>((acc, state) => ({ ...acc, [state.state]: (acc[state.state] ?? 0) + 1 }), {});
  return { status: 200, jsonBody: { generatedAt: new Date().toISOString(), counts, subnets: subnets.map(({ lastNotifiedFingerprint: _omit, ...rest }) => rest) } };
}

export function registerComplianceApi(deps: ComplianceApiDeps): void {
  app.http('compliance', { methods: ['GET'], route: 'compliance', authLevel: 'function', handler: complianceApiHandler(deps) });
}
