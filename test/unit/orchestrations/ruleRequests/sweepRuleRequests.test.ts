import type { DurableClient } from 'durable-functions';
import { requestInstanceId } from '../../../../orchestrations/ruleRequests/names';
import { SWEEP_GRACE_IN_MS, sweepRuleRequests } from '../../../../orchestrations/ruleRequests/sweepRuleRequests';
import type { RuleRequest } from '../../../../shared/core/ruleRequests/ruleRequest';
import { FakeRuleRequestStore, pendingRequest } from '../../../support/handlerFakes';

const createdAt = new Date('2026-12-07T10:00:00.000Z');
const now = () => new Date(createdAt.getTime() + SWEEP_GRACE_IN_MS + 60_000);
const approvalTimeoutInMs = 72 * 3_600_000;

/** A Durable extension holding instances by id; `refuseStartOf` ids whose start fails (and stays missing). */
function durable(instances: Record<string, string>, refuseStartOf: readonly string[] = []) {
  const started: string[] = [];
  const client = {
    getStatus: async (id: string) => {
      if (instances[id] === undefined) throw new Error('refused');
      return { runtimeStatus: instances[id] };
    },
    raiseEvent: async () => undefined,
    startNew: async (_name: string, options: { instanceId: string }) => {
      if (refuseStartOf.includes(options.instanceId)) throw new Error('storage down');
      instances[options.instanceId] = 'Running';
      started.push(options.instanceId);
      return options.instanceId;
    },
  } as unknown as DurableClient;
  return { client, started };
}

function storeWith(...requests: RuleRequest[]) {
  const store = new FakeRuleRequestStore();
  for (const request of requests) store.seed(request);
  return store;
}
const lastNote = async (store: FakeRuleRequestStore, id: string) => (await store.get(id))?.request.history.at(-1)?.note;

describe('sweepRuleRequests', () => {
  it('restarts the orchestration of a pending request whose instance is missing, and writes it into its history', async () => {
    const store = storeWith(pendingRequest('rr-a', undefined, createdAt));
    const { client, started } = durable({});
    const log: string[] = [];
    const repairs = await sweepRuleRequests({ client, store, approvalTimeoutInMs }, (line) => log.push(line), now);
    expect(started).toEqual([requestInstanceId('rr-a')]);
    expect(repairs).toEqual([expect.objectContaining({ requestId: 'rr-a', repair: 'restart', result: 'started' })]);
    expect(await lastNote(store, 'rr-a')).toBe('sweep: its orchestration was missing while the request was pending-approval; restarted it from the stored request');
    expect(log).toEqual([expect.stringContaining('rr-a (pending-approval)')]);
  });

  it('leaves a request with a live orchestration alone', async () => {
    const store = storeWith(pendingRequest('rr-a', undefined, createdAt));
    const { client, started } = durable({ [requestInstanceId('rr-a')]: 'Running' });
    await expect(sweepRuleRequests({ client, store, approvalTimeoutInMs }, () => undefined, now)).resolves.toEqual([]);
    expect(started).toEqual([]);
  });

  it('one request it cannot repair is recorded as failed, in its history too, and the others are still repaired', async () => {
    const store = storeWith(pendingRequest('rr-a', undefined, createdAt), pendingRequest('rr-b', undefined, createdAt));
    const { client, started } = durable({}, [requestInstanceId('rr-a')]);
    const repairs = await sweepRuleRequests({ client, store, approvalTimeoutInMs }, () => undefined, now);
    expect(repairs.map(({ requestId, result }) => `${requestId} ${result}`)).toEqual(['rr-a failed', 'rr-b started']);
    expect(started).toEqual([requestInstanceId('rr-b')]);
    expect(await lastNote(store, 'rr-a')).toMatch(/^sweep: its orchestration was missing .*; could not repair it now, the next sweep tries again \(Could not move rule request rr-a on: .*storage down\)\)$/);
  });

  it('does not touch a request changed within the grace period (its create may be between its two steps)', async () => {
    const store = storeWith(pendingRequest('rr-a', undefined, createdAt));
    const { client, started } = durable({});
    await expect(sweepRuleRequests({ client, store, approvalTimeoutInMs }, () => undefined, () => new Date(createdAt.getTime() + SWEEP_GRACE_IN_MS - 1))).resolves.toEqual([]);
    expect(started).toEqual([]);
  });
});
