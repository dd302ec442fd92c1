import type { IncomingMessage, ServerResponse } from 'node:http';
import { durableApiBasePath } from './clientBindingData';
import { isTerminalStatus, type InstanceState } from './instanceState';
import { InstanceExistsError, type DurableRunnerCore } from './runner';
import { toStatusPayload } from './statusPayload';

/**
 * The Durable extension's HTTP management API (HttpApiHandler.cs), the part durable-functions' DurableClient calls:
 * start, status, list, raise event, terminate, purge. Status codes follow the extension: 202 + Location for start
 * and for a running instance's status, 404 unknown instance, 409 start of a running id, 410 raise/terminate on a
 * finished instance, 412 purge of a running instance.
 */
export function createDurableHttpApi(runner: DurableRunnerCore): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (!url.pathname.startsWith(`${durableApiBasePath}/`)) return false;
    const segments = url.pathname.slice(durableApiBasePath.length + 1).split('/').filter(Boolean).map(decodeURIComponent);
    const body = await readBody(req);
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(status, { ...(text && { 'Content-Type': 'application/json; charset=utf-8' }), ...headers });
      res.end(text);
      return true;
    };
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const statusUrl = (id: string) => `${origin}${durableApiBasePath}/instances/${encodeURIComponent(id)}?taskHub=${encodeURIComponent(runner.taskHub)}&connection=Storage`;
    const [controller, first, operation, eventName] = segments;
    try {
      if (controller === 'orchestrators' && first && req.method === 'POST') {
        return await startOrchestration(runner, first, operation, body, url, reply, statusUrl);
      }
      if (controller !== 'instances') return reply(404);
      if (!first) return listOrPurgeByFilter(runner, req.method, url, req.headers['x-ms-continuation-token'], reply);
      const state = runner.peekStatus(first); // read synchronously below, before anything can change it
      if (!operation) {
        if (req.method === 'GET') return statusReply(state, url, reply);
        if (req.method === 'DELETE') return purgeOne(runner, first, reply);
        return reply(404);
      }
      if (req.method !== 'POST') return reply(404);
      switch (operation.toLowerCase()) {
        case 'raiseevent':
          if (!eventName) return reply(404);
          if (state && !isTerminalStatus(state.runtimeStatus) && !/application\/json/i.test(req.headers['content-type'] ?? '')) {
            return reply(400, { Message: 'Only application/json request content is supported' });
          }
          return managementReply(runner.raiseEvent(first, eventName, body || undefined), reply);
        case 'terminate':
          return managementReply(runner.terminate(first, url.searchParams.get('reason') ?? undefined), reply);
        default:
          return reply(501, { Message: `The '${operation}' operation is not supported by the sandbox durable runner.` });
      }
    } catch (error) {
      return reply(500, { Message: 'Something went wrong while processing your request', ExceptionMessage: String(error) });
    }
  };
}

type Reply = (status: number, payload?: unknown, headers?: Record<string, string>) => boolean;

async function startOrchestration(
  runner: DurableRunnerCore,
  name: string,
  instanceId: string | undefined,
  body: string,
  url: URL,
  reply: Reply,
  statusUrl: (id: string) => string,
): Promise<boolean> {
  if (body) {
    try {
      JSON.parse(body);
    } catch {
      return reply(400, { Message: 'Invalid JSON content' });
    }
  }
  let id: string;
  try {
    id = runner.startNew(name, { instanceId, inputJson: body || undefined });
  } catch (error) {
    if (error instanceof InstanceExistsError) return reply(409, { Message: error.message });
    throw error;
  }
  const timeoutInSeconds = Number(url.searchParams.get('timeout'));
  if (timeoutInSeconds > 0) {
    const finished = await runner.waitForCompletion(id, timeoutInSeconds * 1000).catch(() => undefined);
    if (finished?.runtimeStatus === 'Completed') return reply(200, JSON.parse(finished.outputJson ?? 'null'));
    if (finished) return statusReply(finished, url, reply);
  }
  const status = statusUrl(id);
  const payload = {
    id,
    statusQueryGetUri: status,
    sendEventPostUri: status.replace('?', '/raiseEvent/{eventName}?'),
    terminatePostUri: status.replace('?', '/terminate?reason={text}&'),
    purgeHistoryDeleteUri: status,
    restartPostUri: status.replace('?', '/restart?'),
    suspendPostUri: status.replace('?', '/suspend?reason={text}&'),
    resumePostUri: status.replace('?', '/resume?reason={text}&'),
  };
  return reply(202, payload, { Location: status, 'Retry-After': '10' });
}

function statusReply(state: Readonly<InstanceState> | undefined, url: URL, reply: Reply): boolean {
  if (!state) return reply(404);
  const payload = toStatusPayload(state, {
    showInput: url.searchParams.get('showInput') !== 'false',
    showHistory: url.searchParams.get('showHistory') === 'true',
  });
  if (!isTerminalStatus(state.runtimeStatus)) return reply(202, payload, { Location: url.href.replace(/^http:\/\/sandbox/, ''), 'Retry-After': '5' });
  const failedAs500 = state.runtimeStatus === 'Failed' && url.searchParams.get('returnInternalServerErrorOnFailure') === 'true';
  return reply(failedAs500 ? 500 : 200, payload);
}

function managementReply(result: 'accepted' | 'notFound' | 'gone', reply: Reply): boolean {
  return reply(result === 'accepted' ? 202 : result === 'notFound' ? 404 : 410);
}

function purgeOne(runner: DurableRunnerCore, instanceId: string, reply: Reply): boolean {
  const result = runner.purge(instanceId);
  if (result === 'notFound') return reply(404);
  if (result === 'notTerminal') return reply(412, { Message: `Only orchestrations in a terminal state can be purged (instance ${instanceId})` });
  return reply(200, { instancesDeleted: 1 });
}

const pageSizeDefault = 100;

function listOrPurgeByFilter(
  runner: DurableRunnerCore,
  method: string | undefined,
  url: URL,
  continuationToken: string | string[] | undefined,
  reply: Reply,
): boolean {
  const from = url.searchParams.get('createdTimeFrom');
  const to = url.searchParams.get('createdTimeTo');
  const statuses = url.searchParams.get('runtimeStatus')?.split(',').filter(Boolean);
  const prefix = url.searchParams.get('instanceIdPrefix');
  const matches = runner
    .peekAll()
    .filter((state) => (!from || state.createdTime >= new Date(from).toISOString()) && (!to || state.createdTime <= new Date(to).toISOString()))
    .filter((state) => !statuses?.length || statuses.includes(state.runtimeStatus))
    .filter((state) => !prefix || state.instanceId.startsWith(prefix))
    .sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.instanceId.localeCompare(b.instanceId));
  if (method === 'DELETE') {
    if (!from) return reply(400, { Message: "Please provide value for 'createdTimeFrom' parameter." });
    const deleted = matches.filter((state) => runner.purge(state.instanceId) === 'purged').length;
    return deleted === 0 ? reply(404) : reply(200, { instancesDeleted: deleted });
  }
  if (method !== 'GET') return reply(404);
  // Continuation token: the offset of the next page (opaque to the client, which only echoes it back).
  const offset = Number(Array.isArray(continuationToken) ? continuationToken[0] : continuationToken) || 0;
  const top = Number(url.searchParams.get('top')) || pageSizeDefault;
  const page = matches.slice(offset, offset + top);
  const next: Record<string, string> = offset + top < matches.length ? { 'x-ms-continuation-token': String(offset + top) } : {};
  const showInput = url.searchParams.get('showInput') !== 'false';
  return reply(200, page.map((state) => toStatusPayload(state, { showInput, showHistory: false })), next);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
