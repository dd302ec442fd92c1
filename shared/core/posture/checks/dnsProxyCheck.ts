import type { PostureCheck } from '../types';
import { failed, findingOf, notApplicable, passed } from './result';

/** 4c. A spoke whose DNS is the firewall needs the firewall's DNS proxy on, or name resolution fails. */
export const dnsProxyCheck: PostureCheck = {
  name: 'dns-proxy',
  title: 'Firewall DNS proxy is on where the spoke uses it',
  codes: {
    'dns-proxy-off': {
      severity: 'error',
      fix: 'Turn on DNS proxy in the firewall policy (dnsSettings.enableProxy = true).',
    },
    'dns-proxy-unknown': {
      severity: 'warning',
      fix: 'Let the app read the firewall policy (hub firewall reader role) so the DNS proxy setting can be checked.',
    },
  },
  evaluate(facts) {
    const firewall = facts.firewall;
    if (firewall?.privateIp === undefined) return notApplicable('No firewall private IP to compare the spoke DNS with.');
    const privateIp = firewall.privateIp;
    const vnets = [...new Map(facts.subnets.filter((subnet) => subnet.vnetDnsServers.includes(privateIp)).map((subnet) => [subnet.vnetId.toLowerCase(), subnet.vnetName])).values()];
    if (vnets.length === 0) return notApplicable(`No spoke of the cluster uses the firewall (${privateIp}) as DNS server.`);
    if (firewall.dnsProxyEnabled === true) return passed(`DNS proxy is on and ${vnets.join(', ')} use${vnets.length === 1 ? 's' : ''} it.`);
    const code = firewall.dnsProxyEnabled === false ? 'dns-proxy-off' : 'dns-proxy-unknown';
    return failed(`${vnets.join(', ')} send${vnets.length === 1 ? 's' : ''} DNS to the firewall, whose DNS proxy is ${firewall.dnsProxyEnabled === false ? 'off' : 'unknown'}.`, [
      findingOf(dnsProxyCheck, code, {
        resourceId: firewall.policyId ?? firewall.id,
        message:
          firewall.dnsProxyEnabled === false
            ? `VNet ${vnets.join(', ')} uses firewall ${firewall.name} (${privateIp}) as DNS server but its DNS proxy is off: name resolution fails.`
            : `VNet ${vnets.join(', ')} uses firewall ${firewall.name} (${privateIp}) as DNS server and whether its DNS proxy is on could not be read.`,
      }),
    ]);
  },
};
