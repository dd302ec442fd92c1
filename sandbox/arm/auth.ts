import type { IncomingMessage } from 'node:http';

/** Default identity when the bearer token is not a JWT (the sandbox managed identity may issue opaque tokens). */
export const SANDBOX_TENANT_ID = '72f988bf-0000-4000-8000-00000000a1b2';
const OPAQUE_TOKEN_APP_ID = '00000000-0000-4000-8000-0000000000aa';

export interface Caller {
  /** Claims for the Event Grid event: the JWT payload's string claims, or a sandbox identity. */
  readonly claims: Record<string, string>;
  readonly tenantId: string;
  readonly principalId: string;
}

/** Any bearer token is accepted; a JWT's payload is decoded without verification to attribute events. */
export function callerFrom(request: IncomingMessage): Caller | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) return undefined;
  const claims = jwtClaims(match[1]) ?? { appid: OPAQUE_TOKEN_APP_ID, oid: OPAQUE_TOKEN_APP_ID };
  const tenantId = claims['tid'] ?? SANDBOX_TENANT_ID;
  const principalId = claims['oid'] ?? claims['appid'] ?? OPAQUE_TOKEN_APP_ID;
  return { claims, tenantId, principalId };
}

function jwtClaims(token: string): Record<string, string> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null) return undefined;
    const claims: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload)) {
      if (typeof value === 'string' || typeof value === 'number') claims[name] = String(value);
    }
    return claims;
  } catch {
    return undefined; // not a JWT after all: treat it as opaque
  }
}
