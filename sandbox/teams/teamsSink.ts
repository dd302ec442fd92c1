import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEAMS_MAX_PAYLOAD_BYTES } from '../../shared/core/cards/workflowsPayload';
import { createMessageStore, type StoredMessage } from './messageStore';
import { describeWorkflowsShapeProblem } from './workflowsShape';

export type { StoredMessage } from './messageStore';

/** Point TEAMS_WEBHOOK_URL at `<sandbox>/_sandbox/teams/webhook/<any signature>`. */
export const TEAMS_SINK_PATH = '/_sandbox/teams/webhook';

export interface TeamsSinkOptions {
  readonly maxBytes?: number;
  /** JSON file keeping received messages across restarts; in memory only when absent. */
  readonly storePath?: string;
  readonly now?: () => Date;
}

export interface TeamsSink {
  /** Handles requests under TEAMS_SINK_PATH and returns true; returns false (untouched) for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Newest first. */
  messages(): StoredMessage[];
  clear(): void;
  /** The next `count` POSTs answer `status` (e.g. 429 with Retry-After, or 500) and store nothing. */
  setFailures(count: number, status: number, retryAfter?: string): void;
}

/**
 * A stand-in for a Teams Workflows webhook: answers 202 to a well-formed message like Workflows does, 400 to other
 * shapes, 413 above the 28 KB message limit; GET lists what it received; DELETE clears it.
 */
export function createTeamsSink(options: TeamsSinkOptions = {}): TeamsSink {
  const maxBytes = options.maxBytes ?? TEAMS_MAX_PAYLOAD_BYTES;
  const now = options.now ?? (() => new Date());
  const store = createMessageStore(options.storePath);
  let failures: { remaining: number; status: number; retryAfter?: string } = { remaining: 0, status: 500 };

  function receive(req: IncomingMessage, res: ServerResponse): void {
    readBodyUpTo(req, maxBytes, (body) => {
      if (body === undefined) return sendJson(res, 413, errorBody('MessageTooLarge', `Message exceeds ${maxBytes} bytes (the Teams limit is 28 KB).`));
      if (failures.remaining > 0) {
        failures.remaining--;
        if (failures.retryAfter !== undefined) res.setHeader('retry-after', failures.retryAfter);
        return sendJson(res, failures.status, errorBody('InjectedFailure', `Sandbox injected HTTP ${failures.status}.`));
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, errorBody('InvalidJson', 'Body is not valid JSON.'));
      }
      const problem = describeWorkflowsShapeProblem(payload);
      if (problem) return sendJson(res, 400, errorBody('InvalidWorkflowsPayload', problem));
      store.add({ id: randomUUID(), receivedAt: now().toISOString(), sizeInBytes: body.length, payload });
      res.writeHead(202).end();
    });
  }

  return {
    handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
      if (path !== TEAMS_SINK_PATH && !path.startsWith(`${TEAMS_SINK_PATH}/`)) return false;
      if (req.method === 'POST') receive(req, res);
      else if (req.method === 'GET') sendJson(res, 200, store.list());
      else if (req.method === 'DELETE') {
        store.clear();
        res.writeHead(204).end();
      } else sendJson(res, 405, errorBody('MethodNotAllowed', 'Use POST to send, GET to list, DELETE to clear.'));
      return true;
    },
    messages: () => store.list(),
    clear: () => store.clear(),
    setFailures(count, status, retryAfter) {
      failures = { remaining: count, status, retryAfter };
    },
  };
}

/** Calls back with the body, or undefined once it passes `maxBytes` (the rest is drained, not kept). */
function readBodyUpTo(req: IncomingMessage, maxBytes: number, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('end', () => done(tooLarge ? undefined : Buffer.concat(chunks)));
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
