/** ARM resource ids are case-insensitive (AKS often returns lower-cased resource groups): compare them folded. */
export function sameArmId(left: string | undefined, right: string | undefined): boolean {
  return left !== undefined && right !== undefined && left.toLowerCase() === right.toLowerCase();
}

export interface ArmIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** e.g. `Microsoft.Network` */
  readonly provider: string;
  /** Type/name pairs after the provider: `[['virtualNetworks','vnet-a'],['subnets','aks-nodes']]`. */
  readonly segments: readonly (readonly [type: string, name: string])[];
}

const armIdPattern = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i;

/** Splits a resource id; throws TypeError naming the id when it is not a provider resource id. */
export function parseArmId(id: string): ArmIdParts {
  const match = armIdPattern.exec(id);
  const rest = match?.[4]?.split('/') ?? [];
  if (!match || rest.length % 2 !== 0 || rest.some((part) => part.length === 0)) {
    throw new TypeError(`Not an ARM resource id: ${JSON.stringify(id)}`);
  }
  const segments: (readonly [string, string])[] = [];
  for (let index = 0; index < rest.length; index += 2) segments.push([rest[index]!, rest[index + 1]!]);
  return { subscriptionId: match[1]!, resourceGroup: match[2]!, provider: match[3]!, segments };
}

/** The VNet id of a subnet id (`.../virtualNetworks/x/subnets/y` -> `.../virtualNetworks/x`). */
export function parentArmId(id: string): string {
  const cut = id.replace(/\/+$/, '').split('/');
  if (cut.length < 3) throw new TypeError(`ARM id has no parent: ${JSON.stringify(id)}`);
  return cut.slice(0, -2).join('/');
}

export function routeTableArmId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/routeTables/${name}`;
}
