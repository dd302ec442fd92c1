import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAzCliOutput, runAuditCli, sandboxAuditEnv } from '../support/auditCli';
import { eventually, sandboxCredential, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { createArmClients } from '../../shared/azure/armClients';
import { observeSweep } from '../../shared/azure/network/observeSweep';
import { evaluate } from '../../shared/core/drift/evaluate';
import { plan } from '../../shared/core/drift/plan';
import { runAudit } from '../../shared/audit/runAudit';

interface ReportJson {
  summary: { subnets: number; compliant: number; drift: number; plannedWrites: number };
  subnets: { subnetId: string; state: string; tableOwner: string; findings: { code: string }[]; plannedWrites: { kind: string; resourceId: string }[] }[];
}

const spoke = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-spoke/providers/Microsoft.Network';
const aksSubnet = `${spoke}/virtualNetworks/vnet-spoke-aks/subnets/aks-subnet`;

/**
 * The audit command against the sandbox's ARM emulator, as docs/sandbox.md shows it: the real SDK clients over HTTPS,
 * DefaultAzureCredential through the sandbox's managed identity endpoint. The app's own sweep is off until the test
 * asks for it, so the emulator's request stats are the audit's alone.
 */
describe('aks-egress-guard audit (sandbox e2e)', () => {
  let sandbox: SandboxProcess;
  const admin = (path: string, init?: RequestInit) => fetch(`${sandbox.endpoints.arm.adminUrl}/${path}`, init);
  const stats = async () => (await (await admin('stats')).json()) as { total: number; byMethod: Record<string, number> };

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ initialSweep: false, timers: false });
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  let live: ReportJson;

  it('prints the seeded drift and the writes enforce would make, exits 1, and sends only GETs', async () => {
    await admin('stats', { method: 'DELETE' });
    const run = await runAuditCli(['--format', 'json'], sandboxAuditEnv(sandbox.endpoints));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    live = JSON.parse(run.stdout) as ReportJson;
    const row = live.subnets.find((subnet) => subnet.subnetId.toLowerCase() === aksSubnet.toLowerCase());
    expect(row).toMatchObject({ state: 'drift', tableOwner: 'none' });
    expect(row!.findings.map((finding) => finding.code)).toEqual(expect.arrayContaining(['route-table-missing', 'vnet-dns-not-firewall']));
    expect(row!.plannedWrites.map((write) => `${write.kind} ${write.resourceId.split('/').pop()}`)).toEqual([
      'route-table-create rt-vnet-spoke-aks-egress',
      'subnet-put aks-subnet',
      'vnet-put vnet-spoke-aks',
    ]);
    // Only the guarded subnet: the ingress subnet and the firewall subnet are not AKS subnets.
    expect(live.summary.subnets).toBe(1);

    const after = await stats();
    expect(after.total).toBeGreaterThan(0);
    expect(Object.keys(after.byMethod)).toEqual(['GET']);
  });

  it("reports what the sweep's own observe -> evaluate -> plan path finds for the same estate (plan as in enforce)", async () => {
    const clients = createArmClients({ credential: sandboxCredential, armEndpoint: sandbox.endpoints.arm.url });
    const policy = {
      mode: 'enforce' as const,
      aksSubnetPatterns: ['aks-*'],
      routeTableStrategy: 'per-vnet' as const,
      sharedRouteTableIds: undefined,
      routeTableNamePattern: 'rt-{vnet}-egress',
      firewallPublicIpRoute: false,
      removeBypassRoutes: false,
    };
    const firewalls = (await (await admin('resources?type=Microsoft.Network/azureFirewalls')).json()) as { value: { id: string }[] };
    const sweep = await observeSweep(clients, { ...policy, guardedSubscriptionIds: sandbox.endpoints.arm.subscriptionIds, firewallResourceIds: firewalls.value.map((firewall) => firewall.id) }, new Date());
    const fromSweep = sweep.observed.map((observed) => {
      const findings = evaluate(observed, policy);
      return { subnetId: observed.subnet.id, findings: findings.map((finding) => finding.code), writes: plan(observed, findings, policy).map((write) => [write.kind, write.resourceId]) };
    });

    expect(live.subnets.map((subnet) => ({ subnetId: subnet.subnetId, findings: subnet.findings.map((finding) => finding.code), writes: subnet.plannedWrites.map((write) => [write.kind, write.resourceId]) }))).toEqual(fromSweep);
  });

  it('--from-file on an az CLI export of the same estate gives the same findings, with no credentials', async () => {
    const resources = async (type: string) => ((await (await admin(`resources?type=${type}`)).json()) as { value: Record<string, unknown>[] }).value;
    const [firewall] = await resources('Microsoft.Network/azureFirewalls');
    const [policy] = await resources('Microsoft.Network/firewallPolicies');
    const exported = [
      JSON.stringify((await resources('Microsoft.Network/virtualNetworks')).map((vnet) => asAzCliOutput(vnet)), null, 2), // az network vnet list
      JSON.stringify((await resources('Microsoft.Network/routeTables')).map((table) => asAzCliOutput(table)), null, 2), // az network route-table list
      JSON.stringify(asAzCliOutput(firewall!), null, 2), // az network firewall show
      JSON.stringify(asAzCliOutput(policy!), null, 2), // az network firewall policy show
      JSON.stringify((await resources('Microsoft.ContainerService/managedClusters')).map((cluster) => asAzCliOutput(cluster, { vnetSubnetID: 'vnetSubnetId', podSubnetID: 'podSubnetId' })), null, 2), // az aks list
    ].join('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'audit-export-')), 'estate.json');
    writeFileSync(path, exported);

    const before = await stats();
    const run = await runAuditCli(['--from-file', path, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const offline = JSON.parse(run.stdout) as ReportJson;
    const essentials = (report: ReportJson) =>
      report.subnets.map((subnet) => ({ subnetId: subnet.subnetId, state: subnet.state, findings: subnet.findings, writes: subnet.plannedWrites.map((write) => [write.kind, write.resourceId]) }));
    expect(essentials(offline)).toEqual(essentials(live));
    expect((await stats()).total).toBe(before.total);
  });

  it('exits 0 once the guard has fixed the estate', async () => {
    const swept = await sandbox.runFunction('driftSweep');
    expect(swept.status).toBeLessThan(300);
    const run = await eventually(
      'the audit to find the estate compliant',
      async () => {
        const attempt = await runAuditCli([], sandboxAuditEnv(sandbox.endpoints));
        return attempt.code === 0 ? attempt : undefined;
      },
      45_000,
      1_000,
    );
    expect(run.stdout).toMatch(/aks-subnet\s+audit\s+compliant\s+-\s+guard: rt-vnet-spoke-aks-egress/);
    expect(run.stdout).toContain('1 guarded subnet(s) in 1 subscription(s): 1 compliant, 0 with findings');
  }, 60_000);

  it('draws a progress line on a terminal while it lists, clears it, and draws none otherwise', async () => {
    const run = async (isTTY: boolean) => {
      const frames: string[] = [];
      let report = '';
      const code = await runAudit(['--format', 'json'], {
        env: { ARM_ENDPOINT: sandbox.endpoints.arm.url },
        stdout: { write: (text: string) => (report += text) },
        stderr: { isTTY, write: (text: string) => frames.push(text) },
        credential: () => sandboxCredential,
      });
      return { code, frames, report };
    };

    const terminal = await run(true);
    const lines = terminal.frames.map((frame) => frame.replace(/^\r\x1b\[2K/, ''));
    expect(lines[0]).toBe('listing: subscriptions, 1 pages read'); // the subscriptions list answered
    expect(lines).toContain('listing: 1/1 subscriptions, 5 pages read, 2 VNets, 3 subnets'); // subscriptions, VNets, tables, clusters, firewalls
    expect(lines.at(-1)).toBe(''); // cleared before the report
    expect(JSON.parse(terminal.report)).toMatchObject({ summary: { subnets: 1 } });
    expect((await run(false)).frames).toEqual([]);
  });

  it('names a subscription it cannot read, on one line, exit 2', async () => {
    const run = await runAuditCli(['--subscription', '00000000-0000-4000-8000-00000000dead'], sandboxAuditEnv(sandbox.endpoints));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("error: no access to subscription 00000000-0000-4000-8000-00000000dead: SubscriptionNotFound: The subscription '00000000-0000-4000-8000-00000000dead' could not be found.\n");
  });

  it('names a firewall that does not exist, exit 2', async () => {
    const missing = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-nowhere';
    const run = await runAuditCli(['--firewall', missing], sandboxAuditEnv(sandbox.endpoints));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: firewall ${missing} was not found (or the identity may not read it)\n`);
  });
});
