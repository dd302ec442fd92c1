import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createTeamsPoster } from '../../../../shared/azure/teams';
import { buildReportCard } from '../../../../shared/core/cards';
import { findProjectRoot } from '../../../../sandbox/page/pageAssets';
import { sampleReport } from '../../core/cards/sampleModels';
import { startPageServer } from './pageServer';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // CI installs Debian's chromium (apt-get install -y chromium); without it this browser test cannot run.
  console.warn(`Skipping the sandbox page browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);
}
const describeWithChromium = hasChromium ? describe : describe.skip;

describeWithChromium('sandbox root page in Chromium', () => {
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    server = await startPageServer();
    // Through the real poster and the sink, as the app does in the sandbox.
    const poster = createTeamsPoster({ webhookUrl: `${server.baseUrl}/_sandbox/teams/webhook/sig-test`, logger: { info: () => undefined, warn: () => undefined, error: (message) => console.error(message) } });
    const result = await poster.post(buildReportCard(sampleReport), { summary: 'egress report' });
    expect(result.delivered).toBe(true);
    userDataDir = mkdtempSync(join(tmpdir(), 'sandbox-page-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1400, height: 1000 },
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('renders the report card with its FQDN table, compliance and open requests; writes a PNG', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.baseUrl);
    await page.waitForSelector('body[data-loaded="true"]');

    const message = page.locator('.message').first();
    await message.getByText('registry.npmjs.org').waitFor();
    await expect(message.locator('table').count()).resolves.toBeGreaterThan(0);
    await expect(message.getByText('Request allow rule').first().getAttribute('href')).resolves.toContain('/api/rule-requests/new?fqdn=registry.npmjs.org');
    // Chart.Line is Teams-only: the browser renderer shows its text fallback.
    await message.getByText(/Busiest hours \(UTC\)/).waitFor();
    await expect(page.locator('#compliance').innerText()).resolves.toContain('aks-nodes');
    const requests = await page.locator('#rule-requests').innerText();
    expect(requests).toContain('rr-1');
    expect(requests).not.toContain('rr-0');
    expect(pageErrors).toEqual([]);

    const outDir = join(findProjectRoot(), '.sandbox');
    mkdirSync(outDir, { recursive: true });
    const png = join(outDir, 'sandbox-page-report-card.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });

  it('approves through the real API path with the approver principal and function key', async () => {
    const page = await context.newPage();
    await page.goto(server.baseUrl);
    await page.waitForSelector('body[data-loaded="true"]');
    await page.locator('button[data-action="approve"][data-id="rr-1"]').click();
    await page.waitForFunction(() => document.getElementById('last-action')?.textContent?.includes('HTTP 200'));
    expect(server.apiCalls).toHaveLength(1);
    expect(server.apiCalls[0]).toMatchObject({
      method: 'POST',
      url: '/api/rule-requests/rr-1/approve',
      headers: expect.objectContaining({ 'x-ms-client-principal': 'eyJzYW5kYm94IjoiYXBwcm92ZXIifQ==', 'x-functions-key': 'approve-key' }),
    });
  });
});
