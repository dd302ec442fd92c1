import { dirname, join } from 'node:path';
import { linkedActions, linkedReferencesOf, propertyKinds, type TableName } from '../../../../shared/azure/arm/linkedReferences';
import { guardedSubscriptionActions, linkedResourceActions } from '../../../../shared/azure/permissions';

/**
 * The SDK's own serializers (not exported by the package's entry points, so loaded from its file): calling one with
 * `{}` lists every member it can send. A property the SDK learns in a later version fails here until it is classified.
 */
type Serializer = (item: Record<string, unknown>) => Record<string, unknown>;
const sdkModels = require(join(dirname(require.resolve('@azure/arm-network')), 'models', 'common', 'models.js')) as Record<string, Serializer>;
const serializerOf: Record<TableName, string> = {
  virtualNetwork: 'virtualNetworkPropertiesFormatSerializer',
  addressSpace: 'addressSpaceSerializer',
  ipamPoolPrefixAllocation: 'ipamPoolPrefixAllocationSerializer',
  virtualNetworkPeering: 'virtualNetworkPeeringPropertiesFormatSerializer',
  subnet: 'subnetPropertiesFormatSerializer',
  serviceEndpoint: 'serviceEndpointPropertiesFormatSerializer',
  routeTable: 'routeTablePropertiesFormatSerializer',
  route: 'routePropertiesFormatSerializer',
};

const sub = '/subscriptions/11111111-1111-4111-8111-111111111111';
const hub = '/subscriptions/22222222-2222-4222-8222-222222222222';
const id = (scope: string, rg: string, type: string, name: string) => `${scope}/resourceGroups/${rg}/providers/Microsoft.Network/${type}/${name}`;

/** A VNet as a hub-and-spoke estate has it: every reference kind a body can carry back. */
const vnetBody = {
  location: 'westeurope',
  properties: {
    addressSpace: { addressPrefixes: [], ipamPoolPrefixAllocations: [{ numberOfIpAddresses: '256', pool: { id: `${hub}/resourceGroups/rg-ipam/providers/Microsoft.Network/networkManagers/nm/ipamPools/spokes` } }] },
    dhcpOptions: { dnsServers: ['10.0.1.4'] },
    ddosProtectionPlan: { id: id(hub, 'rg-ddos', 'ddosProtectionPlans', 'ddos-central') },
    ipAllocations: [{ id: id(sub, 'rg', 'IpAllocations', 'alloc') }],
    virtualNetworkPeerings: [{ name: 'to-hub', properties: { remoteVirtualNetwork: { id: id(hub, 'rg-hub', 'virtualNetworks', 'vnet-hub') }, allowForwardedTraffic: true } }],
    subnets: [
      {
        name: 'aks-subnet',
        properties: {
          addressPrefix: '10.42.1.0/24',
          routeTable: { id: id(sub, 'rg', 'routeTables', 'rt') },
          networkSecurityGroup: { id: id(sub, 'rg', 'networkSecurityGroups', 'nsg') },
          natGateway: { id: id(sub, 'rg', 'natGateways', 'nat') },
          serviceEndpointPolicies: [{ id: id(sub, 'rg', 'serviceEndpointPolicies', 'sep') }],
          serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope'] }],
        },
      },
    ],
  },
};

describe('linked references of a write body', () => {
  it('finds every reference ARM checks, with the action it asks for', () => {
    const found = linkedReferencesOf('Microsoft.Network/virtualNetworks', vnetBody).map(({ path, action }) => [path, action]);

    expect(found).toEqual([
      ['properties.ddosProtectionPlan', linkedActions.ddosProtectionPlanJoin],
      ['properties.addressSpace.ipamPoolPrefixAllocations[0].pool', linkedActions.ipamPoolAssociate],
      ['properties.subnets[0].properties.networkSecurityGroup', linkedActions.networkSecurityGroupJoin],
      ['properties.subnets[0].properties.routeTable', linkedActions.routeTableJoin],
      ['properties.subnets[0].properties.natGateway', linkedActions.natGatewayJoin],
      ['properties.subnets[0].properties.serviceEndpointPolicies[0]', linkedActions.serviceEndpointPolicyJoin],
      ['properties.virtualNetworkPeerings[0].properties.remoteVirtualNetwork', linkedActions.virtualNetworkPeer],
    ]);
  });

  it('reads subnet bodies and finds nothing in route tables and routes', () => {
    expect(linkedReferencesOf('microsoft.network/virtualnetworks/SUBNETS', vnetBody.properties.subnets[0]).map((reference) => reference.id)).toHaveLength(4);
    expect(linkedReferencesOf('Microsoft.Network/routeTables', { properties: { routes: [{ name: 'r', properties: { nextHopType: 'Internet' } }] } })).toEqual([]);
    expect(linkedReferencesOf('Microsoft.Network/routeTables/routes', { properties: { nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' } })).toEqual([]);
  });

  it('ignores malformed members instead of throwing (the emulator answers those elsewhere)', () => {
    expect(linkedReferencesOf('Microsoft.Network/virtualNetworks', { properties: { subnets: 'x', ddosProtectionPlan: { id: 3 }, virtualNetworkPeerings: [null] } })).toEqual([]);
    expect(linkedReferencesOf('Microsoft.Network/virtualNetworks', 'not an object')).toEqual([]);
  });
});

describe('every reference a body can carry has its action in the role', () => {
  it.each(Object.keys(serializerOf) as TableName[])('classifies every member the SDK serializer sends for %s', (table) => {
    const serializer = sdkModels[serializerOf[table]];
    expect(typeof serializer).toBe('function');
    const sent = Object.keys((serializer as Serializer)({}));

    expect(sent.filter((member) => propertyKinds[table][member] === undefined)).toEqual([]);
  });

  const actionsInTables = [...new Set(Object.values(propertyKinds).flatMap((table) => Object.values(table).flatMap((kind) => ('action' in kind ? [kind.action] : []))))];

  it.each([
    { strategy: 'per-vnet' as const, removeBypassRoutes: false },
    { strategy: 'shared' as const, removeBypassRoutes: false },
  ])('the guarded subscription role ($strategy) holds every join/peer action', ({ strategy, removeBypassRoutes }) => {
    const granted = new Set(guardedSubscriptionActions(strategy, removeBypassRoutes, 'report'));
    expect(actionsInTables.filter((action) => !granted.has(action))).toEqual([]);
  });

  it('the linked resources role (scopes outside the guarded subscriptions) holds every join/peer action', () => {
    expect([...actionsInTables].sort()).toEqual([...linkedResourceActions].sort());
  });
});
