import { reconcileSubnet, type DriftNetworkPort } from '../../../../shared/core/drift/reconcileSubnet';
import type { ObservedSubnet } from '../../../../shared/core/drift/types';
import type { Write } from '../../../../shared/core/drift/writes';
import { createWriteLanes } from '../../../../shared/runtime/writeLanes';
import { armRouteTable, armSubnet, armVnet, compliant, ownedTableId, policy } from './fixtures';

const drifted = compliant({ ownedRouteTable: armRouteTable({ routes: [] }) });
const port = (observed: ObservedSubnet | undefined, apply: DriftNetworkPort['apply']): DriftNetworkPort => ({
  observeSubnet: async () => ({ observed, armReads: 1 }),
  apply,
});

describe('reconcileSubnet', () => {
  it.each([
    { label: 'a permanent 403 fails once with the reason', status: 403, code: 'AuthorizationFailed', failure: 'arm-forbidden', writesTried: 1 },
    { label: 'endless 412s give up after maxConflicts', status: 412, code: 'PreconditionFailed', failure: 'concurrent-modification', writesTried: 3 },
  ])('$label', async ({ status, code, failure, writesTried }) => {
    let tried = 0;
    const result = await reconcileSubnet('s', {
      policy,
      maxConflicts: 2,
      network: port(drifted, async () => {
        tried += 1;
        throw Object.assign(new Error('no'), { statusCode: status, code });
      }),
    });
    expect(result).toMatchObject({ outcome: 'failed', failure: { code: failure } });
    expect(tried).toBe(writesTried);
  });

  it('writes nothing past the change budget', async () => {
    const apply = jest.fn();
    const result = await reconcileSubnet('s', { policy, writeBudget: async () => 0, network: port(drifted, apply) });
    expect(result).toMatchObject({ outcome: 'audit-only', failure: { code: 'change-budget-exhausted' } });
    expect(apply).not.toHaveBeenCalled();
  });

  it('a subnet that keeps drifting back is reported as not converging', async () => {
    const result = await reconcileSubnet('s', { policy, maxRounds: 3, network: port(drifted, async () => undefined) });
    expect(result).toMatchObject({ outcome: 'failed', failure: { code: 'not-converging' }, counters: { rounds: 3, armWrites: 3 } });
  });

  it('a deleted subnet is nothing to guard', async () => {
    expect(await reconcileSubnet('s', { policy, network: port(undefined, jest.fn()) })).toMatchObject({ outcome: 'compliant', subnetGone: true });
  });

  describe('sibling subnets of one VNet (one etag for the VNet and all its subnets)', () => {
    /** A VNet whose every write changes the one etag of the family, as ARM does; subnets start without a route table. */
    function vnetFamily(names: readonly string[], options: { refuseVnetPuts?: number; refusalStatus?: number } = {}) {
      let etag = 1;
      let refusals = options.refuseVnetPuts ?? 0;
      const associated = new Set<string>();
      const writes: string[] = [];
      const subnetOf = (name: string) => armSubnet(name, associated.has(name) ? { routeTable: { id: ownedTableId } } : {});
      const withEtag = <T extends object>(resource: T) => ({ ...resource, etag: `W/"${etag}"` });
      const network: DriftNetworkPort = {
        observeSubnet: async (id) => {
          await new Promise((resolve) => setImmediate(resolve));
          const name = id.split('/').pop()!;
          const subnet = withEtag(subnetOf(name));
          const table = armRouteTable();
          const observed = compliant({
            subnet,
            vnet: withEtag(armVnet({ dnsServers: [table.properties!.routes![0]!.properties!.nextHopIpAddress as string], subnets: names.map((other) => withEtag(subnetOf(other))) })),
            associatedRouteTable: associated.has(name) ? table : undefined,
            clusters: [],
          });
          return { observed, armReads: 1 };
        },
        apply: async (write: Write) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          if ('ifMatch' in write && write.ifMatch !== `W/"${etag}"`) throw Object.assign(new Error('etag changed'), { statusCode: 412 });
          if (write.kind === 'vnet-put' && refusals > 0) {
            refusals -= 1;
            throw Object.assign(new Error('the VNet PUT was refused'), { statusCode: options.refusalStatus ?? 412 });
          }
          if (write.kind === 'vnet-put') {
            // A VNet PUT carries every subnet: those with a route table in the body are associated.
            const subnets = (write.body.properties as { subnets: Array<{ name: string; properties: { routeTable?: unknown } }> }).subnets;
            for (const subnet of subnets) if (subnet.properties.routeTable) associated.add(subnet.name);
            expect(subnets.map((subnet) => subnet.name)).toEqual(names);
          } else {
            associated.add(write.resourceId.split('/').pop()!);
          }
          writes.push(write.resourceId.split('/').pop()!);
          etag += 1;
          return undefined;
        },
      };
      return { network, writes, associated, idOf: (name: string) => subnetOf(name).id };
    }

    const names = ['aks-a', 'aks-b', 'aks-c'];
    const noBackoff = async () => undefined;

    it('queued in write lanes: those waiting behind the first write go out together in one VNet PUT, none refused', async () => {
      const family = vnetFamily(names);
      const lanes = createWriteLanes();
      const results = await Promise.all(names.map((name) => reconcileSubnet(family.idOf(name), { policy, network: family.network, writeLanes: lanes, conflictBackoff: noBackoff })));
      expect(results.map((result) => result.outcome)).toEqual(['remediated', 'remediated', 'remediated']);
      expect(results.map((result) => result.counters.conflicts)).toEqual([0, 0, 0]);
      expect(family.writes).toEqual(['aks-a', 'vnet-spoke']);
      expect([...family.associated].sort()).toEqual(names);
      // Each ARM write is counted by the reconcile that sent it; the others say who carried their subnet PUT.
      expect(results.reduce((total, result) => total + result.counters.armWrites, 0)).toBe(2);
      const [first, ...siblings] = results;
      expect(first!.applied).toEqual([expect.not.objectContaining({ combined: expect.anything() })]);
      const sender = siblings.find((result) => result.counters.armWrites === 1)!;
      for (const result of siblings) {
        expect(result.applied).toHaveLength(1);
        expect(result.applied[0]).toMatchObject({ write: { kind: 'subnet-put', resourceId: result.subnetId }, combined: { subnets: 2, sentBy: sender.subnetId } });
      }
    });

    it.each([
      { status: 412, conflicts: 1 },
      { status: 400, conflicts: 0 },
    ])('a VNet PUT refused with $status hands every offer back: each subnet then writes for itself and none is lost', async ({ status, conflicts }) => {
      const family = vnetFamily(names, { refuseVnetPuts: 1, refusalStatus: status });
      const lanes = createWriteLanes();
      const results = await Promise.all(names.map((name) => reconcileSubnet(family.idOf(name), { policy, network: family.network, writeLanes: lanes, conflictBackoff: noBackoff })));
      expect(results.map((result) => result.outcome)).toEqual(['remediated', 'remediated', 'remediated']);
      expect([...family.associated].sort()).toEqual(names);
      expect(results.reduce((total, result) => total + result.counters.conflicts, 0)).toBe(conflicts);
      expect(results.every((result) => result.applied.length === 1)).toBe(true);
    });

    it('without lanes they refuse each other (412) and still converge, at the cost of extra rounds', async () => {
      const family = vnetFamily(names);
      const results = await Promise.all(names.map((name) => reconcileSubnet(family.idOf(name), { policy, network: family.network, conflictBackoff: noBackoff })));
      expect(results.map((result) => result.outcome)).toEqual(['remediated', 'remediated', 'remediated']);
      expect(results.reduce((total, result) => total + result.counters.conflicts, 0)).toBeGreaterThan(0);
      expect([...family.writes].sort()).toEqual(names);
    });
  });
});
