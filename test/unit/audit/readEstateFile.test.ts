import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estateFromText, readEstateFile } from '../../../shared/audit/readEstateFile';
import { evaluateEstate } from '../../../shared/audit/evaluateEstate';
import { buildAuditReport, exitCodeOf } from '../../../shared/audit/auditReport';
import { parseConcatenatedJson } from '../../../shared/audit/concatenatedJson';
import type { DriftPolicy } from '../../../shared/core/drift/types';

const fixture = join(__dirname, '..', '..', 'fixtures', 'audit', 'az-export.json');
const policy: DriftPolicy = {
  mode: 'audit',
  aksSubnetPatterns: ['aks-*'],
  routeTableStrategy: 'per-vnet',
  sharedRouteTableIds: undefined,
  routeTableNamePattern: 'rt-{vnet}-egress',
  firewallPublicIpRoute: false,
  removeBypassRoutes: false,
  foreignRouteTableAction: 'repair-in-place',
};
const now = new Date('2026-12-07T10:00:00Z');
const everything = { subscriptionIds: undefined, firewallResourceIds: undefined };

describe('readEstateFile (az CLI output)', () => {
  it('reads flattened az CLI output back into ARM wire shape (properties, wire key spellings)', () => {
    const estate = readEstateFile(fixture, everything);

    expect(estate.subscriptionIds).toEqual(['11111111-2222-4333-8444-555555555555']);
    const subnet = estate.vnets[0]!.properties!.subnets![0]!;
    expect(subnet.properties?.routeTable?.id).toMatch(/routeTables\/rt-onprem$/);
    expect(estate.vnets[0]!.properties!.subnets![1]!.properties?.delegations?.[0]?.properties?.serviceName).toBe('Microsoft.Netapp/volumes');
    expect(estate.routeTables[0]!.properties?.routes?.[0]?.properties.nextHopIpAddress).toBe('10.0.2.4');
    // az aks prints the SDK's vnetSubnetId; the wire (and toClusterFacts) say vnetSubnetID.
    expect(estate.clusters).toEqual([
      {
        id: expect.stringMatching(/aks-team-a$/),
        name: 'aks-team-a',
        outboundType: 'loadBalancer',
        subnetIds: [subnet.id],
        networkPlugin: 'azure',
        nodeResourceGroup: 'MC_rg-team-a_aks-team-a_westeurope',
      },
    ]);
    expect(estate.firewalls).toEqual([
      { id: expect.stringMatching(/fw-hub$/), location: 'westeurope', privateIp: '10.0.1.4', publicIps: [], dnsProxyEnabled: true },
    ]);
  });

  it('decides like a reconcile pass: a foreign table is repaired in place (or swapped when so configured), the NetApp subnet is skipped', () => {
    const estate = readEstateFile(fixture, everything);
    const report = buildAuditReport(evaluateEstate(estate, policy, now), estate, 'file');

    expect(report.subnets.map((row) => row.subnet)).toEqual(['aks-nodes']);
    const [row] = report.subnets;
    expect(row!.findings.map((finding) => finding.code)).toEqual(['default-route-missing', 'bgp-propagation-enabled', 'cluster-outbound-bypass']);
    expect(row!.tableOwner).toBe('foreign');
    expect(row!.plannedWrites.map((write) => `${write.kind} ${write.resourceId.split('/').pop()}`)).toEqual(['route-table-update rt-onprem', 'route-put egress-guard-default']);
    expect(exitCodeOf(report)).toBe(1);

    const [swapped] = buildAuditReport(evaluateEstate(estate, { ...policy, foreignRouteTableAction: 'swap' }, now), estate, 'file').subnets;
    expect(swapped!.findings.map((finding) => finding.code)).toEqual(['route-table-foreign', 'cluster-outbound-bypass']);
    expect(swapped!.plannedWrites.map((write) => `${write.kind} ${write.resourceId.split('/').pop()}`)).toEqual(['route-table-create rt-vnet-team-a-egress', 'subnet-put aks-nodes']);
  });

  it('knows the DNS proxy only from the policy: without `az network firewall policy show` it is reported unknown', () => {
    const text = readFileSync(fixture, 'utf8').replace(/\{\s*"dnsSettings"[\s\S]*?"type": "Microsoft.Network\/FirewallPolicies"\s*\}/, '');
    const estate = estateFromText(text, 'estate.json', everything);
    const [row] = buildAuditReport(evaluateEstate(estate, policy, now), estate, 'file').subnets;

    expect(estate.firewalls[0]?.dnsProxyEnabled).toBeUndefined();
    expect(row!.findings.map((finding) => finding.code)).toContain('firewall-dns-proxy-unknown');
  });

  it('takes the same export as one JSON array, and in ARM wire shape (az rest, az resource show)', () => {
    const values = parseConcatenatedJson(readFileSync(fixture, 'utf8')).flatMap((value) => (Array.isArray(value) ? value : [value]));
    const asArray = estateFromText(JSON.stringify(values), 'estate.json', everything);
    const concatenated = readEstateFile(fixture, everything);

    expect(asArray).toEqual(concatenated);
    const wire = estateFromText(JSON.stringify(concatenated.vnets), 'vnets.json', everything);
    expect(wire.vnets).toEqual(concatenated.vnets);
  });

  it('audits only the --subscription given (the hub firewall may live elsewhere)', () => {
    const other = readEstateFile(fixture, { subscriptionIds: ['00000000-0000-4000-8000-000000000009'], firewallResourceIds: undefined });

    expect(other).toMatchObject({ subscriptionIds: ['00000000-0000-4000-8000-000000000009'], vnets: [], clusters: [] });
    expect(other.firewalls).toHaveLength(1);
  });

  it('names a --firewall that is not in the file', () => {
    const missing = '/subscriptions/99999999-8888-4777-8666-555555555555/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-other';

    expect(() => readEstateFile(fixture, { subscriptionIds: undefined, firewallResourceIds: [missing] })).toThrow(
      expect.objectContaining({ name: 'AuditError', code: 'firewall-not-found', message: expect.stringContaining(missing) }),
    );
  });

  it.each([
    { label: 'broken JSON', text: '[{"id": "/subscriptions/x"}]\n{"id": ', code: 'estate-file-invalid', message: /line 2 does not parse/ },
    { label: 'an item without id', text: '[{"name": "x"}]', code: 'estate-file-invalid', message: /item 1 is not an ARM resource/ },
  ])('refuses $label', ({ text, code, message }) => {
    expect(() => estateFromText(text, 'estate.json', everything)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it('says which file it cannot read', () => {
    expect(() => readEstateFile('/nonexistent/estate.json', everything)).toThrow(expect.objectContaining({ code: 'estate-file-unreadable', message: 'cannot read /nonexistent/estate.json: ENOENT' }));
  });
});

describe('parseConcatenatedJson', () => {
  it('splits values written one after another, strings with brackets and a BOM included', () => {
    expect(parseConcatenatedJson('\uFEFF[{"a": "]}"}]\n\n{"b": [1, {"c": "\\"{"}]}  [] 3')).toEqual([[{ a: ']}' }], { b: [1, { c: '"{' }] }, [], 3]);
  });
});
