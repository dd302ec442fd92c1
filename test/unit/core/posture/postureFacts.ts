import type { ArmRuleCollectionGroup } from '../../../../shared/core/firewallPolicy/firewallPolicyModel';
import type { PostureFacts, PostureFirewall } from '../../../../shared/core/posture/types';

/** The guide's rules (seed rcg-platform) as a policy group. */
export const guideGroup: ArmRuleCollectionGroup = {
  name: 'rcg-platform',
  properties: {
    priority: 200,
    ruleCollections: [
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
        name: 'aks-required',
        priority: 100,
        action: { type: 'Allow' },
        rules: [{ ruleType: 'ApplicationRule', name: 'aks-fqdn-tag', sourceAddresses: ['10.42.0.0/16'], protocols: [{ protocolType: 'Http', port: 80 }, { protocolType: 'Https', port: 443 }], fqdnTags: ['AzureKubernetesService'] }],
      },
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
        name: 'aks-network',
        priority: 110,
        action: { type: 'Allow' },
        rules: [
          { ruleType: 'NetworkRule', name: 'apiudp', ipProtocols: ['UDP'], sourceAddresses: ['*'], destinationAddresses: ['AzureCloud.westeurope'], destinationPorts: ['1194'] },
          { ruleType: 'NetworkRule', name: 'apitcp', ipProtocols: ['TCP'], sourceAddresses: ['*'], destinationAddresses: ['AzureCloud.westeurope'], destinationPorts: ['9000'] },
          { ruleType: 'NetworkRule', name: 'time', ipProtocols: ['UDP'], sourceAddresses: ['*'], destinationFqdns: ['ntp.ubuntu.com'], destinationPorts: ['123'] },
        ],
      },
    ],
  },
};

export const firewallOf = (overrides: Partial<PostureFirewall> = {}): PostureFirewall => ({
  id: '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub',
  name: 'fw-hub',
  location: 'westeurope',
  privateIp: '10.0.1.4',
  publicIps: ['20.61.15.100'],
  policyId: '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub',
  dnsProxyEnabled: true,
  policy: { layers: [{ policyId: 'afwp-hub', policyName: 'afwp-hub', groups: [guideGroup] }], ipGroups: new Map() },
  snat: { publicIpCount: 1, instanceCount: 2, ports: 4992 },
  ...overrides,
});

/** A compliant guide cluster: UDR, authorized ranges with the firewall IP, DNS via the proxy, Free tier. */
export function factsOf(overrides: { cluster?: Partial<PostureFacts['cluster']>; firewall?: PostureFirewall | undefined; publicFrontends?: PostureFacts['publicFrontends']; dnsServers?: string[]; prefixes?: string[] } = {}): PostureFacts {
  return {
    cluster: {
      id: '/subscriptions/s/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress',
      name: 'aks-egress',
      location: 'westeurope',
      outboundType: 'userDefinedRouting',
      privateCluster: false,
      apiServerVnetIntegration: false,
      authorizedIpRanges: ['20.61.15.100/32'],
      apiServerFqdn: 'aks-egress-7c1f2d6b.hcp.westeurope.azmk8s.io',
      skuTier: 'Free',
      nodeResourceGroup: 'MC_rg-spoke_aks-egress_westeurope',
      ...overrides.cluster,
    },
    subnets: [
      {
        id: '/subscriptions/s/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks/subnets/aks-subnet',
        name: 'aks-subnet',
        prefixes: overrides.prefixes ?? ['10.42.1.0/24'],
        vnetId: '/subscriptions/s/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks',
        vnetName: 'vnet-spoke-aks',
        vnetDnsServers: overrides.dnsServers ?? ['10.0.1.4'],
      },
    ],
    firewall: 'firewall' in overrides ? overrides.firewall : firewallOf(),
    publicFrontends: overrides.publicFrontends ?? [],
  };
}
