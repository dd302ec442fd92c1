import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { NetworkManagementClient } from '@azure/arm-network';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ensureSandboxCertificates } from '../../../../../sandbox/certs';
import type { ArmEmulator, ArmEmulatorOptions, ArmResourceEvent } from '../../../../../sandbox/emulators/arm';
import { loadSeed, startArmEmulator } from '../../../../../sandbox/emulators/arm';
import { projectRoot } from '../../../../../sandbox/paths';

export const SUBSCRIPTION_ID = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';

/** A JWT-shaped token (unsigned): the emulator decodes its payload for event claims. */
export const TOKEN = [
  Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
  Buffer.from(JSON.stringify({ appid: 'app-under-test', oid: 'oid-under-test', tid: 'tenant-under-test' })).toString('base64url'),
  'signature',
].join('.');

const fixedCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3600_000 }),
};

export interface Harness {
  emulator: ArmEmulator;
  network: NetworkManagementClient;
  containers: ContainerServiceClient;
  events: ArmResourceEvent[];
  caPem: string;
  close(): Promise<void>;
}

/** Every sandbox CA this test process has generated: a second harness must not drop the first one's trust. */
const trustedCaPems: string[] = [];

/** Starts the emulator in-process with the default seed and real SDK clients that trust its CA. */
export async function startHarness(options: Partial<ArmEmulatorOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'arm-emulator-'));
  const certificates = await ensureSandboxCertificates(dir);
  trustedCaPems.push(certificates.caCertPem);
  tls.setDefaultCACertificates([...tls.getCACertificates('bundled'), ...trustedCaPems]);
  const events: ArmResourceEvent[] = [];
  const emulator = await startArmEmulator({
    tls: { cert: certificates.certPem, key: certificates.keyPem },
    seed: loadSeed(join(projectRoot(), 'sandbox/seed/default.json')),
    lroDelayMs: 20,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return {
    emulator,
    network: new NetworkManagementClient(fixedCredential, SUBSCRIPTION_ID, { endpoint: emulator.url }),
    containers: new ContainerServiceClient(fixedCredential, SUBSCRIPTION_ID, { endpoint: emulator.url }),
    events,
    caPem: certificates.caCertPem,
    close: async () => {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Raw HTTPS call for what the SDK cannot send (no auth, malformed JSON, admin API). */
export async function rawRequest(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(url, { method: init.method ?? 'GET', headers: { 'content-type': 'application/json', ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
