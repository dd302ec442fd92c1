import { createTableClient } from '../../shared/azure/tables/createTableClient';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

/**
 * Fail closed: with App Service Authentication marked off (WEBSITE_AUTH_ENABLED=False, as App Service reports it
 * when authentication is disabled) nothing vouches for x-ms-client-principal, so a forged approver principal is
 * refused with 401 on every rule route, the anonymous review, status and form routes included, and nothing is written.
 * (With it on, the other rule request e2e tests show the behaviour as before.)
 */
jest.setTimeout(120_000);

let sandbox: SandboxProcess;

beforeAll(async () => {
  sandbox = await startSandboxProcess({ initialSweep: false, timers: false, settings: { WEBSITE_AUTH_ENABLED: 'False' } });
});
afterAll(async () => {
  await sandbox?.stop();
});

it('answers 401 to a forged principal on every rule route', async () => {
  const forged = sandbox.endpoints.principals.approver; // a well-formed approver principal, sent by anyone
  const base = sandbox.endpoints.functions.baseUrl;
  const json = { 'content-type': 'application/json' };
  const body = JSON.stringify({ fqdns: ['forged.example.com'], protocols: ['Https:443'], source: { addresses: ['10.42.1.0/24'] }, justification: 'Forged principal attempt' });
  const routes: Array<{ path: string; method: string; headers?: Record<string, string>; body?: string; key?: boolean }> = [
    { path: '/api/rule-requests', method: 'POST', headers: json, body, key: true },
    { path: '/api/rule-requests', method: 'GET', key: true },
    { path: '/api/rule-requests?status=pending-approval', method: 'GET', key: true },
    { path: '/api/rule-requests/rr-20261207-0000000000', method: 'GET', key: true },
    { path: '/api/rule-requests/rr-20261207-0000000000/approve', method: 'POST', key: true },
    { path: '/api/rule-requests/rr-20261207-0000000000/reject', method: 'POST', headers: json, body: '{"reason":"no"}', key: true },
    { path: '/api/rule-requests/rr-20261207-0000000000/review', method: 'GET' },
    { path: '/api/rule-requests/rr-20261207-0000000000/review', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: 'decision=approve' },
    { path: '/api/rule-requests/new', method: 'POST', headers: { ...json, origin: base }, body },
    { path: '/api/rule-requests/rr-20261207-0000000000/status-page', method: 'GET' },
  ];
  for (const route of routes) {
    const response = await fetch(`${base}${route.path}`, {
      method: route.method,
      headers: { ...(route.key ? { 'x-functions-key': sandbox.endpoints.keys.function } : {}), 'x-ms-client-principal': forged, ...route.headers },
      ...(route.body !== undefined ? { body: route.body } : {}),
    });
    const text = await response.text();
    expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
    expect(text).toMatch(/App Service Authentication is off|WEBSITE_AUTH_ENABLED/);
  }
  // Nothing was created: the table has no request (read with the storage SDK, below the app).
  const table = createTableClient({ connectionString: sandbox.endpoints.azurite.connectionString }, 'EgressGuardRuleRequests');
  let rows = 0;
  try {
    for await (const _row of table.listEntities()) rows++;
  } catch {
    rows = 0; // no table: nothing written either
  }
  expect(rows).toBe(0);
});
