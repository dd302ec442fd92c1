/**
 * npm run bench:audit [-- --quick]
 *
 * The audit command over a generated estate of 10,000 subnets (500 VNets x 20 subnets across 20 subscriptions; the
 * first subnet of every VNet has no route table) on the sandbox's ARM emulator, as a user runs it: the built bin as
 * a child process, DefaultAzureCredential through the sandbox's managed identity endpoint. Then once in-process with
 * a terminal on stderr, to record the progress line it draws. Prints a markdown table for docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estateLocation, writeEstate, type SpokeIds } from '../sandbox/seed/generateEstate';
import { projectRoot } from '../sandbox/paths';
import { runAudit } from '../shared/audit/runAudit';
import { startBenchSandbox, type ArmStats } from './bench/sandboxChild';

const quick = process.argv.includes('--quick');
const shape = quick ? { subscriptions: 4, vnets: 25, subnets: 20 } : { subscriptions: 20, vnets: 25, subnets: 20 };
const log = (line: string) => console.error(`[bench] ${line}`);

function runCli(env: Record<string, string>): Promise<{ code: number | null; elapsedInMs: number; stdout: string; stderr: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'build', 'cli', 'aks-egress-guard.js'), 'audit', '--format', 'json'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, elapsedInMs: Date.now() - started, stdout, stderr }));
  });
}

function clusterOf(spoke: SpokeIds) {
  const name = `aks-${spoke.vnetName}`;
  return {
    id: `/subscriptions/${spoke.subscriptionId}/resourceGroups/${spoke.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    type: 'Microsoft.ContainerService/managedClusters',
    location: estateLocation,
    sku: { name: 'Base', tier: 'Standard' },
    properties: {
      provisioningState: 'Succeeded',
      fqdn: `${name}-0000.hcp.${estateLocation}.azmk8s.io`,
      agentPoolProfiles: [{ name: 'nodepool1', count: 3, vnetSubnetID: spoke.subnetIds[0], mode: 'System', type: 'VirtualMachineScaleSets' }],
      nodeResourceGroup: `MC_${spoke.resourceGroup}_${name}_${estateLocation}`,
      networkProfile: { networkPlugin: 'azure', outboundType: 'userDefinedRouting' },
    },
  };
}

async function main(): Promise<void> {
  const seedPath = join(mkdtempSync(join(tmpdir(), 'bench-audit-')), 'estate.json');
  const spokes = writeEstate(seedPath, {
    subscriptions: shape.subscriptions,
    vnetsPerSubscription: shape.vnets,
    subnetsPerVnet: shape.subnets,
    drift: ({ subnet }) => (subnet === 0 ? 'no-route-table' : 'none'),
  });
  // One UDR cluster per VNet on its first subnet, for the cluster posture reads (each reads its node resource group).
  writeFileSync(seedPath, JSON.stringify([...(JSON.parse(readFileSync(seedPath, 'utf8')) as unknown[]), ...spokes.map(clusterOf)]));
  const subnets = shape.subscriptions * shape.vnets * shape.subnets;
  log(`estate: ${subnets} subnets in ${shape.subscriptions * shape.vnets} VNets across ${shape.subscriptions} subscriptions, ${spokes.length} clusters`);
  const sandbox = await startBenchSandbox({ seedPath });
  try {
    const env = {
      ARM_ENDPOINT: sandbox.endpoints.arm.url,
      IDENTITY_ENDPOINT: sandbox.endpoints.identity.endpoint,
      IDENTITY_HEADER: sandbox.endpoints.identity.header,
      NODE_EXTRA_CA_CERTS: sandbox.endpoints.arm.caCertPath,
    };
    await sandbox.armAdmin('stats', 'DELETE');
    const cli = await runCli(env);
    const stats = await sandbox.armAdmin<ArmStats>('stats');
    if (cli.code !== 1) throw new Error(`expected exit code 1 (findings), got ${cli.code}: ${cli.stderr}`);
    const report = JSON.parse(cli.stdout) as { summary: { subnets: number; drift: number; plannedWrites: number; postureClusters?: number } };
    log(`bin: exit ${cli.code} in ${cli.elapsedInMs} ms, ${JSON.stringify(report.summary)}`);

    // In-process, with a terminal on stderr: the progress line as a user sees it.
    Object.assign(process.env, { IDENTITY_ENDPOINT: env.IDENTITY_ENDPOINT, IDENTITY_HEADER: env.IDENTITY_HEADER });
    const frames: string[] = [];
    const started = Date.now();
    const code = await runAudit(['--format', 'json'], {
      env: { ARM_ENDPOINT: env.ARM_ENDPOINT },
      stdout: { write: () => true },
      stderr: { isTTY: true, write: (text: string) => frames.push(text) },
    });
    const inProcessInMs = Date.now() - started;
    const drawn = frames.map((frame) => frame.replace(/\r|\x1b\[2K/g, ''));
    const lines = drawn.filter((line) => line.startsWith('listing:'));
    // After the listing, the cluster posture reads (clusters, firewall policy chain, node resource groups).
    const postureLines = drawn.filter((line) => line.startsWith('cluster posture:'));
    log(`in-process: exit ${code} in ${inProcessInMs} ms, ${lines.length} + ${postureLines.length} progress frames, last: ${lines.at(-1)} / ${postureLines.at(-1)}`);

    const methods = Object.entries(stats.byMethod).map(([method, count]) => `${method} ${count}`).join(', ');
    console.log(
      [
        '| estate | audit (bin, wall) | audit (in-process) | ARM requests | findings | planned writes | clusters (posture) | progress line (last frames) |',
        '|---|---|---|---|---|---|---|---|',
        `| ${subnets} subnets, ${shape.subscriptions * shape.vnets} VNets, ${shape.subscriptions} subscriptions | ${(cli.elapsedInMs / 1000).toFixed(1)} s | ${(inProcessInMs / 1000).toFixed(1)} s | ${stats.total} (${methods}) | ${report.summary.drift} subnets | ${report.summary.plannedWrites} | ${report.summary.postureClusters ?? '-'} | \`${lines.at(-1) ?? '(none)'}\`, then \`${postureLines.at(-1) ?? '(none)'}\` (${lines.length} + ${postureLines.length} frames) |`,
      ].join('\n'),
    );
  } finally {
    await sandbox.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
