import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTeamsPoster, type PosterLogger } from '../../../../shared/azure/teams';
import { buildRuleResultCard } from '../../../../shared/core/cards';
import { adaptiveCard, paragraph } from '../../../../shared/core/cards/cardFrame';

const SIGNATURE = 'sIgNaTuRe0123456789abcdef';
const card = adaptiveCard([paragraph('hello')]);

type Reply = { status: number; headers?: Record<string, string>; body?: string };

/** A stand-in Workflows endpoint on 127.0.0.1 answering from a script, recording what it received. */
async function startEndpoint(replies: Reply[]) {
  const received: { url: string; body: unknown; contentType?: string }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(raw), contentType: req.headers['content-type'] });
      const reply = replies.shift() ?? { status: 202 };
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const webhookUrl = `http://127.0.0.1:${port}/workflows/abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIGNATURE}`;
  return { webhookUrl, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function recordingLogger() {
  const lines: string[] = [];
  const logger: PosterLogger = {
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
  return { logger, lines };
}

function expectNoSecret(texts: readonly (string | undefined)[], webhookUrl: string) {
  for (const text of texts) {
    expect(text ?? '').not.toContain(SIGNATURE);
    expect(text ?? '').not.toContain(webhookUrl);
    expect(text ?? '').not.toContain('abcdef0123456789abcdef');
  }
}

describe('createTeamsPoster', () => {
  it('posts the exact Workflows payload and reports delivery', async () => {
    const endpoint = await startEndpoint([{ status: 202 }]);
    const { logger, lines } = recordingLogger();
    const poster = createTeamsPoster({ webhookUrl: endpoint.webhookUrl, logger });
    const realCard = buildRuleResultCard({ requestId: 'rr-1', result: 'applied', fqdns: ['a.example'], statusPageUrl: 'https://x.example/s' });
    const result = await poster.post(realCard, { summary: 'rule rr-1 applied' });
    await endpoint.close();
    expect(result).toEqual({ delivered: true, status: 202, attempts: 1 });
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0]?.contentType).toBe('application/json');
    expect(endpoint.received[0]?.body).toEqual({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: JSON.parse(JSON.stringify(realCard)) }],
    });
    expectNoSecret(lines, endpoint.webhookUrl);
  });

  it('honours Retry-After seconds on 429 and then delivers', async () => {
    const endpoint = await startEndpoint([{ status: 429, headers: { 'retry-after': '3' } }, { status: 202 }]);
    const sleeps: number[] = [];
    const { logger, lines } = recordingLogger();
    const poster = createTeamsPoster({ webhookUrl: endpoint.webhookUrl, logger, sleep: async (ms) => void sleeps.push(ms) });
    const result = await poster.post(card, { summary: 'report' });
    await endpoint.close();
    expect(result).toMatchObject({ delivered: true, attempts: 2 });
    expect(sleeps).toEqual([3000]);
    expectNoSecret(lines, endpoint.webhookUrl);
  });

  it('honours a Retry-After HTTP date on 503', async () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const endpoint = await startEndpoint([{ status: 503, headers: { 'retry-after': 'Mon, 23 Nov 2026 12:00:05 GMT' } }, { status: 202 }]);
    const sleeps: number[] = [];
    const poster = createTeamsPoster({ webhookUrl: endpoint.webhookUrl, logger: recordingLogger().logger, now: () => now, sleep: async (ms) => void sleeps.push(ms) });
    await poster.post(card, { summary: 'report' });
    await endpoint.close();
    expect(sleeps).toEqual([5000]);
  });

  it('gives up after maxAttempts on persistent 5xx, with backoff between tries', async () => {
    const endpoint = await startEndpoint(Array.from({ length: 5 }, () => ({ status: 500, body: `boom at ${'/workflows/abcdef0123456789abcdef'}?sig=${SIGNATURE}` })));
    const sleeps: number[] = [];
    const { logger, lines } = recordingLogger();
    const poster = createTeamsPoster({ webhookUrl: endpoint.webhookUrl, logger, maxAttempts: 3, sleep: async (ms) => void sleeps.push(ms) });
    const result = await poster.post(card, { summary: 'report' });
    await endpoint.close();
    expect(result).toMatchObject({ delivered: false, reason: 'retries-exhausted', status: 500, attempts: 3 });
    expect(endpoint.received).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
    expect(result.error).toContain('HTTP 500');
    expectNoSecret([...lines, result.error], endpoint.webhookUrl);
  });

  it('does not retry a 400 and keeps the echoed URL out of the error', async () => {
    const endpoint = await startEndpoint([{ status: 400, body: '{"error":"bad card"}' }]);
    const endpointUrl = endpoint.webhookUrl;
    const { logger, lines } = recordingLogger();
    const poster = createTeamsPoster({ webhookUrl: endpointUrl, logger, sleep: async () => undefined });
    const result = await poster.post(card, { summary: 'x' });
    await endpoint.close();
    expect(result).toMatchObject({ delivered: false, reason: 'rejected', status: 400, attempts: 1 });
    expect(result.error).toContain('bad card');
    expectNoSecret([...lines, result.error], endpointUrl);
  });

  it('retries network errors and reports them without the URL', async () => {
    const endpoint = await startEndpoint([]);
    await endpoint.close(); // nothing listens on the port any more: connection refused
    const sleeps: number[] = [];
    const { logger, lines } = recordingLogger();
    const poster = createTeamsPoster({ webhookUrl: endpoint.webhookUrl, logger, maxAttempts: 2, sleep: async (ms) => void sleeps.push(ms) });
    const result = await poster.post(card, { summary: 'x' });
    expect(result).toMatchObject({ delivered: false, reason: 'retries-exhausted', attempts: 2 });
    expect(result.error).toMatch(/ECONNREFUSED|fetch failed/);
    expect(sleeps).toHaveLength(1);
    expectNoSecret([...lines, result.error], endpoint.webhookUrl);
  });

  it('keeps an unparseable URL out of errors', async () => {
    const badUrl = `htp:/broken url?sig=${SIGNATURE}`;
    const { logger, lines } = recordingLogger();
    const poster = createTeamsPoster({ webhookUrl: badUrl, logger, maxAttempts: 1 });
    const result = await poster.post(card, { summary: 'x' });
    expect(result.delivered).toBe(false);
    expectNoSecret([...lines, result.error], badUrl);
  });

  it('refuses a payload over 28 KB without sending it', async () => {
    const endpoint = await startEndpoint([]);
    const { logger, lines } = recordingLogger();
    const poster = createTeamsPoster({ webhookUrl: endpoint.webhookUrl, logger });
    const result = await poster.post(adaptiveCard([paragraph('x'.repeat(29 * 1024))]), { summary: 'huge' });
    await endpoint.close();
    expect(result).toMatchObject({ delivered: false, reason: 'too-large', attempts: 0 });
    expect(result.error).toMatch(/is \d+ bytes; Teams accepts at most 28672 bytes/);
    expect(endpoint.received).toHaveLength(0);
    expectNoSecret([...lines, result.error], endpoint.webhookUrl);
  });

  it('only logs when no webhook URL is configured', async () => {
    const fetchImpl = jest.fn<ReturnType<typeof fetch>, Parameters<typeof fetch>>();
    const { logger, lines } = recordingLogger();
    const result = await createTeamsPoster({ logger, fetchImpl }).post(card, { summary: 'drift aks-nodes' });
    expect(result).toEqual({ delivered: false, reason: 'not-configured', attempts: 0 });
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(lines.join('\n')).toContain('drift aks-nodes');
  });
});
