import { evaluate } from '../../shared/core/drift/evaluate';
import { parseArmId } from '../../shared/azure/arm/armId';
import { vnetsOfSubnets } from '../../shared/azure/events/affectedVnets';
import { routeTableUseOf } from '../../shared/core/drift/routeTableTarget';
import type { AppServices } from '../../shared/runtime/appServices';
import type { SubnetCompliance } from '../../shared/azure/tables/complianceStore';

export interface SweepSummary {
  readonly subscriptions: number;
  readonly guarded: number;
  readonly nonCompliant: number;
  /** Reconciles requested: one per VNet with a non-compliant subnet. */
  readonly started: number;
  readonly armReads: number;
  readonly elapsedInMs: number;
}

/** How many reconcile requests the sweep sends at once (each is a couple of calls to the Durable API). */
const requestConcurrency = 16;

/**
 * Observes every guarded subnet with list calls, records each one's state, and asks for a reconcile of the VNets
 * of those with findings (one per VNet: its subnets are one etag family). Compliant subnets cost no orchestration and
 * no write. A subnet whose last pass failed or is contested keeps that state until a pass records otherwise.
 */
export async function sweepSubnets(services: AppServices, request: (vnetId: string) => Promise<unknown>, now: () => Date = () => new Date()): Promise<SweepSummary> {
  const started = Date.now();
  const { observed, armReads } = await services.network.observeSweep();
  const states: SubnetCompliance[] = [];
  const nonCompliant: string[] = [];
  const previous = new Map((await services.compliance.list()).map((state) => [state.subnetId.toLowerCase(), state]));
  for (const subnet of observed) {
    const findings = evaluate(subnet, services.settings);
    const id = parseArmId(subnet.subnet.id);
    if (findings.length > 0) nonCompliant.push(subnet.subnet.id);
    const known = previous.get(subnet.subnet.id.toLowerCase());
    // Never compliant on the sweep's word alone while a pass says failed or contested: the pass that fixes it says so.
    if (known && (known.state === 'failed' || known.state === 'contested')) {
      if (findings.length === 0) nonCompliant.push(subnet.subnet.id);
      continue;
    }
    states.push({
      subnetId: subnet.subnet.id,
      subscriptionId: id.subscriptionId,
      vnetName: subnet.vnet.name,
      subnetName: subnet.subnet.name,
      state: findings.length === 0 ? 'compliant' : subnet.mode.mode === 'enforce' ? 'remediating' : 'audit-only',
      mode: subnet.mode.mode,
      findings: findings.map(({ code, severity, message }) => ({ code, severity, message })),
      lastWrites: known?.lastWrites ?? [],
      updatedAt: now().toISOString(),
      ...(routeTableUseOf(subnet) ? { routeTable: routeTableUseOf(subnet)! } : {}),
    });
  }
  await services.compliance.upsertMany(states);
  const vnets = vnetsOfSubnets(nonCompliant);
  let requested = 0;
  for (let index = 0; index < vnets.length; index += requestConcurrency) {
    await Promise.all(vnets.slice(index, index + requestConcurrency).map((vnetId) => request(vnetId)));
    requested += Math.min(requestConcurrency, vnets.length - index);
  }
  return {
    subscriptions: services.settings.guardedSubscriptionIds.length,
    guarded: observed.length,
    nonCompliant: nonCompliant.length,
    started: requested,
    armReads,
    elapsedInMs: Date.now() - started,
  };
}
