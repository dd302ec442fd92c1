import type { DurableClient } from 'durable-functions';
import { requestReconcile } from '../../../orchestrations/drift/requestReconcile';
import { defaultDriftWindows } from '../../../orchestrations/drift/types';
import { postureSettleWindowInMs } from '../../../orchestrations/posture/posturePassOrchestrator';
import { requestPosturePass } from '../../../orchestrations/posture/requestPosturePass';
import { writerSettleWindowInMs } from '../../../orchestrations/ruleRequests/ruleCollectionGroupWriter';
import { signalWriter } from '../../../orchestrations/ruleRequests/signalWriter';

/**
 * The starters write the orchestrations' windows into the input they start with, so a running instance keeps the
 * windows it started with (continue-as-new carries them) even when a later release changes the constants.
 */
function absentInstanceClient() {
  const started: unknown[] = [];
  const client = {
    // No instance yet: the raise and the look fail, so the starter starts a fresh one.
    raiseEvent: async () => {
      throw new Error('refused');
    },
    getStatus: async () => {
      throw new Error('refused');
    },
    startNew: async (_name: string, options: { input: unknown }) => {
      started.push(options.input);
      return 'id';
    },
  } as unknown as DurableClient;
  return { client, started };
}

describe('starters fix the windows in the input', () => {
  it('requestReconcile starts with the drift windows', async () => {
    const { client, started } = absentInstanceClient();
    await expect(requestReconcile(client, '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v', 'test')).resolves.toBe('started');
    expect(started).toEqual([expect.objectContaining({ windows: defaultDriftWindows })]);
  });

  it('requestPosturePass starts with the posture settle window', async () => {
    const { client, started } = absentInstanceClient();
    await expect(requestPosturePass(client, 'test')).resolves.toBe('started');
    expect(started).toEqual([expect.objectContaining({ settleWindowInMs: postureSettleWindowInMs })]);
  });

  it('signalWriter starts with the writer settle window', async () => {
    const { client, started } = absentInstanceClient();
    await expect(signalWriter(client, '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies/p', 'group', 'test')).resolves.toBe('started');
    expect(started).toEqual([expect.objectContaining({ settleWindowInMs: writerSettleWindowInMs })]);
  });
});
