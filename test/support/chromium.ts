import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium; .ci/run installs it). playwright-core never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** `describe`, or `describe.skip` with a warning saying what to install when Chromium is missing. */
export function describeWithChromium(what: string): jest.Describe {
  if (existsSync(CHROMIUM)) return describe;
  console.warn(`Skipping ${what}: ${CHROMIUM} is missing (apt-get install -y chromium).`);
  return describe.skip;
}

export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile. The flags keep it off the network: on a closed machine its background
 * services would otherwise try (and fail) to reach Google's hosts at every start.
 */
export async function launchHeadlessChromium(): Promise<HeadlessChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'egress-guard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
