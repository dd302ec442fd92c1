import { columnDescriptorsOf } from './columns';
import { firewallQuery } from './firewallQuery';

/**
 * Which firewall log sources exist in the workspace and how many rows each holds in the window. Each leg ends in a
 * `summarize count()` without `by`, so a leg whose table exists always gives exactly one row (Rows may be 0); a leg
 * whose table the workspace does not have gives none. `union isfuzzy=true` runs the legs that resolve: Log Analytics
 * then answers 200 with a PartialError warning for the others. A fuzzy union none of whose legs resolves fails
 * with 400, so the union also has an anchor leg (inventoryAnchorLeg) that always resolves and adds no rows: a
 * workspace without any of the tables answers 200 too, with a warning for every table leg and no rows. AZFW* tables
 * appear only once their log category has sent data: AZFWDnsQuery needs the DNS proxy log, AZFWFatFlow the top flows
 * log, AzureMetrics a metrics diagnostic setting.
 */
export const workspaceInventoryColumns = {
  Source: 'string',
  Rows: 'long',
} as const;

/**
 * An empty datatable with the result's own columns and types (count() is long). The types must match the table
 * legs': an outer union keeps one column per name and type, so an `int` Rows here would split the result into
 * Rows_int and Rows_long.
 */
export const inventoryAnchorLeg = `(datatable(${columnDescriptorsOf(workspaceInventoryColumns)
  .map(({ name, type }) => `${name}: ${type}`)
  .join(', ')}) [])`;

export const inventorySources = ['AZFWApplicationRule', 'AZFWNetworkRule', 'AZFWDnsQuery', 'AZFWFatFlow', 'AzureDiagnostics', 'AzureMetrics'] as const;
export type InventorySource = (typeof inventorySources)[number];

export const legacyFirewallCategories = ['AzureFirewallApplicationRule', 'AzureFirewallNetworkRule', 'AzureFirewallDnsProxy'] as const;

const inWindow = '| where TimeGenerated >= windowStart and TimeGenerated < windowEnd';
const countAs = (source: InventorySource) => `| summarize Rows = count() | extend Source = "${source}"`;
const resourceSpecificLeg = (table: InventorySource) =>
  `(${table} ${inWindow} | where array_length(firewallIds) == 0 or tolower(_ResourceId) in (firewallIds) ${countAs(table)})`;

export const workspaceInventoryQuery = firewallQuery(
  'workspace-inventory',
  workspaceInventoryColumns,
  `
union isfuzzy=true
  ${inventoryAnchorLeg},
  ${resourceSpecificLeg('AZFWApplicationRule')},
  ${resourceSpecificLeg('AZFWNetworkRule')},
  ${resourceSpecificLeg('AZFWDnsQuery')},
  ${resourceSpecificLeg('AZFWFatFlow')},
  (AzureDiagnostics ${inWindow}
    | where Category in (${legacyFirewallCategories.map((category) => `"${category}"`).join(', ')})
    | where array_length(firewallIds) == 0 or tolower(ResourceId) in (firewallIds) ${countAs('AzureDiagnostics')}),
  (AzureMetrics ${inWindow}
    | where MetricName == "SNATPortUtilization"
    | where array_length(firewallIds) == 0 or tolower(ResourceId) in (firewallIds) ${countAs('AzureMetrics')})
| project Source, Rows`,
);
