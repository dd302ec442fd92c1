import ipaddr from 'ipaddr.js';
import type { ResourceStore } from './store';
import type { JsonObject } from './types';
import { isJsonObject } from './types';
import { referenceId } from './views';

/**
 * Azure assigns a firewall's private IP (read-only): the fourth host of AzureFirewallSubnet, e.g. 10.0.1.4.
 * Kept from the stored configuration of the same name, assigned on first write.
 */
export function assignFirewallPrivateIps(store: ResourceStore, properties: JsonObject, previous: JsonObject | undefined): void {
  const configurations = properties['ipConfigurations'];
  if (!Array.isArray(configurations)) return;
  const previousConfigurations = Array.isArray(previous?.['ipConfigurations']) ? (previous['ipConfigurations'] as unknown[]).filter(isJsonObject) : [];
  for (const configuration of configurations.filter(isJsonObject)) {
    const configProperties: JsonObject = isJsonObject(configuration['properties']) ? configuration['properties'] : {};
    const before = previousConfigurations.find((candidate) => candidate['name'] === configuration['name']);
    const beforeAddress = isJsonObject(before?.['properties']) ? before['properties']['privateIPAddress'] : undefined;
    const address = typeof beforeAddress === 'string' ? beforeAddress : fourthHost(store, referenceId(configProperties['subnet']));
    if (address !== undefined) configProperties['privateIPAddress'] = address;
    configuration['properties'] = configProperties;
  }
}

function fourthHost(store: ResourceStore, subnetId: string | undefined): string | undefined {
  const prefix = subnetId ? store.get(subnetId)?.properties?.['addressPrefix'] : undefined;
  if (typeof prefix !== 'string' || !ipaddr.IPv4.isValidCIDR(prefix)) return undefined;
  const network = ipaddr.IPv4.networkAddressFromCIDR(prefix).toByteArray();
  const asNumber = network.reduce((total, octet) => total * 256 + octet, 0) + 4;
  return [24, 16, 8, 0].map((shift) => Math.floor(asNumber / 2 ** shift) % 256).join('.');
}
