import { createSourceAttributor } from '../../../../shared/core/report/sourceAttribution';

const attribute = createSourceAttributor([
  { subnetId: 'vnet-wide', prefixes: ['10.42.0.0/16'], clusterIds: [] },
  { subnetId: 'aks-nodes', prefixes: ['10.42.1.0/24', 'fd00:42::/64'], clusterIds: ['aks-a', 'aks-b'] },
  { subnetId: 'broken', prefixes: ['not-a-cidr'], clusterIds: ['aks-x'] },
]);

describe('createSourceAttributor', () => {
  it.each([
    { label: 'most specific prefix wins', ip: '10.42.1.17', subnetId: 'aks-nodes' },
    { label: 'falls back to the wider prefix', ip: '10.42.9.1', subnetId: 'vnet-wide' },
    { label: 'IPv6 prefix', ip: 'fd00:42::5', subnetId: 'aks-nodes' },
    { label: 'IPv4-mapped IPv6 source', ip: '::ffff:10.42.1.5', subnetId: 'aks-nodes' },
    { label: 'outside every prefix', ip: '192.168.1.1', subnetId: undefined },
    { label: 'not an IP', ip: 'ghcr.io', subnetId: undefined },
  ])('$label', ({ ip, subnetId }) => {
    expect(attribute(ip)?.subnetId).toBe(subnetId);
  });

  it('returns the clusters of the subnet', () => {
    expect(attribute('10.42.1.4')).toEqual({ subnetId: 'aks-nodes', clusterIds: ['aks-a', 'aks-b'] });
  });
});
