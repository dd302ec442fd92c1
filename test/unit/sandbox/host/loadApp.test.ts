import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_APP } from './fixtureHost';

/**
 * loadApp patches Module._load, which jest's module registry bypasses, so these tests run the built host in a child
 * process (`npm test` builds first; alone: `npm run build && npx jest test/unit/sandbox/host/loadApp.test.ts`).
 */

const ROOT = join(__dirname, '../../../..');
const START_SCRIPT = join(ROOT, 'test/fixtures/apps/startHost.js');
const BROKEN_APP = join(ROOT, 'test/fixtures/apps/brokenApp/index.js');

interface Child {
  stdout: string;
  stderr: string;
  firstLine: Promise<string>;
  exited: Promise<number | null>;
  stop(): void;
}

function startChild(entryPoint: string): Child {
  const child = spawn(process.execPath, [START_SCRIPT, entryPoint], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = { stdout: '', stderr: '' } as Child;
  result.firstLine = new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      result.stdout += chunk.toString();
      if (result.stdout.includes('\n')) resolve(result.stdout.split('\n')[0]!);
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
  result.exited = new Promise((resolve) => child.once('exit', resolve));
  result.stop = () => child.kill('SIGTERM');
  return result;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'build/sandbox/host/loadApp.js'))) throw new Error('build/ is missing: run `npm run build` first');
});

describe('loadApp in a child process', () => {
  it('loads the app through the functions core and serves its functions', async () => {
    const child = startChild(FIXTURE_APP);
    try {
      const { port, masterKey } = JSON.parse(await child.firstLine) as { port: number; masterKey: string };
      const hello = await fetch(`http://127.0.0.1:${port}/api/hello/child`);
      expect(await hello.text()).toBe('Hello child');
      const status = await fetch(`http://127.0.0.1:${port}/admin/host/status`, { headers: { 'x-functions-key': masterKey } });
      expect(status.status).toBe(200);
    } finally {
      child.stop();
    }
    await expect(child.exited).resolves.toBe(0);
  });

  it('reports a load error naming the entry point and the cause', async () => {
    const child = startChild(BROKEN_APP);
    await expect(child.exited).resolves.toBe(1);
    expect(child.stderr).toContain('AppLoadError: Failed to load the function app entry point');
    expect(child.stderr).toContain('brokenApp/index.js');
    expect(child.stderr).toContain('broken on purpose at load time');
  });
});
