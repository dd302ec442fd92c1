import { parseArmId } from '../../core/drift/armId';
import type { JsonObject } from '../../core/drift/armJson';
import { ConfigurationError } from '../../errors';
import type { ArmClients } from '../armClients';
import { getRaw, ReadCounter } from '../network/armRead';
import { firewallPolicyId } from '../network/firewallFacts';

export interface PolicyTargetSettings {
  readonly firewallPolicyId?: string | undefined;
  readonly firewallResourceIds: readonly string[];
}

/** FIREWALL_POLICY_ID, or the policy attached to the first firewall of FIREWALL_RESOURCE_IDS (one GET). */
export async function resolveFirewallPolicyId(clients: ArmClients, settings: PolicyTargetSettings): Promise<string> {
  if (settings.firewallPolicyId) return settings.firewallPolicyId;
  const firewallId = settings.firewallResourceIds[0];
  if (!firewallId) throw new ConfigurationError('Neither FIREWALL_POLICY_ID nor FIREWALL_RESOURCE_IDS names a firewall policy');
  const id = parseArmId(firewallId);
  const firewall = await getRaw<JsonObject>(new ReadCounter(), () => clients.network(id.subscriptionId).azureFirewalls.get(id.resourceGroup, id.segments[0]![1]));
  const policyId = firewall ? firewallPolicyId(firewall) : undefined;
  if (!policyId) throw new ConfigurationError(`Firewall ${firewallId} has no firewall policy; set FIREWALL_POLICY_ID`);
  return policyId;
}
