import { parseArmId } from '../arm/armId';
import type { JsonObject } from '../arm/armJson';
import type { ArmRuleCollectionGroup } from '../../core/firewallPolicy/firewallPolicyModel';
import type { ArmClients } from '../arm/armClients';
import { getRaw, listRaw, ReadCounter } from '../arm/armRead';
import { withRawJson, type RawResponse } from '../arm/rawJsonPolicy';

/**
 * The firewall policy and its rule collection groups as raw ARM JSON, through the SDK pipeline (auth, retries on
 * 429/5xx, LRO polling) with withRawJson, so a group read and written back keeps every property the SDK models
 * would drop (rcg-platform and other foreign collections stay byte-for-byte what people wrote).
 */
export interface FirewallPolicyAdapter {
  /** The policy (dnsSettings, threatIntelMode, ...); undefined when it does not exist. */
  getPolicy(policyId: string): Promise<JsonObject | undefined>;
  listRuleCollectionGroups(policyId: string): Promise<ArmRuleCollectionGroup[]>;
  getRuleCollectionGroup(policyId: string, groupName: string): Promise<ArmRuleCollectionGroup | undefined>;
  /**
   * PUTs the whole group with If-Match on `etag` (If-None-Match: * when creating, so a group made meanwhile is not
   * overwritten) and awaits the LRO. Returns the group as ARM reports it after the operation. Throws the SDK's
   * RestError: 412 etag mismatch, 409 AnotherOperationInProgress, 429 after the pipeline's own retries; an operation
   * that ended Failed or Canceled as ArmOperationFailedError (withRawJson).
   */
  putRuleCollectionGroup(policyId: string, groupName: string, body: ArmRuleCollectionGroup, etag: string | undefined): Promise<ArmRuleCollectionGroup | undefined>;
}

export function createFirewallPolicyAdapter(clients: ArmClients): FirewallPolicyAdapter {
  const locate = (policyId: string) => {
    const id = parseArmId(policyId);
    return { network: clients.network(id.subscriptionId), resourceGroup: id.resourceGroup, policyName: id.segments[0]?.[1] ?? '' };
  };
  return {
    async getPolicy(policyId) {
      const { network, resourceGroup, policyName } = locate(policyId);
      return getRaw<JsonObject>(new ReadCounter(), () => network.firewallPolicies.get(resourceGroup, policyName));
    },
    async listRuleCollectionGroups(policyId) {
      const { network, resourceGroup, policyName } = locate(policyId);
      return listRaw<JsonObject>(new ReadCounter(), () => network.firewallPolicyRuleCollectionGroups.list(resourceGroup, policyName)) as Promise<ArmRuleCollectionGroup[]>;
    },
    async getRuleCollectionGroup(policyId, groupName) {
      const { network, resourceGroup, policyName } = locate(policyId);
      return getRaw<JsonObject>(new ReadCounter(), () => network.firewallPolicyRuleCollectionGroups.get(resourceGroup, policyName, groupName)) as Promise<
        ArmRuleCollectionGroup | undefined
      >;
    },
    async putRuleCollectionGroup(policyId, groupName, body, etag) {
      const { network, resourceGroup, policyName } = locate(policyId);
      const headers: Record<string, string> = etag === undefined ? { 'If-None-Match': '*' } : { 'If-Match': etag };
      // The typed parameter is a placeholder: rawJsonPolicy sends `body` exactly as planned.
      const { responses } = await withRawJson(
        async () => await network.firewallPolicyRuleCollectionGroups.createOrUpdate(resourceGroup, policyName, groupName, {}, { requestOptions: { headers } }),
        body as JsonObject,
      );
      return groupAfter(responses, `${policyId}/ruleCollectionGroups/${groupName}`);
    },
  };
}

/** The LRO's final GET of the group, else the PUT response. */
function groupAfter(responses: readonly RawResponse[], groupId: string): ArmRuleCollectionGroup | undefined {
  const path = groupId.toLowerCase();
  const finalGet = [...responses].reverse().find((response) => response.method === 'GET' && response.status === 200 && new URL(response.url).pathname.toLowerCase() === path);
  const body = finalGet?.body ?? responses.find((response) => response.method === 'PUT')?.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ArmRuleCollectionGroup) : undefined;
}
