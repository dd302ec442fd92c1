import type { RowOf } from './columns';
import { firewallQuery } from './firewallQuery';

/** The heaviest flows from the Top flows log (AZFWFatFlow), which exists only when that log is enabled. */
export const topFlowsColumns = {
  SourceIp: 'string',
  DestinationIp: 'string',
  DestinationPort: 'int',
  Protocol: 'string',
  Samples: 'long',
  PeakFlowRateMbps: 'real',
  AverageFlowRateMbps: 'real',
  FirstSeen: 'datetime',
  LastSeen: 'datetime',
} as const;

export type TopFlowRow = RowOf<typeof topFlowsColumns>;

export const topFlowsLimit = 20;

// `top` takes one sort key; order by + take adds tie-breakers that make the top N deterministic (and reproducible by the sandbox emulator).
export const topFlowsQuery = firewallQuery(
  'top-flows.resource-specific',
  topFlowsColumns,
  `
AZFWFatFlow
| where TimeGenerated >= windowStart and TimeGenerated < windowEnd
| where array_length(firewallIds) == 0 or tolower(_ResourceId) in (firewallIds)
| extend DestinationPort = coalesce(DestinationPort, int(0))
| summarize Samples = count(), PeakFlowRateMbps = max(FlowRate), AverageFlowRateMbps = avg(FlowRate),
    FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated)
    by SourceIp, DestinationIp, DestinationPort, Protocol
| order by PeakFlowRateMbps desc, SourceIp asc, DestinationIp asc, DestinationPort asc, Protocol asc
| take ${topFlowsLimit}
| project SourceIp, DestinationIp, DestinationPort, Protocol, Samples, PeakFlowRateMbps, AverageFlowRateMbps, FirstSeen, LastSeen`,
);
