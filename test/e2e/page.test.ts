import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describeWithChromium as chromiumDescribe, launchHeadlessChromium, type HeadlessChromium } from '../support/chromium';
import { sandboxDir } from '../../sandbox/paths';
import { eventually, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { sinkMessages } from './reportHelpers';

const describeWithChromium = chromiumDescribe('the sandbox page browser test');

describeWithChromium('sandbox root page after a report run, in Chromium', () => {
  let sandbox: SandboxProcess;
  let context: BrowserContext;
  let browser: HeadlessChromium;

  beforeAll(async () => {
    // The initial sweep fills the compliance table the page shows next to the card.
    sandbox = await startSandboxProcess({ timers: false });
    expect((await sandbox.runFunction('egressReportTimer')).status).toBeLessThan(300);
    await eventually('the report card in the Teams sink', async () => ((await sinkMessages(sandbox.endpoints.teams.messagesUrl)).length > 0 ? true : undefined));
    await eventually('the sweep to record compliance', async () => {
      const response = await sandbox.callFunction('/api/compliance');
      const body = (await response.json()) as { subnets?: unknown[] };
      return (body.subnets?.length ?? 0) > 0 ? true : undefined;
    });
    browser = await launchHeadlessChromium();
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('renders the report card with its FQDN table and the compliance table; writes a PNG', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(sandbox.endpoints.functions.page);
    await page.waitForSelector('body[data-loaded="true"]');

    const report = page.locator('.message', { hasText: 'Egress report' }).first();
    await report.getByText('registry.npmjs.org').first().waitFor();
    await expect(report.locator('table').count()).resolves.toBeGreaterThan(0);
    // The renderer draws FactSets as HTML tables (the lifeline's comes first): the per-cluster one names the cluster.
    await report.locator('table', { hasText: 'aks-egress' }).first().waitFor();
    const link = await report.getByText('Request allow rule').first().getAttribute('href');
    expect(link).toContain('/api/rule-requests/new?fqdn=registry.npmjs.org&cluster=');
    // The seed denies NTP (UDP 123) from aks-egress: an AKS requirement, at the top of the card.
    await report.getByText('AKS lifeline: egress the clusters themselves need is denied').waitFor();
    // The SNAT trend is drawn from the card's Chart.Line data, not its text fallback.
    await report.locator('svg[data-chart="Chart.Line"] polyline').waitFor();
    await expect(report.getByText(/Busiest hours \(UTC\)/).count()).resolves.toBe(0);
    await page.waitForFunction(() => document.getElementById('compliance')?.innerText.includes('aks-subnet'));
    // The posture section: the seeded second cluster and one of its findings.
    await page.waitForFunction(() => /aks-shop[\s\S]*public-frontend-without-dnat/.test(document.getElementById('posture')?.innerText ?? ''));
    expect(pageErrors).toEqual([]);

    // The repo's .sandbox/ (git-ignored), where the other page snapshots go: easy to find after a run.
    const outDir = sandboxDir();
    const png = join(outDir, 'report-page.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(10_000);
    console.info(`Report page snapshot: ${png}`);
  });
});
