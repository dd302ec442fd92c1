import type { BrowserContext } from 'playwright-core';
import { describeWithChromium as chromiumDescribe, launchHeadlessChromium, type HeadlessChromium } from '../support/chromium';
import { eventually, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { sinkMessages } from './reportHelpers';

const describeWithChromium = chromiumDescribe('the "Request allow rule" link browser test');

/**
 * The egress report's "Request allow rule" link, followed in Chromium from the card as the sandbox page renders it:
 * the form submits with the caller's own identity (what App Service Authentication injects; here the browser
 * context sends the principal header on every request, as Easy Auth would), never with a function key.
 */
describeWithChromium('the report card "Request allow rule" link, in Chromium', () => {
  let sandbox: SandboxProcess;
  let browser: HeadlessChromium;
  let signedIn: BrowserContext;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ timers: false, initialSweep: false });
    expect((await sandbox.runFunction('egressReportTimer')).status).toBeLessThan(300);
    await eventually('the report card in the Teams sink', async () => ((await sinkMessages(sandbox.endpoints.teams.messagesUrl)).length > 0 ? true : undefined), 60_000);
    browser = await launchHeadlessChromium();
    signedIn = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  async function linkFromTheCard(): Promise<string> {
    const page = await signedIn.newPage();
    await page.goto(sandbox.endpoints.functions.page);
    await page.waitForSelector('body[data-loaded="true"]');
    const report = page.locator('.message', { hasText: 'Egress report' }).first();
    const href = await report.getByText('Request allow rule').first().getAttribute('href');
    await page.close();
    expect(href).toContain('/api/rule-requests/new?fqdn=');
    expect(href).not.toMatch(/[?&]code=/); // no key in a card
    return new URL(href ?? '', sandbox.endpoints.functions.baseUrl).href;
  }

  it('submits the prefilled form as the signed-in caller and creates the request (202), no key involved', async () => {
    const link = await linkFromTheCard();
    await signedIn.setExtraHTTPHeaders({ 'x-ms-client-principal': sandbox.endpoints.principals.requester });
    const page = await signedIn.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.goto(link);
    const fqdn = (await page.locator('textarea[name="fqdns"]').inputValue()).trim();
    expect(fqdn).not.toBe('');
    await page.fill('textarea[name="justification"]', 'Builds pull packages from this registry');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#result[data-status]');
    const result = await page.locator('#result').innerText();
    expect(await page.locator('#result').getAttribute('data-status')).toBe('202');
    expect(posts).toHaveLength(1);
    expect(posts[0]).not.toMatch(/[?&]code=/);
    const id = /"id": "([^"]+)"/.exec(result)?.[1];
    expect(id).toBeDefined();
    const stored = await sandbox.callFunction(`/api/rule-requests/${id}`, { headers: { 'x-ms-client-principal': sandbox.endpoints.principals.requester } });
    expect(await stored.json()).toMatchObject({ id, status: 'pending-approval', fqdns: [fqdn], requesterId: expect.any(String) });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses the submit of a caller who is not signed in (401, with a sign-in link) and a cross-site POST (403)', async () => {
    const link = await linkFromTheCard();
    await signedIn.setExtraHTTPHeaders({});
    const page = await signedIn.newPage();
    await page.goto(link);
    await page.fill('textarea[name="justification"]', 'Builds pull packages from this registry');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#result[data-status]');
    expect(await page.locator('#result').getAttribute('data-status')).toBe('401');
    await expect(page.locator('#result a').getAttribute('href')).resolves.toContain('/.auth/login/aad?post_login_redirect_uri=');
    await page.close();

    const crossSite = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'x-ms-client-principal': sandbox.endpoints.principals.requester },
      body: JSON.stringify({ fqdns: ['x.example.com'], protocols: ['Https:443'], source: { cluster: 'x' }, justification: 'cross-site attempt here' }),
    });
    expect(crossSite.status).toBe(403);
  });
});
