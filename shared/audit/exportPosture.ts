import { parseArmId, sameArmId } from '../azure/arm/armId';
import type { JsonObject } from '../azure/arm/armJson';
import type { PostureFirewall } from '../core/posture/types';
import { at } from '../azure/network/firewallFacts';
import { postureFactsFor, readPostureFirewall, type PostureResourceReader } from '../azure/posture/readPostureFacts';
import { auditClusterPosture, type AuditClusterPosture, type MissingPiece } from './auditPosture';
import type { EstateSnapshot } from './estate';

const idOf = (resource: JsonObject) => String(resource.id);

function scopeOf(id: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  try {
    const parsed = parseArmId(id);
    return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.segments[0]?.[1] ?? '' };
  } catch {
    return undefined;
  }
}

const inGroup = (subscriptionId: string, resourceGroup: string) => (resource: JsonObject) => {
  const scope = scopeOf(idOf(resource));
  return scope !== undefined && scope.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && scope.resourceGroup.toLowerCase() === resourceGroup.toLowerCase();
};

/**
 * The posture reader over an export: answers from the file and notes, for each thing the file does not hold, the
 * az command that prints it. An export cannot say "none" for a list it does not contain, so a node resource group
 * with no load balancer in the file counts as missing.
 */
export function exportPostureReader(
  byType: ReadonlyMap<string, readonly JsonObject[]>,
  missing: MissingPiece[],
  /** What a public IP is read for here: the firewall's addresses, or a load balancer frontend's. */
  publicIpsOf: 'firewall-public-ip' | 'node-resource-group',
): PostureResourceReader {
  const of = (type: string) => byType.get(type) ?? [];
  const find = (type: string, id: string) => of(type).find((resource) => sameArmId(idOf(resource), id));
  const miss = (kind: MissingPiece['kind'], command: string) => {
    if (!missing.some((piece) => piece.command === command)) missing.push({ kind, command });
  };
  return {
    async firewall(firewallId) {
      const found = find('microsoft.network/azurefirewalls', firewallId);
      if (found === undefined) miss('firewall', `az network firewall show --ids ${firewallId}`);
      return found;
    },
    async publicIp(publicIpId) {
      const found = find('microsoft.network/publicipaddresses', publicIpId);
      if (found === undefined) miss(publicIpsOf, `az network public-ip show --ids ${publicIpId}`);
      return found;
    },
    async policy(policyId) {
      const policy = find('microsoft.network/firewallpolicies', policyId);
      if (policy === undefined) {
        miss('firewall-policy', `az network firewall policy show --ids ${policyId}`);
        return undefined;
      }
      const groups = of('microsoft.network/firewallpolicies/rulecollectiongroups').filter((group) => idOf(group).toLowerCase().startsWith(`${policyId.toLowerCase()}/rulecollectiongroups/`));
      // The policy lists its groups (ruleCollectionGroups, read-only): each must be in the file.
      const listed = at(policy, 'properties', 'ruleCollectionGroups');
      const complete = Array.isArray(listed)
        ? listed.every((reference) => groups.some((group) => sameArmId(idOf(group), String(at(reference, 'id')))))
        : groups.length > 0;
      if (!complete) {
        const scope = scopeOf(policyId);
        miss('rule-collection-groups', `az network firewall policy rule-collection-group list --policy-name ${scope?.name ?? policyId} --resource-group ${scope?.resourceGroup ?? '?'} --subscription ${scope?.subscriptionId ?? '?'}`);
      }
      return { policy, groups: [...groups] };
    },
    async ipGroup(ipGroupId) {
      const found = find('microsoft.network/ipgroups', ipGroupId);
      if (found === undefined) miss('ip-group', `az network ip-group show --ids ${ipGroupId}`);
      return found;
    },
    async loadBalancers(subscriptionId, resourceGroup) {
      const found = of('microsoft.network/loadbalancers').filter(inGroup(subscriptionId, resourceGroup));
      if (found.length === 0) miss('node-resource-group', `az network lb list --resource-group ${resourceGroup} --subscription ${subscriptionId}`);
      return found;
    },
    // A frontend whose address is not among these is looked up by id (publicIp), which notes it if absent.
    publicIps: async (subscriptionId, resourceGroup) => of('microsoft.network/publicipaddresses').filter(inGroup(subscriptionId, resourceGroup)),
  };
}

/**
 * The posture section from an export, with the same reader code as the live audit: per cluster (in a VNet it chose,
 * in the audited subscriptions), the facts the file holds; checks that would need what it lacks are not evaluated
 * and the entry lists the commands to add to the export.
 */
export async function exportPosture(estate: EstateSnapshot): Promise<AuditClusterPosture[] | undefined> {
  const exported = estate.exported;
  if (exported === undefined) return undefined;
  const firewallMisses = new Map<string, MissingPiece[]>();
  const firewalls: PostureFirewall[] = [];
  for (const firewall of estate.firewalls) {
    const missing: MissingPiece[] = [];
    const read = await readPostureFirewall(exportPostureReader(exported.byType, missing, 'firewall-public-ip'), firewall.id);
    if (read !== undefined) firewalls.push(read);
    firewallMisses.set(firewall.id.toLowerCase(), missing);
  }
  const audited = new Set(estate.subscriptionIds.map((id) => id.toLowerCase()));
  const clusters = (exported.byType.get('microsoft.containerservice/managedclusters') ?? []).filter((cluster) => audited.has(scopeOf(idOf(cluster))?.subscriptionId.toLowerCase() ?? ''));
  const postures: AuditClusterPosture[] = [];
  for (const cluster of clusters) {
    const missing: MissingPiece[] = [];
    const [facts] = await postureFactsFor(exportPostureReader(exported.byType, missing, 'node-resource-group'), [cluster], estate.vnets, firewalls);
    if (facts === undefined) continue;
    if (facts.firewall !== undefined) missing.unshift(...(firewallMisses.get(facts.firewall.id.toLowerCase()) ?? []));
    else if (!exported.firewallsNamed && !['none', 'block'].includes((facts.cluster.outboundType ?? '').toLowerCase())) {
      // Not in the file is not "not configured": only --firewall says which firewalls there are.
      missing.unshift({ kind: 'firewall', command: `az network firewall show --name <the firewall serving ${facts.cluster.location}> --resource-group <its group>` });
    }
    postures.push(auditClusterPosture(facts, missing));
  }
  return postures;
}
