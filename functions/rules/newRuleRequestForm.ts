import type { HttpRequest, HttpResponseInit } from '@azure/functions';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const MAX_PREFILL = 300;

/**
 * GET /api/rule-requests/new?fqdn=&cluster= (anonymous: the egress report's "Request allow rule" links carry no
 * function key, and a key must never be put in a Teams card). It only renders a prefilled form; nothing is read or
 * written. Submitting POSTs JSON to /api/rule-requests, which keeps authLevel function and the Easy Auth identity:
 * the page forwards `?code=` from its own URL as the key, and in Azure the browser's Easy Auth session supplies
 * x-ms-client-principal. Values are escaped and capped, so the query cannot inject markup.
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
  var code = new URLSearchParams(location.search).get('code');
  var headers = { 'content-type': 'application/json' };
  if (code) headers['x-functions-key'] = code;
  var response = await fetch('./', { method: 'POST', headers: headers, body: JSON.stringify(body) });
  document.getElementById('result').textContent = response.status + ' ' + JSON.stringify(await response.json().catch(function () { return {}; }), null, 2);
});
</script></body></html>`;
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'" }, body: html };
}
