import { parseArmId, sameArmId } from '../../core/drift/armId';
import type { ArmVirtualNetwork, JsonObject } from '../../core/drift/armJson';
import { normalizeRegion } from '../../core/drift/ownedRouteTable';
import type { ArmRuleCollectionGroup } from '../../core/firewallPolicy/firewallPolicyModel';
import type { PolicyLayer, PolicyView } from '../../core/firewallPolicy/policyView';
import type { PostureFacts, PostureFirewall, PostureSubnet, PublicFrontend } from '../../core/posture/types';
import { snatCapacityOf, type FirewallResource } from '../../core/report/snatCapacity';
import type { ArmClients } from '../armClients';
import { getRaw, isNotFound, listRaw, ReadCounter } from '../network/armRead';
import { at, firewallPolicyId, firewallPublicIpIds, toFirewallFacts } from '../network/firewallFacts';
import { getFirewall } from '../network/readFirewalls';
import { subnetPrefixes } from '../network/listSpokeInventory';
import { clusterSubnetIds, publicFrontendsOf, referencedIpGroups, resourceName, toPostureCluster } from './postureJson';

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
 * Reads what posture needs for every AKS cluster of the guarded subscriptions that runs in a VNet it chose
 * (agent pools with vnetSubnetID): the clusters and VNets in paged lists, each configured firewall with its public
 * IPs, its policy chain (basePolicy, parents first), their rule collection groups and the IP groups the rules name,
 * and the load balancers and public IPs of each cluster's node resource group. Read-only.
 */
export async function readPostureFacts(clients: ArmClients, settings: PostureReadSettings): Promise<PostureObservation> {
  const counter = new ReadCounter();
  const clusters: JsonObject[] = [];
  const vnets: ArmVirtualNetwork[] = [];
  for (const subscriptionId of settings.guardedSubscriptionIds) {
    clusters.push(...(await listRaw<JsonObject>(counter, () => clients.containerService(subscriptionId).managedClusters.list())));
    vnets.push(...(await listRaw<ArmVirtualNetwork>(counter, () => clients.network(subscriptionId).virtualNetworks.listAll())));
  }
  const firewalls: PostureFirewall[] = [];
  for (const firewallId of settings.firewallResourceIds) {
    const firewall = await readFirewall(clients, counter, firewallId);
    if (firewall) firewalls.push(firewall);
  }
  const facts: PostureFacts[] = [];
  for (const raw of clusters) {
    const subnetIds = clusterSubnetIds(raw);
    if (subnetIds.length === 0) continue; // AKS-managed VNet: not routed through the guarded spokes
    const cluster = toPostureCluster(raw);
    facts.push({
      cluster,
      subnets: subnetIds.flatMap((subnetId) => subnetOf(vnets, subnetId) ?? []),
      firewall: firewalls.find((firewall) => normalizeRegion(firewall.location) === normalizeRegion(cluster.location)),
      publicFrontends: cluster.nodeResourceGroup ? await readPublicFrontends(clients, counter, parseArmId(cluster.id).subscriptionId, cluster.nodeResourceGroup) : [],
    });
  }
  return { facts, armReads: counter.count };
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

async function readFirewall(clients: ArmClients, counter: ReadCounter, firewallId: string): Promise<PostureFirewall | undefined> {
  const firewall = await getFirewall(clients, counter, firewallId);
  if (firewall === undefined) return undefined;
  const publicIps: JsonObject[] = [];
  for (const publicIpId of firewallPublicIpIds(firewall)) {
    const resource = await getPublicIp(clients, counter, publicIpId);
    if (resource) publicIps.push(resource);
  }
  const policyId = firewallPolicyId(firewall);
  const layers = policyId === undefined ? undefined : await readPolicyChain(clients, counter, policyId);
  const facts = toFirewallFacts(firewall, publicIps, layers?.own);
  const policy: PolicyView | undefined =
    layers?.chain === undefined ? undefined : { layers: layers.chain, ipGroups: await readIpGroups(clients, counter, layers.chain) };
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
async function readPolicyChain(clients: ArmClients, counter: ReadCounter, policyId: string): Promise<{ own?: JsonObject; chain?: PolicyLayer[]; problem?: string }> {
  const chain: PolicyLayer[] = [];
  let own: JsonObject | undefined;
  let nextId: string | undefined = policyId;
  const seen = new Set<string>();
  while (nextId !== undefined) {
    if (seen.has(nextId.toLowerCase()) || chain.length >= maxPolicyDepth) return { own, problem: `the basePolicy chain loops or is deeper than ${maxPolicyDepth}` };
    seen.add(nextId.toLowerCase());
    const id = parseArmId(nextId);
    const network = clients.network(id.subscriptionId);
    const name = id.segments[0]?.[1] ?? '';
    const read = await readable(async () => {
      const policy = await getRaw<JsonObject>(counter, () => network.firewallPolicies.get(id.resourceGroup, name));
      return policy === undefined ? undefined : { policy, groups: await listRaw<JsonObject>(counter, () => network.firewallPolicyRuleCollectionGroups.list(id.resourceGroup, name)) };
    });
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
    if ((error as { statusCode?: unknown }).statusCode === 403) return 'forbidden';
    throw error;
  }
}

async function readIpGroups(clients: ArmClients, counter: ReadCounter, chain: readonly PolicyLayer[]): Promise<Map<string, readonly string[]>> {
  const groups = new Map<string, readonly string[]>();
  for (const ipGroupId of referencedIpGroups(chain.flatMap((layer) => layer.groups as JsonObject[]))) {
    const id = parseArmId(ipGroupId);
    const resource = await readable(() => getRaw<JsonObject>(counter, () => clients.network(id.subscriptionId).ipGroups.get(id.resourceGroup, id.segments[0]?.[1] ?? '')));
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
async function readPublicFrontends(clients: ArmClients, counter: ReadCounter, subscriptionId: string, resourceGroup: string): Promise<PublicFrontend[]> {
  const network = clients.network(subscriptionId);
  let loadBalancers: JsonObject[];
  let publicIps: JsonObject[];
  try {
    loadBalancers = await listRaw<JsonObject>(counter, () => network.loadBalancers.list(resourceGroup));
    publicIps = loadBalancers.length === 0 ? [] : await listRaw<JsonObject>(counter, () => network.publicIPAddresses.list(resourceGroup));
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
    const address = at(await getPublicIp(clients, counter, frontend.publicIpId), 'properties', 'ipAddress');
    resolved.push({ ...frontend, ipAddress: typeof address === 'string' && address.length > 0 ? address : undefined });
  }
  return resolved;
}
