import { FirewallLogsError } from '../errors';
import { kustoTypeOf, type ColumnTable, type ColumnKind, type RowOf } from './columns';

/** The part of a LogsTable (from @azure/monitor-query-logs) that rows are read from. */
export interface ResultTable {
  readonly columnDescriptors: readonly { readonly name?: string; readonly type?: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * Turns a result table into typed rows, checking first that every expected column is there with the expected
 * type: a schema change in the workspace then fails loudly instead of producing a report full of blanks.
 */
export function readRows<C extends ColumnTable>(queryId: string, columns: C, table: ResultTable): RowOf<C>[] {
  const positions = Object.entries(columns).map(([name, kind]) => {
    const index = table.columnDescriptors.findIndex((column) => column.name === name);
    const found = table.columnDescriptors[index];
    if (found === undefined) throw mismatch(queryId, `column ${name} is missing`);
    if (found.type !== kustoTypeOf(kind)) {
      throw mismatch(queryId, `column ${name} is ${found.type}, expected ${kustoTypeOf(kind)}`);
    }
    return { name, kind, index };
  });
  return table.rows.map((cells, rowIndex) => {
    const row: Record<string, unknown> = {};
    for (const { name, kind, index } of positions) row[name] = convert(queryId, rowIndex, name, kind, cells[index]);
    return row as RowOf<C>;
  });
}

function convert(queryId: string, rowIndex: number, name: string, kind: ColumnKind, value: unknown): unknown {
  if (kind === 'string') return value === null || value === undefined ? '' : String(value);
  if (value === null || value === undefined) throw mismatch(queryId, `row ${rowIndex} column ${name} is null`);
  switch (kind) {
    case 'int':
    case 'long':
    case 'real': {
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number)) throw mismatch(queryId, `row ${rowIndex} column ${name} is not a number`);
      return number;
    }
    case 'datetime': {
      const date = value instanceof Date ? value : new Date(String(value));
      if (!Number.isFinite(date.getTime())) throw mismatch(queryId, `row ${rowIndex} column ${name} is not a datetime`);
      return date;
    }
    case 'bool':
      return value === true || value === 'true' || value === 1;
    case 'string[]': {
      // The SDK parses dynamic cells sent as JSON text; the service may also send them already parsed.
      const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
      if (!Array.isArray(parsed)) throw mismatch(queryId, `row ${rowIndex} column ${name} is not an array`);
      return parsed.map(String);
    }
  }
}

function mismatch(queryId: string, detail: string): FirewallLogsError {
  return new FirewallLogsError('LogsSchemaMismatch', queryId, detail);
}
