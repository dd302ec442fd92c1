import type { LogsQueryClient, LogsQueryResult } from '@azure/monitor-query-logs';
import { FirewallLogs } from '../../../../shared/azure/logs/firewallLogs';

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
});
