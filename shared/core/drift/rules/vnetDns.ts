import { sameIp } from '../routes';
import { toVirtualNetworkUpdate } from '../toUpdateBodies';
import type { DriftRule } from './rule';
import { findingOf, routableFirewall } from './rule';

const name = 'vnet-dns';

/**
 * With DNS proxy on, the VNet's DNS must be exactly the firewall's private IP so FQDN network rules resolve the
 * same names the nodes do. Nodes pick up a change only after a DHCP lease renewal (reboot/reimage).
 */
export const vnetDnsRule: DriftRule = {
  name,
  evaluate(observed) {
    const firewall = routableFirewall(observed);
    if (firewall === undefined) return [];
    if (firewall.dnsProxyEnabled === false) {
      return [
        findingOf(name, observed, {
          code: 'firewall-dns-proxy-disabled',
          severity: 'warning',
          message: `Firewall ${firewall.id} has DNS proxy off: VNet DNS is left alone, and FQDN network rules will not match what nodes resolve.`,
          fixable: false,
          resourceId: firewall.id,
        }),
      ];
    }
    if (firewall.dnsProxyEnabled === undefined) {
      return [
        findingOf(name, observed, {
          code: 'firewall-dns-proxy-unknown',
          severity: 'info',
          message: `Could not tell whether firewall ${firewall.id} has DNS proxy on (no readable policy dnsSettings); VNet DNS is left alone.`,
          fixable: false,
          resourceId: firewall.id,
        }),
      ];
    }
    const servers = observed.vnet.properties?.dhcpOptions?.dnsServers ?? [];
    if (servers.length === 1 && sameIp(servers[0], firewall.privateIp)) return [];
    return [
      findingOf(name, observed, {
        code: 'vnet-dns-not-firewall',
        severity: 'error',
        message: `VNet ${observed.vnet.name} uses DNS ${servers.length === 0 ? 'Azure-provided' : servers.join(', ')}; it must be exactly the firewall ${firewall.privateIp} (DNS proxy). Nodes see the change after a reboot or reimage.`,
        fixable: true,
        resourceId: observed.vnet.id,
      }),
    ];
  },
  plan(observed, findings) {
    const firewall = routableFirewall(observed);
    if (firewall === undefined) return [];
    return [
      {
        kind: 'vnet-put',
        resourceId: observed.vnet.id,
        body: toVirtualNetworkUpdate(observed.vnet, [firewall.privateIp]),
        ifMatch: observed.vnet.etag,
        before: observed.vnet,
        reason: findings.map((finding) => finding.code).join(','),
      },
    ];
  },
};
