import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describeWithChromium as chromiumDescribe, launchHeadlessChromium, type HeadlessChromium } from '../../../support/chromium';
import { createTeamsPoster } from '../../../../shared/azure/teams';
import { buildReportCard } from '../../../../shared/core/cards';
import { sandboxDir } from '../../../../sandbox/paths';
import { sampleReport } from '../../core/cards/sampleModels';
import { startPageServer } from './pageServer';

const describeWithChromium = chromiumDescribe('the sandbox page browser test');

describeWithChromium('sandbox root page in Chromium', () => {
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let context: BrowserContext;
  let browser: HeadlessChromium;

  beforeAll(async () => {
    server = await startPageServer();
    // Through the real poster and the sink, as the app does in the sandbox.
    const poster = createTeamsPoster({ webhookUrl: `${server.baseUrl}/_sandbox/teams/webhook/sig-test`, logger: { info: () => undefined, warn: () => undefined, error: (message) => console.error(message) } });
    const result = await poster.post(buildReportCard(sampleReport), { summary: 'egress report' });
    expect(result.delivered).toBe(true);
    browser = await launchHeadlessChromium();
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
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
    // The SNAT trend is drawn from the card's Chart.Line data (as Teams shows it), not the text fallback.
    const chart = message.locator('svg[data-chart="Chart.Line"]');
    await chart.waitFor();
    const line = sampleReport.snat[0]!.hourly;
    await expect(chart.getAttribute('data-points')).resolves.toBe(String(line.length));
    const points = ((await chart.locator('polyline').getAttribute('points')) ?? '').trim().split(/\s+/);
    expect(points).toHaveLength(line.length);
    // y grows downwards: the highest hour of the series is the highest point of the line.
    const ys = points.map((point) => Number(point.split(',')[1]));
    const highest = line.reduce((best, point, index) => (point.maxPercent > line[best]!.maxPercent ? index : best), 0);
    expect(Math.min(...ys)).toBe(ys[highest]);
    await expect(message.getByText(/Busiest hours \(UTC\)/).count()).resolves.toBe(0);
    await expect(message.locator('figcaption').first().innerText()).resolves.toContain('max SNAT utilisation');
    // The AKS lifeline heads the card; an AKS required FQDN has no request link.
    await message.getByText('AKS lifeline: egress the clusters themselves need is denied').waitFor();
    await expect(message.locator('a[href*="fqdn=mcr.microsoft.com"]').count()).resolves.toBe(0);
    await expect(page.locator('#compliance').innerText()).resolves.toContain('aks-nodes');
    const requests = await page.locator('#rule-requests').innerText();
    expect(requests).toContain('rr-1');
    expect(requests).not.toContain('rr-0');
    const outbox = await page.locator('#teams-outbox').innerText();
    expect(outbox).toContain('drift vnet-a/aks-nodes remediated');
    expect(outbox).toMatch(/given-up\s+40\s+2026-12-06T10:00:00.000Z\s+Teams answered HTTP 404/);
    expect(pageErrors).toEqual([]);

    const outDir = sandboxDir();
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
