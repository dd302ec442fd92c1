import { parseBoundedJson } from '../../shared/core/boundedJson';
import type { ServerResponse } from 'node:http';
import type { CoreLogger, RegisteredFunction } from './functionsCore';
import type { FunctionInvoker } from './functionInvoker';
import { firstHeader, sendJson, sendText, type HostRequest } from './httpIo';
import { EVENT_GRID_SYSTEM_KEY, isAuthorized, presentedKey, type HostKeys } from './keys';

/**
 * The Event Grid extension's webhook, `/runtime/webhooks/eventgrid?functionName=<name>&code=<eventgrid_extension key>`,
 * following Microsoft.Azure.WebJobs.Extensions.EventGrid (HttpRequestProcessor + EventGridExtensionConfigProvider):
 * - OPTIONS: CloudEvents abuse-protection handshake, 200 with `WebHook-Allowed-Origin`;
 * - `aeg-event-type: SubscriptionValidation`: 200 `{"validationResponse": <data.validationCode>}`;
 * - `aeg-event-type: Notification`: a JSON array of events (or one CloudEvent object), one invocation per event, run
 *   concurrently; 202 when all succeed, else 500 with the first failure's message so Event Grid redelivers the batch;
 * - `aeg-event-type: Unsubscribe`: 202; any other or no event type: 400.
 * Unknown function: 404 `cannot find function: '<name>'`.
 */

export const EVENT_GRID_WEBHOOK_PATH = '/runtime/webhooks/eventgrid';

/** Event Grid origins the real extension echoes back; anything else gets the public cloud's. */
const KNOWN_EVENT_GRID_ORIGINS = new Set([
  'eventgrid.azure.net',
  'eventgrid.azure.us',
  'eventgrid.azure.eaglex.ic.gov',
  'eventgrid.azure.microsoft.scloud',
  'eventgrid.azure.cn',
]);
const PUBLIC_CLOUD_ORIGIN = 'eventgrid.azure.net';

/** At most this many invocations of one delivery run at once (the real host runs them all in parallel). */
const MAX_CONCURRENT_INVOCATIONS = 8;

export interface DeliveryResult {
  /** 202 when every event was processed, 500 when any invocation failed, 404 for an unknown function. */
  readonly status: 202 | 404 | 500;
  readonly message?: string;
}

export function isEventGridTrigger(registration: RegisteredFunction): boolean {
  return registration.triggerType.toLowerCase() === 'eventgridtrigger';
}

export interface EventGridWebhook {
  handle(request: HostRequest, response: ServerResponse): Promise<boolean>;
  /**
   * Delivers events to an Event Grid function in-process, exactly as a Notification webhook call would (the ARM
   * emulator uses this). `events` is an array of events or a single (CloudEvents) event object.
   */
  deliver(functionName: string, events: unknown): Promise<DeliveryResult>;
}

export function createEventGridWebhook(invoker: FunctionInvoker, keys: HostKeys, log: CoreLogger): EventGridWebhook {
  const findListener = (name: string | null) => {
    const registration = name ? invoker.find(name) : undefined;
    return registration && isEventGridTrigger(registration) ? registration : undefined;
  };

  async function deliver(functionName: string, events: unknown): Promise<DeliveryResult> {
    const registration = findListener(functionName);
    if (!registration) return { status: 404, message: `cannot find function: '${functionName}'` };
    const batch = Array.isArray(events) ? events : [events];
    const failures = await runBounded(batch, MAX_CONCURRENT_INVOCATIONS, async (event) => {
      await invoker.invoke(registration.name, { json: JSON.stringify(event) }, { reason: `EventGrid trigger fired at ${new Date().toISOString()}` });
    });
    if (failures.length > 0) {
      const first = failures[0];
      return { status: 500, message: first instanceof Error ? first.message : String(first) };
    }
    return { status: 202 };
  }

  async function handle(request: HostRequest, response: ServerResponse): Promise<boolean> {
    if (request.url.pathname.replace(/\/+$/, '').toLowerCase() !== EVENT_GRID_WEBHOOK_PATH) return false;
    if (!isAuthorized(keys, 'system', presentedKey(request.raw.headers, request.url.searchParams), EVENT_GRID_SYSTEM_KEY)) {
      sendText(response, 401);
      return true;
    }
    const functionName = request.url.searchParams.get('functionName');
    const registration = findListener(functionName);
    if (!registration) {
      sendText(response, 404, `cannot find function: '${functionName ?? ''}'`);
      return true;
    }
    if (request.method === 'OPTIONS') {
      const origin = firstHeader(request.raw, 'webhook-request-origin');
      const allowed = origin && KNOWN_EVENT_GRID_ORIGINS.has(origin.toLowerCase()) ? origin : PUBLIC_CLOUD_ORIGIN;
      sendText(response, 200, '', { 'webhook-allowed-origin': allowed });
      return true;
    }
    if (request.method !== 'POST') {
      sendText(response, 405, 'The Event Grid webhook accepts POST and OPTIONS', { allow: 'POST, OPTIONS' });
      return true;
    }

    const eventType = firstHeader(request.raw, 'aeg-event-type')?.toLowerCase();
    if (eventType === 'unsubscribe') {
      sendText(response, 202);
      return true;
    }
    if (eventType !== 'subscriptionvalidation' && eventType !== 'notification') {
      sendText(response, 400, 'The aeg-event-type header must be SubscriptionValidation, Notification or Unsubscribe');
      return true;
    }
    const parsed = parseJson(request.body);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
      sendText(response, 400, `The request body must be a JSON array of events or one event object${parsed.ok ? '' : `: ${parsed.error}`}`);
      return true;
    }

    if (eventType === 'subscriptionvalidation') {
      const validationCode = validationCodeOf(parsed.value);
      if (validationCode === undefined) {
        sendText(response, 400, 'The SubscriptionValidation event has no data.validationCode');
        return true;
      }
      log('information', 'Host.EventGrid', `perform handshake with eventGrid for function: ${registration.name}`);
      sendJson(response, 200, { validationResponse: validationCode });
      return true;
    }

    const result = await deliver(registration.name, parsed.value);
    sendText(response, result.status, result.message ?? '');
    return true;
  }

  return { handle, deliver };
}

/** `data.validationCode` of the first event; a CloudEvent's data may arrive double-encoded as a JSON string. */
function validationCodeOf(body: object): string | undefined {
  const event: unknown = Array.isArray(body) ? body[0] : body;
  if (typeof event !== 'object' || event === null || !('data' in event)) return undefined;
  let data: unknown = event.data;
  if (typeof data === 'string') {
    const parsed = parseJson(Buffer.from(data));
    data = parsed.ok ? parsed.value : undefined;
  }
  if (typeof data !== 'object' || data === null || !('validationCode' in data)) return undefined;
  return String(data.validationCode);
}

type ParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Bounded (shared/core/boundedJson.ts): Event Grid delivers at most 1 MB per event (learn.microsoft.com "Event Grid
 * quotas and limits"), and events nest a few levels, so a body past either bound is refused with 400, not parsed.
 */
function parseJson(bytes: Buffer): ParseResult {
  const parsed = parseBoundedJson(bytes.toString('utf8'), { maxBytes: EVENT_GRID_MAX_BODY_BYTES, maxDepth: 64 });
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, error: `body ${parsed.problem.message}` };
}

const EVENT_GRID_MAX_BODY_BYTES = 1_048_576;

/** Runs `work` over `items` with at most `limit` at once; returns what the failed ones threw, in item order. */
async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<unknown[]> {
  const errors: Array<{ index: number; error: unknown }> = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await work(items[index]!);
      } catch (error) {
        errors.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return errors.sort((a, b) => a.index - b.index).map(({ error }) => error);
}
