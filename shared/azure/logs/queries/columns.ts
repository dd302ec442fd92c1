/**
 * Result columns of a query, as a runtime table (name -> kind). Row types are derived from it, so the columns the
 * code reads and the columns the tests compare with the KQL's analyzed result are one and the same list.
 */
export type ColumnKind = 'string' | 'int' | 'long' | 'real' | 'datetime' | 'bool' | 'string[]';

export type ColumnTable = Readonly<Record<string, ColumnKind>>;

type ValueOf<K extends ColumnKind> = K extends 'string'
  ? string
  : K extends 'int' | 'long' | 'real'
    ? number
    : K extends 'datetime'
      ? Date
      : K extends 'bool'
        ? boolean
        : readonly string[];

export type RowOf<C extends ColumnTable> = { readonly [N in keyof C]: ValueOf<C[N]> };

/** The Kusto scalar type name of each kind, as Log Analytics reports it in `columns[].type`. */
export function kustoTypeOf(kind: ColumnKind): string {
  return kind === 'string[]' ? 'dynamic' : kind;
}

export interface ColumnDescriptor {
  readonly name: string;
  readonly type: string;
}

export function columnDescriptorsOf(columns: ColumnTable): ColumnDescriptor[] {
  return Object.entries(columns).map(([name, kind]) => ({ name, type: kustoTypeOf(kind) }));
}
