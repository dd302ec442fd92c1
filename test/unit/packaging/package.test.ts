import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFunctionsCoreStub } from './functionsCoreStub';

const projectRoot = resolve(__dirname, '../../..');
const fixtureRoot = join(__dirname, 'fixture');
const packageScript = join(projectRoot, 'scripts', 'package.mjs');

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'egress-guard-package-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

// process.execPath is the Node 22 running jest; the script is ESM, so it runs in its own process.
const runPackage = (out: string, ...extraArgs: string[]) =>
  spawnSync(process.execPath, [packageScript, '--root', fixtureRoot, '--out', out, ...extraArgs], { encoding: 'utf8' });

const unzip = (...args: string[]) => {
  const result = spawnSync('unzip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`unzip ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
};

describe('scripts/package.mjs', () => {
  let out: string;
  let zipPath: string;

  beforeAll(() => {
    out = join(workDir, 'clean');
    const result = runPackage(out);
    if (result.status !== 0) throw new Error(`packaging failed: ${result.stderr}${result.stdout}`);
    zipPath = join(out, 'aks-egress-guard.zip');
  });

  it('zips host.json, a package.json and the bundle, nothing else', () => {
    const entries = unzip('-Z1', zipPath).trim().split('\n').sort();

    expect(entries).toEqual(['dist/azure-sdks.js', 'dist/azure-sdks.js.map', 'dist/index.js', 'dist/index.js.map', 'host.json', 'package.json']);
  });

  it('ships a package.json that points at the bundle and needs no install', () => {
    const deployed = JSON.parse(unzip('-p', zipPath, 'package.json')) as Record<string, unknown>;

    expect(deployed.main).toBe('dist/index.js');
    expect(deployed.dependencies).toBeUndefined();
  });

  it('keeps @azure/functions-core external and bundles everything else (heavy SDKs in a second, lazily loaded file)', () => {
    const bundle = unzip('-p', zipPath, 'dist/index.js');
    const requires = [...bundle.matchAll(/require\("([^"]*)"\)/g)].map((match) => match[1]).filter((name) => name !== './azure-sdks.js');
    const nonBuiltIn = requires.filter((name) => name !== undefined && !name.startsWith('node:') && !isBuiltin(name));

    expect([...new Set(nonBuiltIn)]).toEqual(['@azure/functions-core']);
  });

  it('loads and registers every function once @azure/functions-core is resolvable', () => {
    const stubDir = writeFunctionsCoreStub(join(workDir, 'stub'));
    const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(out, 'dist', 'index.js'))})`], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: stubDir },
      cwd: workDir,
    });

    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout.trim())).toEqual({ registered: ['ping', 'driftEvents'] });
  });

  it('refuses to package an entry point that reaches sandbox code', () => {
    const leakyOut = join(workDir, 'leaky');
    const result = runPackage(leakyOut, '--entry', 'functions/leaky.ts');

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('sandbox code reached the production bundle: sandbox/emulator.ts');
    expect(() => readFileSync(join(leakyOut, 'aks-egress-guard.zip'))).toThrow();
  });
});
