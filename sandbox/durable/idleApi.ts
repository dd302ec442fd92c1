import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotQuiescentError, type DurableRunnerCore, type QuiescenceOptions } from './runner';

/** The sandbox's idle signal (not a Durable API): tests ask it instead of sleeping and checking nothing happened. */
export const IDLE_PATH = '/_sandbox/idle';

const limits = { timerHorizonMs: 24 * 3_600_000, timeoutMs: 600_000, stableForMs: 60_000 } as const;
type Limited = keyof typeof limits;

export interface IdleApiAccess {
  /** The host's admin check (master key), as for /admin/*. */
  authorize(key: string | undefined): boolean;
  /** Work outside the runner that may still start or signal orchestrations (e.g. Event Grid deliveries). */
  otherWork(): readonly string[];
}

/**
 * `GET /_sandbox/idle?timerHorizonMs=&timeoutMs=&stableForMs=` (master key): answers 200 `{ idle: true }` once no
 * orchestration episode, activity, unprocessed event or other work is pending and no durable timer is due within
 * the horizon; 503 `{ idle: false, busy: [...] }` if that did not happen within timeoutMs. Bad parameters: 400 naming
 * the parameter.
 */
export async function serveIdle(req: IncomingMessage, res: ServerResponse, runner: DurableRunnerCore, access: IdleApiAccess): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  if (url.pathname.replace(/\/+$/, '') !== IDLE_PATH) return false;
  const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  const header = req.headers['x-functions-key'];
  if (!access.authorize((Array.isArray(header) ? header[0] : header) || url.searchParams.get('code') || undefined)) {
    reply(401, { error: 'The master key (x-functions-key) is required' });
    return true;
  }
  if (req.method !== 'GET') {
    reply(405, { error: `${req.method ?? 'This method'} is not allowed; use GET` });
    return true;
  }
  const options: { -readonly [K in Limited]?: number } = {};
  for (const name of Object.keys(limits) as Limited[]) {
    const text = url.searchParams.get(name);
    if (text === null) continue;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > limits[name]) {
      reply(400, { error: `${name} must be a whole number of milliseconds from 0 to ${limits[name]} (got ${JSON.stringify(text)})` });
      return true;
    }
    options[name] = value;
  }
  try {
    await runner.whenQuiescent({ ...options, otherWork: access.otherWork } satisfies QuiescenceOptions);
    reply(200, { idle: true });
  } catch (error) {
    if (!(error instanceof NotQuiescentError)) throw error;
    reply(503, { idle: false, busy: error.busy });
  }
  return true;
}
