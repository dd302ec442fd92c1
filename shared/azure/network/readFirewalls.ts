import { parseArmId } from '../arm/armId';
import type { JsonObject } from '../arm/armJson';
import { normalizeRegion } from '../../core/drift/ownedRouteTable';
import type { FirewallFacts } from '../../core/drift/types';
import type { ArmClients } from '../arm/armClients';
import { getRaw, type ReadCounter } from '../arm/armRead';
import { firewallPolicyId, firewallPublicIpIds, toFirewallFacts } from './firewallFacts';

/** One firewall resource as raw JSON; undefined when it does not exist. */
export function getFirewall(clients: ArmClients, counter: ReadCounter, firewallId: string): Promise<JsonObject | undefined> {
  const id = parseArmId(firewallId);
  return getRaw<JsonObject>(counter, () => clients.network(id.subscriptionId).azureFirewalls.get(id.resourceGroup, id.segments[0]![1]));
}

/** Reads every configured firewall with its public IPs and policy: a few GETs, whatever the number of subnets. */
export async function readFirewalls(clients: ArmClients, counter: ReadCounter, firewallIds: readonly string[]): Promise<FirewallFacts[]> {
  const facts: FirewallFacts[] = [];
  for (const firewallId of firewallIds) {
    const firewall = await getFirewall(clients, counter, firewallId);
    if (firewall === undefined) continue;
    const publicIps: JsonObject[] = [];
    for (const publicIpId of firewallPublicIpIds(firewall)) {
      const pip = parseArmId(publicIpId);
      const resource = await getRaw<JsonObject>(counter, () => clients.network(pip.subscriptionId).publicIPAddresses.get(pip.resourceGroup, pip.segments[0]![1]));
      if (resource !== undefined) publicIps.push(resource);
    }
    const policyId = firewallPolicyId(firewall);
    let policy: JsonObject | undefined;
    if (policyId !== undefined) {
      const ref = parseArmId(policyId);
      policy = await getRaw<JsonObject>(counter, () => clients.network(ref.subscriptionId).firewallPolicies.get(ref.resourceGroup, ref.segments[0]![1]));
    }
    facts.push(toFirewallFacts(firewall, publicIps, policy));
  }
  return facts;
}

export function firewallForRegion(firewalls: readonly FirewallFacts[], location: string): FirewallFacts | undefined {
  return firewalls.find((firewall) => normalizeRegion(firewall.location) === normalizeRegion(location));
}
