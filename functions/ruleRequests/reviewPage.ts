import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { publicBaseUrlOf } from '../../shared/config/settings';
import { RuleRequestAccessError } from '../../shared/core/ruleRequests/accessErrors';
import { assertMayDecide } from '../../shared/core/ruleRequests/authorization';
import type { Principal } from '../../shared/core/ruleRequests/clientPrincipal';
import { canTake } from '../../shared/core/ruleRequests/transitions';
import { checkSameOrigin, issueReviewToken, verifyReviewToken } from './csrfToken';
import { recordDecision } from './decideRuleRequest';
import { bodyText, callerOf } from './httpAnswers';
import { messagePage, noLongerPendingPage, REVIEW_WORDING, reviewPage, signInPage, type PageWording } from './reviewHtml';
import type { RuleRequestDeps } from './ruleRequestDeps';
import { isRuleRequestId } from '../../shared/core/ruleRequests/ruleRequestId';


/**
 * The approver review page, linked from the Teams approval card (orchestrations/ruleRequests/notifications.ts).
 *
 * GET  /api/rule-requests/{id}/review: the request and an Approve / Reject form, or why the viewer cannot decide.
 * POST /api/rule-requests/{id}/review: form body `decision=approve|reject&reason=...&token=...`.
 *
 * authLevel anonymous: a function key must never sit in a Teams card. The identity is the authentication: App
 * Service Authentication (Entra ID) signs the approver in and passes x-ms-client-principal, which App Service strips
 * from incoming requests, so it cannot be forged while App Service Authentication is enabled. Without it, 401.
 * The POST needs a CSRF proof (csrfToken.ts) and then calls the decide API's own handler (decideRuleRequest.ts),
 * so authorization, the state check, the etag-guarded store write and the orchestration event are the same code.
 * The read-only status page (statusPage.ts) runs through the same wrapper with its own wording.
 */
export function reviewHandler(
  deps: RuleRequestDeps,
  handler: (deps: RuleRequestDeps, request: HttpRequest, context: InvocationContext, caller: Principal, id: string) => Promise<HttpResponseInit>,
  wording: PageWording = REVIEW_WORDING,
) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const caller = callerOf(request, deps.settings);
      const id = request.params.id ?? '';
      if (!isRuleRequestId(id)) return messagePage(400, 'Not a rule request', 'The link does not name a rule request (letters, digits, hyphens).');
      return await handler(deps, request, context, caller, id);
    } catch (error) {
      if (error instanceof RuleRequestAccessError) return accessPage(error, new URL(request.url).pathname, wording);
      context.error(`${request.method} ${new URL(request.url).pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const page = messagePage(503, 'Try again shortly', 'The page could not be completed now. Reload it in a moment to see the request as it stands.');
      return { ...page, headers: { ...(page.headers as Record<string, string>), 'retry-after': '5' } };
    }
  };
}

function accessPage(error: RuleRequestAccessError, path: string, wording: PageWording): HttpResponseInit {
  // Signing in cannot help while authentication is off: say so instead of offering a login link.
  if (error.code === 'principal-untrusted') return messagePage(401, 'Sign-in is not available', error.message);
  if (error.status === 401) return signInPage(path, error.message, wording);
  return messagePage(403, wording.forbiddenTitle, error.message);
}

/** GET: 404 unknown id; 403 (saying why) unless the viewer may decide; the forms only while pending. */
export async function showReview(deps: RuleRequestDeps, _request: HttpRequest, _context: InvocationContext, caller: Principal, id: string): Promise<HttpResponseInit> {
  const stored = await (await deps.store()).get(id);
  if (!stored) return messagePage(404, 'Rule request not found', `There is no rule request ${id}.`);
  try {
    assertMayDecide(caller, stored.request.requester.userId, deps.settings);
  } catch (error) {
    // Requesters may see their own request; nobody else who cannot decide sees its details here.
    if (error instanceof RuleRequestAccessError && error.code === 'own-request') return messagePage(403, 'You cannot decide this request', error.message, stored.request);
    throw error;
  }
  if (!canTake(stored.request.status, 'approve')) return noLongerPendingPage(stored.request);
  return reviewPage({ request: stored.request, viewer: caller.name, token: issueReviewToken(id, caller.userId, new Date()) });
}

/**
 * POST: CSRF proof first (403, nothing read or written), then the decide handler with the form's decision. Its
 * JSON answer becomes the result page: 200 recorded, 409 no longer pending, 400 what is missing; 403 is thrown.
 */
export async function submitReview(deps: RuleRequestDeps, request: HttpRequest, context: InvocationContext, caller: Principal, id: string): Promise<HttpResponseInit> {
  const { settings } = deps;
  const body = await bodyText(request, settings.ruleRequestMaxBodyBytes);
  if ('tooLarge' in body) return messagePage(413, 'Form too large', `The form is ${body.tooLarge} bytes; at most ${settings.ruleRequestMaxBodyBytes} bytes are accepted.`);
  const form = new URLSearchParams(isFormEncoded(request) ? body.text : '');

  const origin = checkSameOrigin(request.headers, request.url, publicBaseUrlOf(settings));
  const proven = origin.verdict === 'same-origin' || (origin.verdict === 'unknown' && verifyReviewToken(form.get('token'), id, caller.userId, new Date()));
  if (!proven) {
    context.warn(`Review form for ${id} by ${caller.userId} refused: ${origin.why}${origin.verdict === 'unknown' ? ', and no valid page token' : ''}`);
    return messagePage(403, 'Form not accepted', 'Nothing was decided: this form could not be verified as sent from the review page. Open the review page again from the Teams card and submit it there.');
  }
  if (!isFormEncoded(request)) return messagePage(415, 'Form not understood', 'Nothing was decided: the form must be sent as application/x-www-form-urlencoded.');

  const decision = form.get('decision');
  if (decision !== 'approve' && decision !== 'reject') return messagePage(400, 'No decision', 'Nothing was decided: choose Approve or Reject on the review page.');
  const reason = (form.get('reason') ?? '').trim();
  const answer = await recordDecision(deps, context, caller, id, decision, reason === '' ? undefined : reason);

  const after = async () => (await (await deps.store()).get(id))?.request;
  if (answer.status === 200) {
    const done = decision === 'approve' ? 'approved: the firewall rule is being applied' : 'rejected; the requester is told the reason';
    return messagePage(200, 'Decision recorded', `Request ${id} is ${done}.`, await after());
  }
  if (answer.status === 409) {
    const current = await after();
    return current ? noLongerPendingPage(current, 409) : messagePage(409, 'Rule request already decided', `Request ${id} is no longer pending approval. Nothing was changed.`);
  }
  if (answer.status === 404) return messagePage(404, 'Rule request not found', `There is no rule request ${id}.`);
  const message = (answer.jsonBody as { error?: { message?: string } } | undefined)?.error?.message ?? 'the decision was not accepted';
  return messagePage(answer.status ?? 400, 'Decision not recorded', `Nothing was decided: ${message}. Go back, correct the form and submit it again.`);
}

function isFormEncoded(request: HttpRequest): boolean {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
