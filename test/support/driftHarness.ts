import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkManagementClient } from '@azure/arm-network';
import { generateEstate, writeEstate, firewallPrivateIp, type EstateOptions, type SpokeIds } from '../../sandbox/seed/generateEstate';
import type { ArmResource } from '../../sandbox/emulators/arm';
import { vnetInstanceId } from '../../orchestrations/drift/names';
import { eventually, sandboxCredential, startSandboxProcess, type SandboxProcess } from './sandboxProcess';

export { firewallPrivateIp };
export type Json = Record<string, unknown>;

export interface ArmStats {
  total: number;
  byMethod: Record<string, number>;
  byMethodAndResourceType: Record<string, number>;
}

export interface DurableStatus {
  instanceId: string;
  runtimeStatus: string;
  output?: unknown;
  customStatus?: unknown;
  createdTime?: string;
  lastUpdatedTime?: string;
}

/** Writes in a stats snapshot: everything but GET (PUT, DELETE, PATCH, POST). */
export function writesIn(stats: ArmStats): number {
  return Object.entries(stats.byMethod).reduce((total, [method, count]) => (method === 'GET' ? total : total + count), 0);
}

/** `after - before` per "METHOD type" key, zero entries dropped. */
export function statsDelta(before: ArmStats, after: ArmStats): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [key, count] of Object.entries(after.byMethodAndResourceType)) {
    const diff = count - (before.byMethodAndResourceType[key] ?? 0);
    if (diff !== 0) delta[key] = diff;
  }
  return delta;
}

const ignoredEverywhere = new Set(['etag', 'provisioningState']);

/**
 * A resource's JSON without what the guard owns or ARM recomputes on every write: `etag` and `provisioningState` at
 * every level, plus the paths in `owned` (dot-separated; `*` matches every array item).
 */
export function comparable(resource: unknown, owned: readonly string[] = []): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value as Json).filter(([key]) => !ignoredEverywhere.has(key)).map(([key, item]) => [key, strip(item)]));
  };
  const copy = strip(resource);
  for (const path of owned) removePath(copy, path.split('.'));
  return copy;
}

function removePath(node: unknown, path: readonly string[]): void {
  if (node === null || typeof node !== 'object' || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '*' && Array.isArray(node)) {
    for (const item of node) removePath(item, rest);
    return;
  }
  const record = node as Json;
  if (rest.length === 0) delete record[head];
  else removePath(record[head], rest);
}

export const subnetOwned = ['properties.routeTable'];
export const vnetOwned = ['properties.dhcpOptions.dnsServers', 'properties.subnets.*.properties.routeTable'];

/** One sandbox with a generated estate, the SDK client and helpers the drift e2e tests share. */
export class DriftSandbox {
  private constructor(
    readonly sandbox: SandboxProcess,
    readonly spokes: readonly SpokeIds[],
    readonly network: NetworkManagementClient,
  ) {}

  /**
   * `options.amendSeed` changes the generated resources before the sandbox loads them (a test-specific estate: e.g.
   * a peering to a hub in another subscription); `options.extraArgs` go to the sandbox CLI (e.g. --linked-scope).
   */
  static async start(
    estate: EstateOptions,
    settings: Readonly<Record<string, string>> = {},
    options: { readonly workers?: number; readonly extraArgs?: readonly string[]; readonly amendSeed?: (resources: ArmResource[], spokes: readonly SpokeIds[]) => ArmResource[] } = {},
  ): Promise<DriftSandbox> {
    const seedPath = join(mkdtempSync(join(tmpdir(), 'drift-seed-')), 'estate.json');
    const { amendSeed, ...processOptions } = options;
    let spokes: SpokeIds[];
    if (amendSeed === undefined) {
      spokes = writeEstate(seedPath, estate);
    } else {
      const generated = generateEstate(estate);
      spokes = generated.spokes;
      writeFileSync(seedPath, JSON.stringify(amendSeed(generated.resources, spokes)));
    }
    const sandbox = await startSandboxProcess({ seedPath, initialSweep: false, timers: false, ...processOptions, settings: { CHANGE_BUDGET_PER_HOUR: '1000', ...settings } });
    const network = new NetworkManagementClient(sandboxCredential, spokes[0]!.subscriptionId, { endpoint: sandbox.endpoints.arm.url });
    return new DriftSandbox(sandbox, spokes, network);
  }

  get armUrl(): string {
    return this.sandbox.endpoints.arm.url;
  }

  spoke(index: number): SpokeIds {
    const spoke = this.spokes[index];
    if (!spoke) throw new Error(`The estate has no spoke #${index}`);
    return spoke;
  }

  /** Raw ARM JSON, as ARM sends it (the SDK's models flatten and drop properties); undefined on 404. */
  async armGet(resourceId: string): Promise<Json | undefined> {
    const response = await fetch(`${this.armUrl}${resourceId}?api-version=${(this.network as unknown as { apiVersion: string }).apiVersion}`, { headers: { authorization: 'Bearer e2e-test-token' } });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET ${resourceId}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Json;
  }

  async admin(path: string, method = 'GET', body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.armUrl}/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_sandbox/${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  async stats(): Promise<ArmStats> {
    return (await this.admin('stats')) as ArmStats;
  }

  /**
   * The orchestration of the subnet's VNet (one singleton per VNet), its output narrowed to this subnet:
   * `output.last` is the subnet's own summary (`{ outcome: 'gone' }` when the pass did not see it).
   */
  async instance(subnetOrVnetId: string): Promise<DurableStatus | undefined> {
    const isSubnet = /\/subnets\/[^/]+$/i.test(subnetOrVnetId);
    const vnetId = isSubnet ? subnetOrVnetId.replace(/\/subnets\/[^/]+$/i, '') : subnetOrVnetId;
    const { baseUrl } = this.sandbox.endpoints.functions;
    const response = await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances/${encodeURIComponent(vnetInstanceId(vnetId))}?code=${this.sandbox.endpoints.keys.master}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`durable status of ${vnetId}: ${response.status}`);
    const status = (await response.json()) as DurableStatus;
    if (!isSubnet || status.output === null || typeof status.output !== 'object') return status;
    const output = status.output as { passes?: number; last?: { subnets?: Array<{ subnetId: string }> } };
    const own = output.last?.subnets?.find((subnet) => subnet.subnetId.toLowerCase() === subnetOrVnetId.toLowerCase());
    return { ...status, output: { ...output, vnetLast: output.last, last: own ?? { subnetId: subnetOrVnetId, outcome: 'gone' } } };
  }

  /** Waits until the subnet's (VNet's) orchestration ended (Completed or Failed, per `accept`). */
  async instanceEnded(subnetId: string, accept: readonly string[] = ['Completed'], timeoutInMs = 40_000): Promise<DurableStatus> {
    return eventually(
      `the orchestration of ${subnetId} to end (${accept.join('/')})`,
      async () => {
        const status = await this.instance(subnetId);
        if (status && accept.includes(status.runtimeStatus)) return status;
        if (status && ['Failed', 'Terminated'].includes(status.runtimeStatus) && !accept.includes(status.runtimeStatus)) {
          throw new Error(`ended ${status.runtimeStatus}: ${JSON.stringify(status.output)}`);
        }
        return undefined;
      },
      timeoutInMs,
    );
  }

  /** Why the subnet is not compliant per the raw ARM state, or undefined when it is. */
  async complianceProblem(spoke: SpokeIds, subnetId: string): Promise<string | undefined> {
    const subnet = await this.armGet(subnetId);
    const routeTableId = (subnet?.properties as Json | undefined)?.routeTable as Json | undefined;
    if (String(routeTableId?.id ?? '').toLowerCase() !== spoke.routeTableId.toLowerCase()) return `subnet uses route table ${String(routeTableId?.id)}`;
    const table = await this.armGet(spoke.routeTableId);
    const routes = ((table?.properties as Json | undefined)?.routes ?? []) as Json[];
    const viaFirewall = routes.some((route) => {
      const p = route.properties as Json;
      return p.addressPrefix === '0.0.0.0/0' && p.nextHopType === 'VirtualAppliance' && p.nextHopIpAddress === firewallPrivateIp;
    });
    if (!viaFirewall) return `route table has no 0.0.0.0/0 via ${firewallPrivateIp}`;
    const vnet = await this.armGet(spoke.vnetId);
    const dns = ((vnet?.properties as Json | undefined)?.dhcpOptions as Json | undefined)?.dnsServers;
    if (JSON.stringify(dns) !== JSON.stringify([firewallPrivateIp])) return `VNet DNS is ${JSON.stringify(dns)}`;
    return undefined;
  }

  async compliant(spoke: SpokeIds, subnetId: string, timeoutInMs = 20_000): Promise<void> {
    await eventually(`${subnetId} to be compliant again`, async () => ((await this.complianceProblem(spoke, subnetId)) === undefined ? true : undefined), timeoutInMs);
  }

  /**
   * No write loop: waits for the sandbox's idle signal (no orchestration, activity, event or Event Grid delivery
   * pending, no durable timer due within 30 s, which covers every settle and fold window), then returns the ARM write
   * count at that point. A write loop never becomes idle: this then fails naming the work still pending.
   */
  async quietWrites(): Promise<number> {
    await this.sandbox.idle();
    return writesIn(await this.stats());
  }

  async postEvents(events: unknown): Promise<Response> {
    const { baseUrl } = this.sandbox.endpoints.functions;
    return fetch(`${baseUrl}/runtime/webhooks/eventgrid?functionName=driftEvents&code=${this.sandbox.endpoints.keys.eventGrid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: JSON.stringify(events),
    });
  }

  async compliance(): Promise<{ subnets: Array<Json & { subnetId: string; state: string; findings: Array<{ code: string }> }> }> {
    const response = await this.sandbox.callFunction('/api/compliance');
    if (!response.ok) throw new Error(`GET /api/compliance: ${response.status}`);
    return (await response.json()) as { subnets: Array<Json & { subnetId: string; state: string; findings: Array<{ code: string }> }> };
  }

  async teamsMessages(): Promise<unknown[]> {
    const response = await fetch(`${this.sandbox.endpoints.functions.baseUrl}/_sandbox/teams/webhook`);
    return (await response.json()) as unknown[];
  }
}

/** An ARM resource write event as Event Grid delivers it (the shape the sandbox's ARM emulator publishes). */
export function resourceWriteEvent(resourceId: string, operationName: string, action: 'write' | 'delete' = 'write'): Json {
  const subscriptionId = /\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] ?? '';
  return {
    id: `e2e-${Math.random().toString(16).slice(2)}`,
    topic: `/subscriptions/${subscriptionId}`,
    subject: resourceId,
    eventType: action === 'write' ? 'Microsoft.Resources.ResourceWriteSuccess' : 'Microsoft.Resources.ResourceDeleteSuccess',
    eventTime: new Date().toISOString(),
    dataVersion: '2',
    metadataVersion: '1',
    data: { operationName, resourceUri: resourceId, status: 'Succeeded', subscriptionId, resourceProvider: operationName.split('/')[0] },
  };
}

/** Runs `write` with the SDK and returns the raw JSON of its PUT response (the resource as just written). */
export async function rawPutResponse(write: (options: { onResponse: (raw: { bodyAsText?: string | null }) => void }) => Promise<unknown>): Promise<Json> {
  let body: Json | undefined;
  await write({
    onResponse: (raw) => {
      if (body === undefined && raw.bodyAsText) body = JSON.parse(raw.bodyAsText) as Json;
    },
  });
  if (body === undefined) throw new Error('The write returned no body');
  return body;
}
