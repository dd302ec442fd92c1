import type { RowOf } from './columns';
import { firewallQuery } from './firewallQuery';
import { kqlExtract } from './legacyMessageFormats';

/**
 * One row per (SourceIp, DestinationIp, DestinationPort, Protocol) denied by network rules, with candidate
 * destination names.
 *
 * Why "candidates": the DNS proxy logs the name a client asked for but not the addresses it answered
 * (AZFWDnsQuery has no answer column). So a name is attributed when the same source looked it up (A/AAAA,
 * NOERROR) within dnsLookbackSeconds before a denied connection. Several names can qualify; up to 10 are kept,
 * sorted. Without the DNS proxy log the workspace has no AZFWDnsQuery table, and a query naming it fails (400): the
 * report then sends deniedNetworkTrafficWithoutNamesQuery instead, whose DestinationNames are always empty.
 */
export const deniedNetworkTrafficColumns = {
  SourceIp: 'string',
  DestinationIp: 'string',
  DestinationPort: 'int',
  Protocol: 'string',
  Hits: 'long',
  FirstSeen: 'datetime',
  LastSeen: 'datetime',
  DestinationNames: 'string[]',
} as const;

export type DeniedNetworkTrafficRow = RowOf<typeof deniedNetworkTrafficColumns>;

export const dnsLookbackSeconds = 10;
export const maxDestinationNames = 10;

// Time-window join: each lookup is put in its own bucket and the next one, each connection in its own, so an
// equi-join on (SourceIp, Bucket) finds every lookup up to one bucket before it; the exact range is checked after.
// This keeps the join linear instead of pairing every connection with every lookup of the same source.
const joinDeniedWithLookups = `
let names = denied
  | extend Bucket = bin(TimeGenerated, dnsLookback)
  | join kind=inner (lookups
      | extend Bucket = pack_array(bin(LookupTime, dnsLookback), bin(LookupTime, dnsLookback) + dnsLookback)
      | mv-expand Bucket to typeof(datetime)) on SourceIp, Bucket
  | where LookupTime between ((TimeGenerated - dnsLookback) .. TimeGenerated)
  | summarize DestinationNames = make_set(QueryName, ${maxDestinationNames}) by SourceIp, DestinationIp, DestinationPort, Protocol
  | extend DestinationNames = array_sort_asc(DestinationNames);
denied
| summarize Hits = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated)
    by SourceIp, DestinationIp, DestinationPort, Protocol
| join kind=leftouter names on SourceIp, DestinationIp, DestinationPort, Protocol
| project SourceIp, DestinationIp, DestinationPort, Protocol, Hits, FirstSeen, LastSeen,
    DestinationNames = coalesce(DestinationNames, dynamic([]))`;

const lookback = `let dnsLookback = ${dnsLookbackSeconds}s;`;

export const deniedNetworkTrafficQuery = firewallQuery(
  'denied-network-traffic.resource-specific',
  deniedNetworkTrafficColumns,
  `
${lookback}
let denied = AZFWNetworkRule
  | where TimeGenerated >= windowStart and TimeGenerated < windowEnd
  | where Action == "Deny"
  | where array_length(firewallIds) == 0 or tolower(_ResourceId) in (firewallIds)
  | project TimeGenerated, SourceIp, DestinationIp, DestinationPort = coalesce(DestinationPort, int(0)), Protocol;
let lookups = AZFWDnsQuery
  | where TimeGenerated >= windowStart - dnsLookback and TimeGenerated < windowEnd
  | where array_length(firewallIds) == 0 or tolower(_ResourceId) in (firewallIds)
  | where ResponseCode == "NOERROR" and QueryType in ("A", "AAAA")
  | project LookupTime = TimeGenerated, SourceIp, QueryName = trim_end(@"\\.", QueryName);${joinDeniedWithLookups}`,
);

/** The same rows without the DNS join, for workspaces without AZFWDnsQuery (DNS proxy log off). */
export const deniedNetworkTrafficWithoutNamesQuery = firewallQuery(
  'denied-network-traffic.resource-specific-without-dns',
  deniedNetworkTrafficColumns,
  `
AZFWNetworkRule
| where TimeGenerated >= windowStart and TimeGenerated < windowEnd
| where Action == "Deny"
| where array_length(firewallIds) == 0 or tolower(_ResourceId) in (firewallIds)
| extend DestinationPort = coalesce(DestinationPort, int(0))
| summarize Hits = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated)
    by SourceIp, DestinationIp, DestinationPort, Protocol
| project SourceIp, DestinationIp, DestinationPort, Protocol, Hits, FirstSeen, LastSeen,
    DestinationNames = dynamic([])`,
);

export const legacyDeniedNetworkTrafficQuery = firewallQuery(
  'denied-network-traffic.azure-diagnostics',
  deniedNetworkTrafficColumns,
  `
${lookback}
let denied = AzureDiagnostics
  | where TimeGenerated >= windowStart and TimeGenerated < windowEnd
  | where Category == "AzureFirewallNetworkRule"
  | where array_length(firewallIds) == 0 or tolower(ResourceId) in (firewallIds)
  | where ${kqlExtract('action', 'msg_s')} == "Deny"
  | project TimeGenerated,
      SourceIp = ${kqlExtract('sourceIp', 'msg_s')},
      DestinationIp = ${kqlExtract('destinationIp', 'msg_s')},
      DestinationPort = coalesce(toint(${kqlExtract('destinationPort', 'msg_s')}), int(0)),
      Protocol = ${kqlExtract('protocol', 'msg_s')};
let lookups = AzureDiagnostics
  | where TimeGenerated >= windowStart - dnsLookback and TimeGenerated < windowEnd
  | where Category == "AzureFirewallDnsProxy"
  | where array_length(firewallIds) == 0 or tolower(ResourceId) in (firewallIds)
  | where ${kqlExtract('dnsResponseCode', 'msg_s')} == "NOERROR" and ${kqlExtract('dnsQueryType', 'msg_s')} in ("A", "AAAA")
  | project LookupTime = TimeGenerated,
      SourceIp = ${kqlExtract('dnsSourceIp', 'msg_s')},
      QueryName = trim_end(@"\\.", ${kqlExtract('dnsQueryName', 'msg_s')});${joinDeniedWithLookups}`,
);
