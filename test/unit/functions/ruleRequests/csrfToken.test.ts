import { randomBytes } from 'node:crypto';
import { checkSameOrigin, issueReviewToken, TOKEN_MAX_AGE_MS, verifyReviewToken } from '../../../../functions/ruleRequests/csrfToken';

const key = randomBytes(32);
const now = new Date('2026-11-24T10:00:00Z');
const id = 'rr-20261124-0a1b2c3d4e';
const user = '22222222-aaaa-4bbb-8ccc-000000000002';

describe('verifyReviewToken', () => {
  const token = issueReviewToken(id, user, now, key);

  it('accepts the token issued for this request and user (user id compared case-insensitively)', () => {
    expect(token).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyReviewToken(token, id, user, now, { key })).toBe(true);
    expect(verifyReviewToken(token, id, user.toUpperCase(), now, { key })).toBe(true);
  });

  it.each([
    { label: 'another request', token: () => token, requestId: 'rr-20261124-ffffffffff', userId: user, at: now, withKey: key },
    { label: 'another user', token: () => token, requestId: id, userId: '11111111-aaaa-4bbb-8ccc-000000000001', at: now, withKey: key },
    { label: 'another key (other instance or restart)', token: () => token, requestId: id, userId: user, at: now, withKey: randomBytes(32) },
    { label: 'an expired token', token: () => token, requestId: id, userId: user, at: new Date(now.getTime() + TOKEN_MAX_AGE_MS + 1000), withKey: key },
    { label: 'a token issued far in the future', token: () => issueReviewToken(id, user, new Date(now.getTime() + 3_600_000), key), requestId: id, userId: user, at: now, withKey: key },
    { label: 'a tampered issue time', token: () => token.replace(/^v1\.(\d+)\./, (_m, n: string) => `v1.${Number(n) + 1}.`), requestId: id, userId: user, at: now, withKey: key },
    { label: 'a tampered MAC', token: () => token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'), requestId: id, userId: user, at: now, withKey: key },
    { label: 'an empty token', token: () => '', requestId: id, userId: user, at: now, withKey: key },
    { label: 'garbage', token: () => 'v1.<script>.x', requestId: id, userId: user, at: now, withKey: key },
  ])('refuses $label', ({ token: make, requestId, userId, at, withKey }) => {
    expect(verifyReviewToken(make(), requestId, userId, at, { key: withKey })).toBe(false);
  });

  it('refuses a missing token', () => {
    expect(verifyReviewToken(null, id, user, now, { key })).toBe(false);
    expect(verifyReviewToken(undefined, id, user, now, { key })).toBe(false);
  });

  it('uses one per-process key by default', () => {
    expect(verifyReviewToken(issueReviewToken(id, user, now), id, user, now)).toBe(true);
    expect(verifyReviewToken(issueReviewToken(id, user, now), id, user, now, { key })).toBe(false);
  });
});

describe('checkSameOrigin', () => {
  const requestUrl = 'http://func-egress-guard.azurewebsites.net/api/rule-requests/rr-1/review';
  const publicBaseUrl = 'https://egress.contoso.example';
  const headersOf = (values: Record<string, string>) => new Headers(values);

  it.each<{ label: string; headers: Record<string, string>; verdict: string }>([
    { label: 'Origin of the host the request was sent to (scheme ignored: TLS ends in front)', headers: { origin: 'https://func-egress-guard.azurewebsites.net' }, verdict: 'same-origin' },
    { label: 'Origin of PUBLIC_BASE_URL', headers: { origin: 'https://egress.contoso.example' }, verdict: 'same-origin' },
    { label: 'Origin with different case', headers: { origin: 'https://FUNC-egress-guard.azurewebsites.net' }, verdict: 'same-origin' },
    { label: 'same-origin Referer without Origin', headers: { referer: 'https://func-egress-guard.azurewebsites.net/api/rule-requests/rr-1/review' }, verdict: 'same-origin' },
    { label: 'another site', headers: { origin: 'https://evil.example' }, verdict: 'cross-origin' },
    { label: 'a look-alike host', headers: { origin: 'https://func-egress-guard.azurewebsites.net.evil.example' }, verdict: 'cross-origin' },
    { label: 'another port', headers: { origin: 'https://func-egress-guard.azurewebsites.net:8443' }, verdict: 'cross-origin' },
    { label: 'another site even with a same-origin Referer', headers: { origin: 'https://evil.example', referer: 'https://egress.contoso.example/' }, verdict: 'cross-origin' },
    { label: 'a cross-site Referer without Origin', headers: { referer: 'https://evil.example/page' }, verdict: 'cross-origin' },
    { label: 'Origin null and no Referer', headers: { origin: 'null' }, verdict: 'unknown' },
    { label: 'no headers at all', headers: {}, verdict: 'unknown' },
  ])('$label -> $verdict', ({ headers, verdict }) => {
    expect(checkSameOrigin(headersOf(headers), requestUrl, publicBaseUrl).verdict).toBe(verdict);
  });
});
