import { TableClient } from '@azure/data-tables';
import { NO_NEW_DENIALS_TEXT } from '../../shared/core/cards';
import type { EgressReportRun } from '../../shared/runtime/egressReport';
import { assertValidAdaptiveCard } from '../support/adaptiveCards';
import { eventually, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { cardTexts, sinkMessages, startWebhookStub, type WebhookStub } from './reportHelpers';

/** What sandbox/seed/logs/firewallDay.ts denies: the report must list every one of them. */
const seededDeniedFqdns = ['registry.npmjs.org', 'ghcr.io', 'api.github.com', 'pypi.org', 'files.pythonhosted.org', 'deb.debian.org'];
const clusterId = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress';

const postReport = (sandbox: SandboxProcess, body?: string, query = '') =>
  sandbox.callFunction(`/api/reports/egress${query}`, { method: 'POST', ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });

describe('egress report on the sandbox, posted to the Teams sink', () => {
  let sandbox: SandboxProcess;
  beforeAll(async () => {
    sandbox = await startSandboxProcess({ timers: false, initialSweep: false });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('the timer posts a valid card listing the seeded denied FQDNs with their cluster, all new, with SNAT pressure and a recommendation', async () => {
    const before = (await sinkMessages(sandbox.endpoints.teams.messagesUrl)).length;
    expect((await sandbox.runFunction('egressReportTimer')).status).toBeLessThan(300);
    const [message] = await eventually('the report card in the Teams sink', async () => {
      const messages = await sinkMessages(sandbox.endpoints.teams.messagesUrl);
      return messages.length > before ? messages : undefined;
    });
    const card = message!.payload.attachments[0]!.content;
    assertValidAdaptiveCard(card);
    const texts = cardTexts(card);
    const all = texts.join('\n');
    expect(texts[0]).toBe('Egress report');
    for (const fqdn of seededDeniedFqdns) expect(texts).toContain(`**NEW** ${fqdn}`);
    expect(all).toContain('aks-egress');
    expect(all).toContain('vnet-spoke-aks/aks-subnet');
    expect(all).toContain(`/api/rule-requests/new?fqdn=registry.npmjs.org&cluster=${encodeURIComponent(clusterId)}`);
    expect(all).toContain('SNAT port utilisation');
    expect(all).toMatch(/\*\*fw-hub\*\*: peak 8\d(\.\d)?%/);
    expect(all).toMatch(/above the 80% threshold: add 1 public IP to fw-hub/);
    expect(all).not.toContain(NO_NEW_DENIALS_TEXT);
  });

  it('a second run with only known FQDNs denied says there are no new denials', async () => {
    // A denial of an FQDN the first report listed, after that report's window: the next window contains it.
    const loaded = await fetch(`${sandbox.endpoints.logs.adminTablesUrl}/AZFWApplicationRule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          TimeGenerated: new Date().toISOString(), Action: 'Deny', ActionReason: 'Default Action', Fqdn: 'registry.npmjs.org', TargetUrl: '', Protocol: 'HTTPS',
          SourceIp: '10.42.1.7', SourcePort: 40000, DestinationPort: 443, RuleCollection: '', Rule: '', WebCategory: '',
          _ResourceId: sandbox.endpoints.appSettings.FIREWALL_RESOURCE_IDS!.toLowerCase(),
        },
      ]),
    });
    expect(loaded.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the window ends at "now": let the row's time pass

    const response = await postReport(sandbox);
    expect(response.status).toBe(200);
    const run = (await response.json()) as EgressReportRun;
    expect(run.kind).toBe('scheduled');
    expect(run.delivery.delivered).toBe(true);
    expect(run.report.deniedFqdns.map((entry) => [entry.fqdn, entry.isNew])).toEqual([['registry.npmjs.org', false]]);
    const [latest] = await sinkMessages(sandbox.endpoints.teams.messagesUrl);
    const texts = cardTexts(latest!.payload.attachments[0]!.content);
    expect(texts).toContain(NO_NEW_DENIALS_TEXT);
    expect(texts).toContain('registry.npmjs.org');
  });

  it('an explicit window is reported as JSON and leaves the schedule state alone', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 6 * 3600_000);
    const response = await postReport(sandbox, JSON.stringify({ from: from.toISOString(), to: to.toISOString() }));
    expect(response.status).toBe(200);
    const run = (await response.json()) as EgressReportRun;
    expect(run).toMatchObject({ kind: 'explicit', window: { from: from.toISOString(), to: to.toISOString() }, stateAdvanced: false, snatSource: 'workspace' });
    expect(run.report.deniedFqdns.length).toBeGreaterThan(0);
  });

  it.each([
    { label: 'invalid JSON', body: '{"from":', query: '', field: 'body' },
    { label: 'an unknown field', body: '{"start":"2026-01-01T00:00:00Z"}', query: '', field: 'start' },
    { label: 'from not a date-time', body: '{"from":"yesterday","to":"2026-01-01T00:00:00Z"}', query: '', field: 'from' },
    { label: 'from after to', body: '{"from":"2026-01-02T00:00:00Z","to":"2026-01-01T00:00:00Z"}', query: '', field: 'to' },
    { label: 'a window over REPORT_MAX_WINDOW_DAYS', body: undefined, query: '?from=2026-01-01T00:00:00Z&to=2026-01-20T00:00:00Z', field: 'from' },
    { label: 'to without from', body: undefined, query: '?to=2026-01-20T00:00:00Z', field: 'from' },
  ])('refuses $label with 400 naming $field', async ({ body, query, field }) => {
    const response = await postReport(sandbox, body, query);
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toMatchObject({ error: 'invalid-request', field, message: expect.stringContaining(field === 'body' ? 'JSON' : '') });
  });
});

describe('egress report when Teams throttles or fails', () => {
  let sandbox: SandboxProcess;
  let webhook: WebhookStub;
  beforeAll(async () => {
    webhook = await startWebhookStub();
    sandbox = await startSandboxProcess({ timers: false, initialSweep: false, settings: { TEAMS_WEBHOOK_URL: webhook.url, TEAMS_OUTBOX_RETRY_DELAY: 'PT1S' } });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await webhook?.close();
  });

  const readStateEntity = async () => {
    const table = TableClient.fromConnectionString(sandbox.endpoints.azurite.connectionString, 'EgressGuardReportState', { allowInsecureConnection: true });
    return table.getEntity<{ lastWindowEnd?: string; consecutiveFailures?: number; lastRunJson?: string }>('egress-report', 'state');
  };

  it('retries a 429 and delivers', async () => {
    webhook.behaviour = 'throttle-once';
    const response = await postReport(sandbox);
    expect(response.status).toBe(200);
    const run = (await response.json()) as EgressReportRun;
    expect(run.delivery).toMatchObject({ delivered: true, attempts: 2, status: 202 });
    expect(webhook.requests.map((request) => request.status)).toEqual([429, 202]);
    expect(run.stateAdvanced).toBe(true);
  });

  it('queues a report Teams did not take in the Teams outbox (202, window advanced) and delivers it once Teams takes cards again', async () => {
    const delivered = await readStateEntity();
    webhook.behaviour = 'fail';
    const queuedResponse = await postReport(sandbox);
    expect(queuedResponse.status).toBe(202);
    const queued = (await queuedResponse.json()) as EgressReportRun;
    expect(queued.delivery).toMatchObject({ delivered: false, reason: 'retries-exhausted', status: 500, attempts: 4, queuedAs: expect.any(String) });
    expect(queued.delivery.error).toContain('HTTP 500');
    // The outbox owns the card now: the next run must not report the same window again.
    expect(queued).toMatchObject({ stateAdvanced: true, window: { from: delivered.lastWindowEnd }, state: { consecutiveFailures: 0 } });
    const stored = await readStateEntity();
    expect(stored.lastWindowEnd).toBe(queued.window.to);
    expect(JSON.parse(stored.lastRunJson!)).toMatchObject({ kind: 'scheduled', delivery: { delivered: false, queuedAs: queued.delivery.queuedAs } });
    const outbox = (await (await sandbox.callFunction('/api/teams-outbox')).json()) as { pending: Array<{ id: string; summary: string; lastStatus: number }> };
    expect(outbox.pending).toEqual([expect.objectContaining({ id: queued.delivery.queuedAs, summary: `egress report ${queued.window.from} to ${queued.window.to}`, lastStatus: 500 })]);

    webhook.behaviour = 'accept';
    const before = webhook.requests.length;
    await eventually(
      'the queued report to reach Teams',
      async () => {
        await sandbox.runFunction('teamsOutboxTimer');
        await new Promise((resolve) => setTimeout(resolve, 500));
        const outboxNow = (await (await sandbox.callFunction('/api/teams-outbox')).json()) as { pending: unknown[] };
        return outboxNow.pending.length === 0 ? true : undefined;
      },
      20_000,
      1_000,
    );
    expect(webhook.requests.slice(before).map((request) => request.status)).toEqual([202]);
    // The webhook URL carries a signature: it must never reach the logs.
    expect(sandbox.output()).not.toContain('stub-secret-signature');
  });
});

describe('egress report without a workspace', () => {
  let sandbox: SandboxProcess;
  beforeAll(async () => {
    sandbox = await startSandboxProcess({ timers: false, initialSweep: false, settings: { LOG_ANALYTICS_WORKSPACE_ID: '' } });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('the HTTP trigger says the report is disabled and why; the timer logs it instead of failing', async () => {
    const response = await postReport(sandbox);
    expect(response.status).toBe(503);
    await expect(response.json()).resolves.toMatchObject({ error: 'report-disabled', message: expect.stringContaining('LOG_ANALYTICS_WORKSPACE_ID is not set') });
    expect((await sandbox.runFunction('egressReportTimer')).status).toBeLessThan(300);
    await eventually('the disabled message in the log', async () => (sandbox.output().includes('The egress report is disabled') ? true : undefined));
    expect(sandbox.output()).not.toMatch(/egressReportTimer' \(Failed/);
  });
});
