/**
 * Offline KQL checking with Microsoft's Kusto language service (@kusto/language-service-next), against table
 * schemas parsed from the Azure Monitor table reference in <repo>/../shared/reference. See verified-facts.md,
 * "Checking KQL and cards offline".
 */
import { existsSync, readFileSync } from 'node:fs';
import { projectRoot } from '../../sandbox/paths';
import { join } from 'node:path';

export interface SchemaColumn {
  readonly name: string;
  readonly type: string;
}

export interface KqlAnalysis {
  readonly diagnostics: readonly { readonly code: string; readonly message: string }[];
  readonly columns: readonly SchemaColumn[];
}

/* Minimal typings of the bridge objects we touch; the package's own .d.ts describes Bridge.ToArray, which does not
 * exist at run time (Bridge.toArray does). */
interface BridgeList<T> {
  readonly __bridgeList?: T;
}
interface KustoSymbols {
  TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => TableSymbol };
  DatabaseSymbol: { $ctor1: new (name: string, members: TableSymbol[], isOpen: boolean) => object };
}
interface TableSymbol {
  WithIsOpen(isOpen: boolean): TableSymbol;
}
interface KustoLanguage {
  Symbols: KustoSymbols;
  GlobalState: { Default: { WithDatabase(database: object): object } };
  KustoCode: { ParseAndAnalyze(text: string, globals: object): KustoCode };
}
interface KustoCode {
  GetDiagnostics(): BridgeList<{ Code: string; Message: string }>;
  ResultType: { Columns?: BridgeList<{ Name: string; Type: { Name: string } }> } | null;
}

// The repository root found by its package.json, so this also works when bundled (scripts/extract-table-schemas.ts).
const repoRoot = projectRoot(__dirname);
export const tableReferenceDir = join(repoRoot, '..', 'shared', 'reference', 'firewall-logs', 'table-reference');

/**
 * Columns of the first markdown table whose header is `| Column | Type | Description |`, as in the Azure Monitor
 * table reference include files. Stops at the first line that is not a table row.
 */
export function parseColumnTable(markdown: string): SchemaColumn[] {
  const lines = markdown.split(/\r?\n/).map((line) => line.trim());
  const header = lines.findIndex((line) => /^\|\s*Column\s*\|\s*Type\s*\|/i.test(line));
  if (header < 0) throw new Error('no "| Column | Type |" table found');
  const columns: SchemaColumn[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [name, type] = line.split('|').slice(1).map((cell) => cell.trim());
    if (!name || !type || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !/^[a-z]+$/.test(type)) {
      throw new Error(`unreadable column row: ${line}`);
    }
    columns.push({ name, type });
  }
  if (columns.length === 0) throw new Error('column table is empty');
  return columns;
}

/** The schema as Microsoft's table reference (../shared/reference) gives it. */
export function readReferenceTableSchema(table: string): SchemaColumn[] {
  return parseColumnTable(readFileSync(join(tableReferenceDir, 'includes', `${table.toLowerCase()}-include.md`), 'utf8'));
}

export const tableSchemasFixturePath = join(repoRoot, 'test', 'fixtures', 'firewallTableSchemas.json');

/**
 * The schema the KQL checks use: from the reference when it is beside the repository, otherwise from the fixture
 * extracted from it (scripts/extract-table-schemas.ts), which tableSchema.test.ts keeps equal to the reference.
 */
export function readTableSchema(table: string): SchemaColumn[] {
  if (existsSync(tableReferenceDir)) return readReferenceTableSchema(table);
  const fixture = JSON.parse(readFileSync(tableSchemasFixturePath, 'utf8')) as Record<string, SchemaColumn[]>;
  const columns = fixture[table];
  if (!columns) throw new Error(`${table} is not in ${tableSchemasFixturePath}; run scripts/extract-table-schemas.ts`);
  return columns.map((column) => ({ ...column }));
}

/**
 * AzureDiagnostics is an open table: each resource type adds its own columns, and the reference lists only a
 * generic subset (not msg_s). These are the columns Microsoft's legacy firewall workbook queries read
 * (kql/azure-network-security/extracted-queries/legacy-azurediagnostics), declared so their types are checked.
 */
const azureDiagnosticsFirewallColumns: SchemaColumn[] = [
  { name: 'msg_s', type: 'string' },
  { name: 'ResourceId', type: 'string' },
  { name: 'Resource', type: 'string' },
  { name: 'ResourceGroup', type: 'string' },
  { name: 'SubscriptionId', type: 'string' },
  { name: 'ResourceType', type: 'string' },
  { name: 'ResourceProvider', type: 'string' },
];

export const firewallWorkspaceTables = [
  'AZFWApplicationRule',
  'AZFWNetworkRule',
  'AZFWDnsQuery',
  'AZFWFatFlow',
  'AzureMetrics',
  'AzureDiagnostics',
] as const;

let language: KustoLanguage | undefined;
const globalsByTables = new Map<string, object>();

function loadLanguage(): KustoLanguage {
  if (!language) {
    const packageDir = join(repoRoot, 'node_modules', '@kusto', 'language-service-next');
    // The bridge files define the globals Bridge and Kusto when required, in this order.
    require(join(packageDir, 'bridge.min.js'));
    require(join(packageDir, 'Kusto.Language.Bridge.min.js'));
    language = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  }
  return language;
}

function toArray<T>(list: BridgeList<T> | null | undefined): T[] {
  if (!list) return [];
  return (globalThis as unknown as { Bridge: { toArray(list: unknown): T[] } }).Bridge.toArray(list);
}

function globalsFor(tables: readonly string[]): object {
  const key = tables.join(',');
  const cached = globalsByTables.get(key);
  if (cached) return cached;
  const kusto = loadLanguage();
  const symbols = tables.map((table) => {
    const columns = readTableSchema(table);
    const isDiagnostics = table === 'AzureDiagnostics';
    if (isDiagnostics) {
      for (const extra of azureDiagnosticsFirewallColumns) if (!columns.some((c) => c.name === extra.name)) columns.push(extra);
    }
    const schema = `(${columns.map((column) => `['${column.name}']:${column.type}`).join(', ')})`;
    const symbol = new kusto.Symbols.TableSymbol.$ctor7(table, schema, null);
    return isDiagnostics ? symbol.WithIsOpen(true) : symbol;
  });
  const database = new kusto.Symbols.DatabaseSymbol.$ctor1('workspace', symbols, false);
  const globals = kusto.GlobalState.Default.WithDatabase(database);
  globalsByTables.set(key, globals);
  return globals;
}

/** Parses and analyzes a query against the firewall workspace tables (or the given ones). */
export function analyzeKql(query: string, tables: readonly string[] = firewallWorkspaceTables): KqlAnalysis {
  const code = loadLanguage().KustoCode.ParseAndAnalyze(query, globalsFor(tables));
  return {
    diagnostics: toArray(code.GetDiagnostics()).map((d) => ({ code: d.Code, message: d.Message })),
    columns: toArray(code.ResultType?.Columns).map((column) => ({ name: column.Name, type: column.Type.Name })),
  };
}
