import type { ArmRoute, ArmRouteTable, ArmSubnet, ArmVirtualNetwork } from '../../../../shared/azure/arm/armJson';
import type { ClusterFacts, DriftPolicy, FirewallFacts, ObservedSubnet } from '../../../../shared/core/drift/types';

/** Fixtures shaped like Microsoft.Network 2026-01-01 GET bodies (wire JSON, not SDK models). */
export const sub = '00000000-0000-0000-0000-000000000001';
export const rg = 'rg-spoke';
export const vnetId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet-spoke`;
export const subnetId = `${vnetId}/subnets/aks-nodes`;
export const ownedTableId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/routeTables/rt-vnet-spoke-egress`;
export const foreignTableId = `/subscriptions/${sub}/resourceGroups/rg-other/providers/Microsoft.Network/routeTables/rt-someone-else`;
export const firewallId = `/subscriptions/${sub}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub-westeurope`;
export const fwIp = '10.0.1.4';
export const fwPip = '20.61.1.10';

export const policy: DriftPolicy = {
  mode: 'enforce',
  aksSubnetPatterns: ['aks-*'],
  routeTableStrategy: 'per-vnet',
  sharedRouteTableIds: [],
  routeTableNamePattern: 'rt-{vnet}-egress',
  firewallPublicIpRoute: false,
  removeBypassRoutes: false,
  foreignRouteTableAction: 'repair-in-place',
};

export function armSubnet(name = 'aks-nodes', properties: Record<string, unknown> = {}): ArmSubnet {
  return {
    name,
    id: `${vnetId}/subnets/${name}`,
    etag: 'W/"5b9a4098-0000-0000-0000-000000000001"',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: '10.1.0.0/22',
      networkSecurityGroup: { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-aks` },
      serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope'], provisioningState: 'Succeeded' }],
      ipConfigurations: [{ id: '/subscriptions/x/resourceGroups/mc/providers/Microsoft.Network/networkInterfaces/nic/ipConfigurations/ipconfig1' }],
      delegations: [],
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
      ...properties,
    },
    type: 'Microsoft.Network/virtualNetworks/subnets',
  };
}

export function armVnet(options: { tags?: Record<string, string>; dnsServers?: string[]; subnets?: ArmSubnet[] } = {}): ArmVirtualNetwork {
  return {
    name: 'vnet-spoke',
    id: vnetId,
    etag: 'W/"aaaa0000-0000-0000-0000-000000000001"',
    type: 'Microsoft.Network/virtualNetworks',
    location: 'westeurope',
    ...(options.tags ? { tags: options.tags } : {}),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '3d6b5a1e-0000-0000-0000-000000000000',
      addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
      ...(options.dnsServers ? { dhcpOptions: { dnsServers: options.dnsServers } } : {}),
      subnets: options.subnets ?? [armSubnet()],
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
}

export function armRoute(name: string, addressPrefix: string, nextHopType: string, nextHopIpAddress?: string): ArmRoute {
  return {
    name,
    id: `${ownedTableId}/routes/${name}`,
    etag: 'W/"bbbb0000-0000-0000-0000-000000000001"',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix,
      nextHopType,
      ...(nextHopIpAddress ? { nextHopIpAddress } : {}),
      hasBgpOverride: false,
    },
    type: 'Microsoft.Network/routeTables/routes',
  };
}

export function armRouteTable(options: { id?: string; routes?: ArmRoute[]; disableBgpRoutePropagation?: boolean } = {}): ArmRouteTable {
  const id = options.id ?? ownedTableId;
  return {
    name: id.split('/').pop()!,
    id,
    etag: 'W/"bbbb0000-0000-0000-0000-000000000001"',
    type: 'Microsoft.Network/routeTables',
    location: 'westeurope',
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '11111111-0000-0000-0000-000000000000',
      disableBgpRoutePropagation: options.disableBgpRoutePropagation ?? true,
      routes: options.routes ?? [armRoute('egress-guard-default', '0.0.0.0/0', 'VirtualAppliance', fwIp)],
      subnets: [{ id: subnetId }],
    },
  };
}

export const firewall: FirewallFacts = { id: firewallId, location: 'westeurope', privateIp: fwIp, publicIps: [fwPip], dnsProxyEnabled: true };

export function cluster(outboundType: string | undefined): ClusterFacts {
  return { id: `/subscriptions/${sub}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-1`, name: 'aks-1', outboundType, subnetIds: [subnetId] };
}

/** A compliant subnet; tests change one thing at a time. */
export function compliant(overrides: Partial<ObservedSubnet> = {}): ObservedSubnet {
  const table = armRouteTable();
  // The subnet uses the owned table: a test that changes the owned table changes what the subnet uses.
  const associated = 'associatedRouteTable' in overrides ? overrides.associatedRouteTable : (overrides.ownedRouteTable ?? table);
  return {
    subnet: armSubnet('aks-nodes', { routeTable: { id: ownedTableId } }),
    vnet: armVnet({ dnsServers: [fwIp] }),
    associatedRouteTable: associated,
    ownedRouteTableId: ownedTableId,
    ownedRouteTable: table,
    firewall,
    clusters: [cluster('userDefinedRouting')],
    mode: { mode: 'enforce', source: 'setting' },
    ...overrides,
  };
}
