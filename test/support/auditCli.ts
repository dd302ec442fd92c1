import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SandboxEndpoints } from '../../sandbox/sandbox';

const root = join(__dirname, '..', '..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `aks-egress-guard` bin as a user would, with only the given environment (plus PATH/HOME). */
export function runAuditCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'build', 'cli', 'aks-egress-guard.js'), 'audit', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment docs/sandbox.md shows for auditing the sandbox like a real subscription. */
export function sandboxAuditEnv(endpoints: SandboxEndpoints): Record<string, string> {
  return {
    ARM_ENDPOINT: endpoints.arm.url,
    IDENTITY_ENDPOINT: endpoints.identity.endpoint,
    IDENTITY_HEADER: endpoints.identity.header,
    NODE_EXTRA_CA_CERTS: endpoints.arm.caCertPath,
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A wire-shape ARM resource as the az CLI prints it: `properties` lifted into the resource (nested sub-resources too:
 * subnets, delegations, routes, ipConfigurations), `resourceGroup` added; `sdkSpelling` renames keys the way
 * SDK-based commands (az aks) spell them (vnetSubnetID -> vnetSubnetId).
 */
export function asAzCliOutput(resource: Json, sdkSpelling: Readonly<Record<string, string>> = {}): Json {
  const flatten = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => flatten(item, false));
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === 'properties' && isObject(item)) {
        for (const [inner, innerValue] of Object.entries(item)) out[sdkSpelling[inner] ?? inner] = flatten(innerValue, false);
      } else out[sdkSpelling[key] ?? key] = flatten(item, false);
    }
    const id = typeof value.id === 'string' ? value.id : undefined;
    const group = id === undefined ? undefined : /\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
    if (group !== undefined && (top || 'etag' in value || 'properties' in value)) out.resourceGroup = group;
    return out;
  };
  return flatten(resource, true) as Json;
}
