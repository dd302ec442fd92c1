import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createAdminApi } from './adminApi';
import { describeEndpoints, type FunctionEndpoint } from './endpoints';
import { createEventGridWebhook, type DeliveryResult } from './eventGridWebhook';
import { createFunctionInvoker, type ExtraInputProvider, type InvokeOptions } from './functionInvoker';
import type { CoreLogger, FunctionsCoreApi } from './functionsCore';
import { inProcessFunctionApp, isFunctionApp, type FunctionApp } from './functionApp';
import { readBody, sendText, type HostRequest } from './httpIo';
import { buildHttpRoutes, createHttpTriggerEndpoint } from './httpTrigger';
import type { InvocationResult, RpcTypedData } from './invoke';
import { completeHostKeys, type HostKeys } from './keys';
import { createTimerScheduler } from './timerScheduler';
import { listenSharedPort } from '../sharedPortServers';
import type { ReservedPort } from './reservedPort';
import { MAX_HTTP_REQUEST_BODY_BYTES, MAX_HTTP_URL_BYTES, redactUrl } from '../limits';

/**
 * The local Functions host: one HTTP server for HTTP triggers (`/api/...`), the Event Grid webhook, the admin API and
 * any mounted sandbox handlers, plus the timer scheduler. The app must already be loaded into `core` (see loadApp).
 */

/** A handler tried before the host's own routes; resolves true when it answered the request. */
export type HostMount = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface FunctionsHostOptions {
  /** The app loaded in this process, or worker processes running it (see workerPool.ts). */
  readonly core: FunctionsCoreApi | FunctionApp;
  /** 0 (default) lets the OS choose; `npm start` uses 7071 like `func start`. */
  readonly port?: number;
  /** A port already listened on (reservedPort.ts): the host attaches its handler there instead of listening. */
  readonly reserved?: ReservedPort;
  readonly hostname?: string;
  readonly log: CoreLogger;
  /** Keys to use; any left out are generated. */
  readonly keys?: Partial<HostKeys>;
  /** Data for non-trigger input bindings such as `durableClient`. */
  readonly extraInputs?: ExtraInputProvider;
  readonly mounts?: readonly HostMount[];
  readonly timers?: { readonly enabled: boolean; readonly timeZone?: string };
  /** host.json `extensions.http.routePrefix`; "api" by default. */
  readonly routePrefix?: string;
}

export interface FunctionsHost {
  readonly port: number;
  /** e.g. http://127.0.0.1:7071 */
  readonly baseUrl: string;
  readonly keys: HostKeys;
  listEndpoints(): FunctionEndpoint[];
  /** Runs any function with data for its trigger binding; rejects with what the handler threw. */
  invokeByName(name: string, triggerData: RpcTypedData, options?: InvokeOptions): Promise<InvocationResult>;
  /** Same path as a Notification POST to the Event Grid webhook, without HTTP or keys. */
  deliverEventGridEvents(functionName: string, events: unknown): Promise<DeliveryResult>;
  /** Runs a timer function now (joins a run in progress); resolves when it ends. */
  runTimer(functionName: string): Promise<void>;
  /** Function invocations (HTTP, Event Grid, timers, admin runs) that have not ended. */
  invocationsInFlight(): number;
  close(): Promise<void>;
}

export async function startFunctionsHost(options: FunctionsHostOptions): Promise<FunctionsHost> {
  const { core, log } = options;
  const keys = completeHostKeys(options.keys);
  const routePrefix = options.routePrefix ?? 'api';
  const app = isFunctionApp(core) ? core : inProcessFunctionApp(core, log);
  const invoker = createFunctionInvoker(app, options.extraInputs, log);
  const registrations = invoker.all();
  // Both throw, naming the function, on an invalid route template or schedule: fail at start, not at first call.
  const routes = buildHttpRoutes(registrations);
  const timers = createTimerScheduler(registrations, invoker, log, options.timers?.timeZone);
  const httpTriggers = createHttpTriggerEndpoint(routes, routePrefix, invoker, keys);
  const eventGrid = createEventGridWebhook(invoker, keys, log);
  const admin = createAdminApi(invoker, timers, keys, log);
  const mounts = options.mounts ?? [];

  async function route(raw: IncomingMessage, response: ServerResponse): Promise<void> {
    // Azure Functions' request limits (sandbox/limits.ts): 414 / 413 rather than buffering without bound. Checked
    // before the mounts too: each of them parses the URL, and a target such as `//%3E/` is no URL (400, not 500).
    if (Buffer.byteLength(raw.url ?? '') > MAX_HTTP_URL_BYTES) return sendText(response, 414, `The URL is longer than ${MAX_HTTP_URL_BYTES} bytes`);
    let url: URL;
    try {
      url = new URL(raw.url ?? '/', `http://${raw.headers.host ?? '127.0.0.1'}`);
      // Mounts resolve the target against their own base: it must parse there as well.
      new URL(raw.url ?? '/', 'http://sandbox');
    } catch {
      return sendText(response, 400, 'The request URL or Host header is not valid');
    }
    for (const mount of mounts) {
      if (await mount(raw, response)) return;
    }
    const body = await readBody(raw, MAX_HTTP_REQUEST_BODY_BYTES);
    if (body === undefined) return sendText(response, 413, `The request body is larger than ${MAX_HTTP_REQUEST_BODY_BYTES} bytes`);
    const request: HostRequest = { raw, method: (raw.method ?? 'GET').toUpperCase(), url, body };
    for (const endpoint of [eventGrid, admin, httpTriggers]) {
      if (await endpoint.handle(request, response)) return;
    }
    sendText(response, 404);
  }

  const onRequest = (raw: IncomingMessage, response: ServerResponse) => {
    route(raw, response).catch((error: unknown) => {
      // Never let one request take the host down: log it and answer a bare 500.
      // The URL may carry ?code=<key>: never into a log line.
      log('error', 'Host', `Unhandled error for ${raw.method} ${redactUrl(raw.url ?? '')}: ${redactUrl(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
      if (!response.headersSent) sendText(response, 500);
      else response.destroy();
    });
  };
  // Several sockets on one port: the app's own thread is busy under a burst (see sharedPortServers).
  const listening = options.reserved ?? (await listenSharedPort(() => createServer(onRequest), { port: options.port ?? 0, host: options.hostname ?? '127.0.0.1' }));
  options.reserved?.attach(onRequest);
  const { port } = listening;
  const baseUrl = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  const listEndpoints = () => describeEndpoints(baseUrl, routePrefix, invoker.all(), routes, timers.list());

  logStartup(log, baseUrl, keys, listEndpoints());
  if (options.timers?.enabled) timers.start();

  let closing: Promise<void> | undefined;
  return {
    port,
    baseUrl,
    keys,
    listEndpoints,
    invokeByName: (name, triggerData, invokeOptions) => invoker.invoke(name, triggerData, invokeOptions),
    deliverEventGridEvents: (functionName, events) => eventGrid.deliver(functionName, events),
    runTimer: (functionName) => timers.runNow(functionName),
    invocationsInFlight: () => invoker.inFlight(),
    close() {
      closing ??= (async () => {
        await timers.stop();
        await listening.close();
      })();
      return closing;
    },
  };
}

function logStartup(log: CoreLogger, baseUrl: string, keys: HostKeys, endpoints: readonly FunctionEndpoint[]): void {
  const info = (message: string) => log('information', 'Host', message);
  info(`Functions host listening on ${baseUrl}`);
  // Names only: keys never go into a log line (the sandbox writes them to endpoints.json).
  info(`Keys (x-functions-key or ?code=): master; function ${Object.keys(keys.functionKeys).join(', ')}; system ${Object.keys(keys.systemKeys).join(', ')}`);
  info('Functions:');
  for (const endpoint of endpoints) {
    const where = endpoint.url ? ` ${endpoint.methods?.join(',') ?? ''} ${endpoint.url} (auth: ${endpoint.authLevel})` : '';
    const when = endpoint.schedule ? ` schedule "${endpoint.schedule}"${endpoint.runOnStartup ? ', runOnStartup' : ''}` : '';
    info(`  ${endpoint.name}: [${endpoint.trigger}]${where}${when}`);
  }
}
