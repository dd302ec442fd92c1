import { app } from '@azure/functions';
import * as df from 'durable-functions';
import type { Settings } from '../../shared/config/settings';
import { registerRuleOrchestrations } from '../../orchestrations/rules';
import { handleCreateRuleRequest } from './createRuleRequest';
import { decisionHandler } from './decideRuleRequest';
import { guarded } from './httpAnswers';
import { handleNewRuleRequestForm, handleNewRuleRequestSubmit } from './newRuleRequestForm';
import { handleGetRuleRequest, handleListRuleRequests } from './queryRuleRequests';
import { reviewHandler, showReview, submitReview } from './reviewPage';
import { handleRuleRequestSweep, ruleRequestSweepFunctionName } from './ruleRequestSweep';

/**
 * The rule request API (authLevel function; identity from x-ms-client-principal) and its orchestrations. The
 * prefilled form at rule-requests/new is anonymous (see newRuleRequestForm.ts); literal routes win over {id}.
 */
export function registerRuleRequestFunctions(settings: Settings): void {
  registerRuleOrchestrations();
  const client = [df.input.durableClient()];
  app.http('createRuleRequest', { methods: ['POST'], route: 'rule-requests', authLevel: 'function', extraInputs: client, handler: guarded(handleCreateRuleRequest) });
  app.http('listRuleRequests', { methods: ['GET'], route: 'rule-requests', authLevel: 'function', handler: guarded(handleListRuleRequests) });
  app.http('newRuleRequestForm', { methods: ['GET'], route: 'rule-requests/new', authLevel: 'anonymous', handler: handleNewRuleRequestForm });
  // The form's submit: anonymous like the review page, the caller's identity (and a same-origin Origin) authorises it.
  app.http('submitNewRuleRequest', { methods: ['POST'], route: 'rule-requests/new', authLevel: 'anonymous', extraInputs: client, handler: guarded(handleNewRuleRequestSubmit) });
  app.http('getRuleRequest', { methods: ['GET'], route: 'rule-requests/{id}', authLevel: 'function', extraInputs: client, handler: guarded(handleGetRuleRequest) });
  app.http('approveRuleRequest', { methods: ['POST'], route: 'rule-requests/{id}/approve', authLevel: 'function', extraInputs: client, handler: guarded(decisionHandler('approve')) });
  app.http('rejectRuleRequest', { methods: ['POST'], route: 'rule-requests/{id}/reject', authLevel: 'function', extraInputs: client, handler: guarded(decisionHandler('reject')) });
  // Anonymous: the approval card links here (no key in Teams); App Service Authentication's identity is the auth.
  app.http('reviewRuleRequest', { methods: ['GET'], route: 'rule-requests/{id}/review', authLevel: 'anonymous', handler: reviewHandler(showReview) });
  app.timer(ruleRequestSweepFunctionName, { schedule: settings.ruleRequestSweepSchedule, extraInputs: client, handler: handleRuleRequestSweep });
  app.http('submitRuleRequestReview', { methods: ['POST'], route: 'rule-requests/{id}/review', authLevel: 'anonymous', extraInputs: client, handler: reviewHandler(submitReview) });
}
