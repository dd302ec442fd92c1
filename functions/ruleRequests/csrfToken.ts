import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF proof for the approver review page's POST (functions/ruleRequests/reviewPage.ts). The route is anonymous at the
 * Functions level and the identity comes from the App Service Authentication session cookie, which a cross-site
 * form would carry too, so a decision is accepted only with one of:
 *
 * 1. a same-origin `Origin` header (or, when the browser sent no usable Origin, a same-origin `Referer`): the
 *    origin's host must equal the host the request was addressed to or the host of PUBLIC_BASE_URL. Browsers
 *    always set Origin on form POSTs and pages cannot forge it; the review page sends `referrer-policy: same-origin`
 *    so the browser keeps both for its own form. An Origin (or Referer) naming another site is refused outright,
 *    token or not.
 * 2. the page's token: `v1.<issued unix seconds>.<HMAC-SHA256(key, "v1|<request id>|<user id>|<issued>")>`,
 *    bound to the request and to the signed-in user, valid for TOKEN_MAX_AGE_MS.
 *
 * Key choice: a random 32-byte secret per process (made on first use). No setting holds a secret we could derive
 * a stable key from in every deployment (managed-identity storage has no key), and adding one is not worth it for a
 * fallback: a token from another instance or from before a restart does not verify, but such a POST still passes
 * on its Origin, which every current browser sends. A failed check never decides anything; the approver reloads
 * the page and submits again.
 */

export const TOKEN_MAX_AGE_MS = 12 * 60 * 60 * 1000;
const VERSION = 'v1';
/** Tolerated clock skew for an issue time in the future (another instance's clock). */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

let processKey: Buffer | undefined;
/** The per-process HMAC key (see above). */
export function reviewTokenKey(): Buffer {
  processKey ??= randomBytes(32);
  return processKey;
}

const mac = (key: Buffer, requestId: string, userId: string, issued: number) =>
  createHmac('sha256', key).update(`${VERSION}|${requestId}|${userId.toLowerCase()}|${issued}`).digest();

/** A token for the review form of `requestId`, as seen by `userId`. */
export function issueReviewToken(requestId: string, userId: string, now: Date, key: Buffer = reviewTokenKey()): string {
  const issued = Math.floor(now.getTime() / 1000);
  return `${VERSION}.${issued}.${mac(key, requestId, userId, issued).toString('base64url')}`;
}

/** True when `token` was issued by this key for this request and user, and is not older than maxAgeInMs. */
export function verifyReviewToken(
  token: string | null | undefined,
  requestId: string,
  userId: string,
  now: Date,
  options: { key?: Buffer; maxAgeInMs?: number } = {},
): boolean {
  if (typeof token !== 'string' || token.length > 200) return false;
  const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return false;
  const issued = Number(match[1]);
  const age = now.getTime() - issued * 1000;
  if (age > (options.maxAgeInMs ?? TOKEN_MAX_AGE_MS) || age < -FUTURE_SKEW_MS) return false;
  const expected = mac(options.key ?? reviewTokenKey(), requestId, userId, issued);
  const given = Buffer.from(match[2] ?? '', 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type OriginCheck =
  | { readonly verdict: 'same-origin'; readonly via: 'origin' | 'referer' }
  /** The browser named another site: refused even with a token. */
  | { readonly verdict: 'cross-origin'; readonly why: string }
  /** Nothing usable (no Origin, `Origin: null`, no Referer): only the token can prove the form. */
  | { readonly verdict: 'unknown'; readonly why: string };

/**
 * Whether the browser says the POST came from a page of this app. `requestUrl` is the URL the Functions host saw
 * (its host is the Host header App Service forwarded); `publicBaseUrl` is where the app's links point (a custom
 * domain or proxy in front of the app). Hosts are compared, not schemes: TLS may end in front of the app.
 */
export function checkSameOrigin(headers: { get(name: string): string | null }, requestUrl: string, publicBaseUrl: string): OriginCheck {
  const hosts = new Set([hostOf(requestUrl), hostOf(publicBaseUrl)].filter((host): host is string => host !== undefined));
  const origin = headers.get('origin')?.trim();
  if (origin && origin !== 'null') {
    const host = hostOf(origin);
    return host !== undefined && hosts.has(host) ? { verdict: 'same-origin', via: 'origin' } : { verdict: 'cross-origin', why: 'the form was sent from another site (Origin header)' };
  }
  const referer = headers.get('referer')?.trim();
  if (referer) {
    const host = hostOf(referer);
    return host !== undefined && hosts.has(host) ? { verdict: 'same-origin', via: 'referer' } : { verdict: 'cross-origin', why: 'the form was sent from another site (Referer header)' };
  }
  return { verdict: 'unknown', why: 'the browser sent neither Origin nor Referer' };
}

function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
