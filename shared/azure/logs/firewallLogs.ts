import type { LogsQueryClient, LogsQueryResult } from '@azure/monitor-query-logs';
import type { TimeWindow } from '../../core/report/window';
import { assertValidWindow } from '../../core/report/window';
import { FirewallLogsError } from './errors';
import {
  deniedApplicationTrafficQuery,
  deniedNetworkTrafficQuery,
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
  readonly rowsBySource: Readonly<Partial<Record<InventorySource, number>>>;
  /** Which tables the denied-traffic queries should read. */
  readonly mode: FirewallLogMode;
  readonly hasTopFlows: boolean;
  /** False = SNAT must come from the metrics API (shared/azure/metrics). */
  readonly hasSnatMetrics: boolean;
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

  async getWorkspaceInventory(window: TimeWindow, options: FirewallLogsOptions = {}): Promise<WorkspaceInventory> {
    const rows = await this.run(workspaceInventoryQuery, window, options);
    const rowsBySource: Partial<Record<InventorySource, number>> = {};
    for (const row of rows) rowsBySource[row.Source as InventorySource] = row.Rows;
    const resourceSpecificRows = (rowsBySource.AZFWApplicationRule ?? 0) + (rowsBySource.AZFWNetworkRule ?? 0);
    // Prefer resource-specific tables whenever they hold data (also mid-migration, when both do); fall back to
    // AzureDiagnostics only when it alone has firewall rows.
    const mode = resourceSpecificRows === 0 && (rowsBySource.AzureDiagnostics ?? 0) > 0 ? 'azure-diagnostics' : 'resource-specific';
    return { rowsBySource, mode, hasTopFlows: (rowsBySource.AZFWFatFlow ?? 0) > 0, hasSnatMetrics: (rowsBySource.AzureMetrics ?? 0) > 0 };
  }

  /** The mode to query: the setting when it names one, else the detected one. */
  async resolveLogMode(setting: ReportLogModeSetting, window: TimeWindow, options: FirewallLogsOptions = {}): Promise<FirewallLogMode> {
    return setting === 'auto' ? (await this.getWorkspaceInventory(window, options)).mode : setting;
  }

  queryDeniedApplicationTraffic(window: TimeWindow, mode: FirewallLogMode, options: FirewallLogsOptions = {}): Promise<DeniedApplicationTrafficRow[]> {
    const query = mode === 'resource-specific' ? deniedApplicationTrafficQuery : legacyDeniedApplicationTrafficQuery;
    return this.run(query, window, options);
  }

  queryDeniedNetworkTraffic(window: TimeWindow, mode: FirewallLogMode, options: FirewallLogsOptions = {}): Promise<DeniedNetworkTrafficRow[]> {
    const query = mode === 'resource-specific' ? deniedNetworkTrafficQuery : legacyDeniedNetworkTrafficQuery;
    return this.run(query, window, options);
  }

  /** Only meaningful when the inventory reports AZFWFatFlow (the query fails with 400 when the table is absent). */
  queryTopFlows(window: TimeWindow, options: FirewallLogsOptions = {}): Promise<TopFlowRow[]> {
    return this.run(topFlowsQuery, window, options);
  }

  querySnatUtilization(window: TimeWindow, options: FirewallLogsOptions = {}): Promise<SnatUtilizationRow[]> {
    return this.run(snatUtilizationQuery, window, options);
  }

  private async run<C extends ColumnTable>(query: FirewallQuery<C>, window: TimeWindow, options: FirewallLogsOptions): Promise<RowOf<C>[]> {
    assertValidWindow(window);
    const result = await this.client.queryWorkspace(
      this.workspaceId,
      query.text({ window, firewallIds: this.firewallIds }),
      // The window is also in the query text; the timespan lets the service prune data before running it.
      { startTime: window.from, endTime: window.to },
      { serverTimeoutInSeconds, abortSignal: options.abortSignal },
    );
    return readRows(query.id, query.columns, firstTable(query.id, result));
  }
}

function firstTable(queryId: string, result: LogsQueryResult) {
  if (result.status !== 'Success') {
    // Partial results (timeouts, result limits) would under-count silently: fail the report instead.
    const { code, message } = result.partialError;
    throw new FirewallLogsError('LogsPartialFailure', queryId, `partial results only (${code}: ${message})`);
  }
  const table = result.tables[0];
  if (!table) throw new FirewallLogsError('LogsNoTable', queryId, 'the service returned no table');
  return table;
}
