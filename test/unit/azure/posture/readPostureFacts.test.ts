import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { startArmEmulator, type ArmEmulator } from '../../../../sandbox/emulators/arm';
import { ensureSandboxCertificates } from '../../../../sandbox/certs';
import { projectRoot } from '../../../../sandbox/paths';
import { createArmClients, type TokenCredential } from '../../../../shared/azure/arm/armClients';
import { readPostureFacts } from '../../../../shared/azure/posture/readPostureFacts';
import type { JsonObject } from '../../../../shared/azure/arm/armJson';
import { evaluatePosture } from '../../../../shared/core/posture/evaluatePosture';

const sub = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const settings = {
  guardedSubscriptionIds: [sub],
  firewallResourceIds: [`/subscriptions/${sub}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub`],
};
const credential: TokenCredential = { getToken: async () => ({ token: 'sandbox-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const defaultSeed = (): JsonObject[] => JSON.parse(readFileSync(join(projectRoot(), 'sandbox/seed/default.json'), 'utf8')) as JsonObject[];

describe('readPostureFacts against the ARM emulator', () => {
  const dirs: string[] = [];
  const emulators: ArmEmulator[] = [];
  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function read(seed: JsonObject[]) {
    const dir = mkdtempSync(join(tmpdir(), 'posture-arm-'));
    dirs.push(dir);
    const certs = await ensureSandboxCertificates(dir);
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), certs.caCertPem]);
    const emulator = await startArmEmulator({ tls: { cert: certs.certPem, key: certs.keyPem }, seed: seed as never, lroDelayMs: 5 });
    emulators.push(emulator);
    return readPostureFacts(createArmClients({ credential, armEndpoint: emulator.url }), settings);
  }

  it('reads both seeded clusters with the policy chain (parent first), its IP group and the node resource group frontend', async () => {
    const { facts, armReads } = await read(defaultSeed());
    const shop = facts.find((fact) => fact.cluster.name === 'aks-shop')!;

    expect(facts.map((fact) => fact.cluster.name).sort()).toEqual(['aks-egress', 'aks-shop']);
    expect(shop.subnets).toEqual([expect.objectContaining({ name: 'aks-subnet', prefixes: ['10.43.1.0/24'], vnetName: 'vnet-spoke-shop' })]);
    expect(shop.firewall?.policy?.layers.map((layer) => layer.policyName)).toEqual(['afwp-base', 'afwp-hub']);
    expect([...(shop.firewall?.policy?.ipGroups.values() ?? [])]).toEqual([['10.43.0.0/16']]);
    expect(shop.firewall).toMatchObject({ name: 'fw-hub', privateIp: '10.0.1.4', publicIps: ['20.61.15.100'], dnsProxyEnabled: true, snat: { publicIpCount: 1, instanceCount: 2, ports: 4992 } });
    expect(shop.publicFrontends).toEqual([expect.objectContaining({ loadBalancerName: 'kubernetes', frontendName: 'a7f3c9e1', ipAddress: '20.61.20.7' })]);
    expect(shop.cluster).toMatchObject({ authorizedIpRanges: ['203.0.113.0/24'], skuTier: 'Standard', apiServerFqdn: 'aks-shop-3e9d1a7c.hcp.westeurope.azmk8s.io' });
    expect(facts.find((fact) => fact.cluster.name === 'aks-egress')?.publicFrontends).toEqual([]); // its node resource group does not exist
    expect(armReads).toBeGreaterThan(0);
  });

  it('refuses to evaluate a policy whose parent cannot be read, rather than skip the parent\'s rules', async () => {
    const seed = defaultSeed().filter((resource) => !String(resource.id).includes('/firewallPolicies/afwp-base'));
    const { facts } = await read(seed);
    const shop = facts.find((fact) => fact.cluster.name === 'aks-shop')!;

    expect(shop.firewall?.policy).toBeUndefined();
    expect(shop.firewall?.policyProblem).toBe('policy afwp-base does not exist');
    const requiredEgress = evaluatePosture(shop).checks.find((check) => check.check === 'required-egress');
    expect(requiredEgress?.findings.map((finding) => finding.code)).toEqual(['firewall-policy-unavailable']);
    expect(requiredEgress?.findings[0]?.message).toContain('policy afwp-base does not exist');
  });
});
