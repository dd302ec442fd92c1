import { armScopeFor, type TokenCredential } from './arm/armClients';

/** The identity the app calls ARM with, as ARM puts it into the claims of the events its writes cause. */
export interface SelfIdentity {
  readonly oid?: string;
  readonly appid?: string;
}

/**
 * Decodes the payload of the app's own ARM access token (never logged, never verified: it only tells which events
 * are the app's own). undefined when the token is not a JWT or carries neither claim.
 */
export async function selfIdentityOf(credential: TokenCredential, armEndpoint: string): Promise<SelfIdentity | undefined> {
  const token = await credential.getToken(armScopeFor(armEndpoint));
  return token ? claimsOfJwt(token.token) : undefined;
}

export function claimsOfJwt(token: string): SelfIdentity | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const oid = text(claims.oid);
    const appid = text(claims.appid) ?? text(claims.azp);
    return oid === undefined && appid === undefined ? undefined : { ...(oid ? { oid } : {}), ...(appid ? { appid } : {}) };
  } catch {
    return undefined;
  }
}
