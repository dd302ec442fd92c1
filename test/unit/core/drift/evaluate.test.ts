import { decideSubnet, evaluate } from '../../../../shared/core/drift/evaluate';
import type { Write } from '../../../../shared/core/drift/writes';
import type { DriftPolicy, ObservedSubnet } from '../../../../shared/core/drift/types';
import {
  armRoute, armRouteTable, armSubnet, armVnet, cluster, compliant, firewall, foreignTableId, fwIp, fwPip, ownedTableId, policy, vnetId,
} from './fixtures';

const foreignTable = armRouteTable({ id: foreignTableId, routes: [armRoute('to-nva', '0.0.0.0/0', 'VirtualAppliance', '10.9.9.9')] });

describe('evaluate', () => {
  it.each<{ label: string; observed: ObservedSubnet; policy?: Partial<DriftPolicy>; codes: string[] }>([
    { label: 'a compliant subnet', observed: compliant(), codes: [] },
    {
      label: 'no route table, owned table not created yet',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: undefined }),
      codes: ['route-table-missing'],
    },
    {
      label: 'a route table swapped for another (FOREIGN_ROUTE_TABLE_ACTION=swap)',
      observed: compliant({ subnet: armSubnet('aks-nodes', { routeTable: { id: foreignTableId } }), associatedRouteTable: foreignTable }),
      policy: { foreignRouteTableAction: 'swap' },
      codes: ['route-table-foreign', 'bypass-route'],
    },
    {
      label: 'a route table swapped for another (default repair-in-place: its default route is the finding)',
      observed: compliant({ subnet: armSubnet('aks-nodes', { routeTable: { id: foreignTableId } }), associatedRouteTable: foreignTable }),
      codes: ['default-route-wrong-next-hop'],
    },
    {
      label: 'default route deleted',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [] }), associatedRouteTable: armRouteTable({ routes: [] }) }),
      codes: ['default-route-missing'],
    },
    {
      label: 'default route to the old firewall IP',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [armRoute('r', '0.0.0.0/0', 'VirtualAppliance', '10.0.1.5')] }) }),
      codes: ['default-route-wrong-next-hop'],
    },
    {
      label: 'default route straight to Internet',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [armRoute('r', '0.0.0.0/0', 'Internet')] }) }),
      codes: ['default-route-wrong-next-hop'],
    },
    {
      label: 'BGP propagation on',
      observed: compliant({ ownedRouteTable: armRouteTable({ disableBgpRoutePropagation: false }) }),
      codes: ['bgp-propagation-enabled'],
    },
    {
      label: 'an Internet route for a public prefix',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp), armRoute('x', '52.0.0.0/8', 'Internet')] }) }),
      codes: ['bypass-route'],
    },
    {
      label: 'the firewall public IP route to Internet is not a bypass',
      observed: compliant({ ownedRouteTable: armRouteTable({ routes: [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp), armRoute('p', `${fwPip}/32`, 'Internet')] }) }),
      codes: [],
    },
    {
      label: 'a 0.0.0.0/1 + 128.0.0.0/1 split to another appliance',
      observed: compliant({
        ownedRouteTable: armRouteTable({
          routes: [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp), armRoute('a', '0.0.0.0/1', 'VirtualAppliance', '10.9.9.9'), armRoute('b', '128.0.0.0/1', 'Internet')],
        }),
      }),
      codes: ['bypass-route', 'bypass-route'],
    },
    {
      label: 'a split that goes to the firewall anyway',
      observed: compliant({
        ownedRouteTable: armRouteTable({
          routes: [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp), armRoute('a', '0.0.0.0/1', 'VirtualAppliance', fwIp), armRoute('b', '128.0.0.0/1', 'VirtualAppliance', fwIp)],
        }),
      }),
      codes: [],
    },
    {
      label: 'firewall public IP route wanted but absent',
      observed: compliant(),
      policy: { firewallPublicIpRoute: true },
      codes: ['firewall-public-ip-route-missing'],
    },
    { label: 'VNet DNS is Azure-provided', observed: compliant({ vnet: armVnet() }), codes: ['vnet-dns-not-firewall'] },
    { label: 'VNet DNS has an extra server', observed: compliant({ vnet: armVnet({ dnsServers: [fwIp, '168.63.129.16'] }) }), codes: ['vnet-dns-not-firewall'] },
    {
      label: 'DNS proxy off is reported instead of changing DNS',
      observed: compliant({ vnet: armVnet(), firewall: { ...firewall, dnsProxyEnabled: false } }),
      codes: ['firewall-dns-proxy-disabled'],
    },
    { label: 'cluster with loadBalancer outbound', observed: compliant({ clusters: [cluster('loadBalancer')] }), codes: ['cluster-outbound-bypass'] },
    { label: 'cluster with managedNATGateway outbound', observed: compliant({ clusters: [cluster('managedNATGateway')] }), codes: ['cluster-outbound-bypass'] },
    { label: 'cluster with no outboundType (AKS default loadBalancer)', observed: compliant({ clusters: [cluster(undefined)] }), codes: ['cluster-outbound-bypass'] },
    { label: 'no firewall in the region', observed: compliant({ firewall: undefined }), codes: ['firewall-not-configured-for-region'] },
    {
      label: 'shared strategy without a table for the region',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTableId: undefined, ownedRouteTable: undefined }),
      policy: { routeTableStrategy: 'shared' },
      codes: ['owned-route-table-not-configured'],
    },
    {
      label: 'shared table configured but deleted',
      observed: compliant({ subnet: armSubnet(), associatedRouteTable: undefined, ownedRouteTable: undefined }),
      policy: { routeTableStrategy: 'shared' },
      codes: ['route-table-missing', 'owned-route-table-not-found'],
    },
    {
      label: 'an expired exemption is mentioned',
      observed: compliant({ mode: { mode: 'enforce', source: 'expired-exemption', exemptUntil: '2020-01-01' } }),
      codes: ['exemption-expired'],
    },
  ])('$label', ({ observed, policy: overrides, codes }) => {
    expect(evaluate(observed, { ...policy, ...overrides }).map((finding) => finding.code)).toEqual(codes);
  });

  it('gives every finding the subnet id, a rule name and a message', () => {
    const findings = evaluate(compliant({ subnet: armSubnet(), associatedRouteTable: undefined, vnet: armVnet() }), policy);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.subnetId).toBe(armSubnet().id);
      expect(finding.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(finding.message.length).toBeGreaterThan(20);
    }
  });

  it.each([
    { label: 'owned bypass, removal off', removeBypassRoutes: false, table: ownedTableId, fixable: false },
    { label: 'owned bypass, removal on', removeBypassRoutes: true, table: ownedTableId, fixable: true },
    { label: 'foreign bypass, removal on, repaired in place', removeBypassRoutes: true, table: foreignTableId, fixable: true },
    { label: 'foreign bypass, removal on, swap', removeBypassRoutes: true, table: foreignTableId, fixable: false, action: 'swap' as const },
    { label: 'foreign bypass, removal on, report', removeBypassRoutes: true, table: foreignTableId, fixable: false, action: 'report' as const },
  ])('bypass routes are fixable only in a table the guard repairs, with REMOVE_BYPASS_ROUTES: $label', ({ removeBypassRoutes, table, fixable, action }) => {
    const routes = [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp), armRoute('x', '52.0.0.0/8', 'Internet')];
    const bypassTable = armRouteTable({ id: table, routes });
    const observed =
      table === ownedTableId
        ? compliant({ ownedRouteTable: bypassTable, associatedRouteTable: bypassTable })
        : compliant({ subnet: armSubnet('aks-nodes', { routeTable: { id: table } }), associatedRouteTable: bypassTable });
    const bypass = evaluate(observed, { ...policy, removeBypassRoutes, foreignRouteTableAction: action ?? 'repair-in-place' }).find((finding) => finding.code === 'bypass-route');
    expect(bypass?.fixable).toBe(fixable);
  });
});

/** The writes decideSubnet plans: what enforce sends for one subnet. */
const planFor = (observed: ObservedSubnet, overrides: Partial<DriftPolicy> = {}): Write[] => decideSubnet(observed, { ...policy, ...overrides }).writes;

describe('decideSubnet: the writes it plans', () => {
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
