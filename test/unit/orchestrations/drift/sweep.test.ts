import { sweepSubnets } from '../../../../orchestrations/drift/sweep';
import type { AppServices } from '../../../../shared/runtime/appServices';
import type { SubnetCompliance } from '../../../../shared/azure/tables/complianceStore';
import { armSubnet, armVnet, compliant, fwIp, ownedTableId, policy, vnetId } from '../../core/drift/fixtures';

/** The sweep with an in-memory compliance store and a fixed observation. */
function sweepWith(previous: SubnetCompliance[]) {
  const subnets = ['aks-a', 'aks-b', 'aks-c'].map((name) => armSubnet(name, name === 'aks-c' ? {} : { routeTable: { id: ownedTableId } }));
  const vnet = armVnet({ dnsServers: [fwIp], subnets });
  const observed = subnets.map((subnet) => compliant({ subnet, vnet, ...(subnet.name === 'aks-c' ? { associatedRouteTable: undefined } : {}) }));
  const written: SubnetCompliance[] = [];
  const services = {
    settings: { ...policy, guardedSubscriptionIds: ['s'] },
    network: { observeSweep: async () => ({ guarded: [], observed, armReads: 3 }) },
    compliance: { list: async () => previous, upsertMany: async (states: SubnetCompliance[]) => void written.push(...states) },
  } as unknown as AppServices;
  return { services, written };
}

const record = (name: string, state: string): SubnetCompliance => ({
  subnetId: `${vnetId}/subnets/${name}`,
  subscriptionId: 's',
  vnetName: 'vnet-spoke',
  subnetName: name,
  state,
  mode: 'enforce',
  findings: [],
  lastWrites: [{ kind: 'subnet-put', resourceId: `${vnetId}/subnets/${name}`, reason: 'route-table-missing' }],
  updatedAt: '2026-12-07T10:00:00Z',
});

describe('sweepSubnets', () => {
  it('records compliant subnets, asks for one reconcile per VNet with drift, and keeps the last writes on record', async () => {
    const { services, written } = sweepWith([record('aks-a', 'compliant')]);
    const requested: string[] = [];
    const summary = await sweepSubnets(services, async (id) => void requested.push(id));
    expect(written.map((state) => [state.subnetName, state.state])).toEqual([['aks-a', 'compliant'], ['aks-b', 'compliant'], ['aks-c', 'remediating']]);
    expect(written[0]!.lastWrites).toHaveLength(1);
    expect(requested).toEqual([vnetId]);
    expect(summary).toMatchObject({ guarded: 3, nonCompliant: 1, started: 1 });
  });

  it('never turns a failed or contested subnet compliant on its own word: it asks for a pass instead', async () => {
    const { services, written } = sweepWith([record('aks-a', 'failed'), record('aks-b', 'contested')]);
    const requested: string[] = [];
    await sweepSubnets(services, async (id) => void requested.push(id));
    expect(written.map((state) => state.subnetName)).toEqual(['aks-c']);
    expect(requested).toEqual([vnetId]);
  });
});
