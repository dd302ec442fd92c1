import { recommendSnat, snatCapacityOf, type FirewallResource } from '../../../../shared/core/report/snatCapacity';

const pip = (n: number) => ({ properties: { publicIPAddress: { id: `/pip/${n}` } } });

describe('snatCapacityOf', () => {
  it.each<{ label: string; firewall: FirewallResource; ips: number; instances: number }>([
    { label: 'VNet firewall counts ip configurations with a public IP', firewall: { id: 'fw', properties: { ipConfigurations: [pip(1), pip(2), { properties: {} }] } }, ips: 2, instances: 2 },
    { label: 'vHub firewall uses hubIPAddresses.publicIPs.count', firewall: { id: 'fw', properties: { virtualHub: { id: 'hub' }, hubIPAddresses: { publicIPs: { count: 3 } } } }, ips: 3, instances: 2 },
    { label: 'autoscale minimum above 2 raises instances', firewall: { id: 'fw', properties: { ipConfigurations: [pip(1)], autoscaleConfiguration: { minCapacity: 4 } } }, ips: 1, instances: 4 },
    { label: 'autoscale minimum below 2 keeps the floor', firewall: { id: 'fw', properties: { ipConfigurations: [pip(1)], autoscaleConfiguration: { minCapacity: 1 } } }, ips: 1, instances: 2 },
  ])('$label', ({ firewall, ips, instances }) => {
    expect(snatCapacityOf(firewall)).toMatchObject({ publicIpCount: ips, instanceCount: instances, ports: ips * 2496 * instances });
  });
});

describe('recommendSnat', () => {
  const vnet = { publicIpCount: 2, instanceCount: 2, ports: 9984, inVirtualHub: false };
  it.each([
    { label: 'below threshold', capacity: vnet, peak: 80, expected: { kind: 'none' } },
    { label: '92% on 2 IPs needs 1 more for 80%', capacity: vnet, peak: 92, expected: { kind: 'add-public-ips', additionalPublicIps: 1, natGatewayAlternative: true } },
    { label: '100% on 2 IPs at 40% needs 3 more', capacity: vnet, peak: 100, threshold: 40, expected: { kind: 'add-public-ips', additionalPublicIps: 3, natGatewayAlternative: true } },
    { label: 'secured hub gets no NAT gateway alternative', capacity: { ...vnet, inVirtualHub: true }, peak: 95, expected: { kind: 'add-public-ips', additionalPublicIps: 1, natGatewayAlternative: false } },
    { label: 'past 250 IPs needs a NAT gateway', capacity: { ...vnet, publicIpCount: 240 }, peak: 99, expected: { kind: 'nat-gateway' } },
    { label: 'no public IPs needs a NAT gateway', capacity: { ...vnet, publicIpCount: 0 }, peak: 99, expected: { kind: 'nat-gateway' } },
  ])('$label', ({ capacity, peak, threshold, expected }) => {
    expect(recommendSnat(capacity, peak, threshold ?? 80)).toEqual(expected);
  });
});
