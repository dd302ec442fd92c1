import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEAMS_MAX_PAYLOAD_BYTES } from '../../../shared/core/cards/workflowsPayload';
import { createMessageStore, type StoredMessage } from './messageStore';
import { describeWorkflowsShapeProblem } from './workflowsShape';

export type { StoredMessage } from './messageStore';

/** Point TEAMS_WEBHOOK_URL at `<sandbox>/_sandbox/teams/webhook/<any signature>`. */
export const TEAMS_SINK_PATH = '/_sandbox/teams/webhook';
/** `GET` the sink's availability; `PUT {"available": false, "status": 503, "retryAfter": "30"}` takes Teams away. */
export const TEAMS_AVAILABILITY_PATH = '/_sandbox/teams/availability';

export interface TeamsAvailability {
  readonly available: boolean;
  /** What every POST answers while unavailable: 429 or a 5xx. */
  readonly status: number;
  /** The Retry-After header sent with it (delay-seconds or an HTTP date), if any. */
  readonly retryAfter?: string;
  /** POSTs refused since Teams went down. */
  readonly refused: number;
}

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
  /** Teams down (every POST answers `status`, storing nothing) until set available again. */
  setAvailability(availability: { available: boolean; status?: number; retryAfter?: string }): TeamsAvailability;
  availability(): TeamsAvailability;
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
  let availability: TeamsAvailability = { available: true, status: 503, refused: 0 };

  function setAvailability(next: { available: boolean; status?: number; retryAfter?: string }): TeamsAvailability {
    const status = next.status ?? 503;
    availability = { available: next.available, status, ...(next.retryAfter !== undefined ? { retryAfter: next.retryAfter } : {}), refused: 0 };
    return availability;
  }

  function receive(req: IncomingMessage, res: ServerResponse): void {
    readBodyUpTo(req, maxBytes, (body) => {
      if (body === undefined) return sendJson(res, 413, errorBody('MessageTooLarge', `Message exceeds ${maxBytes} bytes (the Teams limit is 28 KB).`));
      if (!availability.available) {
        availability = { ...availability, refused: availability.refused + 1 };
        if (availability.retryAfter !== undefined) res.setHeader('retry-after', availability.retryAfter);
        return sendJson(res, availability.status, errorBody('ServiceUnavailable', `Sandbox Teams is down (HTTP ${availability.status}).`));
      }
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
      if (path === TEAMS_AVAILABILITY_PATH) {
        handleAvailability(req, res);
        return true;
      }
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
    setAvailability,
    availability: () => availability,
  };

  function handleAvailability(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') return sendJson(res, 200, availability);
    if (req.method !== 'PUT') return sendJson(res, 405, errorBody('MethodNotAllowed', 'GET reads the availability, PUT sets it.'));
    readBodyUpTo(req, 4096, (body) => {
      const parsed = parseAvailability(body);
      if (typeof parsed === 'string') return sendJson(res, 400, errorBody('InvalidAvailability', parsed));
      sendJson(res, 200, setAvailability(parsed));
    });
  }
}

/** `{ available, status?, retryAfter? }`, or what is wrong with it (naming the field). */
export function parseAvailability(body: Buffer | undefined): { available: boolean; status?: number; retryAfter?: string } | string {
  if (body === undefined) return 'The body is larger than 4096 bytes.';
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'The body is not valid JSON.';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The body must be a JSON object like {"available": false, "status": 503, "retryAfter": "30"}.';
  const { available, status, retryAfter } = value as Record<string, unknown>;
  if (typeof available !== 'boolean') return '"available" must be true or false.';
  if (status !== undefined && (typeof status !== 'number' || !(status === 429 || (status >= 500 && status <= 599)))) return '"status" must be 429 or a 5xx status code.';
  if (retryAfter !== undefined && (typeof retryAfter !== 'string' || retryAfter.trim() === '')) return '"retryAfter" must be a non-empty string (delay-seconds or an HTTP date).';
  return { available, ...(status !== undefined ? { status: status as number } : {}), ...(retryAfter !== undefined ? { retryAfter: retryAfter as string } : {}) };
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
