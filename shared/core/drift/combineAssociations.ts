import { isDeepStrictEqual } from 'node:util';
import type { ArmSubnet, ArmVirtualNetwork, JsonObject } from './armJson';
import { sameArmId } from './armId';
import { toSubnetBody, toVirtualNetworkWithSubnets } from './toUpdateBodies';
import type { AssociationOffer } from './writeLanes';
import type { Write } from './writes';

export interface CombinedWrite {
  /** One VNet PUT (If-Match: the VNet's etag as read) carrying the accepted subnet PUTs. */
  readonly write: Extract<Write, { kind: 'vnet-put' }>;
  readonly accepted: readonly AssociationOffer[];
  readonly refused: readonly AssociationOffer[];
}

const subnetsOf = (vnet: ArmVirtualNetwork): ArmSubnet[] => (Array.isArray(vnet.properties?.subnets) ? vnet.properties.subnets : []);

const routeTableOf = (offer: AssociationOffer) => String((offer.write.body.properties as { routeTable?: { id?: unknown } } | undefined)?.routeTable?.id ?? '').toLowerCase();

/**
 * Several siblings' subnet PUTs as one VNet PUT, built from `vnet` as just read. The first offer is the sender's
 * own; another is accepted only when it associates the same route table (which the sender's own plan, from a fresh
 * read, says exists) and its subnet is, in `vnet`, exactly what its reconcile read when it planned (read-only fields
 * aside): its planned body is then still the lossless one. Anything else (the subnet changed or is gone) is refused,
 * and its reconcile writes for itself after a fresh read. Undefined when fewer than two offers are accepted: a single
 * subnet PUT is the smaller write.
 */
export function combineAssociations(vnet: ArmVirtualNetwork, offers: readonly AssociationOffer[]): CombinedWrite | undefined {
  const table = offers[0] === undefined ? '' : routeTableOf(offers[0]);
  const accepted: AssociationOffer[] = [];
  const refused: AssociationOffer[] = [];
  for (const offer of offers) {
    const now = subnetIn(vnet, offer.subnetId);
    const planned = offer.write.before;
    const unchanged = now !== undefined && planned !== undefined && routeTableOf(offer) === table && isDeepStrictEqual(toSubnetBody(now), toSubnetBody(planned));
    (unchanged && !accepted.some((other) => sameArmId(other.subnetId, offer.subnetId)) ? accepted : refused).push(offer);
  }
  if (accepted.length < 2) return undefined;
  const replacements = new Map(accepted.map((offer) => [offer.subnetId.toLowerCase(), offer.write.body] as const));
  const reasons = [...new Set(accepted.map((offer) => offer.write.reason))].join(',');
  return {
    write: { kind: 'vnet-put', resourceId: vnet.id, body: toVirtualNetworkWithSubnets(vnet, replacements), ifMatch: vnet.etag, before: vnet, reason: reasons },
    accepted,
    refused,
  };
}

/** A subnet as it appears inside a VNet body ARM returned (undefined when absent). */
export function subnetIn(vnet: JsonObject | undefined, subnetId: string): ArmSubnet | undefined {
  return vnet === undefined ? undefined : subnetsOf(vnet as ArmVirtualNetwork).find((subnet) => sameArmId(subnet.id, subnetId));
}
