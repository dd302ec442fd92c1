import type { AccessToken, TokenCredential } from '@azure/core-auth';

/**
 * Bearer tokens for "another writer" in tests: an unsigned JWT (the sandbox's ARM emulator decodes the payload
 * without checking a signature) whose claims say who made a change, so the Event Grid event the emulator publishes
 * names that caller (`data.claims`) the way Azure would.
 */
export interface TokenClaims {
  /** Object id of the principal (user, service principal or managed identity). */
  readonly oid: string;
  /** Application (client) id: set for apps and service principals, and for the client a person used. */
  readonly appid?: string;
  /** A person's user principal name. */
  readonly upn?: string;
  readonly name?: string;
  readonly tid?: string;
  readonly idtyp?: 'app' | 'user';
  readonly [claim: string]: string | number | undefined;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function mintArmToken(claims: TokenClaims, audience = 'https://management.azure.com'): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { aud: audience, iss: 'https://sts.windows.net/sandbox/', iat: now, nbf: now, exp: now + 3600, ver: '1.0', ...claims };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** A credential for the real SDK clients that always presents a token for `claims`. */
export function credentialFor(claims: TokenClaims): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token: mintArmToken(claims), expiresOnTimestamp: Date.now() + 3600_000 }),
  };
}

/** Ready-made other writers. */
export const otherWriters = {
  /** A Terraform pipeline's service principal (appid = its client id). */
  terraform: { oid: '3c9d2a61-7e0f-4b8a-9d35-5f2e1c0a7b90', appid: '0f4c8e2d-1a3b-4c5d-8e9f-a0b1c2d3e4f5', idtyp: 'app', name: 'sp-platform-terraform' } satisfies TokenClaims,
  /** A person at the portal or the az CLI (appid = the Azure CLI's public client id). */
  person: {
    oid: '9a7e4b12-3c5d-4e6f-8a9b-0c1d2e3f4a5b',
    appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    upn: 'dana.ops@contoso.example',
    name: 'Dana Ops',
    idtyp: 'user',
  } satisfies TokenClaims,
} as const;
