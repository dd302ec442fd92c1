import { parseSandboxArguments, UsageError } from '../../../sandbox/cliArguments';

describe('parseSandboxArguments', () => {
  it('defaults to the real host port, timers on, an initial sweep and resumed state', () => {
    expect(parseSandboxArguments([])).toEqual({
      port: 7071,
      fresh: false,
      timers: true,
      initialSweep: true,
      settings: {},
      lroProfile: 'fast',
      linkedAccess: true,
      actionAccess: true,
      linkedScopes: [],
      busyResources: true,
      workers: 1,
    });
  });

  it('reads every option', () => {
    const parsed = parseSandboxArguments(
      ['--seed', 'my.json', '--port', '0', '--state', '/tmp/x', '--fresh', '--no-timers', '--no-initial-sweep', '--setting', 'GUARD_MODE=audit', '--setting', 'A=b=c', '--entry', 'dist/index.js', '--workers', '2'],
      {},
    );
    expect(parsed).toEqual({
      port: 0,
      seedPath: 'my.json',
      stateDir: '/tmp/x',
      fresh: true,
      timers: false,
      initialSweep: false,
      workers: 2,
      settings: { GUARD_MODE: 'audit', A: 'b=c' },
      entryPoint: 'dist/index.js',
      lroProfile: 'fast',
      linkedAccess: true,
      actionAccess: true,
      linkedScopes: [],
      busyResources: true,
    });
  });

  it('reads the ARM emulator options', () => {
    const hub = '/subscriptions/6d1e0f3a-2b4c-4d5e-8f60-7a8b9c0d1e2f/resourceGroups/rg-connectivity';
    expect(parseSandboxArguments(['--lro-profile', 'azure', '--no-linked-access', '--no-action-access', '--no-busy-resources', '--linked-scope', hub, '--linked-scope', '/subscriptions/x'])).toMatchObject({
      lroProfile: 'azure',
      linkedAccess: false,
      actionAccess: false,
      busyResources: false,
      linkedScopes: [hub, '/subscriptions/x'],
    });
  });

  it('takes the entry point from SANDBOX_ENTRY (CI runs the end-to-end tests on the bundle that way)', () => {
    expect(parseSandboxArguments([], { SANDBOX_ENTRY: 'dist/index.js' }).entryPoint).toBe('dist/index.js');
  });

  it('takes the worker count from SANDBOX_WORKERS unless --workers says otherwise', () => {
    expect(parseSandboxArguments([], { SANDBOX_WORKERS: '2' }).workers).toBe(2);
    expect(parseSandboxArguments(['--workers', '3'], { SANDBOX_WORKERS: '2' }).workers).toBe(3);
    expect(() => parseSandboxArguments([], { SANDBOX_WORKERS: 'many' })).toThrow(/SANDBOX_WORKERS must be a whole number from 1 to 10, got "many"/);
  });

  it.each([
    { label: 'an unknown option', argv: ['--bogus'], message: /unknown option "--bogus"/ },
    { label: 'a missing value', argv: ['--seed'], message: /--seed needs a value/ },
    { label: 'a flag where a value belongs', argv: ['--state', '--fresh'], message: /--state needs a value/ },
    { label: 'a port that is no number', argv: ['--port', 'http'], message: /--port must be a port number/ },
    { label: 'a port out of range', argv: ['--port', '70000'], message: /--port must be a port number/ },
    { label: 'no worker', argv: ['--workers', '0'], message: /--workers must be a whole number from 1 to 10, got "0"/ },
    { label: 'more workers than Azure allows', argv: ['--workers', '11'], message: /--workers must be a whole number from 1 to 10/ },
    { label: 'a worker count that is no number', argv: ['--workers', 'two'], message: /--workers must be a whole number/ },
    { label: 'a setting without =', argv: ['--setting', 'GUARD_MODE'], message: /--setting must look like NAME=value/ },
    { label: 'an unknown LRO profile', argv: ['--lro-profile', 'slow'], message: /--lro-profile must be one of fast, azure, got "slow"/ },
    { label: 'a linked scope that is no ARM id', argv: ['--linked-scope', 'rg-hub'], message: /--linked-scope must be a subscription, resource group or resource id/ },
  ])('refuses $label with a usage error', ({ argv, message }) => {
    expect(() => parseSandboxArguments(argv)).toThrow(UsageError);
    expect(() => parseSandboxArguments(argv)).toThrow(message);
  });
});
