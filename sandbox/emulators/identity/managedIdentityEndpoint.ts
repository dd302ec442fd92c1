import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AppIdentity } from './appIdentity';

/**
 * The App Service managed identity endpoint (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), as Azure Functions gets it.
 *
 * Why: with these two variables set, `DefaultAzureCredential` takes its managed identity path, the same code path as
 * in Azure, instead of a sandbox-only credential. Tokens are unsigned JWTs (the emulators accept any bearer token)
 * whose claims name the app's identity (appid, oid, tid: appIdentity.ts), so ARM events show the app's own writes
 * as Azure would, and the ARM emulator applies the app's role to that principal.
 */
export interface ManagedIdentityEndpoint {
  readonly path: string;
  readonly header: string;
  readonly clientId: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** How many tokens were issued, so tests can see the credential path was really used. */
  readonly issuedCount: () => number;
}

/** Identity used when none is given (unit tests of the endpoint itself). */
export const sandboxAppClientId = '5a1d0b1e-0000-4000-8000-00000000e9a7';
const defaultIdentity: AppIdentity = { appId: sandboxAppClientId, objectId: '5a1d0b1e-0000-4000-8000-0000000000b1', tenantId: '72f988bf-0000-4000-8000-00000000a1b2' };

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function createManagedIdentityEndpoint(path = '/_sandbox/msi/token', identity: AppIdentity = defaultIdentity): ManagedIdentityEndpoint {
  const header = randomBytes(16).toString('hex');
  let issued = 0;
  return {
    path,
    header,
    clientId: identity.appId,
    issuedCount: () => issued,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== path) return false;
      const send = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['x-identity-header'] !== header) {
        send(401, { error: 'unauthorized', error_description: 'X-IDENTITY-HEADER is missing or wrong' });
        return true;
      }
      const resource = url.searchParams.get('resource');
      if (!resource) {
        send(400, { error: 'invalid_request', error_description: 'resource query parameter is required' });
        return true;
      }
      const now = Math.floor(Date.now() / 1000);
      // The claims of a managed identity's access token (v1): appid, oid = sub, tid, idtyp app.
      const claims = {
        aud: resource,
        iss: `https://sts.windows.net/${identity.tenantId}/`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        appid: identity.appId,
        oid: identity.objectId,
        sub: identity.objectId,
        tid: identity.tenantId,
        idtyp: 'app',
        ver: '1.0',
      };
      issued += 1;
      send(200, {
        access_token: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
        expires_on: String(now + 3600),
        resource,
        token_type: 'Bearer',
        client_id: identity.appId,
      });
      return true;
    },
  };
}
