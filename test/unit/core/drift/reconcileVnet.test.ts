import { reconcileVnet, type DriftNetworkPort } from '../../../../shared/core/drift/reconcileVnet';
import type { ObservedVnet } from '../../../../shared/core/drift/decide';
import type { Write } from '../../../../shared/core/drift/writes';
import { armSubnet, armVnet, compliant, fwIp, ownedTableId, policy, vnetId } from './fixtures';

/**
 * The observe -> decide -> apply loop against a fake ARM at the adapter boundary: each observation returns the next
 * scripted state (the last one repeats), each write the next scripted answer. ARM's refusals are faked as the SDK
 * throws them (RestError-like: statusCode, code, message, response headers).
 */
function vnetWith(drifted: boolean): ObservedVnet {
  const names = ['aks-a', 'aks-b'];
  const subnets = names.map((name) => armSubnet(name, drifted ? {} : { routeTable: { id: ownedTableId } }));
  const vnet = armVnet({ dnsServers: [fwIp], subnets });
  return { vnet, subnets: subnets.map((subnet) => compliant({ subnet, vnet, ...(drifted ? { associatedRouteTable: undefined } : {}) })) };
}

const armError = (statusCode: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { name: 'RestError', statusCode, code, response: { headers: { get: (name: string) => headers[name.toLowerCase()] } } });

function fakeArm(states: Array<ObservedVnet | undefined | Error>, answers: Array<Error | 'ok'> = []) {
  const writes: Write[] = [];
  let reads = 0;
  const port: DriftNetworkPort = {
    observeVnet: async () => {
      const state = states[Math.min(reads, states.length - 1)];
      reads += 1;
      if (state instanceof Error) throw state;
      return { observed: state, armReads: 1 };
    },
    apply: async (write) => {
      writes.push(write);
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
      return undefined;
    },
  };
  return { port, writes, reads: () => reads };
}

const kinds = (writes: readonly Write[]) => writes.map((write) => `${write.kind} ${write.resourceId.split('/').pop()}`);

describe('reconcileVnet', () => {
  it('compliant: one read, no write, every subnet compliant', async () => {
    const arm = fakeArm([vnetWith(false)]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy });
    expect(result).toMatchObject({ kind: 'done', vnetGone: false, counters: { armReads: 1, armWrites: 0 } });
    expect(result.subnets.map((subnet) => subnet.outcome)).toEqual(['compliant', 'compliant']);
  });

  it('two drifted siblings: one VNet PUT, then verified; each subnet remediated by that one write', async () => {
    const arm = fakeArm([vnetWith(true), vnetWith(false)]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy });
    expect(kinds(arm.writes)).toEqual(['vnet-put vnet-spoke']);
    expect(result.kind).toBe('done');
    expect(result.subnets.map((subnet) => [subnet.outcome, subnet.findings.map((finding) => finding.code), subnet.applied.length])).toEqual([
      ['remediated', ['route-table-missing'], 1],
      ['remediated', ['route-table-missing'], 1],
    ]);
  });

  it('a 412 re-reads at once and plans from what the other writer left', async () => {
    const arm = fakeArm([vnetWith(true), vnetWith(true), vnetWith(false)], [armError(412, 'PreconditionFailed', 'etag mismatch')]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy });
    expect(kinds(arm.writes)).toEqual(['vnet-put vnet-spoke', 'vnet-put vnet-spoke']);
    expect(result).toMatchObject({ kind: 'done', counters: { conflicts: 1, armWrites: 1, armReads: 3 } });
    expect(result.subnets.every((subnet) => subnet.outcome === 'remediated')).toBe(true);
  });

  it("429 RetryableError with Retry-After: a retry result carrying ARM's wait, nothing thrown", async () => {
    const busy = armError(429, 'RetryableError', 'Operation PutVirtualNetworkOperation was retried; another operation is in progress.', { 'retry-after': '30' });
    const arm = fakeArm([vnetWith(true)], [busy]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy });
    expect(result.kind).toBe('retry');
    if (result.kind !== 'retry') return;
    expect(result.failure).toMatchObject({ code: 'arm-throttled', retryable: true, retryAfterInMs: 30_000, statusCode: 429 });
    expect(result.subnets.map((subnet) => subnet.outcome)).toEqual(['failed', 'failed']);
  });

  it('403 LinkedAuthorizationFailed: permanent, the subnets failed with ARM’s message kept', async () => {
    const message =
      "The client 'x' with object id 'y' has permission to perform action 'Microsoft.Network/virtualNetworks/write' on scope 'vnet'; however, it does not have permission to perform action(s) 'Microsoft.Network/ddosProtectionPlans/join/action' on the linked scope(s) '/subscriptions/h/resourceGroups/rg-hub/providers/Microsoft.Network/ddosProtectionPlans/ddos' (respectively) or the linked scope(s) are invalid.";
    const arm = fakeArm([vnetWith(true)], [armError(403, 'LinkedAuthorizationFailed', message)]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy });
    expect(result.kind).toBe('done');
    expect(result.subnets.map((subnet) => subnet.outcome)).toEqual(['failed', 'failed']);
    expect(result.subnets[0]!.failure).toMatchObject({ code: 'arm-forbidden', retryable: false, armCode: 'LinkedAuthorizationFailed' });
    expect(result.subnets[0]!.failure!.message).toContain('ddosProtectionPlans/join/action');
    expect(arm.writes).toHaveLength(1);
  });

  it("403 LinkedAuthorizationFailed with ARM's message: the DNS finding and the failure say what to grant where", async () => {
    const ddos = '/subscriptions/d/resourceGroups/rg-ddos/providers/Microsoft.Network/ddosProtectionPlans/ddos';
    const sentence = `grant Microsoft.Network/ddosProtectionPlans/join/action on ${ddos}`;
    const refused = armError(403, 'LinkedAuthorizationFailed', `The client 'egress-guard' with object id '00000000-0000-4000-8000-000000000001' has permission to perform action 'Microsoft.Network/virtualNetworks/write' on scope '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v'; however, it does not have permission to perform action 'Microsoft.Network/ddosProtectionPlans/join/action' on the linked scope(s) '${ddos}' or the linked scope(s) are invalid.`);
    const subnets = ['aks-a', 'aks-b'].map((name) => armSubnet(name, { routeTable: { id: ownedTableId } }));
    const vnet = armVnet({ dnsServers: ['168.63.129.16'], subnets });
    const dnsDrift: ObservedVnet = { vnet, subnets: subnets.map((subnet) => compliant({ subnet, vnet })) };
    const arm = fakeArm([dnsDrift], [refused]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy });
    expect(kinds(arm.writes)).toEqual(['vnet-put vnet-spoke']);
    expect(result.subnets.map((subnet) => subnet.outcome)).toEqual(['failed', 'failed']);
    const [first] = result.subnets;
    expect(first!.failure).toMatchObject({ code: 'arm-linked-authorization-failed', retryable: false, grant: { action: 'Microsoft.Network/ddosProtectionPlans/join/action', scopes: [ddos] } });
    expect(first!.failure!.message).toContain(sentence);
    const dns = first!.remaining.find((finding) => finding.code === 'vnet-dns-not-firewall');
    expect(dns?.message).toMatch(new RegExp(`Not repaired: ${sentence.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.$`));
    expect(first!.findings.find((finding) => finding.code === 'vnet-dns-not-firewall')?.message).toContain(sentence);
  });

  it('a read refused with 503: retry', async () => {
    const arm = fakeArm([armError(503, 'ServiceUnavailable', 'try later', { 'retry-after': '5' })]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy });
    expect(result).toMatchObject({ kind: 'retry', failure: { code: 'arm-unavailable', retryAfterInMs: 5_000 } });
  });

  it('the VNet is gone: done, nothing to guard', async () => {
    const result = await reconcileVnet(vnetId, { network: fakeArm([undefined]).port, policy });
    expect(result).toMatchObject({ kind: 'done', vnetGone: true, subnets: [] });
  });

  it('past the change budget: nothing written, audit-only with the reason', async () => {
    const arm = fakeArm([vnetWith(true)]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy, writeBudget: async () => 0 });
    expect(arm.writes).toEqual([]);
    expect(result.subnets.map((subnet) => [subnet.outcome, subnet.failure?.code])).toEqual([
      ['audit-only', 'change-budget-exhausted'],
      ['audit-only', 'change-budget-exhausted'],
    ]);
  });

  it('a held-back resource (contested) is not written; its subnets end contested', async () => {
    const arm = fakeArm([vnetWith(true)]);
    const holdBack = async (writes: readonly Write[]) => new Map(writes.filter((write) => write.kind === 'vnet-put').map((write) => [write, 'repaired 3 times in PT1H'] as const));
    const result = await reconcileVnet(vnetId, { network: arm.port, policy, holdBack });
    expect(arm.writes).toEqual([]);
    expect(result.subnets.map((subnet) => [subnet.outcome, subnet.failure?.message])).toEqual([
      ['contested', 'repaired 3 times in PT1H'],
      ['contested', 'repaired 3 times in PT1H'],
    ]);
  });

  it('something that keeps undoing every write: a retry result (not converging), bounded rounds', async () => {
    const arm = fakeArm([vnetWith(true)]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy, maxRounds: 3 });
    expect(arm.writes).toHaveLength(3);
    expect(result).toMatchObject({ kind: 'retry', failure: { code: 'not-converging' } });
  });

  it('too many 412s: a retry result', async () => {
    const conflict = () => armError(412, 'PreconditionFailed', 'etag mismatch');
    const arm = fakeArm([vnetWith(true)], [conflict(), conflict(), conflict()]);
    const result = await reconcileVnet(vnetId, { network: arm.port, policy, maxConflicts: 2 });
    expect(result).toMatchObject({ kind: 'retry', failure: { code: 'concurrent-modification' }, counters: { conflicts: 3 } });
  });
});
