import type { ServerResponse } from 'node:http';
import { parseBoundedJson } from '../../shared/core/boundedJson';
import { MAX_HTTP_REQUEST_BODY_BYTES } from '../limits';
import type { CoreLogger } from './functionsCore';
import type { FunctionInvoker } from './functionInvoker';
import { sendJson, sendText, type HostRequest } from './httpIo';
import { isHttpTrigger } from './httpTrigger';
import { isAuthorized, presentedKey, type HostKeys } from './keys';
import type { RpcTypedData } from './invoke';
import type { TimerScheduler } from './timerScheduler';
import { isTimerTrigger } from './timerScheduler';

/**
 * The host admin API subset the sandbox needs, master key only (as the real host's AdminAuthLevel policy):
 * - `POST /admin/functions/<name>` with `{ "input": "<string>" }`: runs a non-HTTP function in the background and
 *   answers 202 at once (the real host's FunctionsController.Invoke: 400 without a body, 404 for an unknown name).
 *   Timers ignore the input; other triggers get it as JSON when it parses, else as a string.
 * - `GET /admin/host/status`: `{ state: "Running", ... }`, handy to wait for the host.
 */

export const HOST_VERSION = '4.1040.0';

export function createAdminApi(invoker: FunctionInvoker, timers: TimerScheduler, keys: HostKeys, log: CoreLogger) {
  return {
    async handle(request: HostRequest, response: ServerResponse): Promise<boolean> {
      const path = request.url.pathname.replace(/\/+$/, '');
      if (!/^\/admin(\/|$)/i.test(path)) return false;
      if (!isAuthorized(keys, 'admin', presentedKey(request.raw.headers, request.url.searchParams))) {
        sendText(response, 401);
        return true;
      }
      if (/^\/admin\/host\/status$/i.test(path) && request.method === 'GET') {
        sendJson(response, 200, { id: 'sandbox', state: 'Running', version: HOST_VERSION, processUptime: Math.round(process.uptime() * 1000) });
        return true;
      }
      const name = /^\/admin\/functions\/([^/]+)$/i.exec(path)?.[1];
      if (name === undefined || request.method !== 'POST') {
        sendText(response, 404);
        return true;
      }
      let functionName: string;
      try {
        functionName = decodeURIComponent(name);
      } catch {
        sendText(response, 400, 'The function name in the URL is not validly percent-encoded');
        return true;
      }
      const input = invocationInput(request.body);
      if (input === undefined) {
        sendText(response, 400, 'The body must be a JSON object such as {"input": "..."}');
        return true;
      }
      const registration = invoker.find(functionName);
      if (!registration) {
        sendText(response, 404);
        return true;
      }
      if (isHttpTrigger(registration)) {
        sendText(response, 400, `"${registration.name}" is an HTTP function: call its route under /api instead`);
        return true;
      }
      log('information', 'Host.Admin', `Admin run of '${registration.name}' requested`);
      // Fire and forget like the real host; the invoker logs the outcome.
      if (isTimerTrigger(registration)) {
        void timers.runNow(registration.name);
      } else {
        invoker.invoke(registration.name, triggerDataFor(input), { reason: 'This function was programmatically called via the host APIs.' }).catch(() => undefined);
      }
      sendText(response, 202);
      return true;
    },
  };
}

/** The `input` of `{ "input": ... }` as a string ('' when absent); undefined when the body is not a JSON object. */
function invocationInput(body: Buffer): string | undefined {
  try {
    const bounded = parseBoundedJson(body.toString('utf8'), { maxBytes: MAX_HTTP_REQUEST_BODY_BYTES });
    if (!bounded.ok) return undefined;
    const parsed: unknown = bounded.value;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const input = (parsed as { input?: unknown }).input;
    return input === undefined || input === null ? '' : typeof input === 'string' ? input : JSON.stringify(input);
  } catch {
    return undefined;
  }
}

function triggerDataFor(input: string): RpcTypedData {
  try {
    JSON.parse(input);
    return { json: input };
  } catch {
    return { string: input };
  }
}
