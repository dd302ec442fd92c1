import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { RuleRequestAccessError } from '../../shared/core/ruleRequests/accessErrors';
import type { Principal } from '../../shared/core/ruleRequests/clientPrincipal';
import { trustedCaller, type PrincipalTrust } from '../../shared/core/ruleRequests/principalTrust';
import type { Problem } from '../../shared/core/ruleRequests/problems';

/** Every refusal has one shape: a stable code, a message, and for validation every problem naming its field. */
export const refuse = (status: number, code: string, message: string, problems?: readonly Problem[]): HttpResponseInit => ({
  status,
  jsonBody: { error: { code, message, ...(problems ? { problems } : {}) } },
});

export const invalid = (problems: readonly Problem[], status: 400 | 413 = 400): HttpResponseInit =>
  refuse(status, status === 413 ? 'body-too-large' : 'invalid-request', problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '), problems);

/**
 * The caller as App Service Authentication describes it; throws RuleRequestAccessError (401) when absent or bad, and
 * for every caller when nothing in front of the app vouches for the header (principalTrust.ts: fail closed).
 */
export const callerOf = (request: HttpRequest, trust: PrincipalTrust): Principal => trustedCaller(request.headers.get('x-ms-client-principal'), trust);

/**
 * Runs a handler and turns what it throws into an answer: access errors into 401/403, anything else into a 503
 * with no internals (the stack goes to the log only). The handlers answer every client mistake themselves with a
 * 4xx, so reaching the catch-all means the app or a dependency failed, not the caller.
 */
export function guarded(handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof RuleRequestAccessError) return refuse(error.status, error.code, error.message);
      context.error(`${request.method} ${new URL(request.url).pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { status: 503, headers: { 'retry-after': '5' }, jsonBody: { error: { code: 'temporarily-unavailable', message: 'The request could not be completed now; try again shortly' } } };
    }
  };
}

/** Reads the body as text, refusing by Content-Length first so a huge body is not buffered for nothing. */
export async function bodyText(request: HttpRequest, maxBytes: number): Promise<{ text: string } | { tooLarge: number }> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: declared };
  return { text: await request.text() };
}
