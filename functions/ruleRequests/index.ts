import { app, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Settings } from '../../shared/config/settings';
import type { AppServices } from '../../shared/runtime/appServices';
import { registerRuleOrchestrations } from '../../orchestrations/ruleRequests';
import { ensureRequestProgress } from '../../orchestrations/ruleRequests/ensureProgress';
import { ruleRequestAzureDeps } from '../../orchestrations/ruleRequests/ruleRequestAzureDeps';
import { sweepRuleRequests } from '../../orchestrations/ruleRequests/sweepRuleRequests';
import { readRuleSourceFacts } from '../../shared/azure/firewallPolicy';
import { createRuleRequestHandler } from './createRuleRequest';
import { decisionHandler } from './decideRuleRequest';
import { guarded } from './httpAnswers';
import { handleNewRuleRequestForm, newRuleRequestSubmitHandler } from './newRuleRequestForm';
import { getRuleRequestHandler, listRuleRequestsHandler } from './queryRuleRequests';
import { reviewHandler, showReview, submitReview } from './reviewPage';
import type { RuleRequestDeps } from './ruleRequestDeps';
import { statusPageHandler } from './statusPage';
import { ruleRequestSweepHandler, ruleRequestSweepFunctionName, type RuleRequestSweepDeps } from './ruleRequestSweep';

/**
 * The rule request API (authLevel function; identity from x-ms-client-principal) and its orchestrations. The
 * prefilled form at rule-requests/new is anonymous (see newRuleRequestForm.ts); literal routes win over {id}.
 */
export function registerRuleRequestFunctions(settings: Settings, services: AppServices): void {
  registerRuleOrchestrations();
  const deps = ruleRequestDepsOf(services);
  const client = [df.input.durableClient()];
  app.http('createRuleRequest', { methods: ['POST'], route: 'rule-requests', authLevel: 'function', extraInputs: client, handler: guarded(createRuleRequestHandler(deps)) });
  app.http('listRuleRequests', { methods: ['GET'], route: 'rule-requests', authLevel: 'function', handler: guarded(listRuleRequestsHandler(deps)) });
  app.http('newRuleRequestForm', { methods: ['GET'], route: 'rule-requests/new', authLevel: 'anonymous', handler: handleNewRuleRequestForm });
  // The form's submit: anonymous like the review page, the caller's identity (and a same-origin Origin) authorises it.
  app.http('submitNewRuleRequest', { methods: ['POST'], route: 'rule-requests/new', authLevel: 'anonymous', extraInputs: client, handler: guarded(newRuleRequestSubmitHandler(deps)) });
  app.http('getRuleRequest', { methods: ['GET'], route: 'rule-requests/{id}', authLevel: 'function', extraInputs: client, handler: guarded(getRuleRequestHandler(deps)) });
  app.http('approveRuleRequest', { methods: ['POST'], route: 'rule-requests/{id}/approve', authLevel: 'function', extraInputs: client, handler: guarded(decisionHandler(deps, 'approve')) });
  app.http('rejectRuleRequest', { methods: ['POST'], route: 'rule-requests/{id}/reject', authLevel: 'function', extraInputs: client, handler: guarded(decisionHandler(deps, 'reject')) });
  // Anonymous: the approval card links here (no key in Teams); App Service Authentication's identity is the auth.
  app.http('reviewRuleRequest', { methods: ['GET'], route: 'rule-requests/{id}/review', authLevel: 'anonymous', handler: reviewHandler(deps, showReview) });
  app.timer(ruleRequestSweepFunctionName, { schedule: settings.ruleRequestSweepSchedule, extraInputs: client, handler: ruleRequestSweepHandler(ruleRequestSweepDepsOf(services)) });
  app.http('submitRuleRequestReview', { methods: ['POST'], route: 'rule-requests/{id}/review', authLevel: 'anonymous', extraInputs: client, handler: reviewHandler(deps, submitReview) });
  // Anonymous like the review page: the cards' Status button opens it (read-only; the requester and approvers may see it).
  app.http('ruleRequestStatusPage', { methods: ['GET'], route: 'rule-requests/{id}/status-page', authLevel: 'anonymous', extraInputs: client, handler: statusPageHandler(deps) });
}

/**
 * The real services behind the handlers. Nothing is built here: each call reaches for the app's lazy services, so a
 * cold start constructs no SDK client and a request constructs only what it uses.
 */
export function ruleRequestDepsOf(services: AppServices): RuleRequestDeps {
  const rules = () => ruleRequestAzureDeps(services);
  return {
    settings: services.settings,
    store: () => rules().store(),
    readRuleSourceFacts: () => readRuleSourceFacts(services.arm, services.settings),
    listRuleCollectionGroups: async () => rules().policies.listRuleCollectionGroups(await rules().policyId()),
    getOwnedRuleCollectionGroup: async () => rules().policies.getRuleCollectionGroup(await rules().policyId(), services.settings.ruleCollectionGroupName),
    durableClient: (context: InvocationContext) => df.getClient(context),
    ensureRequestProgress: (context, request, options) => ensureRequestProgress(df.getClient(context), request, services.settings.approvalTimeout, options),
  };
}

export function ruleRequestSweepDepsOf(services: AppServices): RuleRequestSweepDeps {
  return {
    sweepRuleRequests: async (context, log) =>
      sweepRuleRequests({ client: df.getClient(context), store: await ruleRequestAzureDeps(services).store(), approvalTimeoutInMs: services.settings.approvalTimeout }, log),
  };
}
