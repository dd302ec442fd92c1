import type { RowOf } from './columns';
import { firewallQuery } from './firewallQuery';

/**
 * Which firewall log sources hold rows in the window. `union isfuzzy=true` skips legs whose table does not exist
 * in the workspace (AZFW* tables appear only once resource-specific logging has sent data), so one query answers
 * "resource-specific or AzureDiagnostics?" and "is AZFWFatFlow / AzureMetrics there?" without failing.
 */
export const workspaceInventoryColumns = {
  Source: 'string',
  Rows: 'long',
} as const;

export type WorkspaceInventoryRow = RowOf<typeof workspaceInventoryColumns>;

export const inventorySources = ['AZFWApplicationRule', 'AZFWNetworkRule', 'AZFWFatFlow', 'AzureDiagnostics', 'AzureMetrics'] as const;
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
  ${resourceSpecificLeg('AZFWApplicationRule')},
  ${resourceSpecificLeg('AZFWNetworkRule')},
  ${resourceSpecificLeg('AZFWFatFlow')},
  (AzureDiagnostics ${inWindow}
    | where Category in (${legacyFirewallCategories.map((category) => `"${category}"`).join(', ')})
    | where array_length(firewallIds) == 0 or tolower(ResourceId) in (firewallIds) ${countAs('AzureDiagnostics')}),
  (AzureMetrics ${inWindow}
    | where MetricName == "SNATPortUtilization"
    | where array_length(firewallIds) == 0 or tolower(ResourceId) in (firewallIds) ${countAs('AzureMetrics')})
| project Source, Rows`,
);
