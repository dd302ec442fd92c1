import { toRouteTableUpdate, toRouteUpdate, toSubnetUpdate, toVirtualNetworkUpdate } from '../../../../shared/core/drift/toUpdateBodies';
import { armRoute, armRouteTable, armSubnet, armVnet, fwIp, ownedTableId } from './fixtures';

const natGateway = { id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/natGateways/ng' };

describe('toSubnetUpdate', () => {
  const subnet = armSubnet('aks-nodes', {
    natGateway,
    delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } }],
    sharingScope: 'Tenant',
    futureProperty: { nested: [1, 'two', { three: true }] },
    routeTable: { id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/routeTables/old' },
  });
  const body = toSubnetUpdate(subnet, ownedTableId);

  it('changes only routeTable', () => {
    expect(body.properties).toMatchObject({ routeTable: { id: ownedTableId } });
  });

  it.each([
    { label: 'NSG', key: 'networkSecurityGroup' },
    { label: 'NAT gateway', key: 'natGateway' },
    { label: 'delegations', key: 'delegations' },
    { label: 'service endpoints', key: 'serviceEndpoints' },
    { label: 'sharing scope', key: 'sharingScope' },
    { label: 'network policies', key: 'privateEndpointNetworkPolicies' },
    { label: 'an unknown property', key: 'futureProperty' },
  ])('sends $label back exactly as read', ({ key }) => {
    expect(JSON.stringify((body.properties as Record<string, unknown>)[key])).toBe(JSON.stringify(subnet.properties?.[key]));
  });

  it('drops read-only fields and does not touch the observed object', () => {
    expect(body.etag).toBeUndefined();
    expect(body.properties).not.toHaveProperty('provisioningState');
    expect(body.properties).not.toHaveProperty('ipConfigurations');
    expect(subnet.properties?.routeTable?.id).toMatch(/old$/);
    expect(subnet.etag).toBeDefined();
  });
});

describe('toVirtualNetworkUpdate', () => {
  it('sets dnsServers, keeps other dhcpOptions and properties, leaves subnets out', () => {
    const vnet = armVnet({ dnsServers: ['1.1.1.1'] });
    (vnet.properties!.dhcpOptions as Record<string, unknown>).futureOption = 'x';
    const body = toVirtualNetworkUpdate(vnet, [fwIp]);
    expect(body.properties).toEqual({
      addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
      dhcpOptions: { dnsServers: [fwIp], futureOption: 'x' },
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    });
    expect(body).toMatchObject({ id: vnet.id, location: 'westeurope' });
  });
});

describe('toRouteTableUpdate', () => {
  it('flips BGP propagation and sends every route back without read-only fields', () => {
    const table = armRouteTable({ disableBgpRoutePropagation: false, routes: [armRoute('a', '10.0.0.0/8', 'VirtualNetworkGateway')] });
    const body = toRouteTableUpdate(table, true);
    expect(body.properties).toEqual({
      disableBgpRoutePropagation: true,
      routes: [{ name: 'a', id: `${ownedTableId}/routes/a`, type: 'Microsoft.Network/routeTables/routes', properties: { addressPrefix: '10.0.0.0/8', nextHopType: 'VirtualNetworkGateway' } }],
    });
  });
});

describe('toRouteUpdate', () => {
  it.each([
    {
      label: 'fixes an existing route in place',
      existing: armRoute('r', '0.0.0.0/0', 'VirtualAppliance', '10.0.1.99'),
      expected: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: fwIp },
    },
    {
      label: 'adds the next hop IP when an Internet route becomes VirtualAppliance',
      existing: armRoute('r', '0.0.0.0/0', 'Internet'),
      expected: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: fwIp },
    },
    { label: 'builds a new route', existing: undefined, expected: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: fwIp } },
  ])('$label', ({ existing, expected }) => {
    const body = toRouteUpdate(existing, { name: 'egress-guard-default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: fwIp });
    expect(body.properties).toEqual(expected);
  });
});
