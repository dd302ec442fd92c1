import { parseArmId, sameArmId } from '../arm/armId';
import type { ArmVirtualNetwork, JsonObject } from '../arm/armJson';
import { normalizeRegion } from '../../core/drift/ownedRouteTable';
import type { ArmRuleCollectionGroup } from '../../core/firewallPolicy/firewallPolicyModel';
import type { PolicyLayer, PolicyView } from '../../core/firewallPolicy/policyView';
import type { PostureFacts, PostureFirewall, PostureSubnet, PublicFrontend } from '../../core/posture/types';
import { snatCapacityOf, type FirewallResource } from '../../core/report/snatCapacity';
import type { ArmClients } from '../arm/armClients';
import { getRaw, isNotFound, listRaw, ReadCounter } from '../arm/armRead';
import { at, firewallPolicyId, firewallPublicIpIds, toFirewallFacts } from '../network/firewallFacts';
import { getFirewall } from '../network/readFirewalls';
import { subnetPrefixes } from '../network/listSpokeInventory';
import { clusterSubnetIds, publicFrontendsOf, referencedIpGroups, resourceName, toPostureCluster } from './postureJson';
import { statusCodeOf } from '../arm/armError';

export interface PostureReadSettings {
  readonly guardedSubscriptionIds: readonly string[];
  readonly firewallResourceIds: readonly string[];
}

export interface PostureObservation {
  readonly facts: readonly PostureFacts[];
  readonly armReads: number;
}

/** Parent policies deeper than this are not followed (a loop in basePolicy references would never end). */
const maxPolicyDepth = 8;

/**
 * Where the posture reader gets the resources it reads one by one: ARM (armPostureReader, the app and the live audit)
 * or an export of the az CLI (the audit's --from-file). One assembly of the facts for both, so both see the same.
 */
export interface PostureResourceReader {
  /** undefined: no such firewall. */
  firewall(firewallId: string): Promise<JsonObject | undefined>;
  publicIp(publicIpId: string): Promise<JsonObject | undefined>;
  /** A firewall policy with its rule collection groups; undefined: no such policy; forbidden: the identity may not read it. */
  policy(policyId: string): Promise<{ policy: JsonObject; groups: JsonObject[] } | undefined | 'forbidden'>;
  ipGroup(ipGroupId: string): Promise<JsonObject | undefined | 'forbidden'>;
  /** Load balancers of a resource group (a 404 for a group that does not exist may be thrown). */
  loadBalancers(subscriptionId: string, resourceGroup: string): Promise<JsonObject[]>;
  publicIps(subscriptionId: string, resourceGroup: string): Promise<JsonObject[]>;
}

/** The reader over ARM: one GET (or one paged list) per call, counted. */
export function armPostureReader(clients: ArmClients, counter: ReadCounter): PostureResourceReader {
  return {
    firewall: (firewallId) => getFirewall(clients, counter, firewallId),
    publicIp: (publicIpId) => getPublicIp(clients, counter, publicIpId),
    policy: (policyId) =>
      readable(async () => {
        const id = parseArmId(policyId);
        const network = clients.network(id.subscriptionId);
        const name = id.segments[0]?.[1] ?? '';
        const policy = await getRaw<JsonObject>(counter, () => network.firewallPolicies.get(id.resourceGroup, name));
        return policy === undefined ? undefined : { policy, groups: await listRaw<JsonObject>(counter, () => network.firewallPolicyRuleCollectionGroups.list(id.resourceGroup, name)) };
      }),
    ipGroup: (ipGroupId) => {
      const id = parseArmId(ipGroupId);
      return readable(() => getRaw<JsonObject>(counter, () => clients.network(id.subscriptionId).ipGroups.get(id.resourceGroup, id.segments[0]?.[1] ?? '')));
    },
    loadBalancers: (subscriptionId, resourceGroup) => listRaw<JsonObject>(counter, () => clients.network(subscriptionId).loadBalancers.list(resourceGroup)),
    publicIps: (subscriptionId, resourceGroup) => listRaw<JsonObject>(counter, () => clients.network(subscriptionId).publicIPAddresses.list(resourceGroup)),
  };
}

/**
 * Reads what posture needs for every AKS cluster of the guarded subscriptions that runs in a VNet it chose
 * (agent pools with vnetSubnetID): the clusters and VNets in paged lists, each configured firewall with its public
 * IPs, its policy chain (basePolicy, parents first), their rule collection groups and the IP groups the rules name,
 * and the load balancers and public IPs of each cluster's node resource group. Read-only.
 */
export async function readPostureFacts(clients: ArmClients, settings: PostureReadSettings): Promise<PostureObservation> {
  const counter = new ReadCounter();
  const reader = armPostureReader(clients, counter);
  const clusters: JsonObject[] = [];
  const vnets: ArmVirtualNetwork[] = [];
  for (const subscriptionId of settings.guardedSubscriptionIds) {
    clusters.push(...(await listRaw<JsonObject>(counter, () => clients.containerService(subscriptionId).managedClusters.list())));
    vnets.push(...(await listRaw<ArmVirtualNetwork>(counter, () => clients.network(subscriptionId).virtualNetworks.listAll())));
  }
  const firewalls: PostureFirewall[] = [];
  for (const firewallId of settings.firewallResourceIds) {
    const firewall = await readPostureFirewall(reader, firewallId);
    if (firewall) firewalls.push(firewall);
  }
  return { facts: await postureFactsFor(reader, clusters, vnets, firewalls), armReads: counter.count };
}

/**
 * The facts of each cluster (raw managedClusters JSON) that runs in a VNet it chose, given the VNets and the firewalls
 * already read; reads each cluster's node resource group. Clusters on an AKS-managed VNet are left out.
 */
export async function postureFactsFor(
  reader: PostureResourceReader,
  clusters: readonly JsonObject[],
  vnets: readonly ArmVirtualNetwork[],
  firewalls: readonly PostureFirewall[],
): Promise<PostureFacts[]> {
  const facts: PostureFacts[] = [];
  for (const raw of clusters) {
    const subnetIds = clusterSubnetIds(raw);
    if (subnetIds.length === 0) continue; // AKS-managed VNet: not routed through the guarded spokes
    const cluster = toPostureCluster(raw);
    facts.push({
      cluster,
      subnets: subnetIds.flatMap((subnetId) => subnetOf(vnets, subnetId) ?? []),
      firewall: firewalls.find((firewall) => normalizeRegion(firewall.location) === normalizeRegion(cluster.location)),
      publicFrontends: cluster.nodeResourceGroup ? await readPublicFrontends(reader, parseArmId(cluster.id).subscriptionId, cluster.nodeResourceGroup) : [],
    });
  }
  return facts;
}

function subnetOf(vnets: readonly ArmVirtualNetwork[], subnetId: string): PostureSubnet | undefined {
  for (const vnet of vnets) {
    const subnet = vnet.properties?.subnets?.find((candidate) => sameArmId(candidate.id, subnetId));
    if (subnet === undefined) continue;
    const dnsServers = at(vnet, 'properties', 'dhcpOptions', 'dnsServers');
    return {
      id: subnet.id,
      name: subnet.name,
      prefixes: subnetPrefixes(subnet),
      vnetId: vnet.id,
      vnetName: vnet.name,
      vnetDnsServers: Array.isArray(dnsServers) ? dnsServers.filter((server): server is string => typeof server === 'string') : [],
    };
  }
  return undefined;
}

/** A firewall with its public IPs, its policy chain and the IP groups its rules name; undefined when it does not exist. */
export async function readPostureFirewall(reader: PostureResourceReader, firewallId: string): Promise<PostureFirewall | undefined> {
  const firewall = await reader.firewall(firewallId);
  if (firewall === undefined) return undefined;
  const publicIps: JsonObject[] = [];
  for (const publicIpId of firewallPublicIpIds(firewall)) {
    const resource = await reader.publicIp(publicIpId);
    if (resource) publicIps.push(resource);
  }
  const policyId = firewallPolicyId(firewall);
  const layers = policyId === undefined ? undefined : await readPolicyChain(reader, policyId);
  const facts = toFirewallFacts(firewall, publicIps, layers?.own);
  const policy: PolicyView | undefined =
    layers?.chain === undefined ? undefined : { layers: layers.chain, ipGroups: await readIpGroups(reader, layers.chain) };
  const snat = snatCapacityOf(firewall as unknown as FirewallResource);
  return {
    id: facts.id,
    name: resourceName(facts.id),
    location: facts.location,
    privateIp: facts.privateIp,
    publicIps: facts.publicIps,
    policyId,
    dnsProxyEnabled: facts.dnsProxyEnabled,
    policy,
    ...(layers?.problem ? { policyProblem: layers.problem } : {}),
    snat: { publicIpCount: snat.publicIpCount, instanceCount: snat.instanceCount, ports: snat.ports },
  };
}

/**
 * The policy and its parents, root first. `chain` is undefined (with the reason in `problem`) when any policy of it
 * cannot be read: evaluating a child without its parent's rules could call denied traffic allowed.
 */
async function readPolicyChain(reader: PostureResourceReader, policyId: string): Promise<{ own?: JsonObject; chain?: PolicyLayer[]; problem?: string }> {
  const chain: PolicyLayer[] = [];
  let own: JsonObject | undefined;
  let nextId: string | undefined = policyId;
  const seen = new Set<string>();
  while (nextId !== undefined) {
    if (seen.has(nextId.toLowerCase()) || chain.length >= maxPolicyDepth) return { own, problem: `the basePolicy chain loops or is deeper than ${maxPolicyDepth}` };
    seen.add(nextId.toLowerCase());
    const name = resourceName(nextId);
    const read = await reader.policy(nextId);
    if (read === 'forbidden') return { own, problem: `the app may not read policy ${name} or its rule collection groups` };
    if (read === undefined) return { own, problem: `policy ${name} does not exist` };
    own ??= read.policy;
    chain.unshift({ policyId: nextId, policyName: name, groups: read.groups as ArmRuleCollectionGroup[] });
    const base = at(read.policy, 'properties', 'basePolicy', 'id');
    nextId = typeof base === 'string' && base.length > 0 ? base : undefined;
  }
  return { own, chain };
}

/** 403 from ARM (the hub role does not reach a resource group) is an answer, not a failure of the whole pass. */
async function readable<T>(read: () => Promise<T>): Promise<T | 'forbidden'> {
  try {
    return await read();
  } catch (error) {
    if (statusCodeOf(error) === 403) return 'forbidden';
    throw error;
  }
}

async function readIpGroups(reader: PostureResourceReader, chain: readonly PolicyLayer[]): Promise<Map<string, readonly string[]>> {
  const groups = new Map<string, readonly string[]>();
  for (const ipGroupId of referencedIpGroups(chain.flatMap((layer) => layer.groups as JsonObject[]))) {
    const resource = await reader.ipGroup(ipGroupId);
    const addresses = resource === 'forbidden' ? undefined : at(resource, 'properties', 'ipAddresses');
    // Unreadable or missing: left out, so rules on it match nothing (never "allowed" on a guess).
    if (Array.isArray(addresses)) groups.set(ipGroupId.toLowerCase(), addresses.filter((address): address is string => typeof address === 'string'));
  }
  return groups;
}

function getPublicIp(clients: ArmClients, counter: ReadCounter, publicIpId: string): Promise<JsonObject | undefined> {
  const id = parseArmId(publicIpId);
  return getRaw<JsonObject>(counter, () => clients.network(id.subscriptionId).publicIPAddresses.get(id.resourceGroup, id.segments[0]?.[1] ?? ''));
}

/** Public frontends of the load balancers in a node resource group; a group that does not exist (yet) has none. */
export async function readPublicFrontends(reader: PostureResourceReader, subscriptionId: string, resourceGroup: string): Promise<PublicFrontend[]> {
  let loadBalancers: JsonObject[];
  let publicIps: JsonObject[];
  try {
    loadBalancers = await reader.loadBalancers(subscriptionId, resourceGroup);
    publicIps = loadBalancers.length === 0 ? [] : await reader.publicIps(subscriptionId, resourceGroup);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const addresses = new Map(publicIps.map((pip) => [String(pip.id).toLowerCase(), at(pip, 'properties', 'ipAddress')]));
  const frontends = loadBalancers.flatMap((loadBalancer) => publicFrontendsOf(loadBalancer, (id) => {
    const address = addresses.get(id.toLowerCase());
    return typeof address === 'string' && address.length > 0 ? address : undefined;
  }));
  // A frontend whose public IP lives in another resource group: one GET for its address.
  const resolved: PublicFrontend[] = [];
  for (const frontend of frontends) {
    if (frontend.ipAddress !== undefined) {
      resolved.push(frontend);
      continue;
    }
    const address = at(await reader.publicIp(frontend.publicIpId), 'properties', 'ipAddress');
    resolved.push({ ...frontend, ipAddress: typeof address === 'string' && address.length > 0 ? address : undefined });
  }
  return resolved;
}
