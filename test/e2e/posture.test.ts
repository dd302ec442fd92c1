import { cardTexts, sinkMessages, type SinkMessage } from './reportHelpers';
import { eventually, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

/**
 * Cluster egress posture end to end on the default seed: the initial sweep's posture pass reads the estate through
 * the real SDKs, GET /api/posture shows exactly the seeded findings and one card tells Teams; each fix, made with an
 * ARM call to the emulator, reaches the app as an Event Grid event and clears its finding with a recovery line.
 */
const subscription = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const shopClusterId = `${subscription}/resourceGroups/rg-spoke-shop/providers/Microsoft.ContainerService/managedClusters/aks-shop`;
const hubPolicyId = `${subscription}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub`;
const basePolicyId = `${subscription}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-base`;

interface PostureBody {
  counts: Record<string, number>;
  clusters: Array<{ clusterName: string; status: string; checks: Array<{ check: string; status: string; findings: Array<{ code: string; key: string; fix: string }> }> }>;
}

describe('cluster egress posture (sandbox e2e)', () => {
  let sandbox: SandboxProcess;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ timers: false });
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  const posture = async (): Promise<PostureBody> => {
    const response = await sandbox.callFunction('/api/posture');
    expect(response.status).toBe(200);
    return (await response.json()) as PostureBody;
  };
  const findingsOf = (body: PostureBody) =>
    Object.fromEntries(body.clusters.map((cluster) => [cluster.clusterName, cluster.checks.flatMap((check) => check.findings.map((finding) => `${finding.code} ${finding.key}`)).sort()]));
  const postureCards = async (): Promise<SinkMessage[]> =>
    (await sinkMessages(sandbox.endpoints.teams.messagesUrl)).filter((message) => cardTexts(message.payload).some((text) => text.includes('cluster egress posture changed')));
  const arm = async (method: 'GET' | 'PUT' | 'DELETE', id: string, body?: unknown, apiVersion = '2026-01-01') => {
    const response = await fetch(`${sandbox.endpoints.arm.url}${id}?api-version=${apiVersion}`, {
      method,
      headers: { authorization: 'Bearer e2e', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBeLessThan(300);
    return response.status === 204 ? undefined : ((await response.json().catch(() => undefined)) as Record<string, unknown> | undefined);
  };
  /** Waits until the finding is gone from /api/posture and a posture card carries its recovery line. */
  const recovered = async (cluster: string, finding: string, recoveryText: string) => {
    await eventually(`${finding} to clear`, async () => ((findingsOf(await posture())[cluster] ?? []).includes(finding) ? undefined : true), 30_000);
    return eventually(`a recovery line for ${finding}`, async () => {
      const cards = await postureCards();
      return cards.find((card) => cardTexts(card.payload).some((text) => text.startsWith('- Recovered:') && text.includes(recoveryText)));
    }, 30_000);
  };

  const expectedAtStart = {
    'aks-egress': ['snat-headroom-low snat-headroom-low'],
    'aks-shop': [
      'authorized-ranges-miss-firewall-ip 20.61.15.100',
      'public-frontend-without-dnat 20.61.20.7',
      'required-egress-denied https:acs-mirror.azureedge.net:443',
      'required-egress-denied https:packages.microsoft.com:443',
      'snat-headroom-low snat-headroom-low',
    ],
  };

  it('shows exactly the seeded findings in /api/posture and on one card', async () => {
    const body = await eventually('both clusters evaluated', async () => {
      const current = await posture();
      return current.clusters.length === 2 ? current : undefined;
    }, 30_000);
    expect(findingsOf(body)).toEqual(expectedAtStart);
    expect(body.counts).toEqual({ advice: 1, fail: 1 });
    const shop = body.clusters.find((cluster) => cluster.clusterName === 'aks-shop');
    expect(shop?.checks.map((check) => `${check.check}:${check.status}`)).toEqual([
      'firewall-region:pass',
      'outbound-type:pass',
      'required-egress:fail',
      'api-server-authorized-ranges:fail',
      'asymmetric-routing:fail',
      expect.stringMatching(/^dns-proxy:(pass|not-applicable)$/), // pass once drift pointed the spoke's DNS at the firewall
      'snat-headroom:advice',
    ]);

    const [card, ...more] = await eventually('the posture card', async () => {
      const cards = await postureCards();
      return cards.length > 0 ? cards : undefined;
    });
    const texts = cardTexts(card!.payload).join('\n');
    for (const finding of Object.values(expectedAtStart).flat()) expect(texts).toContain(`(${finding.split(' ')[0]},`);
    expect(texts).toContain('Deny rule no-package-mirrors (afwp-base/rcg-baseline/shop-deny-package-mirrors), which shadows Allow rule aks-fqdn-tag');
    expect(more).toEqual([]);

    // Drift's own writes (route tables, spoke DNS) raise events that rerun the pass: no change, so no second card.
    // Idle: those reruns (and their settle windows) are over and nothing else is pending.
    await sandbox.idle();
    expect(await postureCards()).toHaveLength(1);
    expect(await sandbox.callFunction('/api/posture?status=sideways').then((response) => response.status)).toBe(400);
  }, 60_000);

  it('clears the authorized-ranges finding when the firewall IP is added to the cluster', async () => {
    const cluster = (await arm('GET', shopClusterId, undefined, '2026-04-01'))!;
    const properties = cluster.properties as Record<string, unknown>;
    await arm('PUT', shopClusterId, { ...cluster, properties: { ...properties, apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.0/24', '20.61.15.100/32'] } } }, '2026-04-01');

    const card = await recovered('aks-shop', 'authorized-ranges-miss-firewall-ip 20.61.15.100', 'misses firewall fw-hub');
    expect(cardTexts(card.payload).filter((text) => text.startsWith('- New:'))).toEqual([]);
  }, 60_000);

  it('clears the asymmetric-routing finding when a DNAT rule serves the public frontend', async () => {
    await arm('PUT', `${hubPolicyId}/ruleCollectionGroups/rcg-shop-ingress`, {
      properties: {
        priority: 150,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyNatRuleCollection',
            name: 'store-front',
            priority: 100,
            action: { type: 'DNAT' },
            rules: [{ ruleType: 'NatRule', name: 'http', ipProtocols: ['TCP'], sourceAddresses: ['*'], destinationAddresses: ['20.61.15.100'], destinationPorts: ['80'], translatedAddress: '20.61.20.7', translatedPort: '80' }],
          },
        ],
      },
    });

    await recovered('aks-shop', 'public-frontend-without-dnat 20.61.20.7', 'public frontend a7f3c9e1');
  }, 60_000);

  it('clears the shadowed requirements when the parent policy deny is removed', async () => {
    await arm('DELETE', `${basePolicyId}/ruleCollectionGroups/rcg-baseline`);

    await recovered('aks-shop', 'required-egress-denied https:packages.microsoft.com:443', 'packages.microsoft.com on Https:443');
    const card = await recovered('aks-shop', 'required-egress-denied https:acs-mirror.azureedge.net:443', 'acs-mirror.azureedge.net on Https:443');
    expect(cardTexts(card.payload).filter((text) => text.startsWith('- Recovered:'))).toHaveLength(2);
    expect(findingsOf(await posture())).toEqual({ 'aks-egress': ['snat-headroom-low snat-headroom-low'], 'aks-shop': ['snat-headroom-low snat-headroom-low'] });
  }, 60_000);
});
