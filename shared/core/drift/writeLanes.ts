import type { JsonObject } from './armJson';
import type { Write } from './writes';

/**
 * Serializes writes to one ARM etag family (a VNet and its subnets, a route table and its routes) within a process;
 * implemented by shared/runtime/writeLanes.ts. Writers elsewhere are still caught by If-Match.
 *
 * Sibling subnets' route-table associations can also be combined: a reconcile waiting for its VNet's lane offers its
 * planned subnet PUT, and the holder may send it in its own VNet PUT (see combineAssociations.ts). Azure runs one
 * operation at a time per VNet, so ten drifted siblings then cost two writes instead of ten in a row.
 */
export interface WriteLanes {
  /**
   * Runs `work` while holding the lanes of `families`. `waited` says another holder went first: whatever the caller
   * read of those families before is stale. `offers` lists what waiting siblings offered meanwhile.
   */
  hold<T>(families: readonly string[], work: (waited: boolean, offers: OfferBoard) => Promise<T>): Promise<T>;
  /**
   * `hold`, posting `offer` (one of the writes due in `families`) while waiting: either a holder sends it in a
   * combined write (`handedOver`: the lanes are never held, the caller's other writes wait for its next round) or
   * the caller gets the lanes and runs `work` (`held`).
   */
  holdOrHandOver<T>(
    families: readonly string[],
    offer: AssociationOffer,
    work: (waited: boolean, offers: OfferBoard) => Promise<T>,
  ): Promise<{ held: T } | { handedOver: CombinedAssociation }>;
}

/** A planned subnet PUT (built from the subnet as its reconcile read it), offered to whoever holds the VNet's lane. */
export interface AssociationOffer {
  readonly subnetId: string;
  readonly write: Extract<Write, { kind: 'subnet-put' }>;
}

/** How an offered subnet PUT went out inside another reconcile's VNet PUT. */
export interface CombinedAssociation {
  readonly vnetId: string;
  /** Subnets the one VNet PUT associated, this one included. */
  readonly subnets: number;
  /** The reconcile (subnet id) that sent the VNet PUT. */
  readonly sentBy: string;
  readonly before: JsonObject | undefined;
  readonly after: JsonObject | undefined;
}

export interface TakenOffer {
  readonly offer: AssociationOffer;
  /** undefined: not sent; the offering reconcile then takes the lane and writes itself. */
  settle(result: CombinedAssociation | undefined): void;
}

export interface OfferBoard {
  /** Takes every offer still waiting for `family`; each must be settled (the lanes settle leftovers as not sent). */
  take(family: string): TakenOffer[];
}
