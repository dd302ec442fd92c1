import { NetworkManagementClient } from '@azure/arm-network';
import { credentialFor, otherWriters } from '../support/armTokens';
import { DriftSandbox, resourceWriteEvent, type ArmStats } from '../support/driftHarness';
import { eventually } from '../support/sandboxProcess';
import type { SpokeIds } from '../../sandbox/seed/generateEstate';

/**
 * Issue #12's burst on two worker processes (`--workers 2`, as FUNCTIONS_WORKER_PROCESS_COUNT=2): 1,000 Event Grid
 * events over 100 drifted subnets (no route table) in 10 VNets, while a person edits the same VNets, subnets and
 * route tables 20 times. One reconcile per VNet is kept by Durable, not by a process: every subnet ends compliant
 * with at most one accepted association write per drifted VNet (the tables exist: no creations), and none of the
 * person's edits is lost (the guard writes with If-Match and rebuilds its body from a fresh read after a 412).
 * Writes are counted per caller from the emulator's `acceptedByPrincipal` (one per accepted write, as its event).
 */
const vnets = 10;
const subnetsPerVnet = 10;
const eventsPerSubnet = 10;
const inFlight = 16;
const interleavings = 20;

type Edit =
  | { readonly kind: 'vnet-tag'; readonly spoke: SpokeIds; readonly tag: string }
  | { readonly kind: 'route'; readonly spoke: SpokeIds; readonly route: string; readonly prefix: string }
  | { readonly kind: 'subnet-service-endpoint'; readonly spoke: SpokeIds; readonly subnetName: string }
  | { readonly kind: 'table-tag'; readonly spoke: SpokeIds; readonly tag: string };

async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

describe('drift burst on two worker processes with a person editing meanwhile (sandbox e2e)', () => {
  let env: DriftSandbox;
  let person: NetworkManagementClient;

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: vnets, subnetsPerVnet, drift: () => 'no-route-table' }, {}, { workers: 2 });
    person = new NetworkManagementClient(credentialFor(otherWriters.person), env.spoke(0).subscriptionId, { endpoint: env.armUrl });
  }, 120_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  const tableName = (spoke: SpokeIds) => spoke.routeTableId.split('/').pop()!;

  /** Read-modify-write as a careful client does: If-Match with the etag read; a 412 means read again and redo. */
  async function withRetryOn412(write: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await write();
        return;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 412 || attempt >= 10) throw error;
      }
    }
  }

  async function apply(edit: Edit): Promise<void> {
    const { spoke } = edit;
    switch (edit.kind) {
      case 'vnet-tag':
        return withRetryOn412(async () => {
          const vnet = await person.virtualNetworks.get(spoke.resourceGroup, spoke.vnetName);
          await person.virtualNetworks.updateTags(spoke.resourceGroup, spoke.vnetName, { tags: { ...vnet.tags, [edit.tag]: 'dana' } }, { requestOptions: { headers: { 'If-Match': vnet.etag! } } });
        });
      case 'table-tag':
        return withRetryOn412(async () => {
          const table = await person.routeTables.get(spoke.resourceGroup, tableName(spoke));
          await person.routeTables.updateTags(spoke.resourceGroup, tableName(spoke), { tags: { ...table.tags, [edit.tag]: 'dana' } }, { requestOptions: { headers: { 'If-Match': table.etag! } } });
        });
      case 'route':
        await person.routes.beginCreateOrUpdateAndWait(spoke.resourceGroup, tableName(spoke), edit.route, { addressPrefix: edit.prefix, nextHopType: 'VnetLocal' });
        return;
      case 'subnet-service-endpoint':
        return withRetryOn412(async () => {
          const subnet = await person.subnets.get(spoke.resourceGroup, spoke.vnetName, edit.subnetName);
          await person.subnets.beginCreateOrUpdateAndWait(
            spoke.resourceGroup,
            spoke.vnetName,
            edit.subnetName,
            { ...subnet, serviceEndpoints: [...(subnet.serviceEndpoints ?? []), { service: 'Microsoft.Storage', locations: ['westeurope'] }] },
            { requestOptions: { headers: { 'If-Match': subnet.etag! } } },
          );
        });
    }
  }

  async function isStillThere(edit: Edit): Promise<boolean> {
    const { spoke } = edit;
    switch (edit.kind) {
      case 'vnet-tag':
        return (await person.virtualNetworks.get(spoke.resourceGroup, spoke.vnetName)).tags?.[edit.tag] === 'dana';
      case 'table-tag':
        return (await person.routeTables.get(spoke.resourceGroup, tableName(spoke))).tags?.[edit.tag] === 'dana';
      case 'route': {
        const route = await person.routes.get(spoke.resourceGroup, tableName(spoke), edit.route);
        return route.addressPrefix === edit.prefix && route.nextHopType === 'VnetLocal';
      }
      case 'subnet-service-endpoint':
        return ((await person.subnets.get(spoke.resourceGroup, spoke.vnetName, edit.subnetName)).serviceEndpoints ?? []).some((endpoint) => endpoint.service === 'Microsoft.Storage');
    }
  }

  it('1,000 events over 100 drifted subnets in 10 VNets: all compliant, <= one association write per VNet, none of 20 concurrent edits lost', async () => {
    const spokes = Array.from({ length: vnets }, (_, index) => env.spoke(index));
    const subnetIds = spokes.flatMap((spoke) => spoke.subnetIds);
    expect(subnetIds).toHaveLength(100);
    for (const spoke of spokes) expect(await env.complianceProblem(spoke, spoke.subnetIds[0]!)).toMatch(/route table undefined/);

    // Each person edit targets a VNet (or its table / a subnet of it) the burst is repairing; kinds rotate.
    const edits: Edit[] = Array.from({ length: interleavings }, (_, index): Edit => {
      const spoke = spokes[index % vnets]!;
      switch (index % 4) {
        case 0:
          return { kind: 'vnet-tag', spoke, tag: `dana-edit-${index}` };
        case 1:
          return { kind: 'route', spoke, route: `dana-onprem-${index}`, prefix: `172.16.${index}.0/24` };
        case 2:
          return { kind: 'subnet-service-endpoint', spoke, subnetName: spoke.subnetIds[index % subnetsPerVnet]!.split('/').pop()! };
        default:
          return { kind: 'table-tag', spoke, tag: `dana-edit-${index}` };
      }
    });

    await env.admin('stats', 'DELETE');
    const events: string[] = [];
    for (let round = 0; round < eventsPerSubnet; round += 1) events.push(...subnetIds);
    const statuses: number[] = [];
    const burst = pool(events, inFlight, async (subnetId) => {
      statuses.push((await env.postEvents([resourceWriteEvent(subnetId, 'Microsoft.Network/virtualNetworks/subnets/write')])).status);
    });
    // The person's edits start with the burst, so they land between the guard's reads and writes of the first passes
    // and during the passes their own events ask for: the VNets in parallel, each VNet's two edits one after another.
    const personEdits = Promise.all(
      spokes.map(async (spoke, vnetIndex) => {
        await new Promise((resolve) => setTimeout(resolve, 100 + vnetIndex * 40));
        for (const edit of edits.filter((candidate) => candidate.spoke === spoke)) await apply(edit);
      }),
    );
    await Promise.all([burst, personEdits]);
    expect(statuses).toHaveLength(events.length);
    expect(statuses.filter((status) => status >= 300)).toEqual([]);

    await eventually(
      'all 100 subnets compliant',
      async () => {
        for (const spoke of spokes) for (const subnetId of spoke.subnetIds) if ((await env.complianceProblem(spoke, subnetId)) !== undefined) return undefined;
        return true;
      },
      150_000,
      1_000,
    );
    for (const spoke of spokes) expect((await env.instanceEnded(spoke.vnetId, ['Completed'], 90_000)).runtimeStatus).toBe('Completed');
    await env.quietWrites();

    // Who wrote what, as ARM accepted it.
    const stats = (await env.stats()) as ArmStats & { acceptedByPrincipal: Record<string, Record<string, number>> };
    const app = stats.acceptedByPrincipal[env.sandbox.endpoints.identity.objectId.toLowerCase()] ?? {};
    const associationWrites = (app['Microsoft.Network/virtualNetworks/write'] ?? 0) + (app['Microsoft.Network/virtualNetworks/subnets/write'] ?? 0);
    expect(associationWrites).toBeGreaterThanOrEqual(1);
    expect(associationWrites).toBeLessThanOrEqual(vnets);
    // The tables exist (no creations), and the person's routes and tags are not the guard's business.
    expect(Object.keys(app).filter((operation) => operation.startsWith('Microsoft.Network/routeTables'))).toEqual([]);
    const dana = stats.acceptedByPrincipal[otherWriters.person.oid.toLowerCase()] ?? {};
    expect(Object.values(dana).reduce((sum, count) => sum + count, 0)).toBe(interleavings);

    // The records say so too, and every edit of the person's is still there.
    const records = (await env.compliance()).subnets.filter((record) => subnetIds.some((id) => id.toLowerCase() === record.subnetId.toLowerCase()));
    expect(records).toHaveLength(100);
    expect(records.filter((record) => record.state !== 'compliant').map((record) => `${record.subnetId}: ${record.state}`)).toEqual([]);
    const lost: string[] = [];
    for (const edit of edits) if (!(await isStillThere(edit))) lost.push(`${edit.kind} on ${edit.spoke.vnetName}`);
    expect(lost).toEqual([]);
  }, 330_000);
});
