import { ArmError } from './armError';
import type { ResourceStore } from './store';
import type { ArmResource, JsonObject } from './types';
import { isJsonObject } from './types';
import { referenceId, sameId, subnetsReferencing } from './views';

/** The VNet a subnet belongs to: where its references must be (same region and subscription). */
export interface SubnetHome {
  readonly location: string | undefined;
  readonly subscriptionId: string;
}

/**
 * A subnet may only point at a route table / NSG / NAT gateway that exists in its VNet's region and subscription.
 * Azure answers all three cases with the same 400 and message (arm-contract.md section 3; a cross-region reference:
 * microsoft/CromwellOnAzure#231; "can only be associated to subnets whose virtual network is in the same
 * subscription and region": MicrosoftLearning/Secure-Azure-with-Microsoft-Defender-Cloud-Compliance-Controls#13).
 */
export function assertSubnetReferencesExist(store: ResourceStore, subnetId: string, properties: JsonObject | undefined, home?: SubnetHome): void {
  for (const property of ['routeTable', 'networkSecurityGroup', 'natGateway'] as const) {
    const target = referenceId(properties?.[property]);
    if (target === undefined) continue;
    const referenced = store.get(target);
    const elsewhere =
      referenced !== undefined &&
      home !== undefined &&
      (subscriptionOf(referenced.id) !== home.subscriptionId.toLowerCase() || (home.location !== undefined && referenced.location !== undefined && normalizedLocation(referenced.location) !== normalizedLocation(home.location)));
    if (!referenced || elsewhere) {
      throw new ArmError(
        400,
        'InvalidResourceReference',
        `Resource ${target} referenced by resource ${subnetId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      );
    }
  }
}

function subscriptionOf(id: string): string {
  return (/^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '').toLowerCase();
}

/** "West Europe" and "westeurope" name the same region. */
function normalizedLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
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
