import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultAzureCredential } from '@azure/identity';
import { createManagedIdentityEndpoint, sandboxAppClientId } from '../../../../../sandbox/emulators/identity/managedIdentityEndpoint';

describe('the sandbox managed identity endpoint', () => {
  const endpoint = createManagedIdentityEndpoint();
  let server: Server;
  let base: string;
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    server = createServer((req, res) => {
      void endpoint.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    process.env.IDENTITY_ENDPOINT = saved.endpoint;
    process.env.IDENTITY_HEADER = saved.header;
    await new Promise((resolve) => server.close(resolve));
  });

  it("is what DefaultAzureCredential uses when IDENTITY_ENDPOINT/IDENTITY_HEADER are set, as on App Service", async () => {
    process.env.IDENTITY_ENDPOINT = `${base}${endpoint.path}`;
    process.env.IDENTITY_HEADER = endpoint.header;
    const before = endpoint.issuedCount();
    const token = await new DefaultAzureCredential().getToken('https://management.azure.com/.default');
    expect(endpoint.issuedCount()).toBe(before + 1);
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString()) as { appid: string; aud: string };
    expect(claims).toMatchObject({ appid: sandboxAppClientId, aud: 'https://management.azure.com' });
  });

  it("issues the identity it is given (the sandbox's per-state-dir app identity)", async () => {
    const identity = { appId: '0b7d3f5e-1111-4a2b-8c3d-4e5f6a7b8c9d', objectId: '1c8e4a6f-2222-4b3c-9d4e-5f6a7b8c9d0e', tenantId: '2d9f5b7a-3333-4c4d-8e5f-6a7b8c9d0e1f' };
    const own = createManagedIdentityEndpoint('/_sandbox/msi/token', identity);
    const response = await new Promise<{ body: string }>((resolve) => {
      const request = { url: `${own.path}?resource=https://management.azure.com`, headers: { 'x-identity-header': own.header } };
      let body = '';
      const response = { writeHead: () => response, end: (text: string) => { body = text; resolve({ body }); } };
      void own.handle(request as never, response as never);
    });
    const token = (JSON.parse(response.body) as { access_token: string }).access_token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, string>;
    expect(claims).toMatchObject({ appid: identity.appId, oid: identity.objectId, sub: identity.objectId, tid: identity.tenantId, idtyp: 'app' });
  });

  it('refuses a caller without the identity header, as App Service does', async () => {
    const response = await fetch(`${base}${endpoint.path}?resource=https://management.azure.com&api-version=2019-08-01`);
    expect(response.status).toBe(401);
  });

  it('requires the resource parameter', async () => {
    const response = await fetch(`${base}${endpoint.path}?api-version=2019-08-01`, { headers: { 'x-identity-header': endpoint.header } });
    expect(response.status).toBe(400);
  });
});
