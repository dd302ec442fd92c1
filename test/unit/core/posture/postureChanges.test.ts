import { buildPostureCard } from '../../../../shared/core/cards/postureCard';
import { evaluatePosture } from '../../../../shared/core/posture/evaluatePosture';
import { findingsOf, postureChange } from '../../../../shared/core/posture/postureChanges';
import { factsOf } from './postureFacts';

const broken = evaluatePosture(factsOf({ cluster: { authorizedIpRanges: ['203.0.113.0/24'], skuTier: 'Standard' } }));
const fixed = evaluatePosture(factsOf({ cluster: { skuTier: 'Standard' } }));

describe('postureChange', () => {
  it('reports every finding as new when the channel was told nothing', () => {
    expect(postureChange([], broken)?.appeared.map((finding) => finding.code)).toEqual(['authorized-ranges-miss-firewall-ip', 'snat-headroom-low']);
  });

  it('is undefined when the channel already knows', () => {
    expect(postureChange(findingsOf(broken), broken)).toBeUndefined();
  });

  it('ignores a reworded message for the same code and key', () => {
    const told = findingsOf(broken).map((finding) => ({ ...finding, message: 'older wording' }));
    expect(postureChange(told, broken)).toBeUndefined();
  });

  it('reports a recovery when a finding goes away', () => {
    const change = postureChange(findingsOf(broken), fixed);
    expect(change?.appeared).toEqual([]);
    expect(change?.recovered.map((finding) => finding.code)).toEqual(['authorized-ranges-miss-firewall-ip']);
  });
});

describe('buildPostureCard', () => {
  it('shows new findings and recovery lines per cluster', () => {
    const card = JSON.stringify(buildPostureCard([postureChange([], broken)!, { ...postureChange(findingsOf(broken), fixed)!, clusterName: 'aks-shop' }]));

    expect(card).toContain('Cluster aks-egress: breaks the design');
    expect(card).toContain('New: Cluster aks-egress authorizes 203.0.113.0/24');
    expect(card).toContain('Cluster aks-shop: meets the design, with advice');
    expect(card).toContain('Recovered: Cluster aks-egress authorizes');
    expect(card).toContain('Fix: Add the firewall public IP to the authorized ranges');
  });
});
