import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as the sandbox's Teams sink lists it (GET <base>/_sandbox/teams/webhook, newest first). */
export interface SinkMessage {
  readonly id: string;
  readonly payload: { readonly attachments: readonly { readonly content: unknown }[] };
}

export async function sinkMessages(messagesUrl: string): Promise<SinkMessage[]> {
  const response = await fetch(messagesUrl);
  if (!response.ok) throw new Error(`GET ${messagesUrl} answered ${response.status}`);
  const body = (await response.json()) as SinkMessage[] | { messages: SinkMessage[] };
  return Array.isArray(body) ? body : body.messages;
}

/** Every text in a card (TextBlocks, table cells, facts), for "does the card say X" assertions. */
export function cardTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string') texts.push(record.text);
    if (typeof record.title === 'string' && typeof record.value === 'string') texts.push(`${record.title}: ${record.value}`);
    Object.values(record).forEach(walk);
  };
  walk(card);
  return texts;
}

export type WebhookBehaviour = 'accept' | 'throttle-once' | 'fail';

/** A stand-in Teams Workflows webhook whose answers the test controls (the sink's faults are in-process only). */
export interface WebhookStub {
  readonly url: string;
  behaviour: WebhookBehaviour;
  readonly requests: { readonly status: number; readonly body: string }[];
  close(): Promise<void>;
}

export async function startWebhookStub(): Promise<WebhookStub> {
  let throttled = false;
  const stub: WebhookStub = {
    url: '',
    behaviour: 'accept',
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      let status = 202;
      if (stub.behaviour === 'fail') status = 500;
      if (stub.behaviour === 'throttle-once' && !throttled) {
        throttled = true;
        status = 429;
      }
      stub.requests.push({ status, body });
      response.writeHead(status, status === 429 ? { 'retry-after': '0' } : {}).end(status >= 400 ? 'flow failed' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // The signature query parameter is the secret part of a real Workflows URL: the test checks it is never logged.
  Object.assign(stub, { url: `http://127.0.0.1:${port}/workflows/report/triggers/manual?sig=stub-secret-signature` });
  return stub;
}
