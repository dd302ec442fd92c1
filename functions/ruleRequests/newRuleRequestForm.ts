import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { publicBaseUrlOf } from '../../shared/config/settings';
import { createRuleRequest } from './createRuleRequest';
import { checkSameOrigin } from './csrfToken';
import { callerOf, refuse } from './httpAnswers';
import type { RuleRequestDeps } from './ruleRequestDeps';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const MAX_PREFILL = 300;

/**
 * GET /api/rule-requests/new?fqdn=&cluster= (anonymous: the egress report's "Request allow rule" links carry no
 * function key, and a key must never be put in a Teams card). It only renders a prefilled form; nothing is read or
 * written. Submitting POSTs JSON to the same URL (handleNewRuleRequestSubmit), which is authorised like the review
 * page: the caller's App Service Authentication identity (x-ms-client-principal, fail closed) and a same-origin
 * Origin, no function key. Values are escaped and capped, so the query cannot inject markup.
 */
export async function handleNewRuleRequestForm(request: HttpRequest): Promise<HttpResponseInit> {
  const prefill = (name: string) => escapeHtml((request.query.get(name) ?? '').slice(0, MAX_PREFILL));
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Request an FQDN allow rule</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto}label{display:block;margin-top:1rem}input,textarea{width:100%}pre{white-space:pre-wrap}</style></head>
<body><h1>Request an FQDN allow rule</h1>
<form id="request-form">
<label>FQDNs (one per line)<textarea name="fqdns" rows="3" required>${prefill('fqdn')}</textarea></label>
<label>Protocols (comma-separated)<input name="protocols" value="Https:443" required></label>
<label>Source AKS cluster resource id<input name="cluster" value="${prefill('cluster')}" required></label>
<label>Justification<textarea name="justification" rows="3" minlength="10" required></textarea></label>
<label>Expires at (optional, ISO 8601)<input name="expiresAt" placeholder="2026-12-31T00:00:00Z"></label>
<p><button type="submit">Submit request</button></p>
</form><pre id="result"></pre>
<script>
document.getElementById('request-form').addEventListener('submit', async function (event) {
  event.preventDefault();
  var form = new FormData(event.target);
  var list = function (text, separator) { return String(text).split(separator).map(function (s) { return s.trim(); }).filter(Boolean); };
  var body = { fqdns: list(form.get('fqdns'), /\\n/), protocols: list(form.get('protocols'), ','), source: { cluster: String(form.get('cluster')).trim() }, justification: String(form.get('justification')) };
  if (String(form.get('expiresAt')).trim()) body.expiresAt = String(form.get('expiresAt')).trim();
  var response = await fetch(location.pathname, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  var answer = await response.json().catch(function () { return {}; });
  var result = document.getElementById('result');
  result.textContent = response.status + ' ' + JSON.stringify(answer, null, 2);
  result.setAttribute('data-status', String(response.status));
  if (response.status === 401) {
    var login = document.createElement('a');
    login.href = '/.auth/login/aad?post_login_redirect_uri=' + encodeURIComponent(location.pathname + location.search);
    login.textContent = 'Sign in and submit again';
    result.appendChild(document.createElement('br'));
    result.appendChild(login);
  }
});
</script></body></html>`;
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'" }, body: html };
}

/**
 * POST /api/rule-requests/new (anonymous at the Functions level, like the review page): the form's submit. The
 * identity is the authentication (callerOf: App Service Authentication's x-ms-client-principal, refused unless the
 * platform vouches for it); a same-origin Origin (or Referer) proves the form's own page sent it, since the Easy Auth
 * session cookie would ride along on a cross-site POST too. Then it is exactly POST /api/rule-requests.
 */
export function newRuleRequestSubmitHandler(deps: RuleRequestDeps) {
  return (request: HttpRequest, context: InvocationContext) => submitNewRuleRequest(deps, request, context);
}

async function submitNewRuleRequest(deps: RuleRequestDeps, request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  callerOf(request, deps.settings);
  const origin = checkSameOrigin(request.headers, request.url, publicBaseUrlOf(deps.settings));
  if (origin.verdict !== 'same-origin') {
    const why = origin.why;
    return refuse(403, 'cross-site-form', `Not accepted: ${why}; submit the request form from its own page`, [{ path: 'origin', message: why }]);
  }
  if ((request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    return refuse(415, 'unsupported-media-type', 'The form submits JSON (content-type: application/json)', [{ path: 'content-type', message: 'must be application/json' }]);
  }
  return createRuleRequest(deps, request, context);
}
