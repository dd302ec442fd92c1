/**
 * Which resources a Microsoft.Network write body references, and which RBAC action ARM's linked access check asks
 * for on each (403 LinkedAuthorizationFailed when the caller lacks it). ARM checks every reference in the body,
 * whether or not it changed (hashicorp/terraform-provider-azurerm#17271: a DNS-only VNet update fails on the DDoS
 * plan it carries back). Pure data plus one walker: the sandbox's ARM emulator enforces it, and
 * test/unit/azure/linkedReferences.test.ts checks every property the SDK can send is classified here and every
 * action is in the role (shared/azure/permissions.ts, infra/).
 */

export const linkedActions = {
  /** microsoft/planetary-computer-hub#25 (subnet PUT carrying an AKS route table). */
  routeTableJoin: 'Microsoft.Network/routeTables/join/action',
  /** Azure/ARO-RP#423 (VNet PUT with subnets carrying NSGs). */
  networkSecurityGroupJoin: 'Microsoft.Network/networkSecurityGroups/join/action',
  /** Azure resource provider operations list: "Joins a NAT Gateway". */
  natGatewayJoin: 'Microsoft.Network/natGateways/join/action',
  /** Azure resource provider operations list: "Joins a Service Endpoint Policy. Not alertable." */
  serviceEndpointPolicyJoin: 'Microsoft.Network/serviceEndpointPolicies/join/action',
  /** hashicorp/terraform-provider-azurerm#14021, Azure/Azure-Landing-Zones#1977 (VNet create/update). */
  ddosProtectionPlanJoin: 'Microsoft.Network/ddosProtectionPlans/join/action',
  /** Azure/azure-cli#16691, Azure/Azure-Landing-Zones#3506 (the remote VNet of a peering). */
  virtualNetworkPeer: 'Microsoft.Network/virtualNetworks/peer/action',
  /** Azure/Azure-Landing-Zones#4166 (subnet and VNet writes referencing an IPAM pool). */
  ipamPoolAssociate: 'Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action',
} as const;

export type LinkedAction = (typeof linkedActions)[keyof typeof linkedActions];

/** How a writable property of a body is treated by the linked access check. */
export type PropertyKind =
  /** `{ id }` of another resource: ARM checks `action` on it. */
  | { readonly kind: 'reference'; readonly action: LinkedAction }
  /** `[{ id }, ...]`: ARM checks `action` on each. */
  | { readonly kind: 'references'; readonly action: LinkedAction }
  /**
   * A reference with no join-type action in Azure's resource provider operations list (ipAllocations has only
   * read/write/delete; serviceGateways and service endpoint network identifiers have none published): not checked.
   */
  | { readonly kind: 'unchecked-reference'; readonly why: string }
  /** Nested object or list whose own properties are classified in another table. */
  | { readonly kind: 'nested'; readonly table: TableName; readonly list: boolean }
  /** Plain values (strings, numbers, address lists): no resource behind them. */
  | { readonly kind: 'value' };

export type TableName = 'virtualNetwork' | 'addressSpace' | 'ipamPoolPrefixAllocation' | 'virtualNetworkPeering' | 'subnet' | 'serviceEndpoint' | 'routeTable' | 'route';

const value = { kind: 'value' } as const;
const reference = (action: LinkedAction) => ({ kind: 'reference', action }) as const;
const references = (action: LinkedAction) => ({ kind: 'references', action }) as const;
const nested = (table: TableName, list = false) => ({ kind: 'nested', table, list }) as const;
const noJoinAction = (why: string) => ({ kind: 'unchecked-reference', why }) as const;

/**
 * Every writable `properties` member of each body, as @azure/arm-network 39's serializers send them (the test
 * compares these keys with the serializers', so a new SDK property fails until it is classified here).
 */
export const propertyKinds: Readonly<Record<TableName, Readonly<Record<string, PropertyKind>>>> = {
  virtualNetwork: {
    // Walked in this order; the first missing action is the one ARM's message names.
    ddosProtectionPlan: reference(linkedActions.ddosProtectionPlanJoin),
    addressSpace: nested('addressSpace'),
    dhcpOptions: value,
    flowTimeoutInMinutes: value,
    subnets: nested('subnet', true),
    virtualNetworkPeerings: nested('virtualNetworkPeering', true),
    enableDdosProtection: value,
    enableVmProtection: value,
    bgpCommunities: value,
    encryption: value,
    ipAllocations: noJoinAction('Microsoft.Network/ipAllocations has no join action (operations list: read, write, delete)'),
    privateEndpointVNetPolicies: value,
    summarizedGatewayPrefixes: nested('addressSpace'),
  },
  addressSpace: {
    addressPrefixes: value,
    ipamPoolPrefixAllocations: nested('ipamPoolPrefixAllocation', true),
  },
  ipamPoolPrefixAllocation: {
    pool: reference(linkedActions.ipamPoolAssociate),
    numberOfIpAddresses: value,
  },
  virtualNetworkPeering: {
    allowVirtualNetworkAccess: value,
    allowForwardedTraffic: value,
    allowGatewayTransit: value,
    useRemoteGateways: value,
    remoteVirtualNetwork: reference(linkedActions.virtualNetworkPeer),
    localAddressSpace: nested('addressSpace'),
    localVirtualNetworkAddressSpace: nested('addressSpace'),
    remoteAddressSpace: nested('addressSpace'),
    remoteVirtualNetworkAddressSpace: nested('addressSpace'),
    remoteBgpCommunities: value,
    peeringState: value,
    peeringSyncLevel: value,
    doNotVerifyRemoteGateways: value,
    peerCompleteVnets: value,
    enableOnlyIPv6Peering: value,
    localSubnetNames: value,
    remoteSubnetNames: value,
  },
  subnet: {
    addressPrefix: value,
    addressPrefixes: value,
    networkSecurityGroup: reference(linkedActions.networkSecurityGroupJoin),
    routeTable: reference(linkedActions.routeTableJoin),
    natGateway: reference(linkedActions.natGatewayJoin),
    serviceEndpoints: nested('serviceEndpoint', true),
    serviceEndpointPolicies: references(linkedActions.serviceEndpointPolicyJoin),
    ipAllocations: noJoinAction('Microsoft.Network/ipAllocations has no join action (operations list: read, write, delete)'),
    delegations: value,
    privateEndpointNetworkPolicies: value,
    privateLinkServiceNetworkPolicies: value,
    applicationGatewayIPConfigurations: noJoinAction('back-references owned by the application gateway, not a link the subnet makes'),
    sharingScope: value,
    defaultOutboundAccess: value,
    ipamPoolPrefixAllocations: nested('ipamPoolPrefixAllocation', true),
    serviceGateway: noJoinAction('no join action for Microsoft.Network/serviceGateways is published'),
  },
  serviceEndpoint: {
    service: value,
    networkIdentifier: noJoinAction('no join action is published for a service endpoint network identifier'),
    locations: value,
  },
  // Route tables and routes reference no other resource: their writes need no linked action.
  routeTable: { routes: nested('route', true), disableBgpRoutePropagation: value, disablePeeringRoute: value },
  route: { addressPrefix: value, nextHopType: value, nextHopIpAddress: value, nextHop: value },
};

/** The table for a top-level body of this resource type, if the linked access check knows it. */
export function tableOfType(resourceType: string): TableName | undefined {
  switch (resourceType.toLowerCase()) {
    case 'microsoft.network/virtualnetworks':
      return 'virtualNetwork';
    case 'microsoft.network/virtualnetworks/subnets':
      return 'subnet';
    case 'microsoft.network/virtualnetworks/virtualnetworkpeerings':
      return 'virtualNetworkPeering';
    case 'microsoft.network/routetables':
      return 'routeTable';
    case 'microsoft.network/routetables/routes':
      return 'route';
    default:
      return undefined;
  }
}

export interface LinkedReference {
  /** Where in the body, e.g. `properties.subnets[0].properties.routeTable`. */
  readonly path: string;
  /** The referenced resource id, as sent. */
  readonly id: string;
  readonly action: LinkedAction;
}

/** Every reference in a PUT body of `resourceType` that ARM checks, with the action it asks for. */
export function linkedReferencesOf(resourceType: string, body: unknown): LinkedReference[] {
  const table = tableOfType(resourceType);
  if (!table || !isObject(body)) return [];
  const found: LinkedReference[] = [];
  walkResource(table, body, '', found);
  return found;
}

/** A body item shaped `{ name?, id?, properties: {...} }` (top-level bodies, subnets, peerings, routes). */
function walkResource(table: TableName, item: Record<string, unknown>, path: string, found: LinkedReference[]): void {
  const properties = item['properties'];
  if (isObject(properties)) walkProperties(table, properties, `${path}${path ? '.' : ''}properties`, found);
}

function walkProperties(table: TableName, properties: Record<string, unknown>, path: string, found: LinkedReference[]): void {
  for (const [name, kind] of Object.entries(propertyKinds[table])) {
    const member = properties[name];
    if (member === undefined || member === null) continue;
    const at = `${path}.${name}`;
    switch (kind.kind) {
      case 'reference': {
        const id = idOf(member);
        if (id) found.push({ path: at, id, action: kind.action });
        break;
      }
      case 'references':
        if (Array.isArray(member)) {
          member.forEach((entry, index) => {
            const id = idOf(entry);
            if (id) found.push({ path: `${at}[${index}]`, id, action: kind.action });
          });
        }
        break;
      case 'nested': {
        const items = kind.list ? (Array.isArray(member) ? member : []) : [member];
        items.forEach((entry, index) => {
          if (!isObject(entry)) return;
          const entryPath = kind.list ? `${at}[${index}]` : at;
          // Subnets and peerings are resource-shaped ({ name, properties }); the other tables are flat objects.
          if (kind.table === 'subnet' || kind.table === 'virtualNetworkPeering' || kind.table === 'route') walkResource(kind.table, entry, entryPath, found);
          else walkProperties(kind.table, entry, entryPath, found);
        });
        break;
      }
      default:
        break;
    }
  }
}

function idOf(value: unknown): string | undefined {
  return isObject(value) && typeof value['id'] === 'string' && value['id'] !== '' ? value['id'] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
