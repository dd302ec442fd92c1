import type { TimeWindow } from '../../../core/report/window';
import { kqlParameterPrelude } from '../kqlParameters';
import type { ColumnTable } from './columns';

/** Inputs every firewall query takes. */
export interface FirewallQueryParameters {
  readonly window: TimeWindow;
  /** Firewalls to report on; empty = every firewall logging to the workspace. Compared case-insensitively. */
  readonly firewallIds: readonly string[];
}

export interface FirewallQuery<C extends ColumnTable> {
  /** Stable identifier; also the first line of the KQL, so the sandbox emulator can recognise the query. */
  readonly id: string;
  readonly columns: C;
  readonly text: (parameters: FirewallQueryParameters) => string;
}

export const queryIdMarker = '// aks-egress-guard query: ';

/**
 * Assembles the query text: the id marker, the encoded parameters (windowStart, windowEnd, firewallIds), then the
 * fixed body. The body never contains outside values; they are referenced by name only.
 */
export function firewallQuery<C extends ColumnTable>(id: string, columns: C, body: string): FirewallQuery<C> {
  if (!/^[a-z0-9.-]+$/.test(id)) throw new RangeError(`query id ${id} must be lower-case letters, digits, . and -`);
  return {
    id,
    columns,
    text: ({ window, firewallIds }) =>
      [
        `${queryIdMarker}${id}`,
        kqlParameterPrelude({
          windowStart: window.from,
          windowEnd: window.to,
          firewallIds: firewallIds.map((firewallId) => firewallId.toLowerCase()),
        }),
        body.trim(),
      ].join('\n'),
  };
}
