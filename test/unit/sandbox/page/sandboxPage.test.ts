import { PAGE_STATE_PATH } from '../../../../sandbox/page/sandboxPage';
import { startPageServer } from './pageServer';

describe('createSandboxPage', () => {
  it.each([
    { label: 'the page', path: '/', type: 'text/html', contains: 'aks-egress-guard sandbox' },
    { label: 'the page script', path: '/_sandbox/page/page.js', type: 'text/javascript', contains: 'onProcessMarkdown' },
    { label: 'the adaptivecards bundle', path: '/_sandbox/page/adaptivecards.min.js', type: 'text/javascript', contains: 'AdaptiveCard' },
    { label: 'the markdown-it bundle', path: '/_sandbox/page/markdown-it.min.js', type: 'text/javascript', contains: 'markdownit' },
  ])('serves $label', async ({ path, type, contains }) => {
    const server = await startPageServer();
    try {
      const response = await fetch(`${server.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
      expect(await response.text()).toContain(contains);
    } finally {
      await server.close();
    }
  });

  it('serves the state: messages, compliance, rule requests and the approver config', async () => {
    const server = await startPageServer();
    try {
      await fetch(`${server.baseUrl}/_sandbox/teams/webhook/sig`, {
        method: 'POST',
        body: JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: { type: 'AdaptiveCard', body: [] } }] }),
      });
      const state = (await (await fetch(`${server.baseUrl}${PAGE_STATE_PATH}`)).json()) as Record<string, unknown>;
      expect(state.messages).toHaveLength(1);
      expect(state.compliance).toEqual([{ subnetName: 'aks-nodes', state: 'Compliant', findings: [] }]);
      expect(state.ruleRequests).toHaveLength(2);
      expect(state.teamsOutbox).toMatchObject({ pending: [{ id: 'q-1' }], givenUp: [{ id: 'q-0', state: 'given-up' }] });
      expect(state.config).toMatchObject({ functionsBaseUrl: '', functionKeys: { approve: 'approve-key' }, approverClientPrincipal: expect.any(String) });
    } finally {
      await server.close();
    }
  });

  it('shows a failing source as an error instead of failing the page', async () => {
    const server = await startPageServer({ getCompliance: async () => Promise.reject(new Error('compliance API down')) });
    try {
      const state = (await (await fetch(`${server.baseUrl}${PAGE_STATE_PATH}`)).json()) as Record<string, unknown>;
      expect(state.compliance).toEqual({ error: 'compliance API down' });
      expect(state.ruleRequests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('leaves other paths and methods to the host', async () => {
    const server = await startPageServer();
    try {
      expect((await fetch(`${server.baseUrl}/api/compliance`)).status).toBe(404);
      expect((await fetch(`${server.baseUrl}/`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
