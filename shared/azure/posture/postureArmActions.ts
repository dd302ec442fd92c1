/** Every ARM action the posture reader performs (test/unit/infra/codeActions.test.ts checks the roles grant them). */
export const postureArmActions = [
  'Microsoft.ContainerService/managedClusters/read',
  'Microsoft.Network/virtualNetworks/read',
  'Microsoft.Network/azureFirewalls/read',
  'Microsoft.Network/publicIPAddresses/read',
  'Microsoft.Network/firewallPolicies/read',
  'Microsoft.Network/firewallPolicies/ruleCollectionGroups/read',
  'Microsoft.Network/ipGroups/read',
  'Microsoft.Network/loadBalancers/read',
] as const;
