import type { ApplicationProtocol } from '../ruleRequests/protocols';

export const AKS_FQDN_TAG = 'AzureKubernetesService';

/**
 * FQDNs covered by the `AzureKubernetesService` FQDN tag, all on Https:443. Source: Microsoft Learn "Outbound
 * network and FQDN rules for AKS clusters" (ms.date 06/18/2026; ../shared/reference/aks-required-egress.md),
 * section "Azure Global required FQDN / application rules"; "Limit network traffic with Azure Firewall in AKS"
 * says the tag "contains all the FQDNs listed in" that article. Only the global required table is taken: the
 * article does not say which optional or add-on FQDNs the tag carries, and claiming "already allowed" wrongly is
 * worse than asking for a rule that turns out redundant. `<location>` stands for one region label.
 */
export const AKS_FQDN_TAG_FQDNS: readonly string[] = [
  '*.hcp.<location>.azmk8s.io',
  'mcr.microsoft.com',
  '*.data.mcr.microsoft.com',
  'mcr-0001.mcr-msedge.net',
  'management.azure.com',
  'login.microsoftonline.com',
  'packages.microsoft.com',
  'acs-mirror.azureedge.net',
  'packages.aks.azure.com',
];

export const AKS_FQDN_TAG_PROTOCOL: ApplicationProtocol = { protocolType: 'Https', port: 443 };

const ANY_LABELS = '(?:[a-z0-9-]+\\.)';
const escapeLabelText = (text: string) => text.replace(/[.]/g, '\\.').replace(/<location>/g, '[a-z0-9]+');

/** Does the tag's list cover the requested name (exact, or a wildcard no wider than a listed wildcard)? */
export function aksFqdnTagCovers(requested: string): boolean {
  const wanted = requested.toLowerCase();
  return AKS_FQDN_TAG_FQDNS.some((entry) => {
    if (!entry.startsWith('*.')) return !wanted.startsWith('*.') && new RegExp(`^${escapeLabelText(entry)}$`).test(wanted);
    const base = escapeLabelText(entry.slice(2));
    // A listed `*.P` covers names one or more labels under P, and requested wildcards `*.X` with X = P or under P.
    return wanted.startsWith('*.')
      ? new RegExp(`^${ANY_LABELS}*${base}$`).test(wanted.slice(2))
      : new RegExp(`^${ANY_LABELS}+${base}$`).test(wanted);
  });
}
