import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAuditOptions } from '../../../shared/audit/auditOptions';
import { readOnlyPolicy } from '../../../shared/audit/auditClients';
import { runAudit } from '../../../shared/audit/runAudit';

const fixture = join(__dirname, '..', '..', 'fixtures', 'audit', 'az-export.json');

function io(isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env: {}, stdout: { write: (text: string) => out.push(text) }, stderr: { isTTY, write: (text: string) => err.push(text) }, now: () => new Date('2026-12-07T10:00:00Z') },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

describe('parseAuditOptions', () => {
  it('validates flags with the app settings schemas and names flag and setting, every problem at once', () => {
    expect(() => parseAuditOptions(['--mode', 'fix', '--subscription', 'not-a-guid', '--firewall', '/subscriptions/x'], {})).toThrow(
      expect.objectContaining({
        name: 'SettingsError',
        problems: [
          '--subscription (GUARDED_SUBSCRIPTION_IDS) is "not-a-guid": a subscription id (GUID); expected comma-separated subscription ids (GUIDs)',
          '--firewall (FIREWALL_RESOURCE_IDS) is "/subscriptions/x": an Azure Firewall resource id; expected comma-separated Azure Firewall resource ids, one per region',
          '--mode (GUARD_MODE) is "fix": Invalid option: expected one of "audit"|"enforce"; expected audit or enforce',
        ],
      }),
    );
  });

  it('reads the other settings from the environment as the app does, and not GUARDED_SUBSCRIPTION_IDS', () => {
    const options = parseAuditOptions(['--subscription', '11111111-2222-4333-8444-555555555555', '--subscription', '99999999-8888-4777-8666-555555555555'], {
      ROUTE_TABLE_NAME_PATTERN: 'udr-{vnet}',
      GUARD_MODE: 'enforce',
      GUARDED_SUBSCRIPTION_IDS: '00000000-0000-4000-8000-000000000001',
    });

    expect(options).toMatchObject({
      subscriptionIds: ['11111111-2222-4333-8444-555555555555', '99999999-8888-4777-8666-555555555555'],
      policy: { routeTableNamePattern: 'udr-{vnet}', mode: 'enforce', aksSubnetPatterns: ['aks-*'] },
      armEndpoint: 'https://management.azure.com',
      format: 'table',
    });
    expect(() => parseAuditOptions([], { ROUTE_TABLE_STRATEGY: 'shared' })).toThrow(expect.objectContaining({ problems: [expect.stringMatching(/^SHARED_ROUTE_TABLE_IDS is missing/)] }));
  });

  it.each([
    { label: 'an unknown flag', argv: ['--subscriptions', 'x'], message: /Unknown option '--subscriptions'/ },
    { label: 'a stray argument', argv: ['everything'], message: /unexpected argument "everything"/ },
    { label: 'an unknown format', argv: ['--format', 'yaml'], message: /--format is "yaml"; expected table, json or markdown/ },
  ])('refuses $label as a usage error', ({ argv, message }) => {
    expect(() => parseAuditOptions(argv, {})).toThrow(expect.objectContaining({ code: 'usage', message: expect.stringMatching(message) }));
  });
});

describe('runAudit', () => {
  it('prints the table and exits 1 on findings (--from-file, no credentials asked for)', async () => {
    const run = io();
    const credential = jest.fn();

    expect(await runAudit(['--from-file', fixture], { ...run.io, credential })).toBe(1);
    expect(credential).not.toHaveBeenCalled();
    // The team's own table is repaired in place (FOREIGN_ROUTE_TABLE_ACTION=repair-in-place), not swapped.
    expect(run.stdout()).toContain('SUBNET                           MODE   STATE  FINDINGS                                                                 TABLE OWNER         PLANNED WRITES (enforce)\n');
    expect(run.stdout()).toContain(
      'rg-team-a/vnet-team-a/aks-nodes  audit  drift  default-route-missing, bgp-propagation-enabled, cluster-outbound-bypass  foreign: rt-onprem  update route table rt-onprem; put route rt-onprem/egress-guard-default',
    );
    expect(run.stdout()).toContain(
      '1 guarded subnet(s) in 1 subscription(s): 0 compliant, 1 with findings, 0 exempt; enforce would make 2 write(s); cluster posture of 1 cluster(s): 1 failing finding(s), 0 advice, 1 not fully evaluated (see the export commands).',
    );
    expect(run.stderr()).toBe('');
  });

  it('writes markdown or json to --output, and nothing to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    for (const format of ['markdown', 'json'] as const) {
      const run = io();
      const output = join(dir, `report.${format}`);
      expect(await runAudit(['--from-file', fixture, '--format', format, '--output', output], run.io)).toBe(1);
      expect(run.stdout()).toBe('');
      const text = readFileSync(output, 'utf8');
      if (format === 'json') expect(JSON.parse(text)).toMatchObject({ source: 'file', summary: { subnets: 1, drift: 1, plannedWrites: 2 } });
      else expect(text).toContain('| rg-team-a/vnet-team-a/aks-nodes | audit | drift | `default-route-missing`: Route table rt-onprem has no 0.0.0.0/0 route to the firewall');
    }
  });

  it('exits 2 with one line per problem, never a stack trace', async () => {
    const run = io();

    expect(await runAudit(['--from-file', fixture, '--mode', 'fix', '--subnet-patterns', ''], run.io)).toBe(2);
    expect(run.stderr()).toBe(
      'error: --mode (GUARD_MODE) is "fix": Invalid option: expected one of "audit"|"enforce"; expected audit or enforce\n' +
        'error: --subnet-patterns (AKS_SUBNET_PATTERNS) is "": at least one value; expected comma-separated glob patterns of subnet names\n',
    );
    const unwritable = io();
    expect(await runAudit(['--from-file', fixture, '--output', '/nonexistent/dir/report.txt'], unwritable.io)).toBe(2);
    expect(unwritable.stderr()).toBe('error: cannot write /nonexistent/dir/report.txt: ENOENT\n');
  });

  it('--help prints the usage and exits 0', async () => {
    const run = io();
    expect(await runAudit(['--help'], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: aks-egress-guard audit \[options\]/);
  });
});

describe('readOnlyPolicy', () => {
  it.each(['PUT', 'PATCH', 'POST', 'DELETE'])('refuses %s before it leaves the process', async (method) => {
    const next = jest.fn();
    const request = { method, url: 'https://management.azure.com/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt?api-version=2024-05-01' };

    await expect(readOnlyPolicy(() => undefined).sendRequest(request as never, next)).rejects.toMatchObject({ code: 'write-refused' });
    expect(next).not.toHaveBeenCalled();
  });

  it('lets GETs through and counts them', async () => {
    const onRead = jest.fn();
    const response = { status: 200 };
    await expect(readOnlyPolicy(onRead).sendRequest({ method: 'GET', url: 'https://x/subscriptions' } as never, async () => response as never)).resolves.toBe(response);
    expect(onRead).toHaveBeenCalledTimes(1);
  });
});
