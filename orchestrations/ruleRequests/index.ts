import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { RuleRequestNotFoundError } from '../../shared/azure/tables/ruleRequestStoreErrors';
import { InvalidTransitionError } from '../../shared/core/ruleRequests/transitions';
import type { RuleRequestStatus } from '../../shared/core/ruleRequests/ruleRequest';
import { appServices } from '../../shared/runtime/appServices';
import { ruleNames, requestInstanceId } from './names';
import { notifyApprovers, notifyRequester } from './notifications';
import { ruleCollectionGroupWriter } from './ruleCollectionGroupWriter';
import { ruleRequestOrchestrator } from './ruleRequestOrchestrator';
import { ruleRequestAzureDeps } from './ruleRequestAzureDeps';
import { signalWriter } from './signalWriter';
import { transitionStored } from './storeTransitions';
import type { RequesterNotice, WriteOutcome, WriterInput } from './types';
import { runWritePass } from './writePass';

const rules = () => ruleRequestAzureDeps(appServices());

async function mustRead(requestId: string) {
  const stored = await (await rules().store()).get(requestId);
  if (!stored) throw new RuleRequestNotFoundError(`Rule request ${requestId} does not exist`);
  return stored.request;
}

export function registerRuleOrchestrations(): void {
  df.app.orchestration(ruleNames.requestOrchestrator, ruleRequestOrchestrator);
  df.app.orchestration(ruleNames.writerOrchestrator, ruleCollectionGroupWriter);

  df.app.activity(ruleNames.notifyApproversActivity, {
    handler: async ({ requestId }: { requestId: string }) => notifyApprovers(appServices(), await mustRead(requestId)),
  });

  df.app.activity(ruleNames.notifyRequesterActivity, {
    handler: async ({ requestId, notice }: { requestId: string; notice: RequesterNotice }) => notifyRequester(appServices(), await mustRead(requestId), notice),
  });

  // The approval timeout: rejects the request only if it is still pending; either way returns the stored status.
  df.app.activity(ruleNames.expireApprovalActivity, {
    handler: async ({ requestId }: { requestId: string }): Promise<RuleRequestStatus> => {
      const store = await rules().store();
      try {
        const timeout = appServices().settings.approvalTimeout;
        return (await transitionStored(store, requestId, [{ type: 'reject', note: `no decision within the approval timeout (${timeout} ms)` }], new Date())).status;
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        return (await mustRead(requestId)).status;
      }
    },
  });

  df.app.activity(ruleNames.readStatusActivity, {
    handler: async ({ requestId }: { requestId: string }): Promise<RuleRequestStatus> => (await mustRead(requestId)).status,
  });

  df.app.activity(ruleNames.signalWriterActivity, {
    extraInputs: [df.input.durableClient()],
    handler: async ({ requestId, reason }: { requestId: string; reason: string }, context: InvocationContext) => {
      const policyId = await rules().policyId();
      return signalWriter(df.getClient(context), policyId, appServices().settings.ruleCollectionGroupName, `${reason} ${requestId}`);
    },
  });

  df.app.activity(ruleNames.writePassActivity, {
    handler: (input: WriterInput) => runWritePass(input, appServices()),
  });

  // Tells each request's orchestration what the pass did; a finished instance (410) simply does not hear it.
  df.app.activity(ruleNames.reportOutcomesActivity, {
    extraInputs: [df.input.durableClient()],
    handler: async (outcomes: readonly WriteOutcome[], context: InvocationContext) => {
      const client = df.getClient(context);
      for (const outcome of outcomes) {
        await client.raiseEvent(requestInstanceId(outcome.requestId), ruleNames.writtenEvent, outcome).catch((error: unknown) => {
          context.warn(`Could not tell rule request ${outcome.requestId} it was ${outcome.kind}: ${String(error)}`);
        });
      }
      return outcomes.length;
    },
  });
}
