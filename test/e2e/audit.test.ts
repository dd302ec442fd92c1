import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAzCliOutput, runAuditCli, sandboxAuditEnv } from '../support/auditCli';
import { eventually, sandboxCredential, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { createArmClients } from '../../shared/azure/arm/armClients';
import { observeSweep } from '../../shared/azure/network/observeSweep';
import { observeVnet } from '../../shared/azure/network/observeVnet';
import { decide } from '../../shared/core/drift/decide';
import { sameArmId } from '../../shared/azure/arm/armId';
import { runAudit } from '../../shared/audit/runAudit';

interface CheckJson {
  check: string;
  status: string;
  findings: { code: string; key: string; severity: string; message: string; fix: string }[];
}

interface ClusterPostureJson {
  clusterId: string;
  clusterName: string;
  status: string;
  checks: CheckJson[];
}

interface ReportJson {
  summary: { subnets: number; compliant: number; drift: number; plannedWrites: number; postureClusters: number; postureFindings: number; postureAdvice: number; postureIncomplete: number };
  subnets: { subnetId: string; state: string; tableOwner: string; findings: { code: string }[]; plannedWrites: { kind: string; resourceId: string }[] }[];
  posture: (ClusterPostureJson & { missingFromExport: string[] })[];
}

/** Per cluster name, its findings as `code key`, sorted (as test/e2e/posture.test.ts compares them). */
const postureFindings = (clusters: readonly ClusterPostureJson[]) =>
  Object.fromEntries(clusters.map((cluster) => [cluster.clusterName, cluster.checks.flatMap((check) => check.findings.map((finding) => `${finding.code} ${finding.key}`)).sort()]));

/** What a cluster's posture says, check by check, without the wording of pass summaries. */
const postureEssentials = (clusters: readonly ClusterPostureJson[]) =>
  [...clusters]
    .sort((a, b) => a.clusterName.localeCompare(b.clusterName))
    .map((cluster) => ({
      clusterId: cluster.clusterId,
      status: cluster.status,
      checks: cluster.checks.map((check) => ({ check: check.check, status: check.status, findings: check.findings.map(({ code, key, severity, message, fix }) => ({ code, key, severity, message, fix })) })),
    }));

/** The seeded posture findings (sandbox/seed/default.json; the same list test/e2e/posture.test.ts expects). */
const seededPostureFindings = {
  'aks-egress': ['snat-headroom-low snat-headroom-low'],
  'aks-shop': [
    'authorized-ranges-miss-firewall-ip 20.61.15.100',
    'public-frontend-without-dnat 20.61.20.7',
    'required-egress-denied https:acs-mirror.azureedge.net:443',
    'required-egress-denied https:packages.microsoft.com:443',
    'snat-headroom-low snat-headroom-low',
  ],
};

const spoke = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-spoke/providers/Microsoft.Network';
const aksSubnet = `${spoke}/virtualNetworks/vnet-spoke-aks/subnets/aks-subnet`;
const subscription = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const shopClusterId = `${subscription}/resourceGroups/rg-spoke-shop/providers/Microsoft.ContainerService/managedClusters/aks-shop`;
const hubPolicyId = `${subscription}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub`;
const basePolicyId = `${subscription}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-base`;

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
      // One VNet PUT carries the association and the DNS fix (one write per etag family, as a reconcile pass plans it).
      'vnet-put vnet-spoke-aks',
    ]);
    // The two clusters' subnets: the ingress subnet and the firewall subnet are not AKS subnets.
    expect(live.summary.subnets).toBe(2);

    // The cluster posture section: the seeded findings, failing ones counted (SNAT headroom is advice).
    expect(postureFindings(live.posture)).toEqual(seededPostureFindings);
    expect(live.posture.find((cluster) => cluster.clusterName === 'aks-shop')?.checks.map((check) => `${check.check}:${check.status}`)).toEqual([
      'firewall-region:pass',
      'outbound-type:pass',
      'required-egress:fail',
      'api-server-authorized-ranges:fail',
      'asymmetric-routing:fail',
      'dns-proxy:not-applicable', // the spoke's DNS is not the firewall yet (drift's finding)
      'snat-headroom:advice',
    ]);
    expect(live.summary).toMatchObject({ postureClusters: 2, postureFindings: 4, postureAdvice: 2, postureIncomplete: 0 });
    expect(live.posture.every((cluster) => cluster.missingFromExport.length === 0)).toBe(true);

    const after = await stats();
    expect(after.total).toBeGreaterThan(0);
    expect(Object.keys(after.byMethod)).toEqual(['GET']);
  });

  it("reports what a reconcile pass's own observe -> decide path finds for the same estate (plan as in enforce)", async () => {
    const clients = createArmClients({ credential: sandboxCredential, armEndpoint: sandbox.endpoints.arm.url });
    const policy = {
      mode: 'enforce' as const,
      aksSubnetPatterns: ['aks-*'],
      routeTableStrategy: 'per-vnet' as const,
      sharedRouteTableIds: undefined,
      routeTableNamePattern: 'rt-{vnet}-egress',
      firewallPublicIpRoute: false,
      removeBypassRoutes: false,
      foreignRouteTableAction: 'repair-in-place' as const,
    };
    const firewalls = (await (await admin('resources?type=Microsoft.Network/azureFirewalls')).json()) as { value: { id: string }[] };
    const settings = { ...policy, guardedSubscriptionIds: sandbox.endpoints.arm.subscriptionIds, firewallResourceIds: firewalls.value.map((firewall) => firewall.id) };
    // The sweep finds the guarded subnets; each VNet is then observed and decided as its reconcile pass would.
    const sweep = await observeSweep(clients, settings, new Date());
    const vnetIds = [...new Map(sweep.observed.map((observed) => [observed.vnet.id.toLowerCase(), observed.vnet.id])).values()];
    const fromPasses = [];
    for (const vnetId of vnetIds) {
      const { observed } = await observeVnet(clients, settings, vnetId, new Date());
      const decision = decide(observed!, policy);
      for (const verdict of decision.subnets) {
        const writes = decision.writes.filter((planned) => planned.subnetIds.some((id) => sameArmId(id, verdict.subnetId)));
        fromPasses.push({ subnetId: verdict.subnetId, findings: verdict.findings.map((finding) => finding.code), writes: writes.map(({ write }) => [write.kind, write.resourceId]) });
      }
    }

    expect(live.subnets.map((subnet) => ({ subnetId: subnet.subnetId, findings: subnet.findings.map((finding) => finding.code), writes: subnet.plannedWrites.map((write) => [write.kind, write.resourceId]) }))).toEqual(fromPasses);
  });

  it('--from-file on an az CLI export of the same estate gives the same findings, with no credentials', async () => {
    const resources = async (type: string) => ((await (await admin(`resources?type=${type}`)).json()) as { value: Record<string, unknown>[] }).value;
    const [firewall] = await resources('Microsoft.Network/azureFirewalls');
    const each = (items: Record<string, unknown>[]) => items.map((item) => JSON.stringify(asAzCliOutput(item), null, 2));
    const list = (items: Record<string, unknown>[]) => JSON.stringify(items.map((item) => asAzCliOutput(item)), null, 2);
    const inGroup = (group: string) => (item: Record<string, unknown>) => String(item.id).toLowerCase().includes(`/resourcegroups/${group.toLowerCase()}/`);
    const publicIps = await resources('Microsoft.Network/publicIPAddresses');
    const loadBalancers = await resources('Microsoft.Network/loadBalancers');
    const nodeGroup = 'MC_rg-spoke-shop_aks-shop_westeurope';
    const exported = [
      list(await resources('Microsoft.Network/virtualNetworks')), // az network vnet list
      list(await resources('Microsoft.Network/routeTables')), // az network route-table list
      JSON.stringify(asAzCliOutput(firewall!), null, 2), // az network firewall show
      ...each(publicIps.filter(inGroup('rg-hub'))), // az network public-ip show (the firewall's)
      ...each(await resources('Microsoft.Network/firewallPolicies')), // az network firewall policy show (the policy and its parent)
      list(await resources('Microsoft.Network/firewallPolicies/ruleCollectionGroups')), // az network firewall policy rule-collection-group list (each policy)
      ...each(await resources('Microsoft.Network/ipGroups')), // az network ip-group show
      list(loadBalancers.filter(inGroup(nodeGroup))), // az network lb list -g <node resource group>
      list(publicIps.filter(inGroup(nodeGroup))), // az network public-ip list -g <node resource group>
      // az aks list (SDK spelling of the keys)
      JSON.stringify((await resources('Microsoft.ContainerService/managedClusters')).map((cluster) => asAzCliOutput(cluster, { vnetSubnetID: 'vnetSubnetId', podSubnetID: 'podSubnetId', authorizedIPRanges: 'authorizedIpRanges' })), null, 2),
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

    // The same posture, except what an export cannot show: that aks-egress's node resource group has no load balancer.
    expect(postureFindings(offline.posture)).toEqual(seededPostureFindings);
    const egressCluster = offline.posture.find((cluster) => cluster.clusterName === 'aks-egress')!;
    expect(egressCluster.checks.find((check) => check.check === 'asymmetric-routing')?.status).toBe('not-evaluated');
    expect(egressCluster.missingFromExport).toEqual(['az network lb list --resource-group MC_rg-spoke_aks-egress_westeurope --subscription 8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10']);
    const asLive = postureEssentials(offline.posture).map((cluster) =>
      cluster.clusterId.endsWith('/aks-egress') ? { ...cluster, status: 'advice', checks: cluster.checks.map((check) => (check.check === 'asymmetric-routing' ? { ...check, status: 'pass' } : check)) } : cluster,
    );
    expect(asLive).toEqual(postureEssentials(live.posture));
    expect(offline.summary).toMatchObject({ postureFindings: 4, postureAdvice: 2, postureIncomplete: 1 });
    expect((await stats()).total).toBe(before.total);
  });

  it('--from-file without the firewall policy names the export commands to add and evaluates no rule on a guess', async () => {
    const resources = async (type: string) => ((await (await admin(`resources?type=${type}`)).json()) as { value: Record<string, unknown>[] }).value;
    const exported = [
      JSON.stringify((await resources('Microsoft.Network/virtualNetworks')).map((vnet) => asAzCliOutput(vnet))),
      JSON.stringify(asAzCliOutput((await resources('Microsoft.Network/azureFirewalls'))[0]!)),
      JSON.stringify((await resources('Microsoft.ContainerService/managedClusters')).map((cluster) => asAzCliOutput(cluster, { vnetSubnetID: 'vnetSubnetId', podSubnetID: 'podSubnetId', authorizedIPRanges: 'authorizedIpRanges' }))),
    ].join('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'audit-export-')), 'estate.json');
    writeFileSync(path, exported);

    const run = await runAuditCli(['--from-file', path]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/aks-shop \(rg-spoke-shop\): incomplete\n/);
    expect(run.stdout).toMatch(/ {2}required-egress +not-evaluated +Not evaluated: the export lacks the firewall policy \(or a parent policy\)\./);
    expect(run.stdout).toContain(`  add to the export: az network firewall policy show --ids ${hubPolicyId}\n`);
    expect(run.stdout).toContain('  add to the export: az network public-ip show --ids /subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/publicIPAddresses/');
    expect(run.stdout).not.toMatch(/required-egress +pass/);
  });

  it("once the guard has fixed the drift, prints exactly the posture /api/posture shows, still exit 1 for it", async () => {
    const swept = await sandbox.runFunction('driftSweep'); // also requests the app's posture pass
    expect(swept.status).toBeLessThan(300);
    const run = await eventually(
      'the audit to find the subnets compliant',
      async () => {
        const attempt = await runAuditCli([], sandboxAuditEnv(sandbox.endpoints));
        return attempt.stdout.includes('2 compliant, 0 with findings') ? attempt : undefined;
      },
      45_000,
      1_000,
    );
    expect(run.stdout).toMatch(/aks-subnet\s+audit\s+compliant\s+-\s+guard: rt-vnet-spoke-aks-egress/);
    expect(run.code).toBe(1); // the posture findings the guard does not fix
    expect(run.stdout).toMatch(/\naks-shop \(rg-spoke-shop\): fail\n/);
    expect(run.stdout).toMatch(/\n {2}api-server-authorized-ranges +fail +authorized-ranges-miss-firewall-ip: Cluster aks-shop authorizes 203\.0\.113\.0\/24 on its API server, which misses firewall fw-hub's public IP 20\.61\.15\.100/);

    // The app's posture pass ran before drift pointed the spokes' DNS at the firewall (VNet writes are left to the
    // next sweep): one more sweep, nothing to fix, and its posture pass sees what the audit sees.
    expect((await sandbox.runFunction('driftSweep')).status).toBeLessThan(300);
    let last: { api: ClusterPostureJson[]; audit: ClusterPostureJson[] } | undefined;
    await eventually(
      'the audit and /api/posture to agree',
      async () => {
        const api = ((await (await sandbox.callFunction('/api/posture')).json()) as { clusters: ClusterPostureJson[] }).clusters;
        const audit = (JSON.parse((await runAuditCli(['--format', 'json'], sandboxAuditEnv(sandbox.endpoints))).stdout) as ReportJson).posture;
        last = { api, audit };
        return api.length === 2 && JSON.stringify(postureEssentials(audit)) === JSON.stringify(postureEssentials(api)) ? true : undefined;
      },
      45_000,
      1_000,
    ).catch(() => undefined); // the comparison below shows the difference
    expect(postureEssentials(last!.audit)).toEqual(postureEssentials(last!.api));
    expect(postureFindings(last!.audit)).toEqual(seededPostureFindings);
  }, 120_000);

  it('exits 0 once the posture is fixed too (SNAT headroom advice alone does not fail)', async () => {
    const arm = async (method: 'GET' | 'PUT' | 'DELETE', id: string, body?: unknown, apiVersion = '2026-01-01') => {
      const response = await fetch(`${sandbox.endpoints.arm.url}${id}?api-version=${apiVersion}`, {
        method,
        headers: { authorization: 'Bearer e2e', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.status).toBeLessThan(300);
      return response.status === 204 ? undefined : ((await response.json().catch(() => undefined)) as Record<string, unknown> | undefined);
    };
    const cluster = (await arm('GET', shopClusterId, undefined, '2026-04-01'))!;
    await arm('PUT', shopClusterId, { ...cluster, properties: { ...(cluster.properties as Record<string, unknown>), apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.0/24', '20.61.15.100/32'] } } }, '2026-04-01');
    await arm('PUT', `${hubPolicyId}/ruleCollectionGroups/rcg-shop-ingress`, {
      properties: {
        priority: 150,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyNatRuleCollection',
            name: 'store-front',
            priority: 100,
            action: { type: 'DNAT' },
            rules: [{ ruleType: 'NatRule', name: 'http', ipProtocols: ['TCP'], sourceAddresses: ['*'], destinationAddresses: ['20.61.15.100'], destinationPorts: ['80'], translatedAddress: '20.61.20.7', translatedPort: '80' }],
          },
        ],
      },
    });
    await arm('DELETE', `${basePolicyId}/ruleCollectionGroups/rcg-baseline`);

    const run = await runAuditCli([], sandboxAuditEnv(sandbox.endpoints));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\naks-shop \(rg-spoke-shop\): advice\n/);
    expect(run.stdout).toContain('2 guarded subnet(s) in 1 subscription(s): 2 compliant, 0 with findings, 0 exempt; enforce would make 0 write(s); cluster posture of 2 cluster(s): 0 failing finding(s), 2 advice.');
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
    expect(lines).toContain('listing: 1/1 subscriptions, 5 pages read, 3 VNets, 4 subnets'); // subscriptions, VNets, tables, clusters, firewalls
    // Then the posture reads: clusters and the firewall with its policy chain, then each cluster's node resource group.
    const posture = lines.filter((line) => line.startsWith('cluster posture: '));
    expect(posture[0]).toMatch(/^cluster posture: clusters and firewall policies, \d+ pages read$/);
    expect(posture).toContainEqual(expect.stringMatching(/^cluster posture: 2\/2 clusters, \d+ pages read$/));
    expect(lines.at(-1)).toBe(''); // cleared before the report
    expect(JSON.parse(terminal.report)).toMatchObject({ summary: { subnets: 2, postureClusters: 2 } });
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
