import { analyzeKql } from '../../../support/kusto';
import { columnDescriptorsOf } from '../../../../shared/azure/logs/queries/columns';
import { firewallQueries } from '../../../../shared/azure/logs/queries';

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
