import type { LogsQueryClient, LogsQueryResult } from '@azure/monitor-query-logs';
import { RestError } from '@azure/core-rest-pipeline';
import { FirewallLogs, isOnlyUnresolvedTableWarnings } from '../../../../shared/azure/logs/firewallLogs';
import { inventorySources } from '../../../../shared/azure/logs/queries';

const window = { from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
const clientReturning = (result: unknown) => ({ queryWorkspace: jest.fn(async () => result as LogsQueryResult) }) as Pick<LogsQueryClient, 'queryWorkspace'> & { queryWorkspace: jest.Mock };
const inventoryTable = (rows: [string, number][]) => ({
  status: 'Success',
  tables: [{ name: 'PrimaryResult', columnDescriptors: [{ name: 'Source', type: 'string' }, { name: 'Rows', type: 'long' }], rows }],
});

describe('FirewallLogs', () => {
  it.each([
    { label: 'AZFW rows present', rows: [['AZFWApplicationRule', 3], ['AzureDiagnostics', 9]] as [string, number][], mode: 'resource-specific' },
    { label: 'only AzureDiagnostics rows', rows: [['AZFWApplicationRule', 0], ['AzureDiagnostics', 9]] as [string, number][], mode: 'azure-diagnostics' },
    { label: 'nothing at all', rows: [] as [string, number][], mode: 'resource-specific' },
  ])('resolves auto mode: $label', async ({ rows, mode }) => {
    const logs = new FirewallLogs(clientReturning(inventoryTable(rows)), 'ws', []);
    await expect(logs.resolveLogMode('auto', window)).resolves.toBe(mode);
  });

  it('uses an explicit mode without querying', async () => {
    const client = clientReturning(inventoryTable([]));
    await expect(new FirewallLogs(client, 'ws', []).resolveLogMode('azure-diagnostics', window)).resolves.toBe('azure-diagnostics');
    expect(client.queryWorkspace).not.toHaveBeenCalled();
  });

  it('sends the window as the timespan too', async () => {
    const client = clientReturning(inventoryTable([]));
    await new FirewallLogs(client, 'ws', []).getWorkspaceInventory(window);
    expect(client.queryWorkspace.mock.calls[0]?.[2]).toEqual({ startTime: window.from, endTime: window.to });
  });

  it('refuses partial results', async () => {
    const logs = new FirewallLogs(clientReturning({ status: 'PartialFailure', partialTables: [], partialError: { code: 'PartialError', message: 'timeout' } }), 'ws', []);
    await expect(logs.querySnatUtilization(window)).rejects.toMatchObject({ name: 'FirewallLogsError', code: 'LogsPartialFailure' });
  });

  it('refuses a result whose columns changed type', async () => {
    const logs = new FirewallLogs(clientReturning({ status: 'Success', tables: [{ name: 'PrimaryResult', columnDescriptors: [{ name: 'Source', type: 'string' }, { name: 'Rows', type: 'string' }], rows: [] }] }), 'ws', []);
    await expect(logs.getWorkspaceInventory(window)).rejects.toMatchObject({ code: 'LogsSchemaMismatch', message: expect.stringContaining('Rows is string') });
  });

  const partialInventory = (rows: [string, number][], partialError: unknown) => ({
    status: 'PartialFailure',
    partialTables: [{ name: 'PrimaryResult', columnDescriptors: [{ name: 'Source', type: 'string' }, { name: 'Rows', type: 'long' }], rows }],
    partialError,
  });
  // What @azure/monitor-query-logs hands over for Log Analytics' warning: the detail's own innererror is dropped.
  const unresolvedLegWarning = { code: 'PartialError', message: 'There were some errors when processing your query.', details: [{ code: 'EngineError', message: 'Something went wrong processing your query on the server.' }] };

  it('accepts unresolved fuzzy legs on the inventory and reads the missing tables from the rows', async () => {
    const logs = new FirewallLogs(clientReturning(partialInventory([['AZFWApplicationRule', 4], ['AZFWNetworkRule', 0], ['AzureMetrics', 9]], unresolvedLegWarning)), 'ws', []);
    await expect(logs.getWorkspaceInventory(window)).resolves.toMatchObject({
      missingTables: ['AZFWDnsQuery', 'AZFWFatFlow', 'AzureDiagnostics'], mode: 'resource-specific', hasDnsLog: false, hasTopFlows: false, hasSnatMetrics: true, hasFirewallLogs: true,
    });
  });

  it('reads a workspace with none of the tables (only the anchor leg resolved: no rows, a warning per table) as every table missing', async () => {
    const everyLegWarning = { ...unresolvedLegWarning, details: inventorySources.map(() => unresolvedLegWarning.details[0]) };
    const logs = new FirewallLogs(clientReturning(partialInventory([], everyLegWarning)), 'ws', []);
    await expect(logs.getWorkspaceInventory(window)).resolves.toEqual({
      rowsBySource: {}, missingTables: [...inventorySources], mode: 'resource-specific',
      hasTopFlows: false, hasDnsLog: false, hasSnatMetrics: false, hasFirewallLogs: false,
    });
  });

  it('lets a 400 of the inventory through, whatever its message (no error is recognised by its text)', async () => {
    const noOperand = new RestError('The request had some invalid properties', {
      statusCode: 400, code: 'BadArgumentError',
    });
    (noOperand as RestError & { details: unknown }).details = { error: { code: 'BadArgumentError', innererror: { code: 'SemanticError', message: "union: must have at least one operand that can be evaluated successfully when running with 'Fuzzy' mode." } } };
    const client = { queryWorkspace: jest.fn(async () => { throw noOperand; }) } as unknown as Pick<LogsQueryClient, 'queryWorkspace'>;
    await expect(new FirewallLogs(client, 'ws', []).getWorkspaceInventory(window)).rejects.toBe(noOperand);
  });

  it('still refuses a partial inventory caused by a limit or a timeout, and partial results of any other query', async () => {
    const timeout = { code: 'PartialError', message: 'Query execution has exceeded the allowed limits', details: [{ code: 'EngineError', message: 'Something went wrong processing your query on the server.' }] };
    await expect(new FirewallLogs(clientReturning(partialInventory([['AZFWNetworkRule', 3]], timeout)), 'ws', []).getWorkspaceInventory(window)).rejects.toMatchObject({ code: 'LogsPartialFailure' });
    const snat = new FirewallLogs(clientReturning(partialInventory([], unresolvedLegWarning)), 'ws', []);
    await expect(snat.querySnatUtilization(window)).rejects.toMatchObject({ code: 'LogsPartialFailure' });
  });
});

describe('isOnlyUnresolvedTableWarnings', () => {
  it.each([
    { label: 'the SDK view of a missing leg', error: { code: 'PartialError', message: 'There were some errors when processing your query.', details: [{ code: 'EngineError', message: 'Something went wrong processing your query on the server.' }] }, accepted: true },
    { label: 'the raw warning with its innererror', error: { code: 'PartialError', message: 'x', details: [{ code: 'EngineError', message: 'y', innererror: { code: '-2133196790', message: "'union' operator: Failed to resolve table expression named 'AZFWFatFlow'", severityName: 'Warning' } }] }, accepted: true },
    { label: 'an Error-severity detail', error: { code: 'PartialError', message: 'x', details: [{ code: 'EngineError', message: 'y', innererror: { code: '1', message: 'boom', severityName: 'Error' } }] }, accepted: false },
    { label: 'a truncated result', error: { code: 'PartialError', message: 'Query result set has exceeded the internal record count limit', details: [] }, accepted: false },
    { label: 'another code', error: { code: 'ServiceError', message: 'x' }, accepted: false },
  ])('$label: $accepted', ({ error, accepted }) => {
    expect(isOnlyUnresolvedTableWarnings(error as Parameters<typeof isOnlyUnresolvedTableWarnings>[0])).toBe(accepted);
  });
});
