import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandboxPage, type SandboxPageOptions } from '../../../../sandbox/page/sandboxPage';
import { createTeamsSink, type TeamsSink } from '../../../../sandbox/emulators/teams/teamsSink';

export interface RecordedApiCall {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** The page and the sink on one 127.0.0.1 server (as the host mounts them), plus a fake rule-request API. */
export async function startPageServer(overrides: Partial<SandboxPageOptions> = {}) {
  const teamsSink: TeamsSink = createTeamsSink();
  const apiCalls: RecordedApiCall[] = [];
  const page = createSandboxPage({
    teamsSink,
    getCompliance: async () => [{ subnetName: 'aks-nodes', state: 'Compliant', findings: [] }],
    getRuleRequests: async () => [
      { id: 'rr-1', requester: 'dev@contoso.com', fqdns: ['pypi.org'], status: 'pending' },
      { id: 'rr-0', requester: 'old@contoso.com', fqdns: ['old.example'], status: 'applied' },
    ],
    getTeamsOutbox: async () => ({
      pending: [{ id: 'q-1', summary: 'drift vnet-a/aks-nodes remediated', state: 'pending', enqueuedAt: '2026-12-07T10:00:00.000Z', nextAttemptAt: '2026-12-07T10:02:00.000Z', attempts: 5, retries: 1, lastStatus: 503, lastError: 'Teams answered HTTP 503' }],
      givenUp: [{ id: 'q-0', summary: 'egress report 2026-12-05', state: 'given-up', enqueuedAt: '2026-12-05T10:00:00.000Z', nextAttemptAt: '2026-12-06T10:00:00.000Z', attempts: 40, retries: 30, givenUpAt: '2026-12-06T10:00:00.000Z', lastError: 'Teams answered HTTP 404' }],
    }),
    functionsBaseUrl: '',
    approverClientPrincipal: 'eyJzYW5kYm94IjoiYXBwcm92ZXIifQ==',
    functionKeys: { approve: 'approve-key', reject: 'reject-key' },
    pollIntervalInMs: 500,
    ...overrides,
  });
  const server: Server = createServer((req, res) => {
    if (teamsSink.handle(req, res) || page.handle(req, res)) return;
    if (req.method === 'POST' && req.url?.startsWith('/api/rule-requests/')) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        apiCalls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"approved"}');
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, teamsSink, apiCalls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
