import { sameArmId } from '../../azure/arm/armId';
import type { ArmVirtualNetwork, JsonObject } from '../../azure/arm/armJson';
import { decideSubnet } from './evaluate';
import { routeTableUseOf, type RouteTableUse } from './routeTableTarget';
import { toVirtualNetworkWithSubnets } from './toUpdateBodies';
import type { DriftPolicy, Finding, GuardMode, ObservedSubnet } from './types';
import { writeOrder, type Write } from './writes';

/**
 * One VNet as a pass sees it: the VNet (its subnets inline) and every guarded subnet of it, each observed with the
 * tables, firewall and clusters its rules look at. A VNet and its subnets share one etag family, so the VNet is the
 * unit of a reconcile.
 */
export interface ObservedVnet {
  readonly vnet: ArmVirtualNetwork;
  readonly subnets: readonly ObservedSubnet[];
}

/** A write of the VNet's plan and the guarded subnets it repairs (per-subnet records and cards name their writes). */
export interface PlannedWrite {
  readonly write: Write;
  readonly subnetIds: readonly string[];
}

export type SubnetState = 'compliant' | 'writes-due' | 'reported';

export interface SubnetVerdict {
  readonly subnetId: string;
  readonly mode: GuardMode;
  readonly findings: readonly Finding[];
  /** compliant: nothing wrong; writes-due: the plan repairs it; reported: drift no write may repair (audit, report-only). */
  readonly state: SubnetState;
  readonly routeTable?: RouteTableUse;
}

export interface VnetDecision {
  readonly vnetId: string;
  readonly subnets: readonly SubnetVerdict[];
  /** Every write of the VNet, in dependency order; at most one VNet PUT carrying all sibling associations. */
  readonly writes: readonly PlannedWrite[];
  readonly outcome: SubnetState;
}

/**
 * Pure: observed VNet + policy -> findings per subnet, the VNet's writes, and the outcome. Sibling subnets' writes
 * are merged: the same route PUT or table creation is planned once, and when more than one subnet needs an
 * association (or one does and the DNS is wrong too) they go out as one VNet PUT listing every subnet as read, with
 * If-Match on the VNet's etag (an omitted subnet would be deleted; any change since the read refuses it).
 */
export function decide(observed: ObservedVnet, policy: DriftPolicy): VnetDecision {
  const merged = new Map<string, { write: Write; subnetIds: Set<string> }>();
  const verdicts: SubnetVerdict[] = [];
  for (const subnet of observed.subnets) {
    const { findings, writes } = decideSubnet(subnet, policy);
    for (const write of writes) {
      const key = `${write.kind} ${write.resourceId.toLowerCase()}`;
      const entry = merged.get(key) ?? { write, subnetIds: new Set<string>() };
      entry.subnetIds.add(subnet.subnet.id);
      merged.set(key, entry);
    }
    const routeTable = routeTableUseOf(subnet);
    verdicts.push({
      subnetId: subnet.subnet.id,
      mode: subnet.mode.mode,
      findings,
      state: writes.length > 0 ? 'writes-due' : findings.length > 0 ? 'reported' : 'compliant',
      ...(routeTable ? { routeTable } : {}),
    });
  }
  const planned = combineVnetWrites(observed.vnet, [...merged.values()].map(({ write, subnetIds }) => ({ write, subnetIds: [...subnetIds] })));
  planned.sort((left, right) => writeOrder[left.write.kind] - writeOrder[right.write.kind]);
  const outcome: SubnetState = planned.length > 0 ? 'writes-due' : verdicts.some((verdict) => verdict.findings.length > 0) ? 'reported' : 'compliant';
  return { vnetId: observed.vnet.id, subnets: verdicts, writes: planned, outcome };
}

/** Subnet PUTs of siblings (and the DNS fix) folded into one VNet PUT when more than one VNet-family write is due. */
function combineVnetWrites(vnet: ArmVirtualNetwork, writes: PlannedWrite[]): PlannedWrite[] {
  const associations = writes.filter((planned) => planned.write.kind === 'subnet-put');
  const dns = writes.find((planned) => planned.write.kind === 'vnet-put');
  if (associations.length + (dns ? 1 : 0) < 2) return writes;
  const replacements = new Map(associations.map(({ write }) => [write.resourceId.toLowerCase(), (write as { body: JsonObject }).body]));
  const body = toVirtualNetworkWithSubnets(vnet, replacements);
  const dhcpOptions = dns ? ((dns.write as { body: JsonObject }).body.properties as JsonObject | undefined)?.dhcpOptions : undefined;
  if (dhcpOptions !== undefined) (body.properties as JsonObject).dhcpOptions = dhcpOptions;
  const combined: Write = {
    kind: 'vnet-put',
    resourceId: vnet.id,
    body,
    ifMatch: vnet.etag,
    before: vnet,
    reason: [...new Set([...associations, ...(dns ? [dns] : [])].flatMap(({ write }) => write.reason.split(',')))].join(','),
  };
  const subnetIds = [...new Set([...associations, ...(dns ? [dns] : [])].flatMap((planned) => planned.subnetIds))];
  return [...writes.filter((planned) => planned !== dns && !associations.includes(planned)), { write: combined, subnetIds }];
}

/** The subnet as a VNet PUT body (or the VNet as read) has it; undefined when absent. */
export function subnetIn(vnet: JsonObject | undefined, subnetId: string): JsonObject | undefined {
  const subnets = (vnet?.properties as { subnets?: unknown } | undefined)?.subnets;
  if (!Array.isArray(subnets)) return undefined;
  return subnets.find((subnet): subnet is JsonObject => typeof subnet === 'object' && subnet !== null && sameArmId((subnet as JsonObject).id as string | undefined, subnetId));
}
