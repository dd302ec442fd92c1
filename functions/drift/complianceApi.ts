import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { appServices } from '../../shared/runtime/appServices';

/** GET /api/compliance: every guarded subnet's last known state and findings (from reconciles and sweeps). */
export async function handleComplianceRequest(request: HttpRequest): Promise<HttpResponseInit> {
  const states = await appServices().compliance.list();
  const filter = request.query.get('state');
  const subnets = filter ? states.filter((state) => state.state === filter) : states;
  const counts = states.reduce<Record<string, number>>((acc, state) => ({ ...acc, [state.state]: (acc[state.state] ?? 0) + 1 }), {});
  return { status: 200, jsonBody: { generatedAt: new Date().toISOString(), counts, subnets: subnets.map(({ lastNotifiedFingerprint: _omit, ...rest }) => rest) } };
}

export function registerComplianceApi(): void {
  app.http('compliance', { methods: ['GET'], route: 'compliance', authLevel: 'function', handler: handleComplianceRequest });
}
