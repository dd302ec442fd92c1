import { ArmError } from './armError';
import { parseResourceId } from './resourcePath';
import type { ResourceStore } from './store';
import type { ArmResource, JsonObject } from './types';
import { isJsonObject } from './types';
import { referenceId, sameId, subnetsReferencing } from './views';

/** A subnet may only point at a route table / NSG that exists (message: arm-contract.md section 3). */
export function assertSubnetReferencesExist(store: ResourceStore, subnetId: string, properties: JsonObject | undefined): void {
  for (const property of ['routeTable', 'networkSecurityGroup', 'natGateway'] as const) {
    const target = referenceId(properties?.[property]);
    if (target !== undefined && !store.has(target)) {
      throw new ArmError(
        400,
        'InvalidResourceReference',
        `Resource ${target} referenced by resource ${subnetId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      );
    }
  }
}

/** Ids of what keeps a subnet from being deleted: NIC/firewall ipConfigurations and AKS agent pools. */
export function subnetUsers(store: ResourceStore, subnet: ArmResource): string[] {
  const ipConfigurations = subnet.properties?.['ipConfigurations'];
  const fromIpConfigurations = Array.isArray(ipConfigurations) ? ipConfigurations.map(referenceId).filter((id): id is string => id !== undefined) : [];
  const fromFirewalls = store.ofType('Microsoft.Network/azureFirewalls').flatMap((firewall) =>
    firewallIpConfigurations(firewall)
      .filter((configuration) => sameId(referenceId(configuration.properties?.['subnet']), subnet.id))
      .map((configuration) => configuration.id ?? firewall.id),
  );
  const fromAgentPools = store
    .ofType('Microsoft.ContainerService/managedClusters/agentPools')
    .filter((pool) => sameId(typeof pool.properties?.['vnetSubnetID'] === 'string' ? pool.properties['vnetSubnetID'] : undefined, subnet.id))
    .map((pool) => pool.id);
  return [...new Set([...fromIpConfigurations, ...fromFirewalls, ...fromAgentPools])];
}

export function inUseSubnetError(subnet: ArmResource, users: string[]): ArmError {
  return new ArmError(
    400,
    'InUseSubnetCannotBeDeleted',
    `Subnet ${subnet.name} is in use by ${users.join(', ')} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

interface IpConfiguration {
  id?: string;
  properties?: JsonObject;
}

function firewallIpConfigurations(firewall: ArmResource): IpConfiguration[] {
  const configurations = firewall.properties?.['ipConfigurations'];
  return Array.isArray(configurations) ? configurations.filter(isJsonObject).map((c) => c as IpConfiguration) : [];
}

/** Throws the error Azure gives when deleting `resource` would leave dangling references. */
export function assertDeletable(store: ResourceStore, resource: ArmResource): void {
  switch (resource.type.toLowerCase()) {
    case 'microsoft.network/virtualnetworks/subnets': {
      const users = subnetUsers(store, resource);
      if (users.length > 0) throw inUseSubnetError(resource, users);
      return;
    }
    case 'microsoft.network/virtualnetworks':
      for (const subnet of store.children(resource.id, 'Microsoft.Network/virtualNetworks/subnets')) assertDeletable(store, subnet);
      return;
    case 'microsoft.network/routetables':
      if (subnetsReferencing(store, 'routeTable', resource.id).length > 0) {
        throw new ArmError(400, 'InUseRouteTableCannotBeDeleted', `Route table ${resource.name} is in use and cannot be deleted.`);
      }
      return;
    case 'microsoft.network/networksecuritygroups': {
      const users = subnetsReferencing(store, 'networkSecurityGroup', resource.id).map((ref) => String(ref['id']));
      if (users.length > 0) {
        throw new ArmError(
          400,
          'InUseNetworkSecurityGroupCannotBeDeleted',
          `Network security group ${resource.id} cannot be deleted because it is in use by the following resources: ${users.join(', ')}.`,
        );
      }
      return;
    }
    default:
      return;
  }
}

/** The policy a rule collection group or policy write locks (Azure serialises writes per firewall policy). */
export function firewallPolicyLockKey(resourceId: string): string | undefined {
  const parsed = parseResourceId(resourceId);
  if (!parsed || parsed.namespace.toLowerCase() !== 'microsoft.network' || parsed.types[0]?.toLowerCase() !== 'firewallpolicies') return undefined;
  return `/subscriptions/${parsed.subscriptionId}/resourcegroups/${parsed.resourceGroup}/providers/microsoft.network/firewallpolicies/${parsed.names[0]}`.toLowerCase();
}
