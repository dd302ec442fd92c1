import { DriftSandbox } from '../support/driftHarness';
import { eventually } from '../support/sandboxProcess';

interface OutboxEntry {
  id: string;
  summary: string;
  state: string;
  attempts: number;
  retries: number;
  lastStatus?: number;
  lastError?: string;
}

/**
 * Never silent: Teams is down while the guard repairs drift; the card goes to the Teams outbox (Azurite) and arrives
 * once Teams is back, exactly once. The outbox timer is run through the admin API (timers are off in these tests).
 */
describe('Teams outbox (sandbox e2e)', () => {
  let env: DriftSandbox;
  const rg = 'rg-spokes-00';

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 1, subnetsPerVnet: 1 }, { TEAMS_OUTBOX_RETRY_DELAY: 'PT1S' });
  }, 60_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  const availabilityUrl = () => `${env.sandbox.endpoints.functions.baseUrl}/_sandbox/teams/availability`;
  const setTeams = async (body: unknown) => {
    const response = await fetch(availabilityUrl(), { method: 'PUT', body: JSON.stringify(body) });
    expect(response.status).toBe(200);
  };
  const outbox = async () => {
    const response = await env.sandbox.callFunction('/api/teams-outbox');
    expect(response.status).toBe(200);
    return (await response.json()) as { pending: OutboxEntry[]; givenUp: OutboxEntry[] };
  };
  const drain = async () => expect((await env.sandbox.runFunction('teamsOutboxTimer')).status).toBe(202);

  it('queues the drift card while Teams is down and delivers it once Teams is back', async () => {
    const spoke = env.spoke(0);
    const subnetId = spoke.subnetIds[0]!;
    const cardsFor = async () => (await env.teamsMessages()).filter((message) => JSON.stringify(message).includes(spoke.vnetName));
    expect(await cardsFor()).toHaveLength(0);

    await setTeams({ available: false, status: 503, retryAfter: '1' });
    await env.network.routes.beginDeleteAndWait(rg, `rt-${spoke.vnetName}-egress`, 'egress-guard-default');
    await env.compliant(spoke, subnetId, 40_000);

    // The activity's own tries fail, so the card is queued (the poster logs that, never the webhook URL).
    const queued = await eventually('the drift card in the Teams outbox', async () => {
      const { pending } = await outbox();
      return pending.find((entry) => entry.summary.includes(spoke.vnetName));
    }, 40_000);
    expect(queued).toMatchObject({ state: 'pending', lastStatus: 503, retries: 0 });
    expect(queued.attempts).toBeGreaterThanOrEqual(1);
    expect(await cardsFor()).toHaveLength(0);

    // Still down: the timer tries again and backs off; nothing is lost or dropped.
    await eventually('a retry while Teams is down', async () => {
      await drain();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const entry = (await outbox()).pending.find(({ id }) => id === queued.id);
      return entry && entry.retries >= 1 ? entry : undefined;
    }, 20_000, 1_000);
    expect(await cardsFor()).toHaveLength(0);

    await setTeams({ available: true });
    await eventually('the queued card to reach Teams', async () => {
      await drain();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return (await cardsFor()).length > 0 ? true : undefined;
    }, 30_000, 1_000);

    expect(await outbox()).toEqual({ pending: [], givenUp: [] });
    // Delivered once: more passes post nothing more (idle: the outbox run and anything it started are over).
    await drain();
    await env.sandbox.idle();
    expect(await cardsFor()).toHaveLength(1);
    const output = env.sandbox.output();
    expect(output).toMatch(/queued in the Teams outbox as /);
    expect(output).toMatch(/Teams outbox: delivered "/);
    expect(output).not.toContain(env.sandbox.endpoints.teams.webhookUrl);
    expect(output).not.toContain('sandbox-signature');
  });
});
