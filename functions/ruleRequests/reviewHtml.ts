import type { HttpResponseInit } from '@azure/functions';
import { protocolText } from '../../shared/core/ruleRequests/protocols';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';

/**
 * HTML of the approver review page (functions/ruleRequests/reviewPage.ts). Pure: everything that came from a user or the
 * store goes through escapeHtml; the pages carry no script, and the headers forbid framing (the Approve button must
 * not be clickjacked) and caching (the page holds a per-user token).
 */

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export const MAX_REASON_CHARS = 1000;

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Keeps Origin and Referer on the page's own POST (the CSRF check) and sends nothing to other sites.
  'referrer-policy': 'same-origin',
} as const;

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.4}' +
  'dt{font-weight:600;margin-top:.6rem}dd{margin-left:0}code{overflow-wrap:anywhere}table{border-collapse:collapse;width:100%}' +
  'td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}textarea{width:100%}' +
  '.notice{padding:.8rem;border:1px solid #999;background:#f6f6f6}.actions{display:flex;gap:2rem;flex-wrap:wrap;margin-top:1.5rem}' +
  '.actions form{flex:1 1 18rem}button{padding:.5rem 1.2rem;font-size:1rem}';

export function htmlPage(status: number, title: string, bodyHtml: string): HttpResponseInit {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${bodyHtml}
</body></html>`;
  return { status, headers: { ...HEADERS }, body: html };
}

/** A page with one message (401, 403, 404, results); `request` adds the read-only details. */
export function messagePage(status: number, title: string, message: string, request?: RuleRequest): HttpResponseInit {
  return htmlPage(status, title, `<p class="notice" id="message">${escapeHtml(message)}</p>${request ? requestDetails(request) : ''}`);
}

/** What the identity pages (401 sign-in, 403) of one page say: the review page's, or the status page's. */
export interface PageWording {
  readonly signInTitle: string;
  readonly signInLead: string;
  /** Title of the 403 page. */
  readonly forbiddenTitle: string;
}

export const REVIEW_WORDING: PageWording = {
  signInTitle: 'Sign in to review',
  signInLead: 'Sign in with your organization account to review this rule request.',
  forbiddenTitle: 'You cannot decide this request',
};

/**
 * 401: the platform passed no identity. The function app lets unauthenticated requests through (Event Grid and
 * key calls need that; see docs/deploy.md), so a browser is not sent to Entra ID by itself: the page links to App
 * Service Authentication's login endpoint, which comes back to `returnPath` signed in.
 */
export function signInPage(returnPath: string, why: string, wording: PageWording = REVIEW_WORDING): HttpResponseInit {
  const login = `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(returnPath)}`;
  return htmlPage(401, wording.signInTitle, `<p class="notice" id="message">${escapeHtml(wording.signInLead)}</p>
<p><a id="sign-in" href="${escapeHtml(login)}">Sign in with Microsoft Entra ID</a>, then this page opens again.</p>
<p><small>${escapeHtml(why)}</small></p>`);
}

export interface ReviewPageModel {
  readonly request: RuleRequest;
  /** The signed-in approver's display name. */
  readonly viewer: string;
  /** CSRF token for the forms (csrfToken.ts). */
  readonly token: string;
}

/** The request with an Approve form and a Reject form (reason required). Both POST to the page's own URL. */
export function reviewPage(model: ReviewPageModel): HttpResponseInit {
  const token = `<input type="hidden" name="token" value="${escapeHtml(model.token)}">`;
  const forms = `<div class="actions">
<form method="post" action="" id="approve"><input type="hidden" name="decision" value="approve">${token}
<p><label>Comment (optional)<br><textarea name="reason" rows="2" maxlength="${MAX_REASON_CHARS}"></textarea></label></p>
<p><button type="submit">Approve</button></p></form>
<form method="post" action="" id="reject"><input type="hidden" name="decision" value="reject">${token}
<p><label>Reason for rejecting (required)<br><textarea name="reason" rows="2" maxlength="${MAX_REASON_CHARS}" required></textarea></label></p>
<p><button type="submit">Reject</button></p></form>
</div>`;
  return htmlPage(200, 'Review FQDN allow rule request', `<p>Signed in as ${escapeHtml(model.viewer)}. Approving adds an Azure Firewall application rule for these FQDNs until the expiry.</p>
${requestDetails(model.request)}
${forms}`);
}

/** Shown instead of the forms when the request was already decided (or never can be again). */
export function noLongerPendingPage(request: RuleRequest, status = 200): HttpResponseInit {
  return htmlPage(status, 'Rule request already decided', `<p class="notice" id="message">${escapeHtml(noLongerPendingText(request))}</p>${requestDetails(request)}`);
}

export function noLongerPendingText(request: RuleRequest): string {
  const decider = request.approver ? ` by ${request.approver.name}` : '';
  const when = request.decidedAt ? ` at ${request.decidedAt}` : '';
  return `Request ${request.id} is no longer pending approval: it is ${request.status}${request.status === 'pending-approval' ? '' : `${decider}${when}`}. Nothing was changed.`;
}

const list = (items: readonly string[]) => `<ul>${items.map((item) => `<li><code>${escapeHtml(item)}</code></li>`).join('')}</ul>`;

/** Who, what, from where, why, until when, status and history. */
export function requestDetails(request: RuleRequest): string {
  const { spec } = request;
  const sources = spec.source.kind === 'cluster' ? [`AKS cluster ${spec.source.clusterId}`] : spec.source.addresses;
  const history = request.history
    .map((entry) => `<tr><td>${escapeHtml(entry.at)}</td><td>${escapeHtml(entry.stage)}</td><td>${escapeHtml(entry.by?.name ?? '')}</td><td>${escapeHtml(entry.note)}</td></tr>`)
    .join('');
  return `<dl id="details">
<dt>Request</dt><dd><code>${escapeHtml(request.id)}</code></dd>
<dt>Requested by</dt><dd>${escapeHtml(request.requester.name)} <small>(${escapeHtml(request.requester.userId)})</small> at ${escapeHtml(request.createdAt)}</dd>
<dt>Status</dt><dd id="status">${escapeHtml(request.status)}</dd>
<dt>FQDNs</dt><dd>${list(spec.fqdns)}</dd>
<dt>Protocols</dt><dd>${list(spec.protocols.map(protocolText))}</dd>
<dt>Sources</dt><dd>${list(sources)}</dd>
<dt>Justification</dt><dd id="justification">${escapeHtml(spec.justification)}</dd>
<dt>Expires</dt><dd>${escapeHtml(spec.expiresAt)}</dd>
</dl>
<h2>History</h2>
<table id="history"><thead><tr><th>When</th><th>Stage</th><th>By</th><th>Note</th></tr></thead><tbody>${history}</tbody></table>`;
}
