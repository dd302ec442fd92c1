import type { LogsErrorInfo, LogsQueryClient, LogsQueryResult } from '@azure/monitor-query-logs';
import type { TimeWindow } from '../../core/report/window';
import { assertValidWindow } from '../../core/report/window';
import { FirewallLogsError } from './errors';
import {
  deniedApplicationTrafficQuery,
  deniedNetworkTrafficQuery,
  deniedNetworkTrafficWithoutNamesQuery,
  inventorySources,
  legacyDeniedApplicationTrafficQuery,
  legacyDeniedNetworkTrafficQuery,
  snatUtilizationQuery,
  topFlowsQuery,
  workspaceInventoryQuery,
  type DeniedApplicationTrafficRow,
  type DeniedNetworkTrafficRow,
  type FirewallQuery,
  type InventorySource,
  type SnatUtilizationRow,
  type TopFlowRow,
} from './queries';
import type { ColumnTable, RowOf } from './queries/columns';
import { readRows } from './queries/readRows';

export type ReportLogModeSetting = 'auto' | 'resource-specific' | 'azure-diagnostics';
export type FirewallLogMode = 'resource-specific' | 'azure-diagnostics';

export interface WorkspaceInventory {
  /** Rows in the window per source, for the sources whose table the workspace has (0 = table there, no rows). */
  readonly rowsBySource: Readonly<Partial<Record<InventorySource, number>>>;
  /** Sources whose table the workspace does not have: a query naming one would fail with 400. */
  readonly missingTables: readonly InventorySource[];
  /** Which tables the denied-traffic queries should read. */
  readonly mode: FirewallLogMode;
  /** AZFWFatFlow exists (top flows log on). */
  readonly hasTopFlows: boolean;
  /** AZFWDnsQuery exists (DNS proxy log on): network denials can be named. */
  readonly hasDnsLog: boolean;
  /** False = SNAT must come from the metrics API (shared/azure/metrics). */
  readonly hasSnatMetrics: boolean;
  /** False when the workspace has no firewall rule logs at all (no AZFW rule table, no firewall AzureDiagnostics rows). */
  readonly hasFirewallLogs: boolean;
}

export interface FirewallLogsOptions {
  readonly abortSignal?: AbortSignal;
}

/** Log Analytics may keep a query up to 10 minutes; the report prefers failing after 3 to hanging a timer run. */
const serverTimeoutInSeconds = 180;

/**
 * Reads the firewall's logs from one Log Analytics workspace with typed, aggregated queries (no raw rows).
 * Throws RestError as the SDK raises it (auth, 400 for bad queries, throttling) and FirewallLogsError for partial
 * results or an unexpected result schema.
 */
export class FirewallLogs {
  constructor(
    private readonly client: Pick<LogsQueryClient, 'queryWorkspace'>,
    private readonly workspaceId: string,
    /** Firewalls to report on; empty = all firewalls logging to the workspace. */
    private readonly firewallIds: readonly string[],
  ) {}

  /**
   * Which firewall tables the workspace has. Legs of the fuzzy union whose table is absent come back as a
   * PartialError (200) that is only a warning: accepted here, and those tables are reported as missing. The union's
   * empty anchor leg always resolves, so a workspace with none of the tables answers the same way with no rows:
   * every table missing. Anything else fails.
   */
  async getWorkspaceInventory(window: TimeWindow, options: FirewallLogsOptions = {}): Promise<WorkspaceInventory> {
    const rows = await this.run(workspaceInventoryQuery, window, options, { acceptMissingFuzzyLegs: true });
    const rowsBySource: Partial<Record<InventorySource, number>> = {};
    for (const row of rows) rowsBySource[row.Source as InventorySource] = row.Rows;
    const missingTables = inventorySources.filter((source) => rowsBySource[source] === undefined);
    const resourceSpecificRows = (rowsBySource.AZFWApplicationRule ?? 0) + (rowsBySource.AZFWNetworkRule ?? 0);
    const legacyRows = rowsBySource.AzureDiagnostics ?? 0;
    // Prefer resource-specific tables whenever they hold data (also mid-migration, when both do); fall back to
    // AzureDiagnostics only when it alone has firewall rows.
    const mode = resourceSpecificRows === 0 && legacyRows > 0 ? 'azure-diagnostics' : 'resource-specific';
    return {
      rowsBySource,
      missingTables,
      mode,
      hasTopFlows: rowsBySource.AZFWFatFlow !== undefined,
      hasDnsLog: rowsBySource.AZFWDnsQuery !== undefined,
      hasSnatMetrics: (rowsBySource.AzureMetrics ?? 0) > 0,
      hasFirewallLogs: rowsBySource.AZFWApplicationRule !== undefined || rowsBySource.AZFWNetworkRule !== undefined || legacyRows > 0,
    };
  }

  /** The mode to query: the setting when it names one, else the detected one. */
  async resolveLogMode(setting: ReportLogModeSetting, window: TimeWindow, options: FirewallLogsOptions = {}): Promise<FirewallLogMode> {
    return setting === 'auto' ? (await this.getWorkspaceInventory(window, options)).mode : setting;
  }

  queryDeniedApplicationTraffic(window: TimeWindow, mode: FirewallLogMode, options: FirewallLogsOptions = {}): Promise<DeniedApplicationTrafficRow[]> {
    const query = mode === 'resource-specific' ? deniedApplicationTrafficQuery : legacyDeniedApplicationTrafficQuery;
    return this.run(query, window, options);
  }

  /** `withNames: false` when AZFWDnsQuery is absent (resource-specific mode): the query then does not name it. */
  queryDeniedNetworkTraffic(window: TimeWindow, mode: FirewallLogMode, options: FirewallLogsOptions & { withNames?: boolean } = {}): Promise<DeniedNetworkTrafficRow[]> {
    const query = mode === 'azure-diagnostics' ? legacyDeniedNetworkTrafficQuery : options.withNames === false ? deniedNetworkTrafficWithoutNamesQuery : deniedNetworkTrafficQuery;
    return this.run(query, window, options);
  }

  /** Only meaningful when the inventory reports AZFWFatFlow (the query fails with 400 when the table is absent). */
  queryTopFlows(window: TimeWindow, options: FirewallLogsOptions = {}): Promise<TopFlowRow[]> {
    return this.run(topFlowsQuery, window, options);
  }

  querySnatUtilization(window: TimeWindow, options: FirewallLogsOptions = {}): Promise<SnatUtilizationRow[]> {
    return this.run(snatUtilizationQuery, window, options);
  }

  private async run<C extends ColumnTable>(
    query: FirewallQuery<C>,
    window: TimeWindow,
    options: FirewallLogsOptions,
    partial: { acceptMissingFuzzyLegs?: boolean } = {},
  ): Promise<RowOf<C>[]> {
    assertValidWindow(window);
    const result = await this.client.queryWorkspace(
      this.workspaceId,
      query.text({ window, firewallIds: this.firewallIds }),
      // The window is also in the query text; the timespan lets the service prune data before running it.
      { startTime: window.from, endTime: window.to },
      { serverTimeoutInSeconds, abortSignal: options.abortSignal },
    );
    return readRows(query.id, query.columns, firstTable(query.id, result, partial.acceptMissingFuzzyLegs ?? false));
  }
}

function firstTable(queryId: string, result: LogsQueryResult, acceptMissingFuzzyLegs: boolean) {
  if (result.status === 'Success') {
    const table = result.tables[0];
    if (!table) throw new FirewallLogsError('LogsNoTable', queryId, 'the service returned no table');
    return table;
  }
  // Partial results (timeouts, result limits) would under-count silently: fail the report instead. The one
  // exception: unresolved legs of the inventory's fuzzy union, whose rows then say which tables are there.
  const { code, message } = result.status === 'PartialFailure' ? result.partialError : { code: 'Failure', message: 'query failed' };
  const table = result.status === 'PartialFailure' ? result.partialTables[0] : undefined;
  if (acceptMissingFuzzyLegs && result.status === 'PartialFailure' && table && isOnlyUnresolvedTableWarnings(result.partialError)) return table;
  throw new FirewallLogsError('LogsPartialFailure', queryId, `partial results only (${code}: ${message})`);
}

/** Words of a partial error that is about the result itself (limits, timeouts), never about a missing table. */
const resultProblem = /exceed|limit|time ?out|timed out|cancel|memory|truncat|throttl/i;

/**
 * A PartialError whose parts are all warnings of unresolved tables: code PartialError, and nothing in the error,
 * its details or inner errors (as far as the SDK passes them on) has a severity other than Warning or speaks of a
 * limit, a timeout or truncation. @azure/monitor-query-logs drops a detail's own innererror (where Log Analytics
 * puts "Failed to resolve table expression named 'X'" and severityName "Warning"), so the missing tables are read
 * from the rows instead: each resolved leg gives exactly one.
 */
export function isOnlyUnresolvedTableWarnings(error: LogsErrorInfo): boolean {
  if (error.code !== 'PartialError') return false;
  const parts: unknown[] = [];
  const collect = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    parts.push(node);
    const record = node as { details?: unknown; innererror?: unknown };
    if (Array.isArray(record.details)) record.details.forEach(collect);
    collect(record.innererror);
  };
  collect(error);
  return parts.every((part) => {
    const { message, severityName } = part as { message?: unknown; severityName?: unknown };
    if (severityName !== undefined && severityName !== 'Warning') return false;
    return !(typeof message === 'string' && resultProblem.test(message));
  });
}
