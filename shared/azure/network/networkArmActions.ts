/**
 * Every ARM RBAC action this adapter performs, so infra (role definition) can be checked against it.
 * `join/action` is checked on the referenced resource when a subnet PUT references a route table
 * (and on the NSG/NAT gateway the body carries back unchanged).
 */
export const networkArmActions = [
  'Microsoft.Network/virtualNetworks/read',
  'Microsoft.Network/virtualNetworks/write',
  'Microsoft.Network/virtualNetworks/subnets/read',
  'Microsoft.Network/virtualNetworks/subnets/write',
  'Microsoft.Network/routeTables/read',
  'Microsoft.Network/routeTables/write',
  'Microsoft.Network/routeTables/join/action',
  'Microsoft.Network/routeTables/routes/read',
  'Microsoft.Network/routeTables/routes/write',
  'Microsoft.Network/routeTables/routes/delete',
  'Microsoft.Network/networkSecurityGroups/join/action',
  'Microsoft.Network/natGateways/join/action',
  'Microsoft.Network/azureFirewalls/read',
  'Microsoft.Network/publicIPAddresses/read',
  'Microsoft.Network/firewallPolicies/read',
  'Microsoft.ContainerService/managedClusters/read',
] as const;

export type NetworkArmAction = (typeof networkArmActions)[number];
