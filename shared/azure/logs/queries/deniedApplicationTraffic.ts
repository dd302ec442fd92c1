import type { RowOf } from './columns';
import { firewallQuery } from './firewallQuery';
import { defaultActionReason, kqlExtract, noRuleMatchedPhrase } from './legacyMessageFormats';

/** One row per (Fqdn, SourceIp, DestinationPort, Protocol) the firewall denied in the window. */
export const deniedApplicationTrafficColumns = {
  Fqdn: 'string',
  SourceIp: 'string',
  DestinationPort: 'int',
  Protocol: 'string',
  Hits: 'long',
  FirstSeen: 'datetime',
  LastSeen: 'datetime',
  TargetUrl: 'string',
  ActionReason: 'string',
  WebCategory: 'string',
} as const;

export type DeniedApplicationTrafficRow = RowOf<typeof deniedApplicationTrafficColumns>;

// max() picks one representative string per group. Unlike take_any() it is deterministic, so the sandbox emulator
// can compute the same value.
const summarizeAndProject = `
| extend DestinationPort = coalesce(DestinationPort, int(0))
| summarize Hits = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated),
    TargetUrl = max(TargetUrl), ActionReason = max(ActionReason), WebCategory = max(WebCategory)
    by Fqdn, SourceIp, DestinationPort, Protocol
| project Fqdn, SourceIp, DestinationPort, Protocol, Hits, FirstSeen, LastSeen, TargetUrl, ActionReason, WebCategory`;

export const deniedApplicationTrafficQuery = firewallQuery(
  'denied-application-traffic.resource-specific',
  deniedApplicationTrafficColumns,
  `
AZFWApplicationRule
| where TimeGenerated >= windowStart and TimeGenerated < windowEnd
| where Action == "Deny"
| where array_length(firewallIds) == 0 or tolower(_ResourceId) in (firewallIds)${summarizeAndProject}`,
);

export const legacyDeniedApplicationTrafficQuery = firewallQuery(
  'denied-application-traffic.azure-diagnostics',
  deniedApplicationTrafficColumns,
  `
AzureDiagnostics
| where TimeGenerated >= windowStart and TimeGenerated < windowEnd
| where Category == "AzureFirewallApplicationRule"
| where array_length(firewallIds) == 0 or tolower(ResourceId) in (firewallIds)
| extend Action = ${kqlExtract('action', 'msg_s')}
| where Action == "Deny"
| extend Fqdn = ${kqlExtract('fqdn', 'msg_s')},
    SourceIp = ${kqlExtract('sourceIp', 'msg_s')},
    DestinationPort = toint(${kqlExtract('destinationPort', 'msg_s')}),
    Protocol = ${kqlExtract('protocol', 'msg_s')},
    TargetUrl = ${kqlExtract('targetUrl', 'msg_s')},
    ActionReason = iff(msg_s contains "${noRuleMatchedPhrase}", "${defaultActionReason}", ${kqlExtract('reason', 'msg_s')}),
    WebCategory = ${kqlExtract('webCategory', 'msg_s')}${summarizeAndProject}`,
);
