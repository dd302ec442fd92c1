import { ConfigurationError } from '../../errors';
import type { ArmClients } from '../arm/armClients';
import { ReadCounter } from '../arm/armRead';
import { getFirewall } from '../network/readFirewalls';
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
  const firewall = await getFirewall(clients, new ReadCounter(), firewallId);
  const policyId = firewall ? firewallPolicyId(firewall) : undefined;
  if (!policyId) throw new ConfigurationError(`Firewall ${firewallId} has no firewall policy; set FIREWALL_POLICY_ID`);
  return policyId;
}
