import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { ensureSandboxCertificates } from '../../../../sandbox/certs';
import { createSnatMetrics } from '../../../../shared/azure/metrics/createSnatMetrics';

const firewallId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub';
const credential = { getToken: async () => ({ token: 'unit-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** The metrics:getBatch response shape (Azure Monitor data plane, api-version 2024-02-01). */
const batchResponse = {
  values: [
    {
      starttime: '2026-11-22T07:00:00Z',
      endtime: '2026-11-23T07:00:00Z',
      interval: 'PT1H',
      namespace: 'Microsoft.Network/azureFirewalls',
      resourceregion: 'westeurope',
      resourceid: firewallId,
      value: [
        {
          id: `${firewallId}/providers/Microsoft.Insights/metrics/SNATPortUtilization`,
          type: 'Microsoft.Insights/metrics',
          name: { value: 'SNATPortUtilization', localizedValue: 'SNAT port utilization' },
          unit: 'Percent',
          timeseries: [
            {
              metadatavalues: [],
              data: [
                { timeStamp: '2026-11-22T07:00:00Z', average: 31.5, maximum: 40 },
                { timeStamp: '2026-11-22T08:00:00Z' },
                { timeStamp: '2026-11-22T09:00:00Z', average: 70, maximum: 91.5 },
              ],
            },
          ],
          errorCode: 'Success',
        },
      ],
    },
  ],
};

describe('SnatMetrics over the real MetricsClient', () => {
  let server: Server;
  let dir: string;
  let endpoint: string;
  const requests: { url: string; authorization?: string; body: string }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snat-metrics-'));
    const certificates = await ensureSandboxCertificates(dir);
    setDefaultCACertificates([...getCACertificates('default'), certificates.caCertPem]);
    server = createServer({ cert: certificates.certPem, key: certificates.keyPem }, (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ url: request.url ?? '', authorization: request.headers.authorization, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(batchResponse));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks getBatch for hourly SNATPortUtilization of the firewalls and maps the hours with data', async () => {
    const metrics = createSnatMetrics({ metricsEndpoint: endpoint, armEndpoint: 'https://management.azure.com', credential });
    const window = { from: new Date('2026-11-22T07:00:00Z'), to: new Date('2026-11-23T07:00:00Z') };
    const hours = await metrics.querySnatHours(window, [firewallId]);

    expect(hours).toEqual([
      { FirewallId: firewallId.toLowerCase(), Hour: new Date('2026-11-22T07:00:00Z'), PeakPercent: 40, AveragePercent: 31.5 },
      { FirewallId: firewallId.toLowerCase(), Hour: new Date('2026-11-22T09:00:00Z'), PeakPercent: 91.5, AveragePercent: 70 },
    ]);
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url, endpoint);
    expect(url.pathname).toBe('/subscriptions/00000000-0000-0000-0000-000000000001/metrics:getBatch');
    expect(url.searchParams.get('metricnames')).toBe('SNATPortUtilization');
    expect(url.searchParams.get('metricnamespace')).toBe('Microsoft.Network/azureFirewalls');
    expect(url.searchParams.get('interval')).toBe('PT1H');
    expect(url.searchParams.get('aggregation')?.toLowerCase()).toBe('average,maximum');
    expect(requests[0]!.authorization).toBe('Bearer unit-test-token');
    expect(JSON.parse(requests[0]!.body)).toEqual({ resourceids: [firewallId] });
  });
});
