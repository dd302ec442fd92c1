import { runReconcilePass } from '../../../../orchestrations/drift/reconcileActivity';
import type { VnetPassRequest } from '../../../../orchestrations/drift/types';
import type { AppServices } from '../../../../shared/runtime/appServices';
import type { SubnetCompliance } from '../../../../shared/azure/tables/complianceStore';
import type { RepairRecord } from '../../../../shared/core/drift/fight';
import type { ObservedVnet } from '../../../../shared/core/drift/decide';
import type { DriftNetworkPort } from '../../../../shared/core/drift/reconcileVnet';
import { changeBudget } from '../../../../shared/core/drift/changeBudget';
import { loadSettings } from '../../../../shared/config/settings';
import { armSubnet, armVnet, compliant, fwIp, ownedTableId, vnetId } from '../../core/drift/fixtures';

/**
 * The pass activity with in-memory stores and a scripted ARM at the adapter boundary: what is recorded for
 * /api/compliance and what Teams is told, per subnet.
 */
const settings = loadSettings({
  GUARDED_SUBSCRIPTION_IDS: '00000000-0000-0000-0000-000000000001',
  FIREWALL_RESOURCE_IDS: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw',
  GUARD_MODE: 'enforce',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
});
const subnetId = `${vnetId}/subnets/aks-a`;

function observed(drifted: boolean): ObservedVnet {
  const subnet = armSubnet('aks-a', drifted ? {} : { routeTable: { id: ownedTableId } });
  const vnet = armVnet({ dnsServers: [fwIp], subnets: [subnet] });
  return { vnet, subnets: [compliant({ subnet, vnet, ...(drifted ? { associatedRouteTable: undefined } : {}) })] };
}

function fakeServices(script: { states: () => ObservedVnet; apply?: () => Promise<void> }) {
  const records = new Map<string, SubnetCompliance>();
  const repairs = new Map<string, RepairRecord[]>();
  const writes: string[] = [];
  const network: DriftNetworkPort = {
    observeVnet: async () => ({ observed: script.states(), armReads: 1 }),
    apply: async (write) => {
      await script.apply?.();
      writes.push(write.kind);
      return undefined;
    },
  };
  const services = {
    settings,
    network,
    compliance: {
      get: async (id: string) => records.get(id.toLowerCase()),
      upsert: async (state: SubnetCompliance) => {
        const previous = records.get(state.subnetId.toLowerCase());
        records.set(state.subnetId.toLowerCase(), { ...previous, ...state });
      },
      list: async () => [...records.values()],
    },
    writeLedger: { budget: async (now: Date) => changeBudget([], 1000, now), record: async () => undefined, claimTripNotice: async () => false },
    repairLedger: {
      repairsSince: async (key: string) => repairs.get(key) ?? [],
      record: async (key: string, _id: string, record: RepairRecord) => void repairs.set(key, [...(repairs.get(key) ?? []), record]),
    },
    teams: { post: async () => ({ delivered: true }) },
  } as unknown as AppServices;
  return { services, records, writes };
}

const request = (overrides: Partial<VnetPassRequest> = {}): VnetPassRequest => ({ vnetId, reasons: ['test'], pass: 1, attempt: 0, finalAttempt: false, ...overrides });
const terraform = { upn: 'terraform-ci@contoso.com', at: '2026-12-07T11:59:00Z' };
let clock = Date.parse('2026-12-07T12:00:00Z');
const now = () => new Date((clock += 1_000));

describe('runReconcilePass', () => {
  it('a repair: recorded compliant with its writes and who broke it, one card', async () => {
    let drifted = true;
    const { services, records } = fakeServices({ states: () => observed(drifted), apply: async () => void (drifted = false) });
    const summary = await runReconcilePass(request({ changedBy: [terraform] }), services, now);
    expect(summary.kind).toBe('done');
    const record = records.get(subnetId.toLowerCase())!;
    expect(record).toMatchObject({ state: 'compliant', lastWrites: [{ kind: 'subnet-put' }], changedBy: expect.stringContaining('terraform-ci@contoso.com') });
    expect(summary.notifications).toHaveLength(1);
    expect(summary.notifications[0]!.card).toMatchObject({ outcome: 'remediated', changedBy: expect.stringContaining('terraform-ci@contoso.com') });
  });

  it('the same tampering three times, repaired each time: three cards, and a compliant pass in between keeps the last writes', async () => {
    let drifted = true;
    const { services, records } = fakeServices({ states: () => observed(drifted), apply: async () => void (drifted = false) });
    let cards = 0;
    for (let round = 0; round < 3; round += 1) {
      drifted = true;
      cards += (await runReconcilePass(request(), services, now)).notifications.length;
      // The guard's own write, or a sweep, finds it compliant: nothing told, the last repair stays on record.
      expect((await runReconcilePass(request(), services, now)).notifications).toHaveLength(0);
      expect(records.get(subnetId.toLowerCase())!.lastWrites).toEqual([expect.objectContaining({ kind: 'subnet-put' })]);
    }
    expect(cards).toBe(3);
  });

  it('a retryable refusal with retries left: remediating with the reason, a retry after the wait ARM asked for, no card', async () => {
    const busy = Object.assign(new Error('Another operation on this or dependent resource is in progress.'), {
      name: 'RestError',
      statusCode: 429,
      code: 'RetryableError',
      response: { headers: { get: (name: string) => (name === 'retry-after' ? '60' : undefined) } },
    });
    const { services, records } = fakeServices({ states: () => observed(true), apply: async () => Promise.reject(busy) });
    const summary = await runReconcilePass(request(), services, now);
    expect(summary).toMatchObject({ kind: 'retry', retryInMs: 60_000, notifications: [] });
    expect(records.get(subnetId.toLowerCase())).toMatchObject({ state: 'remediating', failure: expect.stringContaining('Another operation') });
  });

  it('the same refusal on the final attempt: failed with the reason, one card', async () => {
    const busy = Object.assign(new Error('Another operation on this or dependent resource is in progress.'), { name: 'RestError', statusCode: 429, code: 'RetryableError' });
    const { services, records } = fakeServices({ states: () => observed(true), apply: async () => Promise.reject(busy) });
    const summary = await runReconcilePass(request({ attempt: 4, finalAttempt: true }), services, now);
    expect(summary.kind).toBe('done');
    expect(records.get(subnetId.toLowerCase())).toMatchObject({ state: 'failed', failure: expect.stringContaining('Another operation') });
    expect(summary.notifications.map((notification) => notification.card.outcome)).toEqual(['failed']);
    // Told once (the notify activity marks it): the same failure again is coalesced.
    await services.compliance.upsert({ ...records.get(subnetId.toLowerCase())!, lastNotifiedFingerprint: summary.notifications[0]!.fingerprint });
    expect((await runReconcilePass(request({ attempt: 4, finalAttempt: true }), services, now)).notifications).toHaveLength(0);
  });

  it('a second writer re-breaking it: FIGHT_LIMIT repairs, then contested with both writers named, one card, no more writes', async () => {
    let drifted = true;
    const { services, records, writes } = fakeServices({ states: () => observed(drifted), apply: async () => void (drifted = false) });
    const outcomes: string[] = [];
    const contestedCards: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      drifted = true;
      const summary = await runReconcilePass(request({ changedBy: [terraform] }), services, now);
      outcomes.push(summary.subnets[0]!.outcome);
      contestedCards.push(...summary.notifications.filter((notification) => notification.card.outcome === 'contested').map((notification) => JSON.stringify(notification.card)));
      if (summary.notifications.length > 0) await services.compliance.upsert({ ...records.get(subnetId.toLowerCase())!, lastNotifiedFingerprint: summary.notifications[0]!.fingerprint });
    }
    expect(writes).toHaveLength(settings.fightLimit);
    expect(outcomes).toEqual(['remediated', 'remediated', 'remediated', 'contested', 'contested']);
    expect(contestedCards).toHaveLength(1);
    expect(contestedCards[0]).toContain('terraform-ci@contoso.com');
    expect(contestedCards[0]).toMatch(/egress guard/);
    expect(records.get(subnetId.toLowerCase())!.state).toBe('contested');
  });
});
