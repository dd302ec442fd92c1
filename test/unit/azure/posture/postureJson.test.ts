import { clusterSubnetIds, publicFrontendsOf, referencedIpGroups, toPostureCluster } from '../../../../shared/azure/posture/postureJson';
import { affectsPosture, watchedOperations } from '../../../../shared/core/events/resourceEvent';

const rg = '/subscriptions/s/resourceGroups/MC_rg_aks_westeurope/providers/Microsoft.Network';

describe('toPostureCluster', () => {
  it('reads the API server access profile, outbound type, tier and node resource group', () => {
    expect(
      toPostureCluster({
        id: '/c/aks',
        name: 'aks',
        location: 'westeurope',
        sku: { name: 'Base', tier: 'Standard' },
        properties: {
          fqdn: 'aks-1.hcp.westeurope.azmk8s.io',
          nodeResourceGroup: 'MC_rg_aks_westeurope',
          networkProfile: { outboundType: 'userDefinedRouting' },
          apiServerAccessProfile: { authorizedIPRanges: ['20.61.15.100/32'], enablePrivateCluster: false, enableVnetIntegration: true },
        },
      }),
    ).toEqual({
      id: '/c/aks',
      name: 'aks',
      location: 'westeurope',
      outboundType: 'userDefinedRouting',
      privateCluster: false,
      apiServerVnetIntegration: true,
      authorizedIpRanges: ['20.61.15.100/32'],
      apiServerFqdn: 'aks-1.hcp.westeurope.azmk8s.io',
      skuTier: 'Standard',
      nodeResourceGroup: 'MC_rg_aks_westeurope',
    });
  });

  it('treats a missing access profile as open and public', () => {
    expect(toPostureCluster({ id: '/c/x', name: 'x', properties: {} })).toMatchObject({ privateCluster: false, authorizedIpRanges: undefined, outboundType: undefined, skuTier: undefined });
  });
});

describe('clusterSubnetIds', () => {
  it('takes node and pod subnets of every pool once, whatever the case', () => {
    const pools = [
      { vnetSubnetID: '/s/nodes', podSubnetID: '/s/pods' },
      { vnetSubnetID: '/S/NODES' },
      { name: 'managed-vnet-pool' },
    ];
    expect(clusterSubnetIds({ properties: { agentPoolProfiles: pools } })).toEqual(['/s/nodes', '/s/pods']);
  });
});

describe('publicFrontendsOf', () => {
  it('keeps frontends with a public IP and resolves their address', () => {
    const loadBalancer = {
      id: `${rg}/loadBalancers/kubernetes`,
      name: 'kubernetes',
      properties: {
        frontendIPConfigurations: [
          { name: 'public', properties: { publicIPAddress: { id: `${rg}/publicIPAddresses/pip-1` } } },
          { name: 'internal', properties: { privateIPAddress: '10.43.1.250', subnet: { id: '/s/nodes' } } },
        ],
      },
    };
    expect(publicFrontendsOf(loadBalancer, (id) => (id.endsWith('pip-1') ? '20.61.20.7' : undefined))).toEqual([
      { loadBalancerId: `${rg}/loadBalancers/kubernetes`, loadBalancerName: 'kubernetes', frontendName: 'public', publicIpId: `${rg}/publicIPAddresses/pip-1`, ipAddress: '20.61.20.7' },
    ]);
  });
});

describe('referencedIpGroups', () => {
  it('collects source and destination IP groups of every rule once', () => {
    const group = (ids: string[]) => ({ properties: { ruleCollections: [{ rules: [{ sourceIpGroups: ids }, { destinationIpGroups: ['/ipg/b'] }] }] } });
    expect(referencedIpGroups([group(['/ipg/a', '/IPG/A']), group([])])).toEqual(['/ipg/a', '/ipg/b']);
  });
});

describe('affectsPosture', () => {
  it.each([
    { kind: 'firewallPolicy', affects: true },
    { kind: 'ruleCollectionGroup', affects: true },
    { kind: 'loadBalancer', affects: true },
    { kind: 'ipGroup', affects: true },
    { kind: 'firewall', affects: true },
    { kind: 'managedCluster', affects: true },
    { kind: 'virtualNetwork', affects: false },
    { kind: 'route', affects: false },
    { kind: 'routeTable', affects: false },
  ] as const)('$kind -> $affects', ({ kind, affects }) => {
    expect(affectsPosture({ kind })).toBe(affects);
  });

  it('watches the rule collection group writes and deletes that can shadow required egress', () => {
    expect(watchedOperations['Microsoft.Network/firewallPolicies/ruleCollectionGroups/delete']).toEqual({ kind: 'ruleCollectionGroup', change: 'delete' });
  });
});
