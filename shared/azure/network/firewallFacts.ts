import type { JsonObject } from '../arm/armJson';
import type { FirewallFacts } from '../../core/drift/types';

/** Navigates raw JSON without a cast per level. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** Public IP resource ids of the firewall's data-path ipConfigurations (not the management one). */
export function firewallPublicIpIds(firewall: JsonObject): string[] {
  const configurations = at(firewall, 'properties', 'ipConfigurations');
  return (Array.isArray(configurations) ? configurations : []).flatMap((configuration) => {
    const id = text(at(configuration, 'properties', 'publicIPAddress', 'id'));
    return id === undefined ? [] : [id];
  });
}

export function firewallPolicyId(firewall: JsonObject): string | undefined {
  return text(at(firewall, 'properties', 'firewallPolicy', 'id'));
}

/**
 * Facts from the raw firewall, its public IP resources and its policy (undefined: none attached or unreadable).
 * A secured virtual hub firewall has no ipConfigurations: its addresses are in hubIPAddresses.
 */
export function toFirewallFacts(firewall: JsonObject, publicIpResources: readonly JsonObject[], policy: JsonObject | undefined): FirewallFacts {
  const configurations = at(firewall, 'properties', 'ipConfigurations');
  const firstConfiguration = Array.isArray(configurations) ? configurations[0] : undefined;
  const privateIp = text(at(firstConfiguration, 'properties', 'privateIPAddress')) ?? text(at(firewall, 'properties', 'hubIPAddresses', 'privateIPAddress'));
  const hubAddresses = at(firewall, 'properties', 'hubIPAddresses', 'publicIPs', 'addresses');
  const publicIps = [
    ...publicIpResources.flatMap((resource) => text(at(resource, 'properties', 'ipAddress')) ?? []),
    ...(Array.isArray(hubAddresses) ? hubAddresses.flatMap((address) => text(at(address, 'address')) ?? []) : []),
  ];
  const policyProxy = at(policy, 'properties', 'dnsSettings', 'enableProxy');
  // Classic (rules on the firewall, no policy) keeps the switch in additionalProperties.
  const classicProxy = text(at(firewall, 'properties', 'additionalProperties', 'Network.DNS.EnableProxy'));
  const dnsProxyEnabled =
    typeof policyProxy === 'boolean'
      ? policyProxy
      : policy !== undefined
        ? false // a policy without dnsSettings.enableProxy has the proxy off (the default)
        : firewallPolicyId(firewall) === undefined && classicProxy !== undefined
          ? classicProxy.toLowerCase() === 'true'
          : undefined;
  return { id: text(firewall.id) ?? '', location: text(firewall.location) ?? '', privateIp, publicIps, dnsProxyEnabled };
}
