import type { IncomingMessage } from 'node:http';

/** Default identity when the bearer token is not a JWT (the sandbox managed identity may issue opaque tokens). */
export const SANDBOX_TENANT_ID = '72f988bf-0000-4000-8000-00000000a1b2';
const OPAQUE_TOKEN_APP_ID = '00000000-0000-4000-8000-0000000000aa';

export interface Caller {
  /** Claims for the Event Grid event, named as ARM names them there (see eventClaims). */
  readonly claims: Record<string, string>;
  readonly tenantId: string;
  readonly principalId: string;
  readonly appId?: string;
  readonly upn?: string;
}

/**
 * ARM publishes the caller's token claims in `data.claims`, with the long claim-type URIs for some of them
 * (MicrosoftDocs/azure-docs articles/event-grid/event-schema-resource-groups.md sample: `appid`, `name` and `ipaddr`
 * as in the token; `oid` as .../identity/claims/objectidentifier, `upn` as .../ws/2005/05/identity/claims/upn, ...).
 */
const claimTypeUris: Readonly<Record<string, string>> = {
  oid: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  upn: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
  unique_name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  tid: 'http://schemas.microsoft.com/identity/claims/tenantid',
  sub: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  scp: 'http://schemas.microsoft.com/identity/claims/scope',
  given_name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  family_name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  amr: 'http://schemas.microsoft.com/claims/authnmethodsreferences',
  acr: 'http://schemas.microsoft.com/claims/authnclassreference',
  deviceid: 'http://schemas.microsoft.com/2012/01/devicecontext/claims/identifier',
};

/** Any bearer token is accepted; a JWT's payload is decoded without verification to attribute events. */
export function callerFrom(request: IncomingMessage): Caller | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) return undefined;
  return callerOfToken(match[1]);
}

/** The caller a bearer token stands for: its JWT claims, or an opaque sandbox caller when it is not a JWT. */
export function callerOfToken(token: string): Caller {
  const tokenClaims = jwtClaims(token) ?? { appid: OPAQUE_TOKEN_APP_ID, oid: OPAQUE_TOKEN_APP_ID };
  const tenantId = tokenClaims['tid'] ?? SANDBOX_TENANT_ID;
  const principalId = tokenClaims['oid'] ?? tokenClaims['sub'] ?? tokenClaims['appid'] ?? OPAQUE_TOKEN_APP_ID;
  const appId = tokenClaims['appid'] ?? tokenClaims['azp'];
  const upn = tokenClaims['upn'] ?? tokenClaims['unique_name'];
  return { claims: eventClaims(tokenClaims), tenantId, principalId, ...(appId ? { appId } : {}), ...(upn ? { upn } : {}) };
}

export function eventClaims(tokenClaims: Readonly<Record<string, string>>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(tokenClaims)) claims[claimTypeUris[name] ?? name] = value;
  return claims;
}

function jwtClaims(token: string): Record<string, string> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    const claims: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload)) {
      if (typeof value === 'string' || typeof value === 'number') claims[name] = String(value);
      else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) claims[name] = value.join(','); // amr: ["pwd","mfa"] -> "pwd,mfa"
    }
    return claims;
  } catch {
    return undefined; // not a JWT after all: treat it as opaque
  }
}
