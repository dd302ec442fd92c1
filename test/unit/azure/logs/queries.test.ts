import { analyzeKql } from '../../../support/kusto';
import { columnDescriptorsOf } from '../../../../shared/azure/logs/queries/columns';
import { firewallQueries, inventoryAnchorLeg, inventorySources, workspaceInventoryQuery } from '../../../../shared/azure/logs/queries';

const parameters = {
  window: { from: new Date('2026-11-22T07:00:00Z'), to: new Date('2026-11-23T07:00:00Z') },
  firewallIds: ['/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub'],
};

const cases = Object.values(firewallQueries).map((query) => ({ label: query.id, query }));

describe('firewall queries against the table reference', () => {
  it.each(cases)('$label has no diagnostics and returns exactly its declared columns', ({ query }) => {
    const analysis = analyzeKql(query.text(parameters));
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.columns).toEqual(columnDescriptorsOf(query.columns));
  });

  it.each(cases)('$label starts with its id marker', ({ query }) => {
    expect(query.text(parameters).split('\n')[0]).toBe(`// aks-egress-guard query: ${query.id}`);
  });

  it.each(cases)('$label also analyses cleanly with no firewall filter', ({ query }) => {
    expect(analyzeKql(query.text({ ...parameters, firewallIds: [] })).diagnostics).toEqual([]);
  });
});

describe('the workspace inventory union', () => {
  const text = workspaceInventoryQuery.text(parameters);

  it('has an empty datatable leg typed like its result, before the table legs', () => {
    expect(inventoryAnchorLeg).toBe('(datatable(Source: string, Rows: long) [])');
    const union = text.indexOf('union isfuzzy=true');
    expect(union).toBeGreaterThan(0);
    const anchor = text.indexOf(`${inventoryAnchorLeg},`);
    expect(anchor).toBeGreaterThan(union);
    for (const source of inventorySources) expect(text.indexOf(`(${source} `)).toBeGreaterThan(anchor);
  });

  it('keeps one Rows column: a differently typed anchor would split it (Rows_int, Rows_long), which the column check above catches', () => {
    const mistyped = text.replace(inventoryAnchorLeg, '(datatable(Source: string, Rows: int) [])');
    expect(mistyped).not.toBe(text);
    expect(analyzeKql(mistyped).columns).toEqual([{ name: 'Source', type: 'string' }, { name: 'Rows', type: 'unknown' }]);
    expect(analyzeKql(mistyped.replace(/\| project Source, Rows$/, '')).columns.map((column) => column.name)).toEqual(expect.arrayContaining(['Rows_int', 'Rows_long']));
  });

  it('with the anchor alone still analyses to the declared columns (the shape of a workspace without any of the tables)', () => {
    const anchorOnly = `union isfuzzy=true ${inventoryAnchorLeg} | project Source, Rows`;
    expect(analyzeKql(anchorOnly)).toEqual({ diagnostics: [], columns: columnDescriptorsOf(workspaceInventoryQuery.columns) });
  });
});

describe('analyzeKql (the harness itself)', () => {
  it.each([
    { label: 'unknown column', query: 'AZFWApplicationRule | project Fqdn, NoSuchColumn', code: 'KS142' },
    { label: 'unknown table', query: 'AZFWNoSuchTable | take 1', code: 'KS204' },
    { label: 'unknown function', query: 'AZFWApplicationRule | extend x = no_such_function(Fqdn)', code: 'KS211' },
  ])('reports $label', ({ query, code }) => {
    expect(analyzeKql(query).diagnostics.map((d) => d.code)).toContain(code);
  });

  it('types result columns from the schema files', () => {
    expect(analyzeKql('AZFWNetworkRule | project DestinationPort, TimeGenerated, SourceIp').columns).toEqual([
      { name: 'DestinationPort', type: 'int' },
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'SourceIp', type: 'string' },
    ]);
  });
});
