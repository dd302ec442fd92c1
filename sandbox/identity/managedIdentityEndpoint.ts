import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * The App Service managed identity endpoint (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), as Azure Functions gets it.
 *
 * Why: with these two variables set, `DefaultAzureCredential` takes its managed identity path, the same code path as
 * in Azure, instead of a sandbox-only credential. Tokens are unsigned JWTs (the emulators accept any bearer token)
 * whose claims name the sandbox app, so ARM events show the app's own writes with their `appid`.
 */
export interface ManagedIdentityEndpoint {
  readonly path: string;
  readonly header: string;
  readonly clientId: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** How many tokens were issued, so tests can see the credential path was really used. */
  readonly issuedCount: () => number;
}

export const sandboxAppClientId = '5a1d0b1e-0000-4000-8000-00000000e9a7';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function createManagedIdentityEndpoint(path = '/_sandbox/msi/token'): ManagedIdentityEndpoint {
  const header = randomBytes(16).toString('hex');
  let issued = 0;
  return {
    path,
    header,
    clientId: sandboxAppClientId,
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
      const claims = { aud: resource, iss: 'https://sts.sandbox.local/', iat: now, nbf: now, exp: now + 3600, appid: sandboxAppClientId, oid: sandboxAppClientId, idtyp: 'app' };
      issued += 1;
      send(200, {
        access_token: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
        expires_on: String(now + 3600),
        resource,
        token_type: 'Bearer',
        client_id: sandboxAppClientId,
      });
      return true;
    },
  };
}
