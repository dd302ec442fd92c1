import type { ArmRouteTable, ArmVirtualNetwork, JsonObject } from '../azure/arm/armJson';
import type { ClusterFacts, FirewallFacts } from '../core/drift/types';

/**
 * Everything the audit evaluates, read once: from ARM with list calls (readLiveEstate.ts) or from an export of the
 * az CLI (readEstateFile.ts). Raw ARM JSON (wire shape, `properties` nested), as the drift core expects it.
 */
export interface EstateSnapshot {
  /** The subscriptions read (lower-cased), in the order they were listed. */
  readonly subscriptionIds: readonly string[];
  readonly vnets: readonly ArmVirtualNetwork[];
  readonly routeTables: readonly ArmRouteTable[];
  readonly clusters: readonly ClusterFacts[];
  readonly firewalls: readonly FirewallFacts[];
  /**
   * false when the route tables come from an export that may not hold every table a subnet references: a reference
   * to a table not in the snapshot is then "not in the export", not "missing".
   */
  readonly routeTablesComplete: boolean;
  /**
   * From an export only: every resource of a kind the audit reads, in wire shape, by lower-cased type; and whether
   * the firewalls were named (--firewall) rather than taken from the file. The cluster posture section reads these.
   */
  readonly exported?: {
    readonly byType: ReadonlyMap<string, readonly JsonObject[]>;
    readonly firewallsNamed: boolean;
  };
}
