/**
 * JS equivalents of the app's firewall queries (shared/azure/logs/queries), computed over rows loaded into the
 * emulator. No JS library executes KQL, so each query id gets a hand-written twin; test/unit/sandbox/emulators/logs checks each
 * twin's columns against the KQL's analyzed result columns and its values against hand-computed expectations.
 */
import { columnDescriptorsOf, type ColumnDescriptor, type ColumnTable } from '../../../shared/azure/logs/queries/columns';
import {
  deniedApplicationTrafficColumns,
  deniedNetworkTrafficColumns,
  dnsLookbackSeconds,
  inventorySources,
  legacyFirewallCategories,
  maxDestinationNames,
  snatUtilizationColumns,
  topFlowsColumns,
  topFlowsLimit,
  workspaceInventoryColumns,
} from '../../../shared/azure/logs/queries';
import { defaultActionReason, extractField, noRuleMatchedPhrase } from '../../../shared/azure/logs/queries/legacyMessageFormats';
import type { ParsedAppQuery } from './queryParameters';

export type LogRow = Readonly<Record<string, unknown>>;
/** Tables the workspace has (a table exists once rows were loaded into it, or it was created empty). */
export type LogStore = ReadonlyMap<string, readonly LogRow[]>;
export interface ResultTable {
  readonly columns: ColumnDescriptor[];
  readonly rows: unknown[][];
  /** Legs of a `union isfuzzy=true` whose table the workspace does not have (Log Analytics warns: PartialError). */
  readonly unresolvedFuzzyLegs?: readonly string[];
}
type Evaluator = (store: LogStore, query: ParsedAppQuery) => ResultTable;

/** A query names a table the workspace does not have: Log Analytics fails semantic analysis (400, SEM0100). */
export class UnresolvedTableError extends Error {
  override readonly name = 'UnresolvedTableError';
  constructor(readonly table: string) {
    super(`'where' operator: Failed to resolve table or column expression named '${table}'`);
  }
}

/** Every leg of a fuzzy union is unresolved: Log Analytics fails the whole query (400). */
export class NoFuzzyOperandError extends Error {
  override readonly name = 'NoFuzzyOperandError';
  constructor() {
    super("union: must have at least one operand that can be evaluated successfully when running with 'Fuzzy' mode.");
  }
}

/** The rows of a table the query names; throws like Log Analytics when the workspace has no such table. */
function rowsOf(store: LogStore, table: string): readonly LogRow[] {
  const rows = store.get(table);
  if (!rows) throw new UnresolvedTableError(table);
  return rows;
}

const text = (row: LogRow, column: string) => (row[column] === null || row[column] === undefined ? '' : String(row[column]));
const timeOf = (row: LogRow) => Date.parse(text(row, 'TimeGenerated'));
/** toint() of "" or garbage is null in KQL; the queries coalesce it to 0. */
const portOf = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value) : 0);
const inWindow = (query: ParsedAppQuery, time: number, leadInMs = 0) => time >= query.windowStart - leadInMs && time < query.windowEnd;
const forFirewall = (query: ParsedAppQuery, resourceId: string) =>
  query.firewallIds.length === 0 || query.firewallIds.includes(resourceId.toLowerCase());
const maxText = (values: string[]) => values.reduce((best, value) => (value > best ? value : best), '');
const iso = (time: number) => new Date(time).toISOString();

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function table<C extends ColumnTable>(columns: C, rows: Record<keyof C & string, unknown>[]): ResultTable {
  const names = Object.keys(columns);
  return {
    columns: columnDescriptorsOf(columns),
    // Log Analytics sends dynamic values as JSON text.
    rows: rows.map((row) => names.map((name) => (columns[name] === 'string[]' ? JSON.stringify(row[name]) : row[name]))),
  };
}

interface ApplicationDeny {
  time: number; Fqdn: string; SourceIp: string; DestinationPort: number; Protocol: string;
  TargetUrl: string; ActionReason: string; WebCategory: string;
}

function summarizeApplicationDenies(denies: ApplicationDeny[]): ResultTable {
  const groups = groupBy(denies, (d) => JSON.stringify([d.Fqdn, d.SourceIp, d.DestinationPort, d.Protocol]));
  return table(
    deniedApplicationTrafficColumns,
    [...groups.values()].map((group) => {
      const first = group[0]!;
      return {
        Fqdn: first.Fqdn, SourceIp: first.SourceIp, DestinationPort: first.DestinationPort, Protocol: first.Protocol,
        Hits: group.length,
        FirstSeen: iso(Math.min(...group.map((d) => d.time))),
        LastSeen: iso(Math.max(...group.map((d) => d.time))),
        TargetUrl: maxText(group.map((d) => d.TargetUrl)),
        ActionReason: maxText(group.map((d) => d.ActionReason)),
        WebCategory: maxText(group.map((d) => d.WebCategory)),
      };
    }),
  );
}

const deniedApplicationResourceSpecific: Evaluator = (store, query) =>
  summarizeApplicationDenies(
    rowsOf(store, 'AZFWApplicationRule')
      .filter((row) => inWindow(query, timeOf(row)) && text(row, 'Action') === 'Deny' && forFirewall(query, text(row, '_ResourceId')))
      .map((row) => ({
        time: timeOf(row), Fqdn: text(row, 'Fqdn'), SourceIp: text(row, 'SourceIp'), DestinationPort: portOf(text(row, 'DestinationPort')),
        Protocol: text(row, 'Protocol'), TargetUrl: text(row, 'TargetUrl'), ActionReason: text(row, 'ActionReason'), WebCategory: text(row, 'WebCategory'),
      })),
  );

const diagnostics = (store: LogStore, query: ParsedAppQuery, category: string, leadInMs = 0) =>
  rowsOf(store, 'AzureDiagnostics').filter(
    (row) => inWindow(query, timeOf(row), leadInMs) && text(row, 'Category') === category && forFirewall(query, text(row, 'ResourceId')),
  );

const deniedApplicationLegacy: Evaluator = (store, query) =>
  summarizeApplicationDenies(
    diagnostics(store, query, 'AzureFirewallApplicationRule')
      .map((row) => ({ row, message: text(row, 'msg_s') }))
      .filter(({ message }) => extractField('action', message) === 'Deny')
      .map(({ row, message }) => ({
        time: timeOf(row),
        Fqdn: extractField('fqdn', message),
        SourceIp: extractField('sourceIp', message),
        DestinationPort: portOf(extractField('destinationPort', message)),
        Protocol: extractField('protocol', message),
        TargetUrl: extractField('targetUrl', message),
        ActionReason: message.toLowerCase().includes(noRuleMatchedPhrase.toLowerCase()) ? defaultActionReason : extractField('reason', message),
        WebCategory: extractField('webCategory', message),
      })),
  );

interface NetworkDeny { time: number; SourceIp: string; DestinationIp: string; DestinationPort: number; Protocol: string }
interface Lookup { time: number; SourceIp: string; QueryName: string }

function summarizeNetworkDenies(denies: NetworkDeny[], lookups: Lookup[]): ResultTable {
  const lookbackInMs = dnsLookbackSeconds * 1000;
  const lookupsBySource = groupBy(lookups, (l) => l.SourceIp);
  const groups = groupBy(denies, (d) => JSON.stringify([d.SourceIp, d.DestinationIp, d.DestinationPort, d.Protocol]));
  return table(
    deniedNetworkTrafficColumns,
    [...groups.values()].map((group) => {
      const first = group[0]!;
      const names = new Set<string>();
      for (const deny of group) {
        for (const lookup of lookupsBySource.get(deny.SourceIp) ?? []) {
          if (lookup.time >= deny.time - lookbackInMs && lookup.time <= deny.time) names.add(lookup.QueryName);
        }
      }
      return {
        SourceIp: first.SourceIp, DestinationIp: first.DestinationIp, DestinationPort: first.DestinationPort, Protocol: first.Protocol,
        Hits: group.length,
        FirstSeen: iso(Math.min(...group.map((d) => d.time))),
        LastSeen: iso(Math.max(...group.map((d) => d.time))),
        DestinationNames: [...names].slice(0, maxDestinationNames).sort(),
      };
    }),
  );
}

const trimDots = (name: string) => name.replace(/\.+$/, '');
const isAnsweredAddressLookup = (responseCode: string, queryType: string) => responseCode === 'NOERROR' && (queryType === 'A' || queryType === 'AAAA');

/** The denied AZFWNetworkRule rows of the query's window and firewall, as both network queries read them. */
const networkDenies = (store: Parameters<Evaluator>[0], query: Parameters<Evaluator>[1]) =>
  rowsOf(store, 'AZFWNetworkRule')
    .filter((row) => inWindow(query, timeOf(row)) && text(row, 'Action') === 'Deny' && forFirewall(query, text(row, '_ResourceId')))
    .map((row) => ({
      time: timeOf(row), SourceIp: text(row, 'SourceIp'), DestinationIp: text(row, 'DestinationIp'),
      DestinationPort: portOf(text(row, 'DestinationPort')), Protocol: text(row, 'Protocol'),
    }));

const deniedNetworkResourceSpecific: Evaluator = (store, query) =>
  summarizeNetworkDenies(
    networkDenies(store, query),
    rowsOf(store, 'AZFWDnsQuery')
      .filter((row) => inWindow(query, timeOf(row), dnsLookbackSeconds * 1000) && forFirewall(query, text(row, '_ResourceId')))
      .filter((row) => isAnsweredAddressLookup(text(row, 'ResponseCode'), text(row, 'QueryType')))
      .map((row) => ({ time: timeOf(row), SourceIp: text(row, 'SourceIp'), QueryName: trimDots(text(row, 'QueryName')) })),
  );

/** Same aggregation, no DNS join (the query never names AZFWDnsQuery). */
const deniedNetworkWithoutNames: Evaluator = (store, query) =>
  summarizeNetworkDenies(
    networkDenies(store, query),
    [],
  );

const deniedNetworkLegacy: Evaluator = (store, query) =>
  summarizeNetworkDenies(
    diagnostics(store, query, 'AzureFirewallNetworkRule')
      .map((row) => ({ row, message: text(row, 'msg_s') }))
      .filter(({ message }) => extractField('action', message) === 'Deny')
      .map(({ row, message }) => ({
        time: timeOf(row), SourceIp: extractField('sourceIp', message), DestinationIp: extractField('destinationIp', message),
        DestinationPort: portOf(extractField('destinationPort', message)), Protocol: extractField('protocol', message),
      })),
    diagnostics(store, query, 'AzureFirewallDnsProxy', dnsLookbackSeconds * 1000)
      .map((row) => ({ row, message: text(row, 'msg_s') }))
      .filter(({ message }) => isAnsweredAddressLookup(extractField('dnsResponseCode', message), extractField('dnsQueryType', message)))
      .map(({ row, message }) => ({ time: timeOf(row), SourceIp: extractField('dnsSourceIp', message), QueryName: trimDots(extractField('dnsQueryName', message)) })),
  );

const topFlows: Evaluator = (store, query) => {
  const flows = rowsOf(store, 'AZFWFatFlow').filter((row) => inWindow(query, timeOf(row)) && forFirewall(query, text(row, '_ResourceId')));
  const groups = groupBy(flows, (row) => JSON.stringify([text(row, 'SourceIp'), text(row, 'DestinationIp'), portOf(text(row, 'DestinationPort')), text(row, 'Protocol')]));
  const summarized = [...groups.values()].map((group) => {
    const first = group[0]!;
    const rates = group.map((row) => Number(row.FlowRate));
    return {
      SourceIp: text(first, 'SourceIp'), DestinationIp: text(first, 'DestinationIp'), DestinationPort: portOf(text(first, 'DestinationPort')), Protocol: text(first, 'Protocol'),
      Samples: group.length, PeakFlowRateMbps: Math.max(...rates), AverageFlowRateMbps: rates.reduce((a, b) => a + b, 0) / rates.length,
      FirstSeen: iso(Math.min(...group.map(timeOf))), LastSeen: iso(Math.max(...group.map(timeOf))),
    };
  });
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  summarized.sort((a, b) => compare(b.PeakFlowRateMbps, a.PeakFlowRateMbps) || compare(a.SourceIp, b.SourceIp) || compare(a.DestinationIp, b.DestinationIp) || compare(a.DestinationPort, b.DestinationPort) || compare(a.Protocol, b.Protocol));
  return table(topFlowsColumns, summarized.slice(0, topFlowsLimit));
};

const hourOf = (time: number) => Math.floor(time / 3600_000) * 3600_000;
const isFirewallSnatMetric = (row: LogRow) =>
  text(row, 'MetricName') === 'SNATPortUtilization' && text(row, 'ResourceId').toLowerCase().includes('/providers/microsoft.network/azurefirewalls/');

const snatUtilization: Evaluator = (store, query) => {
  const metrics = rowsOf(store, 'AzureMetrics').filter(
    (row) => inWindow(query, timeOf(row)) && isFirewallSnatMetric(row) && forFirewall(query, text(row, 'ResourceId')),
  );
  const groups = groupBy(metrics, (row) => JSON.stringify([text(row, 'ResourceId').toLowerCase(), hourOf(timeOf(row))]));
  const rows = [...groups.values()].map((group) => {
    const first = group[0]!;
    return {
      FirewallId: text(first, 'ResourceId').toLowerCase(),
      Hour: hourOf(timeOf(first)),
      PeakPercent: Math.max(...group.map((row) => Number(row.Maximum))),
      AveragePercent: group.reduce((sum, row) => sum + Number(row.Average), 0) / group.length,
      Samples: group.length,
    };
  });
  rows.sort((a, b) => (a.FirewallId < b.FirewallId ? -1 : a.FirewallId > b.FirewallId ? 1 : a.Hour - b.Hour));
  return table(snatUtilizationColumns, rows.map((row) => ({ ...row, Hour: iso(row.Hour) })));
};

/** A union leg that is an empty datatable, e.g. `(datatable(Source: string, Rows: long) [])`: it always resolves. */
const emptyDatatableLeg = /\(\s*datatable\s*\([^)]*\)\s*\[\s*\]\s*\)\s*(?:,|\||$)/;
const hasEmptyDatatableLeg = (queryText: string) => {
  const union = queryText.search(/\bunion\b/);
  return union >= 0 && emptyDatatableLeg.test(queryText.slice(union));
};

/**
 * `union isfuzzy=true`: a leg whose table the workspace does not have is skipped and reported as unresolved (the
 * emulator answers with a PartialError warning); with no leg resolving the query fails. An empty datatable leg in
 * the query text resolves but adds no rows, so with it a workspace without any of the tables gets no rows and a
 * warning for every table. A leg whose table exists gives one row even when it holds nothing in the window
 * (summarize count() without by).
 */
const workspaceInventory: Evaluator = (store, query) => {
  const count = (source: (typeof inventorySources)[number]): number | undefined => {
    const tableName = source;
    const rows = store.get(tableName);
    if (!rows) return undefined;
    const base = rows.filter((row) => inWindow(query, timeOf(row)));
    if (source === 'AzureDiagnostics') {
      return base.filter((row) => (legacyFirewallCategories as readonly string[]).includes(text(row, 'Category')) && forFirewall(query, text(row, 'ResourceId'))).length;
    }
    if (source === 'AzureMetrics') return base.filter((row) => text(row, 'MetricName') === 'SNATPortUtilization' && forFirewall(query, text(row, 'ResourceId'))).length;
    return base.filter((row) => forFirewall(query, text(row, '_ResourceId'))).length;
  };
  const rows = inventorySources.flatMap((source) => {
    const rowsInSource = count(source);
    return rowsInSource === undefined ? [] : [{ Source: source, Rows: rowsInSource }];
  });
  if (rows.length === 0 && !hasEmptyDatatableLeg(query.text)) throw new NoFuzzyOperandError();
  const unresolvedFuzzyLegs = inventorySources.filter((source) => !store.has(source));
  return { ...table(workspaceInventoryColumns, rows), ...(unresolvedFuzzyLegs.length > 0 ? { unresolvedFuzzyLegs } : {}) };
};

export const evaluators: Readonly<Record<string, Evaluator>> = {
  'workspace-inventory': workspaceInventory,
  'denied-application-traffic.resource-specific': deniedApplicationResourceSpecific,
  'denied-application-traffic.azure-diagnostics': deniedApplicationLegacy,
  'denied-network-traffic.resource-specific': deniedNetworkResourceSpecific,
  'denied-network-traffic.resource-specific-without-dns': deniedNetworkWithoutNames,
  'denied-network-traffic.azure-diagnostics': deniedNetworkLegacy,
  'top-flows.resource-specific': topFlows,
  'snat-utilization': snatUtilization,
};
