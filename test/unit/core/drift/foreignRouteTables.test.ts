import { decideSubnet } from '../../../../shared/core/drift/evaluate';
import { routeTableUseOf } from '../../../../shared/core/drift/routeTableTarget';
import type { ArmRoute, ArmRouteTable } from '../../../../shared/azure/arm/armJson';
import type { ClusterFacts, DriftPolicy, ObservedSubnet } from '../../../../shared/core/drift/types';
import { armRoute, armSubnet, cluster, compliant, fwIp, fwPip, ownedTableId, policy, rg, sub, subnetId, vnetId } from './fixtures';

/** Desired state is what the subnet gets, not who owns the table (issue #12). */
const userTableId = `/subscriptions/${sub}/resourceGroups/rg-platform/providers/Microsoft.Network/routeTables/rt-aks-terraform`;
const nodeGroupTableId = `/subscriptions/${sub}/resourceGroups/MC_rg-aks_aks-1_westeurope/providers/Microsoft.Network/routeTables/aks-agentpool-12345678-routetable`;

function route(tableId: string, name: string, prefix: string, hop: string, ip?: string): ArmRoute {
  return { ...armRoute(name, prefix, hop, ip), id: `${tableId}/routes/${name}`, etag: `W/"route-${name}"` };
}

function userTable(options: { id?: string; routes?: (tableId: string) => ArmRoute[]; bgpOff?: boolean; tags?: Record<string, string> } = {}): ArmRouteTable {
  const id = options.id ?? userTableId;
  return {
    id,
    name: id.split('/').pop()!,
    type: 'Microsoft.Network/routeTables',
    location: 'westeurope',
    etag: 'W/"table-etag"',
    tags: options.tags ?? { 'managed-by': 'terraform', team: 'platform' },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '22222222-0000-0000-0000-000000000000',
      disableBgpRoutePropagation: options.bgpOff ?? true,
      routes: (options.routes ?? guideRoutes)(id),
      subnets: [{ id: subnetId }],
    },
  };
}

/** Microsoft's guide: 0.0.0.0/0 -> firewall private IP, firewall public IP/32 -> Internet. */
const guideRoutes = (tableId: string) => [route(tableId, 'fw-route', '0.0.0.0/0', 'VirtualAppliance', fwIp), route(tableId, 'fw-internet', `${fwPip}/32`, 'Internet')];
const staleRoutes = (tableId: string) => [route(tableId, 'fw-route', '0.0.0.0/0', 'VirtualAppliance', '10.0.1.99'), route(tableId, 'onprem', '192.168.0.0/16', 'VirtualNetworkGateway')];
const podRoutes = (ip: string) => (tableId: string) => [
  route(tableId, 'default', '0.0.0.0/0', 'VirtualAppliance', ip),
  route(tableId, 'aks-nodepool1-12345678-vmss000000____102440024', '10.244.0.0/24', 'VirtualAppliance', '10.1.0.4'),
  route(tableId, 'aks-nodepool1-12345678-vmss000001____102441024', '10.244.1.0/24', 'VirtualAppliance', '10.1.0.5'),
];

const kubenet: ClusterFacts = { ...cluster('userDefinedRouting'), networkPlugin: 'kubenet', podCidr: '10.244.0.0/16', nodeResourceGroup: 'MC_rg-aks_aks-1_westeurope' };
const managedGroup = `/subscriptions/${sub}/resourceGroups/MC_rg-aks_aks-1_westeurope`;

function using(table: ArmRouteTable, overrides: Partial<ObservedSubnet> = {}): ObservedSubnet {
  return compliant({ subnet: armSubnet('aks-nodes', { routeTable: { id: table.id } }), associatedRouteTable: table, ...overrides });
}

const describeWrite = (write: { kind: string; resourceId: string }) => `${write.kind} ${write.resourceId.split('/').slice(-3).join('/')}`;

describe('decideSubnet: route tables the guard does not own', () => {
  it.each<{ label: string; observed: ObservedSubnet; policy?: Partial<DriftPolicy>; codes: string[]; fixable?: boolean[]; writes: string[] }>([
    { label: "Microsoft's guide table: compliant, adopted, no write", observed: using(userTable()), codes: [], writes: [] },
    {
      label: 'guide table with the public IP route, ROUTE_FIREWALL_PUBLIC_IP_TO_INTERNET on: still adopted',
      observed: using(userTable()),
      policy: { firewallPublicIpRoute: true },
      codes: [],
      writes: [],
    },
    {
      label: 'Terraform table at an old firewall IP: one route PUT into it (repair-in-place)',
      observed: using(userTable({ routes: staleRoutes })),
      codes: ['default-route-wrong-next-hop'],
      fixable: [true],
      writes: ['route-put rt-aks-terraform/routes/fw-route'],
    },
    {
      label: 'foreign table without a default route: the route is added into it',
      observed: using(userTable({ routes: () => [] })),
      codes: ['default-route-missing'],
      writes: ['route-put rt-aks-terraform/routes/egress-guard-default'],
    },
    {
      label: 'foreign table with BGP on: only the flag is flipped',
      observed: using(userTable({ bgpOff: false })),
      codes: ['bgp-propagation-enabled'],
      writes: ['route-table-update Microsoft.Network/routeTables/rt-aks-terraform'],
    },
    {
      label: 'report: findings, no write',
      observed: using(userTable({ routes: staleRoutes })),
      policy: { foreignRouteTableAction: 'report' },
      codes: ['default-route-wrong-next-hop'],
      fixable: [false],
      writes: [],
    },
    {
      label: 'swap: the guard table is associated, the foreign one is not edited',
      observed: using(userTable({ routes: staleRoutes })),
      policy: { foreignRouteTableAction: 'swap' },
      codes: ['route-table-foreign', 'bypass-route'],
      writes: ['subnet-put vnet-spoke/subnets/aks-nodes'],
    },
    {
      label: 'table tagged egress-guard-mode=audit: never written, even with swap',
      observed: using(userTable({ routes: staleRoutes, tags: { 'egress-guard-mode': 'audit' } })),
      policy: { foreignRouteTableAction: 'swap' },
      codes: ['default-route-wrong-next-hop'],
      fixable: [false],
      writes: [],
    },
    {
      label: 'table tagged egress-guard-mode=exempt: never written',
      observed: using(userTable({ bgpOff: false, tags: { 'Egress-Guard-Mode': 'Exempt' } })),
      codes: ['bgp-propagation-enabled'],
      fixable: [false],
      writes: [],
    },
    {
      label: 'kubenet cluster with swap configured: repaired in place, never swapped, pod routes are no finding',
      observed: using(userTable({ routes: podRoutes('10.0.1.99') }), { clusters: [kubenet] }),
      policy: { foreignRouteTableAction: 'swap', removeBypassRoutes: true },
      codes: ['default-route-wrong-next-hop'],
      writes: ['route-put rt-aks-terraform/routes/default'],
    },
    {
      label: 'kubenet pod routes in a compliant table: adopted as is',
      observed: using(userTable({ routes: podRoutes(fwIp) }), { clusters: [kubenet] }),
      policy: { removeBypassRoutes: true },
      codes: [],
      writes: [],
    },
    {
      label: 'a table in the AKS node resource group: reported with the fix, never written',
      observed: using(userTable({ id: nodeGroupTableId, routes: staleRoutes }), { clusters: [kubenet], managedResourceGroupIds: [managedGroup] }),
      codes: ['default-route-wrong-next-hop'],
      fixable: [false],
      writes: [],
    },
    {
      label: 'a subnet of a VNet in the node resource group without a table: nothing created, the fix reported',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: undefined, managedResourceGroupIds: [`/subscriptions/${sub}/resourceGroups/${rg}`] }),
      codes: ['route-table-missing', 'aks-managed-resource', 'aks-managed-resource'],
      fixable: [false, false, false],
      writes: [],
    },
  ])('$label', ({ observed, policy: overrides, codes, fixable, writes }) => {
    const decision = decideSubnet(observed, { ...policy, ...overrides });
    expect(decision.findings.map((finding) => finding.code)).toEqual(codes);
    if (fixable) expect(decision.findings.map((finding) => finding.fixable)).toEqual(fixable);
    expect(decision.writes.map(describeWrite)).toEqual(writes);
  });

  it('repairs in place byte for byte: the route keeps its name and every other field, only the next hop changes', () => {
    const table = userTable({ routes: staleRoutes });
    const [write] = decideSubnet(using(table), policy).writes;
    expect(write).toMatchObject({ kind: 'route-put', ifMatch: 'W/"route-fw-route"' });
    const before = table.properties!.routes![0]!;
    const { provisioningState: _p, hasBgpOverride: _h, ...kept } = before.properties;
    expect((write as { body: unknown }).body).toEqual({ name: 'fw-route', id: before.id, type: before.type, properties: { ...kept, nextHopIpAddress: fwIp } });
  });

  it('flips only the BGP flag: every route and tag goes back as read, with If-Match', () => {
    const table = userTable({ bgpOff: false, routes: podRoutes(fwIp) });
    const [write] = decideSubnet(using(table, { clusters: [kubenet] }), policy).writes;
    expect(write).toMatchObject({ kind: 'route-table-update', ifMatch: 'W/"table-etag"' });
    const body = (write as unknown as { body: { tags: unknown; properties: { disableBgpRoutePropagation: boolean; routes: Array<{ name: string; properties: unknown }> } } }).body;
    expect(body.tags).toEqual(table.tags);
    expect(body.properties.disableBgpRoutePropagation).toBe(true);
    expect(body.properties.routes.map((written) => written.name)).toEqual(table.properties!.routes!.map((read) => read.name));
  });

  it('the compliance record names the adopted table and that the guard does not own it', () => {
    expect(routeTableUseOf(using(userTable()))).toEqual({ id: userTableId, ownedByGuard: false, adopted: true });
    expect(routeTableUseOf(using(userTable({ routes: staleRoutes })))).toEqual({ id: userTableId, ownedByGuard: false, adopted: false });
    expect(routeTableUseOf(compliant())).toEqual({ id: ownedTableId, ownedByGuard: true, adopted: false });
    void vnetId;
  });
});
