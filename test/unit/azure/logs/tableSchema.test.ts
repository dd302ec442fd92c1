import { existsSync, readFileSync } from 'node:fs';
import { firewallWorkspaceTables, parseColumnTable, readReferenceTableSchema, readTableSchema, tableReferenceDir, tableSchemasFixturePath } from '../../../support/kusto';

describe('parseColumnTable', () => {
  it('reads name and type from each row of the Column/Type table', () => {
    const markdown = [
      '---', 'ms.topic: include', '---', '', '| Column | Type | Description |', '|---|---|---|',
      '| Action | string | What happened. |', '| _BilledSize | real | The record size \\| in bytes |',
      '| DestinationPort | int | Port. |', '', 'Trailing text | not a row',
    ].join('\n');
    expect(parseColumnTable(markdown)).toEqual([
      { name: 'Action', type: 'string' },
      { name: '_BilledSize', type: 'real' },
      { name: 'DestinationPort', type: 'int' },
    ]);
  });

  it.each([
    { label: 'no table', markdown: '# Title\nno table here' },
    { label: 'empty table', markdown: '| Column | Type | Description |\n|---|---|---|\n' },
    { label: 'bad row', markdown: '| Column | Type | Description |\n|---|---|---|\n| Bad Name | string | x |' },
  ])('rejects $label', ({ markdown }) => {
    expect(() => parseColumnTable(markdown)).toThrow();
  });
});

describe('readTableSchema', () => {
  it('reads the real AZFWApplicationRule reference', () => {
    const columns = readTableSchema('AZFWApplicationRule');
    expect(columns).toContainEqual({ name: 'Fqdn', type: 'string' });
    expect(columns).toContainEqual({ name: 'DestinationPort', type: 'int' });
    expect(columns).toContainEqual({ name: 'TimeGenerated', type: 'datetime' });
  });
});

describe('the schema fixture', () => {
  const referencePresent = existsSync(tableReferenceDir);

  (referencePresent ? it : it.skip)('equals the table reference beside the repository (regenerate: scripts/extract-table-schemas.ts)', () => {
    const fixture = JSON.parse(readFileSync(tableSchemasFixturePath, 'utf8')) as Record<string, unknown>;
    expect(fixture).toEqual(Object.fromEntries(firewallWorkspaceTables.map((table) => [table, readReferenceTableSchema(table)])));
  });

  it('covers every table the queries read', () => {
    const fixture = JSON.parse(readFileSync(tableSchemasFixturePath, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(fixture).sort()).toEqual([...firewallWorkspaceTables].sort());
  });
});
