/**
 * Fakes for unit tests of the HTTP and Event Grid handlers (functions/**): real @azure/functions HttpRequest and
 * InvocationContext (public, documented "for testing purposes"), real validated settings, an in-memory rule
 * request store with etags, and a Durable client that records what it was asked.
 */
import { HttpRequest, InvocationContext, type HttpRequestInit, type HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { loadSettings, type Settings } from '../../shared/config/settings';
import type { ListRuleRequestsOptions, StoredRuleRequest, CreateResult } from '../../shared/azure/tables/ruleRequestStore';
import { IdempotencyConflictError, RuleRequestConcurrencyError, RuleRequestNotFoundError } from '../../shared/azure/tables/ruleRequestStoreErrors';
import { newRuleRequest, type HistoryEntry, type RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import { transition, type RuleRequestEvent } from '../../shared/core/ruleRequests/transitions';
import type { RuleRequestDeps, RuleRequestStoreOps } from '../../functions/ruleRequests/ruleRequestDeps';

export const subscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
export const approverGroupId = '7f9c1a2b-0000-4000-8000-000000000001';

/** Minimal valid settings (as in the settings tests) plus what the handlers read; `env` overrides. */
export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({
    GUARDED_SUBSCRIPTION_IDS: subscriptionId,
    FIREWALL_RESOURCE_IDS: `/subscriptions/${subscriptionId}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub`,
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    WEBSITE_AUTH_ENABLED: 'True',
    APPROVER_GROUP_IDS: approverGroupId,
    PUBLIC_BASE_URL: 'https://guard.example.com',
    ...env,
  });
}

export interface TestPerson {
  readonly oid: string;
  readonly name: string;
  readonly groups?: readonly string[];
}

export const requester: TestPerson = { oid: '11111111-1111-4111-8111-111111111111', name: 'Rita Requester' };
export const approver: TestPerson = { oid: '22222222-2222-4222-8222-222222222222', name: 'Anna Approver', groups: [approverGroupId] };
export const otherApprover: TestPerson = { oid: '33333333-3333-4333-8333-333333333333', name: 'Otto Approver', groups: [approverGroupId] };
export const bystander: TestPerson = { oid: '44444444-4444-4444-8444-444444444444', name: 'Bob Bystander' };

/** x-ms-client-principal as App Service Authentication sends it (base64 JSON with claims). */
export function principalHeader(person: TestPerson): string {
  const claims = [
    { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: person.oid },
    { typ: 'name', val: person.name },
    ...(person.groups ?? []).map((group) => ({ typ: 'groups', val: group })),
  ];
  return Buffer.from(JSON.stringify({ auth_typ: 'aad', claims, name_typ: 'name' })).toString('base64');
}

export function httpRequest(init: HttpRequestInit & { as?: TestPerson; json?: unknown; text?: string }): HttpRequest {
  const { as, json, text, headers, ...rest } = init;
  const body = json !== undefined ? JSON.stringify(json) : text;
  return new HttpRequest({
    method: 'GET',
    url: 'https://guard.example.com/api/test',
    ...rest,
    headers: {
      ...(as ? { 'x-ms-client-principal': principalHeader(as) } : {}),
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: { string: body } } : {}),
  });
}

export interface TestContext {
  readonly context: InvocationContext;
  readonly logs: string[];
}

export function testContext(): TestContext {
  const logs: string[] = [];
  const context = new InvocationContext({ invocationId: 'test', functionName: 'test', logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`) });
  return { context, logs };
}

/** The error body every JSON refusal has (functions/ruleRequests/httpAnswers.ts and the other APIs). */
export const errorOf = (answer: HttpResponseInit) => (answer.jsonBody as { error: { code: string; message: string; problems?: Array<{ path: string; message: string }> } }).error;
export const pathsOf = (answer: HttpResponseInit) => (errorOf(answer).problems ?? []).map((problem) => problem.path);

/** In-memory rule request store with etags (412 on a stale one) and the idempotency marker per requester + key. */
export class FakeRuleRequestStore implements RuleRequestStoreOps {
  readonly rows = new Map<string, StoredRuleRequest>();
  private version = 0;
  creates = 0;
  updates = 0;

  seed(request: RuleRequest): void {
    this.rows.set(request.id, { request, etag: this.nextEtag() });
  }

  async get(id: string): Promise<StoredRuleRequest | undefined> {
    return this.rows.get(id);
  }

  async list(options: ListRuleRequestsOptions = {}): Promise<StoredRuleRequest[]> {
    return [...this.rows.values()].filter(
      ({ request }) => (options.status === undefined || request.status === options.status) && (options.requesterId === undefined || request.requester.userId === options.requesterId),
    );
  }

  async create(request: RuleRequest): Promise<CreateResult> {
    const key = request.spec.idempotencyKey;
    const earlier = key === undefined ? undefined : [...this.rows.values()].find((row) => row.request.requester.userId === request.requester.userId && row.request.spec.idempotencyKey === key);
    if (earlier) {
      if (JSON.stringify(earlier.request.spec) !== JSON.stringify(request.spec)) throw new IdempotencyConflictError(earlier.request.id);
      return { ...earlier, created: false };
    }
    this.creates++;
    const stored = { request, etag: this.nextEtag() };
    this.rows.set(request.id, stored);
    return { ...stored, created: true };
  }

  async update(request: RuleRequest, etag: string): Promise<string> {
    const current = this.rows.get(request.id);
    if (!current) throw new RuleRequestNotFoundError(`Rule request ${request.id} does not exist`);
    if (current.etag !== etag) throw new RuleRequestConcurrencyError(`Rule request ${request.id} changed since it was read`);
    this.updates++;
    const next = this.nextEtag();
    this.rows.set(request.id, { request, etag: next });
    return next;
  }

  async appendHistory(id: string, entry: HistoryEntry): Promise<StoredRuleRequest> {
    const current = this.rows.get(id);
    if (!current) throw new RuleRequestNotFoundError(`Rule request ${id} does not exist`);
    const request = { ...current.request, history: [...current.request.history, entry] };
    await this.update(request, current.etag);
    return this.rows.get(id)!;
  }

  private nextEtag(): string {
    this.version++;
    return `W/"${this.version}"`;
  }
}

/** A Durable client that records starts and answers getStatus from `statuses`; other calls throw. */
export function fakeDurableClient(statuses: Record<string, { runtimeStatus: string; customStatus?: unknown }> = {}) {
  const started: Array<{ name: string; instanceId: string | undefined; input: unknown }> = [];
  let startError: unknown;
  let startedAnyway = false;
  const client = {
    async startNew(name: string, options?: { instanceId?: string; input?: unknown }) {
      if (startError !== undefined) {
        if (startedAnyway && options?.instanceId) statuses[options.instanceId] = { runtimeStatus: 'Running' };
        throw startError;
      }
      started.push({ name, instanceId: options?.instanceId, input: options?.input });
      return options?.instanceId ?? 'generated';
    },
    async getStatus(instanceId: string) {
      const status = statuses[instanceId];
      if (!status) throw new Error(`refused`); // the real client says why only in text, which the app never reads
      return { instanceId, ...status };
    },
  };
  return {
    client: client as unknown as DurableClient,
    started,
    /** Every start throws `error`; with `instanceExists`, an instance with that id exists anyway (someone else started it). */
    failStartWith(error: unknown, options: { instanceExists?: boolean } = {}) {
      startError = error;
      startedAnyway = options.instanceExists ?? false;
    },
  };
}

/** RuleRequestDeps over fakes; `overrides` replaces any part. */
export function fakeRuleRequestDeps(overrides: Partial<RuleRequestDeps> = {}) {
  const store = new FakeRuleRequestStore();
  const durable = fakeDurableClient();
  const progress: Array<{ id: string; status: string; raiseDecision: boolean }> = [];
  const deps: RuleRequestDeps = {
    settings: testSettings(),
    store: async () => store,
    readRuleSourceFacts: async () => ({ addressSpaces: ['10.42.0.0/16'], clusterPrefixes: () => undefined }),
    listRuleCollectionGroups: async () => [],
    getOwnedRuleCollectionGroup: async () => undefined,
    durableClient: () => durable.client,
    ensureRequestProgress: async (_context, request, options) => {
      progress.push({ id: request.id, status: request.status, raiseDecision: options.raiseDecision });
      return 'raised';
    },
    ...overrides,
  };
  return { deps, store, durable, progress };
}

/** A stored-shape rule request by `by` (pending approval), as createRuleRequest makes it. */
export function pendingRequest(id: string, by: TestPerson = requester, now = new Date('2026-12-01T10:00:00Z')): RuleRequest {
  return newRuleRequest(
    id,
    {
      fqdns: ['api.partner.example'],
      protocols: [{ protocolType: 'Https', port: 443 }],
      source: { kind: 'addresses', addresses: ['10.42.1.0/24'] },
      justification: 'Payment provider API for checkout',
      expiresAt: '2026-12-31T00:00:00.000Z',
    },
    { userId: by.oid, name: by.name },
    now,
  );
}

/** `request` after `events` (the state machine's own transitions). */
export const after = (request: RuleRequest, ...events: RuleRequestEvent[]): RuleRequest => events.reduce((current, event) => transition(current, event, new Date('2026-12-01T11:00:00Z')), request);
export const personOf = (person: TestPerson) => ({ userId: person.oid, name: person.name });
