import { evaluate } from '../../../../shared/core/drift/evaluate';
import { independentWrites, plan } from '../../../../shared/core/drift/plan';
import type { DriftPolicy, ObservedSubnet } from '../../../../shared/core/drift/types';
import type { Write } from '../../../../shared/core/drift/writes';
import { armRoute, armRouteTable, armSubnet, armVnet, compliant, foreignTableId, fwIp, ownedTableId, policy, vnetId } from './fixtures';

const planFor = (observed: ObservedSubnet, overrides: Partial<DriftPolicy> = {}): Write[] => {
  const effective = { ...policy, ...overrides };
  return plan(observed, evaluate(observed, effective), effective);
};

describe('plan', () => {
  it.each<{ label: string; observed: ObservedSubnet; policy?: Partial<DriftPolicy>; writes: string[] }>([
    { label: 'compliant: nothing to write', observed: compliant(), writes: [] },
    {
      label: 'no table: create it, then associate',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: undefined }),
      writes: [`route-table-create ${ownedTableId}`, `subnet-put ${vnetId}/subnets/aks-nodes`],
    },
    {
      label: 'owned table exists but is not associated: associate only',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined }),
      writes: [`subnet-put ${vnetId}/subnets/aks-nodes`],
    },
    {
      label: 'swapped for a foreign table (FOREIGN_ROUTE_TABLE_ACTION=swap): swap back, never edit the foreign table',
      observed: compliant({
        subnet: armSubnet('aks-nodes', { routeTable: { id: foreignTableId } }),
        associatedRouteTable: armRouteTable({ id: foreignTableId, routes: [armRoute('x', '0.0.0.0/0', 'Internet')] }),
      }),
      policy: { foreignRouteTableAction: 'swap', removeBypassRoutes: true },
      writes: [`subnet-put ${vnetId}/subnets/aks-nodes`],
    },
    {
      label: 'default route deleted: a route PUT, not a table PUT',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [] }) }),
      writes: [`route-put ${ownedTableId}/routes/egress-guard-default`],
    },
    {
      label: 'default route with a stale IP: fixed in place under its own name',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [armRoute('to-fw', '0.0.0.0/0', 'VirtualAppliance', '10.0.1.99')] }) }),
      writes: [`route-put ${ownedTableId}/routes/to-fw`],
    },
    {
      label: 'bypass route kept while REMOVE_BYPASS_ROUTES is off',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp), armRoute('x', '52.0.0.0/8', 'Internet')] }) }),
      writes: [],
    },
    {
      label: 'bypass route deleted with REMOVE_BYPASS_ROUTES on',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp), armRoute('x', '52.0.0.0/8', 'Internet')] }) }),
      policy: { removeBypassRoutes: true },
      writes: [`route-delete ${ownedTableId}/routes/x`],
    },
    {
      label: 'BGP propagation on: table PUT',
      observed: compliant({ ownedRouteTable: armRouteTable({ disableBgpRoutePropagation: false }) }),
      writes: [`route-table-update ${ownedTableId}`],
    },
    { label: 'DNS wrong: VNet PUT', observed: compliant({ vnet: armVnet() }), writes: [`vnet-put ${vnetId}`] },
    {
      label: 'shared strategy never creates the shared table',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: undefined }),
      policy: { routeTableStrategy: 'shared' },
      writes: [],
    },
    {
      label: 'audit mode writes nothing',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: undefined, vnet: armVnet(), mode: { mode: 'audit', source: 'setting' } }),
      writes: [],
    },
    {
      label: 'exempt VNet writes nothing',
      observed: compliant({ vnet: armVnet(), mode: { mode: 'exempt', source: 'tag' } }),
      writes: [],
    },
    {
      label: 'several drifts: dependency order (table, route, subnet, VNet)',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: armRouteTable({ routes: [] }), vnet: armVnet() }),
      writes: [`route-put ${ownedTableId}/routes/egress-guard-default`, `subnet-put ${vnetId}/subnets/aks-nodes`, `vnet-put ${vnetId}`],
    },
  ])('$label', ({ observed, policy: overrides, writes }) => {
    expect(planFor(observed, overrides).map((write) => `${write.kind} ${write.resourceId}`)).toEqual(writes);
  });

  it('creates the per-VNet table complete: default route, optional public IP route, BGP off', () => {
    const [create] = planFor(compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: undefined }), { firewallPublicIpRoute: true });
    expect(create).toMatchObject({
      kind: 'route-table-create',
      body: {
        location: 'westeurope',
        properties: {
          disableBgpRoutePropagation: true,
          routes: [
            { name: 'egress-guard-default', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: fwIp } },
            { properties: { addressPrefix: '20.61.1.10/32', nextHopType: 'Internet' } },
          ],
        },
      },
    });
  });

  it('carries the etag read as If-Match', () => {
    const observed = compliant({ subnet: armSubnet(), associatedRouteTable: undefined });
    const [write] = planFor(observed);
    expect(write).toMatchObject({ kind: 'subnet-put', ifMatch: observed.subnet.etag });
  });
});

describe('independentWrites', () => {
  it('keeps one write per route table and one per VNet (subnet writes count as VNet writes)', () => {
    const observed = compliant({
      subnet: armSubnet(),
      associatedRouteTable: undefined,
      ownedRouteTable: armRouteTable({ routes: [], disableBgpRoutePropagation: false }),
      vnet: armVnet(),
    });
    const writes = planFor(observed, { firewallPublicIpRoute: true });
    expect(writes.map((write) => write.kind)).toEqual(['route-table-update', 'route-put', 'route-put', 'subnet-put', 'vnet-put']);
    expect(independentWrites(writes).map((write) => write.kind)).toEqual(['route-table-update', 'subnet-put']);
  });
});
