import { attributeSnat, type TopFlowHit } from '../../../../shared/core/report/snatAttribution';
import { createSourceAttributor } from '../../../../shared/core/report/sourceAttribution';
import { snatAdvice } from '../../../../shared/core/report/toReportCardModel';

const hour = { from: new Date('2026-11-23T05:00:00Z'), to: new Date('2026-11-23T06:00:00Z') };
const attribute = createSourceAttributor([{ subnetId: 'subnet', prefixes: ['10.42.1.0/24'], clusterIds: ['/x/managedClusters/aks-a'] }]);
const flow = (SourceIp: string, DestinationIp: string, PeakFlowRateMbps: number): TopFlowHit => ({
  SourceIp, DestinationIp, DestinationPort: 443, Protocol: 'tcp', Samples: 1, PeakFlowRateMbps, AverageFlowRateMbps: PeakFlowRateMbps / 2,
  FirstSeen: hour.from, LastSeen: hour.to,
});

describe('attributeSnat', () => {
  it.each([
    {
      label: 'one destination takes most: more IPs or a NAT gateway add ports for it',
      flows: [flow('10.42.1.4', '20.150.10.4', 300), flow('10.42.1.5', '20.150.10.4', 300), flow('10.42.1.6', '52.1.1.1', 100)],
      findings: ['concentrated-destination'],
      advice: /Most of it goes to 20\.150\.10\.4:443\/TCP\. SNAT ports are per destination/,
    },
    {
      label: 'spread over many destinations by many sources',
      flows: [flow('10.42.1.4', '52.1.1.1', 100), flow('10.42.1.5', '52.1.1.2', 100), flow('10.42.1.6', '52.1.1.3', 100)],
      findings: ['spread'],
      advice: /spread over 3 destinations: more public IPs or a NAT gateway raise the capacity/,
    },
    {
      label: 'one unattributed source does most of it',
      flows: [flow('10.9.9.9', '52.1.1.1', 500), flow('10.42.1.5', '52.1.1.2', 100), flow('10.42.1.6', '52.1.1.3', 100)],
      findings: ['concentrated-source', 'concentrated-destination'],
      advice: /One source, unattributed \(10\.9\.9\.9\), carries most of it: connection reuse/,
    },
  ])('$label', ({ flows, findings, advice }) => {
    const attribution = attributeSnat(flows, hour, attribute);
    expect(attribution.findings).toEqual(findings);
    expect(attribution.hour).toEqual({ from: hour.from.toISOString(), to: hour.to.toISOString() });
    expect(snatAdvice(attribution)).toMatch(advice);
  });

  it('names each source with its cluster, heaviest first', () => {
    const attribution = attributeSnat([flow('10.42.1.4', '52.1.1.1', 50), flow('10.9.9.9', '52.1.1.2', 80)], hour, attribute);
    expect(attribution.sources).toEqual([
      { sourceIp: '10.9.9.9', clusterIds: [], peakMbps: 80, flows: 1 },
      { sourceIp: '10.42.1.4', clusterIds: ['/x/managedClusters/aks-a'], subnetId: 'subnet', peakMbps: 50, flows: 1 },
    ]);
  });
});
