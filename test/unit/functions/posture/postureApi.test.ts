import { postureApiHandler } from '../../../../functions/posture/postureApi';
import type { StoredPosture } from '../../../../shared/azure/tables/postureStore';
import { httpRequest, subscriptionId } from '../../../support/handlerFakes';

const stored = (clusterName: string, status: 'pass' | 'fail' | 'advice'): StoredPosture => ({
  posture: { clusterId: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${clusterName}`, clusterName, status, checks: [] },
  evaluatedAt: '2026-12-01T10:00:00.000Z',
  told: [],
});
const postures = [stored('aks-a', 'pass'), stored('aks-b', 'fail'), stored('aks-c', 'advice'), stored('aks-d', 'fail')];
const ask = (query: Record<string, string> = {}) => postureApiHandler({ listPostures: async () => postures })(httpRequest({ url: 'https://guard.example.com/api/posture', query }));
type Body = { counts: Record<string, number>; clusters: Array<{ clusterName: string; evaluatedAt: string; told?: unknown }> };

describe('GET /api/posture', () => {
  it('answers every cluster with its evaluation time and counts per status', async () => {
    const answer = await ask();
    expect(answer.status).toBe(200);
    const body = answer.jsonBody as Body;
    expect(body.counts).toEqual({ pass: 1, fail: 2, advice: 1 });
    expect(body.clusters.map((cluster) => cluster.clusterName)).toEqual(['aks-a', 'aks-b', 'aks-c', 'aks-d']);
    expect(body.clusters[0]).toEqual({ ...postures[0]?.posture, evaluatedAt: '2026-12-01T10:00:00.000Z' });
  });

  it('?status=fail keeps the failing clusters only', async () => {
    const body = (await ask({ status: 'fail' })).jsonBody as Body;
    expect(body.clusters.map((cluster) => cluster.clusterName)).toEqual(['aks-b', 'aks-d']);
  });

  it('400 naming the bad status value', async () => {
    const answer = await ask({ status: 'failing' });
    expect(answer.status).toBe(400);
    expect(answer.jsonBody).toEqual({ error: { code: 'InvalidStatus', message: 'status must be one of pass, fail, advice, got "failing"' } });
  });
});
