import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultAzureCredential } from '@azure/identity';
import { createManagedIdentityEndpoint, sandboxAppClientId } from '../../../sandbox/identity/managedIdentityEndpoint';

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

  it('refuses a caller without the identity header, as App Service does', async () => {
    const response = await fetch(`${base}${endpoint.path}?resource=https://management.azure.com&api-version=2019-08-01`);
    expect(response.status).toBe(401);
  });

  it('requires the resource parameter', async () => {
    const response = await fetch(`${base}${endpoint.path}?api-version=2019-08-01`, { headers: { 'x-identity-header': endpoint.header } });
    expect(response.status).toBe(400);
  });
});
