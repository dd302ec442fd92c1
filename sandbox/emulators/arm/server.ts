import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './adminApi';
import { ArmError, invalidRequestFormat, retryableError } from './armError';
import { assertActionAccess, requiredActionOf } from './actionAccess';
import { callerFrom } from './auth';
import type { ArmRequest, ArmResponse, EmulatorContext, EmulatorSettings } from './context';
import { FaultInjector } from './faults';
import type { AccessGrant } from './linkedAccess';
import type { LroProfile } from './lroProfile';
import { handleList, handleResourceGroupList } from './listHandler';
import { handleOperation } from './operationHandler';
import { OperationTracker } from './operations';
import { handleResourceGroup } from './resourceGroupHandler';
import { handleResource } from './resourceHandlers';
import { canonicalType, RESOURCE_GROUP_TYPE } from './resourceKinds';
import type { ArmPath } from './resourcePath';
import { parseArmPath } from './resourcePath';
import { ingestResources } from './seed';
import { handleSubscriptions, isSubscriptionsPath } from './subscriptionsHandler';
import { RequestStats } from './stats';
import { ResourceStore } from './store';
import type { ArmResource, ArmResourceEvent } from './types';

export interface ArmEmulatorOptions {
  tls: { cert: string; key: string };
  /** Initial resources (ignored when `statePath` already holds a saved state). */
  seed?: readonly ArmResource[];
  /** Called with a ResourceWriteSuccess / ResourceDeleteSuccess event when a write completes. */
  onEvent?: (event: ArmResourceEvent) => void;
  lroDelayMs?: number;
  ruleCollectionGroupLroDelayMs?: number;
  pageSize?: number;
  /**
   * JSON file the state is restored from at start: a snapshot, plus `<statePath>.log`, the change log every write is
   * appended to before the emulator answers it (store.ts), so a kill -9 loses nothing acknowledged.
   */
  statePath?: string;
  /** Changes within this many ms are folded into one rewrite of the snapshot (default 200; 0 = after every change). */
  persistDelayMs?: number;
  /** `fast` (default) or `azure`: writes of 5-15 s polled with Retry-After: 10 (lroProfile.ts). */
  lroProfile?: LroProfile;
  /** One operation at a time per VNet / route table family, 429 RetryableError meanwhile (default true). */
  serializeNetworkOperations?: boolean;
  /**
   * ARM's linked access check (`enabled`, default on), its check of each operation's own action (`actions`, default
   * on; actionAccess.ts) and the grants of the principals both apply to (linkedAccess.ts).
   */
  linkedAccess?: { enabled?: boolean; actions?: boolean; principals?: Record<string, AccessGrant[]> };
}

export interface ArmEmulator {
  /** https://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  readonly store: ResourceStore;
  readonly stats: RequestStats;
  readonly faults: FaultInjector;
  readonly settings: EmulatorSettings;
  close(): Promise<void>;
}

const DEFAULT_LRO_DELAY_MS = 30;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_PERSIST_DELAY_MS = 200;

/** Starts the ARM emulator on 127.0.0.1 (OS-assigned port). */
export async function startArmEmulator(options: ArmEmulatorOptions): Promise<ArmEmulator> {
  const store = new ResourceStore(options.statePath, options.persistDelayMs ?? DEFAULT_PERSIST_DELAY_MS);
  if (!store.loadPersisted()) {
    ingestResources(store, options.seed ?? []);
    store.persist();
  }
  const lroDelayMs = options.lroDelayMs ?? DEFAULT_LRO_DELAY_MS;
  let url = '';
  const context: EmulatorContext = {
    store,
    operations: new OperationTracker(),
    faults: new FaultInjector(),
    stats: new RequestStats(),
    settings: {
      lroDelayMs,
      ruleCollectionGroupLroDelayMs: options.ruleCollectionGroupLroDelayMs ?? lroDelayMs,
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      lroProfile: options.lroProfile ?? 'fast',
      serializeNetworkOperations: options.serializeNetworkOperations ?? true,
      linkedAccess: {
        enabled: options.linkedAccess?.enabled ?? true,
        actions: options.linkedAccess?.actions ?? true,
        principals: Object.fromEntries(Object.entries(options.linkedAccess?.principals ?? {}).map(([id, grants]) => [id.toLowerCase(), grants])),
      },
    },
    baseUrl: () => url,
    emit: (event) => {
      const principalId = event.data.authorization?.evidence?.principalId;
      if (principalId) context.stats.recordAccepted(principalId, event.data.operationName);
      try {
        options.onEvent?.(event);
      } catch {
        // A failing subscriber must not fail the ARM operation (Event Grid delivery is decoupled from ARM).
      }
    },
  };

  const server = createServer({ cert: options.tls.cert, key: options.tls.key }, (request, response) => {
    void serve(context, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    store,
    stats: context.stats,
    faults: context.faults,
    settings: context.settings,
    close: async () => {
      context.operations.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.flush();
    },
  };
}

async function serve(context: EmulatorContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const correlationId = header(request, 'x-ms-correlation-request-id') ?? requestId;
  try {
    const url = new URL(request.url ?? '/', context.baseUrl());
    const method = (request.method ?? 'GET').toUpperCase();
    const text = await readBody(request);
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      send(response, handleAdmin(context, method, url.pathname, text ? safeJson(text) : undefined, url.searchParams), requestId, correlationId);
      return;
    }
    send(response, await handleArm(context, request, url, method, text, correlationId), requestId, correlationId);
  } catch (error) {
    if (error instanceof ResetConnection) {
      request.socket.destroy();
      return;
    }
    const armError = error instanceof ArmError ? error : new ArmError(500, 'InternalServerError', error instanceof Error ? error.message : String(error));
    send(response, { status: armError.statusCode, body: armError.toBody(), headers: armError.headers }, requestId, correlationId);
  }
}

class ResetConnection extends Error {}

async function handleArm(context: EmulatorContext, request: IncomingMessage, url: URL, method: string, text: string, correlationId: string): Promise<ArmResponse> {
  const caller = callerFrom(request);
  if (!caller) {
    throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", [], {
      'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
    });
  }
  if (!url.searchParams.get('api-version')) {
    throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  if (isSubscriptionsPath(url.pathname)) {
    context.stats.record(method, 'Microsoft.Resources/subscriptions');
    return handleSubscriptions(context, method, url.pathname, caller);
  }
  const path = parseArmPath(url.pathname);
  context.stats.record(method, path ? resourceTypeOfPath(path) : 'unknown');

  const latencyMs = context.faults.latencyFor(url.pathname);
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  injectFault(context, method, url.pathname);

  const armRequest: ArmRequest = {
    caller,
    method,
    url: url.toString(),
    pathname: url.pathname,
    query: url.searchParams,
    headers: request.headers as Record<string, string | undefined>,
    body: text ? parseJsonBody(text) : undefined,
    clientRequestId: header(request, 'x-ms-client-request-id') ?? '',
    correlationId,
    clientIpAddress: request.socket.remoteAddress ?? '127.0.0.1',
  };
  if (!path) throw new ArmError(400, 'InvalidResourceId', `The path '${url.pathname}' is not a valid ARM resource path.`);
  // ARM authorizes the operation before the resource provider sees it (so before 404s, etags and validation).
  assertActionAccess(context.settings.linkedAccess, caller, requiredActionOf(path, method, url.pathname));
  switch (path.kind) {
    case 'resourceGroupList':
      return handleResourceGroupList(context, armRequest, path.subscriptionId);
    case 'resourceGroup':
      return handleResourceGroup(context, armRequest, path.subscriptionId, path.resourceGroup);
    case 'resource':
      return handleResource(context, armRequest, path.scope, path.names);
    case 'collection':
      return handleList(context, armRequest, path.scope, path.names);
    case 'operation':
      return handleOperation(context, armRequest, path.operationId, path.isResult);
  }
}

/** Synchronous faults from the admin API (lro-failed and lro-canceled are applied when an LRO starts, in longRunning.ts). */
function injectFault(context: EmulatorContext, method: string, pathname: string): void {
  const fault = context.faults.take(method, pathname, ['throttle', 'server-error', 'another-operation', 'busy', 'reset']);
  switch (fault?.kind) {
    case undefined:
      return;
    case 'throttle':
      throw new ArmError(429, 'SubscriptionRequestsThrottled', 'Number of requests for subscription exceeded the limit (sandbox fault injection).', [], {
        'Retry-After': String(fault.retryAfterSeconds ?? 1),
      });
    case 'server-error':
      throw new ArmError(500, 'InternalServerError', 'An internal server error occurred (sandbox fault injection).');
    case 'another-operation':
      throw new ArmError(409, 'AnotherOperationInProgress', `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${context.baseUrl()}${pathname}.`);
    case 'busy': {
      // What Network answers while another writer's operation holds the resource (operationLocks.ts).
      const seconds = fault.retryAfterSeconds ?? 1;
      throw retryableError(
        {
          code: 'RetryableErrorDueToAnotherOperation',
          message: `Operation PutVirtualNetworkOperation (${randomUUID()}) is updating resource ${pathname}. The call can be retried in ${seconds} seconds.`,
        },
        seconds,
      );
    }
    case 'reset':
      throw new ResetConnection();
    default:
      return;
  }
}

function resourceTypeOfPath(path: ArmPath): string {
  switch (path.kind) {
    case 'resourceGroupList':
    case 'resourceGroup':
      return RESOURCE_GROUP_TYPE;
    case 'resource':
    case 'collection':
      return canonicalType([path.scope.namespace, ...path.scope.types].join('/'));
    case 'operation':
      return `${path.namespace}/locations/${path.isResult ? 'operationResults' : 'operations'}`;
  }
}

function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRequestFormat(error instanceof Error ? error.message : String(error));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // the admin schema then reports it as the wrong type
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, result: ArmResponse, requestId: string, correlationId: string): void {
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': correlationId,
    ...result.headers,
  };
  if (result.body === undefined) {
    response.writeHead(result.status, headers).end();
    return;
  }
  const payload = JSON.stringify(result.body);
  headers['Content-Type'] = 'application/json; charset=utf-8';
  response.writeHead(result.status, headers).end(payload);
}
