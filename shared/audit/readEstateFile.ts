import { readFileSync } from 'node:fs';
import { parseArmId, sameArmId } from '../azure/arm/armId';
import type { ArmRouteTable, ArmVirtualNetwork, JsonObject } from '../azure/arm/armJson';
import { toClusterFacts } from '../azure/network/clusterFacts';
import { firewallPolicyId, firewallPublicIpIds, toFirewallFacts } from '../azure/network/firewallFacts';
import { AuditError } from './auditErrors';
import { resourceTypeOf, shapes, toWireShape, type ReadResourceType } from './azCliShape';
import { parseConcatenatedJson } from './concatenatedJson';
import type { EstateSnapshot } from './estate';

export interface EstateFileOptions {
  readonly subscriptionIds: readonly string[] | undefined;
  readonly firewallResourceIds: readonly string[] | undefined;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function subscriptionOf(id: string): string {
  try {
    return parseArmId(id).subscriptionId.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * An estate from an export (no credentials, no network): `az network vnet list`, `az network route-table list`,
 * `az network firewall show` (and, if present, `az network public-ip show` / `az network firewall policy show` for
 * the firewall's public IPs and DNS proxy), `az aks list`, concatenated or as one JSON array; for the cluster
 * posture section also rule collection groups, IP groups, load balancers (exportPosture.ts). Other resources are
 * ignored. Only the firewalls in the file are known: a --firewall that is not there fails as firewall-not-found.
 */
export function readEstateFile(path: string, options: EstateFileOptions): EstateSnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuditError('estate-file-unreadable', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return estateFromText(text, path, options);
}

export function estateFromText(text: string, path: string, options: EstateFileOptions): EstateSnapshot {
  let values: unknown[];
  try {
    values = parseConcatenatedJson(text);
  } catch (error) {
    throw new AuditError('estate-file-invalid', `${path}: ${(error as Error).message}`);
  }
  const byType = new Map<ReadResourceType, JsonObject[]>(Object.keys(shapes).map((type) => [type as ReadResourceType, []]));
  let resources = 0;
  for (const item of values.flatMap((value) => (Array.isArray(value) ? (value as unknown[]) : [value]))) {
    if (!isObject(item) || typeof item.id !== 'string') {
      throw new AuditError('estate-file-invalid', `${path}: item ${resources + 1} is not an ARM resource (no "id"); expected the JSON the az CLI prints`);
    }
    resources += 1;
    const type = resourceTypeOf(item) as ReadResourceType | undefined;
    const list = type === undefined ? undefined : byType.get(type);
    if (list !== undefined) list.push(toWireShape(item, type!));
  }
  const of = (type: ReadResourceType) => byType.get(type) ?? [];

  const wanted = options.subscriptionIds?.map((id) => id.toLowerCase());
  const inScope = (resource: JsonObject) => wanted === undefined || wanted.includes(subscriptionOf(String(resource.id)));
  const vnets = of('microsoft.network/virtualnetworks').filter(inScope) as ArmVirtualNetwork[];
  const routeTables = of('microsoft.network/routetables') as ArmRouteTable[];
  const clusters = of('microsoft.containerservice/managedclusters').filter(inScope).map(toClusterFacts);

  const firewallsInFile = of('microsoft.network/azurefirewalls');
  const requested = options.firewallResourceIds;
  for (const id of requested ?? []) {
    if (!firewallsInFile.some((firewall) => sameArmId(String(firewall.id), id))) {
      throw new AuditError('firewall-not-found', `firewall ${id} is not in ${path} (add the output of az network firewall show --ids ${id})`);
    }
  }
  const chosen = requested === undefined ? firewallsInFile : firewallsInFile.filter((firewall) => requested.some((id) => sameArmId(String(firewall.id), id)));
  const byId = (type: ReadResourceType, id: string | undefined): JsonObject | undefined => (id === undefined ? undefined : of(type).find((resource) => sameArmId(String(resource.id), id)));
  const firewalls = chosen.map((firewall) =>
    toFirewallFacts(
      firewall,
      firewallPublicIpIds(firewall).flatMap((id): JsonObject[] => { const found = byId('microsoft.network/publicipaddresses', id); return found === undefined ? [] : [found]; }),
      byId('microsoft.network/firewallpolicies', firewallPolicyId(firewall)),
    ),
  );

  const subscriptionIds = wanted ?? [...new Set([...vnets, ...of('microsoft.containerservice/managedclusters')].map((resource) => subscriptionOf(String(resource.id))))].filter((id) => id !== '');
  return { subscriptionIds, vnets, routeTables, clusters, firewalls, routeTablesComplete: false, exported: { byType, firewallsNamed: requested !== undefined } };
}
