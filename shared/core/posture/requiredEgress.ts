import { AKS_FQDN_TAG_FQDNS, AKS_FQDN_TAG_PROTOCOL } from '../firewallPolicy/aksFqdnTag';
import type { Traffic } from '../firewallPolicy/evaluateTraffic';
import { normalizeRegion } from '../drift/ownedRouteTable';
import type { PostureCluster } from './types';

/** One thing a cluster's nodes must reach through the firewall. */
export interface EgressRequirement {
  /** Stable, e.g. `https:mcr.microsoft.com:443`, `udp:AzureCloud.westeurope:1194`. */
  readonly key: string;
  /** `mcr.microsoft.com on Https:443`. */
  readonly description: string;
  readonly trafficFrom: (source: string) => Traffic;
}

/**
 * Microsoft's "Outbound network and FQDN rules for AKS clusters", Azure Global required tables
 * (../shared/reference/aks-required-egress.md): every required FQDN on HTTPS 443 (what the AzureKubernetesService
 * tag covers; the API server's own name stands for `*.hcp.<location>.azmk8s.io` when ARM gives it), NTP (UDP 123
 * to ntp.ubuntu.com, the guide's network rule) and, unless the API server is private or VNet-integrated (then the
 * nodes reach it inside the network), UDP 1194 and TCP 9000 to the AzureCloud.<region> service tag. HTTP 80 is not
 * required: the table lists it only for the optional Ubuntu update FQDNs.
 */
export function requiredEgress(cluster: PostureCluster): EgressRequirement[] {
  const region = normalizeRegion(cluster.location);
  const apiServer = cluster.apiServerFqdn?.toLowerCase();
  const fqdns = AKS_FQDN_TAG_FQDNS.map((entry) => {
    const name = entry.replace('<location>', region);
    return name === `*.hcp.${region}.azmk8s.io` && apiServer?.endsWith(`.hcp.${region}.azmk8s.io`) ? apiServer : name;
  });
  const https: EgressRequirement[] = fqdns.map((fqdn) => ({
    key: `https:${fqdn}:443`,
    description: `${fqdn} on Https:443`,
    trafficFrom: (source) => ({ kind: 'application', source, fqdn, protocol: AKS_FQDN_TAG_PROTOCOL }),
  }));
  const tag = `AzureCloud.${region}`;
  const tunnel: EgressRequirement[] =
    cluster.privateCluster || cluster.apiServerVnetIntegration
      ? []
      : [
          { key: `udp:${tag}:1194`, description: `UDP 1194 to ${tag}`, trafficFrom: (source) => ({ kind: 'network', source, ipProtocol: 'UDP', port: 1194, destination: { kind: 'serviceTag', tag } }) },
          { key: `tcp:${tag}:9000`, description: `TCP 9000 to ${tag}`, trafficFrom: (source) => ({ kind: 'network', source, ipProtocol: 'TCP', port: 9000, destination: { kind: 'serviceTag', tag } }) },
        ];
  const ntp: EgressRequirement = {
    key: 'udp:ntp.ubuntu.com:123',
    description: 'UDP 123 (NTP) to ntp.ubuntu.com',
    trafficFrom: (source) => ({ kind: 'network', source, ipProtocol: 'UDP', port: 123, destination: { kind: 'fqdn', fqdn: 'ntp.ubuntu.com' } }),
  };
  return [...https, ...tunnel, ntp];
}
