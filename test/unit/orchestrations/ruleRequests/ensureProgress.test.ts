import type { DurableClient } from 'durable-functions';
import { ensureRequestProgress, RuleRequestProgressError } from '../../../../orchestrations/ruleRequests/ensureProgress';
import { writerPatienceInMs } from '../../../../orchestrations/ruleRequests/ruleRequestOrchestrator';
import type { RuleRequest } from '../../../../shared/core/ruleRequests/ruleRequest';

/** A Durable client holding one instance's status, recording what ensureRequestProgress asks of it. */
/** Its errors say nothing useful on purpose: ensureRequestProgress decides from getStatus, never from an error's text. */
function fakeClient(initial: string | undefined, faults: { raise?: string; start?: string; startAlwaysFails?: boolean } = {}) {
  let status = initial;
  const calls: string[] = [];
  const client = {
    getStatus: async () => {
      if (status === undefined) throw new Error('refused');
      return { runtimeStatus: status };
    },
    raiseEvent: async (_id: string, name: string, data: unknown) => {
      calls.push(`raise ${name} ${JSON.stringify(data)}`);
      if (faults.raise) {
        const error = faults.raise;
        faults.raise = undefined;
        status = 'Completed';
        throw new Error(`refused (${error})`);
      }
    },
    startNew: async (_name: string, options: { input: unknown }) => {
      calls.push(`start ${JSON.stringify(options.input)}`);
      if (faults.startAlwaysFails) throw new Error('refused (storage down)');
      if (faults.start) {
        faults.start = undefined;
        status = 'Running'; // someone else's start won
        throw new Error('refused');
      }
      status = 'Running';
      return 'id';
    },
  } as unknown as DurableClient;
  return { client, calls };
}

const request = (status: string): RuleRequest =>
  ({ id: 'rr-1', status, createdAt: '2026-12-07T10:00:00.000Z', spec: { expiresAt: '2026-12-08T00:00:00.000Z' } }) as unknown as RuleRequest;

describe('ensureRequestProgress', () => {
  it('raises the decision on a live instance', async () => {
    const { client, calls } = fakeClient('Running');
    await expect(ensureRequestProgress(client, request('approved'), 3_600_000, { raiseDecision: true })).resolves.toBe('raised');
    expect(calls).toEqual(['raise decision {"status":"approved"}']);
  });

  it('starts a missing instance from the stored request, keeping the original approval deadline', async () => {
    const { client, calls } = fakeClient(undefined);
    await expect(ensureRequestProgress(client, request('approved'), 3_600_000, { raiseDecision: true })).resolves.toBe('started');
    expect(JSON.parse(calls[0]!.slice('start '.length))).toEqual({
      requestId: 'rr-1',
      expiresAt: '2026-12-08T00:00:00.000Z',
      approvalTimeoutInMs: 3_600_000,
      approvalDeadline: '2026-12-07T11:00:00.000Z',
      resumed: true,
      writerPatienceInMs,
    });
  });

  it('starts it again when the raise fails because the instance just ended', async () => {
    const { client, calls } = fakeClient('Running', { raise: '410' });
    await expect(ensureRequestProgress(client, request('applied'), 60_000, { raiseDecision: true })).resolves.toBe('started');
    expect(calls.map((call) => call.split(' ')[0])).toEqual(['raise', 'start']);
  });

  it('after a failed start (someone else started it) looks again and raises on the live instance', async () => {
    const { client, calls } = fakeClient('Terminated', { start: '409' });
    await expect(ensureRequestProgress(client, request('approved'), 60_000, { raiseDecision: true })).resolves.toBe('raised');
    expect(calls.map((call) => call.split(' ')[0])).toEqual(['start', 'raise']);
  });

  it('leaves a finished request alone when its orchestration has ended (no second notice)', async () => {
    for (const status of ['rejected', 'expired', 'removed', 'failed']) {
      const { client, calls } = fakeClient('Completed');
      await expect(ensureRequestProgress(client, request(status), 60_000, { raiseDecision: true })).resolves.toBe('finished');
      expect(calls).toEqual([]);
    }
  });

  it('only checks a live instance when no decision is to be raised (a retried create)', async () => {
    const { client, calls } = fakeClient('Running');
    await expect(ensureRequestProgress(client, request('pending-approval'), 60_000, { raiseDecision: false })).resolves.toBe('running');
    expect(calls).toEqual([]);
  });

  it('throws the last failure, named, when the instance stays missing and every start fails', async () => {
    const { client, calls } = fakeClient(undefined, { startAlwaysFails: true });
    const failure = await ensureRequestProgress(client, request('approved'), 60_000, { raiseDecision: true }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(failure).toBeInstanceOf(RuleRequestProgressError);
    expect((failure as Error).message).toBe('Could not move rule request rr-1 on: its orchestration rule-request-rr-1 could not be raised or started (refused (storage down))');
    expect((failure as Error).cause).toBeInstanceOf(Error);
    expect(calls.map((call) => call.split(' ')[0])).toEqual(['start', 'start', 'start']);
  });
});
