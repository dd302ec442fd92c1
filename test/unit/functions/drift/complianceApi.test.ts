import { complianceApiHandler, COMPLIANCE_STATE_FILTERS } from '../../../../functions/drift/complianceApi';
import type { SubnetCompliance } from '../../../../shared/azure/tables/complianceStore';
import { httpRequest, subscriptionId } from '../../../support/handlerFakes';

const row = (subnetName: string, state: string): SubnetCompliance => ({
  subnetId: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/${subnetName}`,
  subscriptionId,
  vnetName: 'vnet',
  subnetName,
  state,
  mode: 'enforce',
  findings: state === 'compliant' ? [] : [{ code: 'ROUTE_TABLE_MISSING', severity: 'high', message: 'no route table' }],
  lastWrites: [],
  updatedAt: '2026-12-01T10:00:00.000Z',
  lastNotifiedFingerprint: 'fp-internal',
});
const rows = [row('aks-a', 'compliant'), row('aks-b', 'failed'), row('aks-c', 'compliant')];
const ask = (query: Record<string, string> = {}) => complianceApiHandler({ listCompliance: async () => rows })(httpRequest({ url: 'https://guard.example.com/api/compliance', query }));
type Body = { generatedAt: string; counts: Record<string, number>; subnets: Array<Record<string, unknown>> };

describe('GET /api/compliance', () => {
  it('answers every subnet with counts per state, without the internal notification fingerprint', async () => {
    const answer = await ask();
    expect(answer.status).toBe(200);
    const body = answer.jsonBody as Body;
    expect(body.counts).toEqual({ compliant: 2, failed: 1 });
    expect(body.subnets.map((subnet) => subnet.subnetName)).toEqual(['aks-a', 'aks-b', 'aks-c']);
    expect(body.subnets.every((subnet) => !('lastNotifiedFingerprint' in subnet))).toBe(true);
    expect(Number.isNaN(Date.parse(body.generatedAt))).toBe(false);
  });

  it('?state= filters the subnets but the counts stay over all', async () => {
    const body = (await ask({ state: 'failed' })).jsonBody as Body;
    expect(body.subnets.map((subnet) => subnet.subnetName)).toEqual(['aks-b']);
    expect(body.counts).toEqual({ compliant: 2, failed: 1 });
  });

  it('400 naming state for an unknown state, never an empty 200 that looks like "all clear"', async () => {
    const answer = await ask({ state: 'Failed' });
    expect(answer.status).toBe(400);
    expect(answer.jsonBody).toEqual({
      error: { code: 'invalid-request', message: `state: must be one of ${COMPLIANCE_STATE_FILTERS.join(', ')}`, problems: [{ path: 'state', message: `must be one of ${COMPLIANCE_STATE_FILTERS.join(', ')}` }] },
    });
  });
});
