import { notifyDrift } from '../../../../orchestrations/drift/notifyDrift';
import type { DriftNotification } from '../../../../orchestrations/drift/types';
import type { AppServices } from '../../../../shared/runtime/appServices';
import type { PostResult, TeamsPoster } from '../../../../shared/azure/teams/teamsPoster';
import type { TeamsOutbox } from '../../../../shared/azure/tables/teamsOutbox';
import { withTeamsOutbox } from '../../../../shared/azure/teams/outboxPoster';

/**
 * The notify activity: a card is "told" (the subnet marked notified, so a later pass does not post it again) when
 * Teams took it, when the Teams outbox queued it, or when Teams is not configured; only a card that is neither
 * delivered nor queued stays unmarked.
 */
const subnetId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/aks-a';
const notification: DriftNotification = {
  card: { subnetId, subnetName: 'aks-a', vnetName: 'vnet-a', mode: 'enforce', outcome: 'remediated', findings: [], changes: [], dnsChanged: false },
  fingerprint: 'fp-1',
  subscriptionId: '00000000-0000-0000-0000-000000000001',
};
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function harness(teamsSays: PostResult, outbox: { enqueue: () => Promise<unknown> }) {
  const marked: string[] = [];
  const warnings: string[] = [];
  const enqueued: string[] = [];
  const poster: TeamsPoster = { post: async () => teamsSays };
  const fakeOutbox = {
    enqueue: async (_card: unknown, summary: string) => {
      enqueued.push(summary);
      await outbox.enqueue();
      return { id: 'outbox-1', nextAttemptAt: '2026-12-07T12:01:00.000Z' };
    },
  } as unknown as TeamsOutbox;
  const services = {
    teams: withTeamsOutbox(poster, () => fakeOutbox, { logger: quiet, firstRetryDelayInMs: 60_000 }),
    compliance: { markNotified: async (id: string, _subscription: string, fingerprint: string) => void marked.push(`${id}#${fingerprint}`) },
  } as unknown as Pick<AppServices, 'teams' | 'compliance'>;
  return { services, marked, warnings, enqueued, warn: (message: string) => void warnings.push(message) };
}

describe('notifyDrift', () => {
  it('delivered: marked notified', async () => {
    const run = harness({ delivered: true, attempts: 1 }, { enqueue: async () => undefined });
    await expect(notifyDrift(notification, run.services, run.warn)).resolves.toEqual({ delivered: true, queued: false, reason: null });
    expect(run.marked).toEqual([`${subnetId}#fp-1`]);
    expect(run.enqueued).toEqual([]);
  });

  it('Teams down but the outbox queued the card: counts as told, marked notified, no warning to retry', async () => {
    const run = harness({ delivered: false, reason: 'retries-exhausted', status: 503, attempts: 4, error: 'HTTP 503' }, { enqueue: async () => undefined });
    await expect(notifyDrift(notification, run.services, run.warn)).resolves.toEqual({ delivered: false, queued: true, reason: 'retries-exhausted' });
    expect(run.enqueued).toEqual(['drift vnet-a/aks-a remediated']);
    expect(run.marked).toEqual([`${subnetId}#fp-1`]);
    expect(run.warnings).toEqual([]);
  });

  it('Teams down and the outbox could not queue it: not marked, so the next pass posts it again', async () => {
    const run = harness({ delivered: false, reason: 'retries-exhausted', status: 503, attempts: 4, error: 'HTTP 503' }, { enqueue: async () => Promise.reject(new Error('table storage down')) });
    await expect(notifyDrift(notification, run.services, run.warn)).resolves.toEqual({ delivered: false, queued: false, reason: 'retries-exhausted' });
    expect(run.marked).toEqual([]);
    expect(run.warnings).toEqual([expect.stringContaining('aks-a not delivered (retries-exhausted)')]);
  });

  it('Teams not configured: nothing to retry, marked notified', async () => {
    const run = harness({ delivered: false, reason: 'not-configured', attempts: 0 }, { enqueue: async () => undefined });
    await notifyDrift(notification, run.services, run.warn);
    expect(run.marked).toEqual([`${subnetId}#fp-1`]);
    expect(run.enqueued).toEqual([]);
  });
});
