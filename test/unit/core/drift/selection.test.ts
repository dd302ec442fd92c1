import { effectiveMode } from '../../../../shared/core/drift/effectiveMode';
import { selectGuardedSubnets } from '../../../../shared/core/drift/guardedSubnets';
import { ownedRouteTableIdFor } from '../../../../shared/core/drift/ownedRouteTable';
import { changeBudget } from '../../../../shared/core/drift/changeBudget';
import { armRouteTable, armSubnet, armVnet, cluster, policy, sub, vnetId } from './fixtures';

const netapp = [{ name: 'anf', properties: { serviceName: 'Microsoft.Netapp/volumes' } }];

describe('selectGuardedSubnets', () => {
  it.each([
    { label: 'default pattern aks-*', subnet: armSubnet('aks-nodes'), tags: undefined, clusters: [], reason: 'setting-pattern' },
    { label: 'name outside the pattern', subnet: armSubnet('app-frontend'), tags: undefined, clusters: [], reason: undefined },
    { label: 'VNet tag patterns replace the setting', subnet: armSubnet('aks-nodes'), tags: { 'egress-guard-aks-subnets': 'k8s-*, nodes' }, clusters: [], reason: undefined },
    { label: 'VNet tag pattern match', subnet: armSubnet('k8s-pool'), tags: { 'egress-guard-aks-subnets': 'k8s-*, nodes' }, clusters: [], reason: 'vnet-tag-pattern' },
    { label: 'used by a cluster (id case differs)', subnet: armSubnet('pods'), tags: undefined, clusters: [{ ...cluster('userDefinedRouting'), subnetIds: [`${vnetId}/subnets/pods`.toLowerCase()] }], reason: 'cluster' },
    { label: 'platform subnet, even if a cluster names it', subnet: armSubnet('AzureFirewallSubnet'), tags: undefined, clusters: [{ ...cluster(undefined), subnetIds: [`${vnetId}/subnets/AzureFirewallSubnet`] }], reason: undefined },
    { label: 'GatewaySubnet', subnet: armSubnet('GatewaySubnet'), tags: { 'egress-guard-aks-subnets': '*' }, clusters: [], reason: undefined },
    { label: 'delegated to NetApp', subnet: armSubnet('aks-anf', { delegations: netapp }), tags: undefined, clusters: [], reason: undefined },
  ])('$label', ({ subnet, tags, clusters, reason }) => {
    const selected = selectGuardedSubnets([armVnet({ tags, subnets: [subnet] })], clusters, policy);
    expect(selected[0]?.reason).toBe(reason);
  });
});

describe('effectiveMode', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it.each<{ label: string; tags: Record<string, string> | undefined; mode: string; source: string }>([
    { label: 'no tag: app mode', tags: undefined, mode: 'audit', source: 'setting' },
    { label: 'tag enforce', tags: { 'egress-guard-mode': 'enforce' }, mode: 'enforce', source: 'tag' },
    { label: 'tag key and value case-insensitive', tags: { 'Egress-Guard-Mode': 'Exempt' }, mode: 'exempt', source: 'tag' },
    { label: 'open-ended exemption', tags: { 'egress-guard-mode': 'exempt' }, mode: 'exempt', source: 'tag' },
    { label: 'exemption still running', tags: { 'egress-guard-mode': 'exempt', 'egress-guard-exempt-until': '2026-12-01' }, mode: 'exempt', source: 'tag' },
    { label: 'exemption over', tags: { 'egress-guard-mode': 'exempt', 'egress-guard-exempt-until': '2026-11-01' }, mode: 'audit', source: 'expired-exemption' },
    { label: 'unparseable end date fails closed', tags: { 'egress-guard-mode': 'exempt', 'egress-guard-exempt-until': 'soon' }, mode: 'audit', source: 'expired-exemption' },
    { label: 'unknown tag value', tags: { 'egress-guard-mode': 'off' }, mode: 'audit', source: 'invalid-tag' },
  ])('$label', ({ tags, mode, source }) => {
    expect(effectiveMode(tags, 'audit', now)).toMatchObject({ mode, source });
  });
});

describe('ownedRouteTableIdFor', () => {
  it.each([
    { label: 'per-vnet pattern', strategy: 'per-vnet' as const, pattern: 'udr-{vnet}-{region}', shared: [], expected: `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/udr-vnet-spoke-westeurope` },
    { label: 'shared table of the region', strategy: 'shared' as const, pattern: 'x', shared: [armRouteTable({ id: `/subscriptions/${sub}/resourceGroups/h/providers/Microsoft.Network/routeTables/rt-we` })], expected: `/subscriptions/${sub}/resourceGroups/h/providers/Microsoft.Network/routeTables/rt-we` },
    { label: 'shared table of another subscription is not usable', strategy: 'shared' as const, pattern: 'x', shared: [armRouteTable({ id: '/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/h/providers/Microsoft.Network/routeTables/rt-we' })], expected: undefined },
  ])('$label', ({ strategy, pattern, shared, expected }) => {
    expect(ownedRouteTableIdFor(armVnet(), { routeTableStrategy: strategy, routeTableNamePattern: pattern }, shared)).toBe(expected);
  });
});

describe('changeBudget', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  it.each([
    { label: 'nothing written', times: [], remaining: 3, exhausted: false },
    { label: 'writes older than an hour do not count', times: [minutesAgo(61), minutesAgo(90)], remaining: 3, exhausted: false },
    { label: 'used up', times: [minutesAgo(1), minutesAgo(2), minutesAgo(59)], remaining: 0, exhausted: true },
  ])('$label', ({ times, remaining, exhausted }) => {
    expect(changeBudget(times, 3, now)).toMatchObject({ remaining, exhausted });
  });
  it('says when budget comes back', () => {
    expect(changeBudget([minutesAgo(10), minutesAgo(50)], 2, now).nextReleaseAt).toEqual(new Date(now.getTime() + 10 * 60_000));
  });
});
