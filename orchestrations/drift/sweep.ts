import { evaluate } from '../../shared/core/drift/evaluate';
import { parseArmId } from '../../shared/core/drift/armId';
import { routeTableUseOf } from '../../shared/core/drift/routeTableTarget';
import type { AppServices } from '../../shared/runtime/appServices';
import type { SubnetCompliance } from '../../shared/azure/compliance/complianceStore';

export interface SweepSummary {
  readonly subscriptions: number;
  readonly guarded: number;
  readonly nonCompliant: number;
  readonly started: number;
  readonly armReads: number;
  readonly elapsedInMs: number;
}

/** How many reconcile requests the sweep sends at once (each is a couple of calls to the Durable API). */
const requestConcurrency = 16;

/**
 * Observes every guarded subnet with list calls, records each one's state, and asks for a reconcile of those with
 * findings. Compliant subnets cost no orchestration and no write.
 */
export async function sweepSubnets(services: AppServices, request: (subnetId: string) => Promise<unknown>, now: () => Date = () => new Date()): Promise<SweepSummary> {
  const started = Date.now();
  const { observed, armReads } = await services.network.observeSweep();
  const states: SubnetCompliance[] = [];
  const nonCompliant: string[] = [];
  for (const subnet of observed) {
    const findings = evaluate(subnet, services.settings);
    const id = parseArmId(subnet.subnet.id);
    if (findings.length > 0) nonCompliant.push(subnet.subnet.id);
    states.push({
      subnetId: subnet.subnet.id,
      subscriptionId: id.subscriptionId,
      vnetName: subnet.vnet.name,
      subnetName: subnet.subnet.name,
      state: findings.length === 0 ? 'compliant' : subnet.mode.mode === 'enforce' ? 'remediating' : 'audit-only',
      mode: subnet.mode.mode,
      findings: findings.map(({ code, severity, message }) => ({ code, severity, message })),
      lastWrites: [],
      updatedAt: now().toISOString(),
      ...(routeTableUseOf(subnet) ? { routeTable: routeTableUseOf(subnet)! } : {}),
    });
  }
  await services.compliance.upsertMany(states);
  let requested = 0;
  for (let index = 0; index < nonCompliant.length; index += requestConcurrency) {
    await Promise.all(nonCompliant.slice(index, index + requestConcurrency).map((subnetId) => request(subnetId)));
    requested += Math.min(requestConcurrency, nonCompliant.length - index);
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
