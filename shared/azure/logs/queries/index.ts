import { deniedApplicationTrafficQuery, legacyDeniedApplicationTrafficQuery } from './deniedApplicationTraffic';
import { deniedNetworkTrafficQuery, deniedNetworkTrafficWithoutNamesQuery, legacyDeniedNetworkTrafficQuery } from './deniedNetworkTraffic';
import { snatUtilizationQuery } from './snatUtilization';
import { topFlowsQuery } from './topFlows';
import { workspaceInventoryQuery } from './workspaceInventory';

export * from './deniedApplicationTraffic';
export * from './deniedNetworkTraffic';
export * from './snatUtilization';
export * from './topFlows';
export * from './workspaceInventory';
export { queryIdMarker, type FirewallQuery, type FirewallQueryParameters } from './firewallQuery';
export type { ColumnKind, ColumnTable, RowOf } from './columns';

/** Every query the app sends, by id: the tests check each against the table schemas, the emulator answers each. */
export const firewallQueries = {
  [workspaceInventoryQuery.id]: workspaceInventoryQuery,
  [deniedApplicationTrafficQuery.id]: deniedApplicationTrafficQuery,
  [legacyDeniedApplicationTrafficQuery.id]: legacyDeniedApplicationTrafficQuery,
  [deniedNetworkTrafficQuery.id]: deniedNetworkTrafficQuery,
  [deniedNetworkTrafficWithoutNamesQuery.id]: deniedNetworkTrafficWithoutNamesQuery,
  [legacyDeniedNetworkTrafficQuery.id]: legacyDeniedNetworkTrafficQuery,
  [topFlowsQuery.id]: topFlowsQuery,
  [snatUtilizationQuery.id]: snatUtilizationQuery,
} as const;
