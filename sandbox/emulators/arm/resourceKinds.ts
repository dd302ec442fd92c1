/**
 * What the emulator knows about each resource type. Types not listed here are stored generically: everything kept
 * as given, synchronous writes for other providers, LROs for Microsoft.Network and Microsoft.ContainerService.
 */

export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

export interface InlineChildren {
  /** Canonical type of the child, e.g. Microsoft.Network/virtualNetworks/subnets. */
  readonly childType: string;
  /** Property of the parent's `properties` that lists the children. */
  readonly property: string;
  /** `resource`: full child objects ({id,name,etag,properties}); `flattened`: AKS profiles ({name, ...properties}). */
  readonly shape: 'resource' | 'flattened';
}

export interface ResourceKind {
  readonly type: string;
  /** Where the etag lives: ARM `etag`, AKS `eTag` (top level for clusters, in properties for agent pools). */
  readonly etagField: 'etag' | 'eTag' | 'properties.eTag';
  /** Inline children carry the parent's etag and a write to them changes it (REC-CLI, REC-PS). */
  readonly sharesParentEtag: boolean;
  readonly inlineChildren?: InlineChildren;
  /** Read-only properties: ignored on input, kept from the stored state. */
  readonly serverOwned: readonly string[];
  /** Derived from other resources on every read; never stored. */
  readonly computed: readonly string[];
  readonly supportsPatch: boolean;
  readonly patchIsLro: boolean;
  readonly generatesResourceGuid: boolean;
  readonly isRuleCollectionGroup: boolean;
  /** Properties Azure fills in when absent. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

const base: ResourceKind = {
  type: '',
  etagField: 'etag',
  sharesParentEtag: false,
  serverOwned: ['provisioningState'],
  computed: [],
  supportsPatch: false,
  patchIsLro: false,
  generatesResourceGuid: false,
  isRuleCollectionGroup: false,
  defaults: {},
};

const kinds: ResourceKind[] = [
  {
    ...base,
    type: 'Microsoft.Network/virtualNetworks',
    inlineChildren: { childType: 'Microsoft.Network/virtualNetworks/subnets', property: 'subnets', shape: 'resource' },
    serverOwned: ['provisioningState', 'resourceGuid'],
    supportsPatch: true,
    generatesResourceGuid: true,
  },
  {
    ...base,
    type: 'Microsoft.Network/virtualNetworks/subnets',
    sharesParentEtag: true,
    serverOwned: [
      'provisioningState', 'ipConfigurations', 'ipConfigurationProfiles', 'privateEndpoints',
      'resourceNavigationLinks', 'serviceAssociationLinks', 'purpose',
    ],
    // Echoed even when not sent (REC-JS in arm-contract.md).
    defaults: { delegations: [], privateEndpointNetworkPolicies: 'Disabled', privateLinkServiceNetworkPolicies: 'Enabled' },
  },
  {
    ...base,
    type: 'Microsoft.Network/routeTables',
    inlineChildren: { childType: 'Microsoft.Network/routeTables/routes', property: 'routes', shape: 'resource' },
    serverOwned: ['provisioningState', 'resourceGuid'],
    computed: ['subnets'],
    supportsPatch: true,
    generatesResourceGuid: true,
    defaults: { disableBgpRoutePropagation: false },
  },
  { ...base, type: 'Microsoft.Network/routeTables/routes', sharesParentEtag: true, serverOwned: ['provisioningState', 'hasBgpOverride'] },
  { ...base, type: 'Microsoft.Network/azureFirewalls', supportsPatch: true, patchIsLro: true },
  {
    ...base,
    type: 'Microsoft.Network/firewallPolicies',
    computed: ['ruleCollectionGroups', 'firewalls', 'childPolicies'],
    supportsPatch: true,
  },
  { ...base, type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups', isRuleCollectionGroup: true },
  {
    ...base,
    type: 'Microsoft.Network/publicIPAddresses',
    serverOwned: ['provisioningState', 'resourceGuid', 'ipConfiguration'],
    supportsPatch: true,
    generatesResourceGuid: true,
  },
  {
    ...base,
    type: 'Microsoft.Network/networkSecurityGroups',
    serverOwned: ['provisioningState', 'resourceGuid', 'defaultSecurityRules', 'networkInterfaces'],
    computed: ['subnets'],
    supportsPatch: true,
    generatesResourceGuid: true,
  },
  {
    ...base,
    type: 'Microsoft.ContainerService/managedClusters',
    etagField: 'eTag',
    inlineChildren: { childType: 'Microsoft.ContainerService/managedClusters/agentPools', property: 'agentPoolProfiles', shape: 'flattened' },
    serverOwned: ['provisioningState', 'powerState', 'fqdn', 'azurePortalFQDN', 'privateFQDN', 'currentKubernetesVersion', 'maxAgentPools', 'resourceUID'],
    supportsPatch: true,
    patchIsLro: true,
  },
  {
    ...base,
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    etagField: 'properties.eTag',
    serverOwned: ['provisioningState', 'currentOrchestratorVersion', 'nodeImageVersion', 'eTag'],
  },
  // Posture reads: load balancers and public IPs in node resource groups, IP groups named by policy rules.
  {
    ...base,
    type: 'Microsoft.Network/loadBalancers',
    serverOwned: ['provisioningState', 'resourceGuid'],
    supportsPatch: true,
    generatesResourceGuid: true,
  },
  { ...base, type: 'Microsoft.Network/ipGroups', serverOwned: ['provisioningState', 'firewalls', 'firewallPolicies'], supportsPatch: true },
];

const byLowerType = new Map(kinds.map((kind) => [kind.type.toLowerCase(), kind]));

/** The known kind for a type, or a generic kind that keeps everything as given. */
export function kindOf(type: string): ResourceKind {
  return byLowerType.get(type.toLowerCase()) ?? { ...base, type, supportsPatch: true };
}

export function isKnownType(type: string): boolean {
  return byLowerType.has(type.toLowerCase());
}

/** Canonical casing for known types (`microsoft.network/VIRTUALNETWORKS` -> `Microsoft.Network/virtualNetworks`). */
export function canonicalType(type: string): string {
  return byLowerType.get(type.toLowerCase())?.type ?? type;
}

/** Writes to these providers are long-running, as in Azure; other providers answer synchronously. */
export function writesAreLro(type: string): boolean {
  const namespace = type.split('/')[0]?.toLowerCase();
  return namespace === 'microsoft.network' || namespace === 'microsoft.containerservice';
}

/** RBAC operation name, e.g. Microsoft.Network/virtualNetworks/subnets/write (read for GET/HEAD and lists). */
export function operationNameOf(type: string, action: 'read' | 'write' | 'delete'): string {
  // Resource groups are the one type whose RBAC name differs from its ARM type.
  const rbacType = type.toLowerCase() === RESOURCE_GROUP_TYPE.toLowerCase() ? 'Microsoft.Resources/subscriptions/resourceGroups' : type;
  return `${rbacType}/${action}`;
}
