import { auditClusterPosture, failingPostureFindings, type AuditClusterPosture, type MissingPiece } from '../../../shared/audit/auditPosture';
import { buildAuditReport, exitCodeOf } from '../../../shared/audit/auditReport';
import { exportPosture, exportPostureReader } from '../../../shared/audit/exportPosture';
import { estateFromText } from '../../../shared/audit/readEstateFile';
import { renderAuditReport } from '../../../shared/audit/renderAuditReport';
import type { EstateSnapshot } from '../../../shared/audit/estate';
import { evaluatePosture } from '../../../shared/core/posture/evaluatePosture';
import { factsOf, firewallOf } from '../core/posture/postureFacts';

const policyCommand = 'az network firewall policy show --ids /subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub';
const lbCommand = 'az network lb list --resource-group MC_rg-spoke_aks-egress_westeurope --subscription s';

const statuses = (posture: AuditClusterPosture) => Object.fromEntries(posture.checks.map((check) => [check.check, check.status]));

describe('auditClusterPosture', () => {
  it('is the app evaluation when nothing is missing (live)', () => {
    const facts = factsOf({ cluster: { skuTier: 'Standard' } });
    const posture = auditClusterPosture(facts);
    const app = evaluatePosture(facts);
    expect(posture).toEqual({ clusterId: app.clusterId, clusterName: app.clusterName, status: 'advice', checks: app.checks, missingFromExport: [] });
  });

  it('does not evaluate the checks that read a missing piece, and names the command to add', () => {
    // Without the policy the reader has no rules: required egress would say "not allowed", never a pass; here it is
    // not evaluated at all, nor are the checks that read DNAT rules and the DNS proxy switch.
    const facts = factsOf({ firewall: firewallOf({ policy: undefined, dnsProxyEnabled: undefined, policyProblem: 'policy afwp-hub does not exist' }) });
    const posture = auditClusterPosture(facts, [{ kind: 'firewall-policy', command: policyCommand }]);

    expect(statuses(posture)).toEqual({
      'firewall-region': 'pass',
      'outbound-type': 'pass',
      'required-egress': 'not-evaluated',
      'api-server-authorized-ranges': 'pass',
      'asymmetric-routing': 'not-evaluated',
      'dns-proxy': 'not-evaluated',
      'snat-headroom': 'not-applicable',
    });
    expect(posture.checks.find((check) => check.check === 'required-egress')).toMatchObject({ summary: 'Not evaluated: the export lacks the firewall policy (or a parent policy).', findings: [] });
    expect(posture.status).toBe('incomplete');
    expect(posture.missingFromExport).toEqual([policyCommand]);
  });

  it('lets a failing check outrank the incomplete ones, and keeps a not-applicable the missing piece cannot change', () => {
    const facts = factsOf({ cluster: { outboundType: 'loadBalancer' } });
    const posture = auditClusterPosture(facts, [{ kind: 'node-resource-group', command: lbCommand }]);
    // Load balancers matter only on a UDR cluster: the check stays not-applicable and the command is not asked for.
    expect(statuses(posture)['asymmetric-routing']).toBe('not-applicable');
    expect(posture.status).toBe('fail');
    expect(posture.missingFromExport).toEqual([]);

    const udr = auditClusterPosture(factsOf(), [{ kind: 'node-resource-group', command: lbCommand }]);
    expect(statuses(udr)['asymmetric-routing']).toBe('not-evaluated');
    expect(udr).toMatchObject({ status: 'incomplete', missingFromExport: [lbCommand] });
  });

  it('without the firewall of the region, evaluates only the outbound type', () => {
    const missing: MissingPiece[] = [{ kind: 'firewall', command: 'az network firewall show --name <the firewall serving westeurope> --resource-group <its group>' }];
    const posture = auditClusterPosture(factsOf({ firewall: undefined }), missing);
    expect(Object.entries(statuses(posture)).filter(([, status]) => status !== 'not-evaluated')).toEqual([['outbound-type', 'pass']]);
    expect(failingPostureFindings([posture])).toBe(0);
  });
});

describe('exportPostureReader', () => {
  const policyId = '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub';
  const groupId = `${policyId}/ruleCollectionGroups/rcg-platform`;

  it('needs every rule collection group the policy lists', async () => {
    const policy = { id: policyId, properties: { ruleCollectionGroups: [{ id: groupId }] } };
    const missing: MissingPiece[] = [];
    const read = await exportPostureReader(new Map([['microsoft.network/firewallpolicies', [policy]]]), missing, 'firewall-public-ip').policy(policyId);
    expect(read).toEqual({ policy, groups: [] });
    expect(missing).toEqual([{ kind: 'rule-collection-groups', command: 'az network firewall policy rule-collection-group list --policy-name afwp-hub --resource-group rg-hub --subscription s' }]);

    const complete: MissingPiece[] = [];
    const group = { id: groupId, properties: { priority: 200, ruleCollections: [] } };
    await exportPostureReader(new Map([['microsoft.network/firewallpolicies', [policy]], ['microsoft.network/firewallpolicies/rulecollectiongroups', [group]]]), complete, 'firewall-public-ip').policy(policyId);
    expect(complete).toEqual([]);
  });

  it('counts a node resource group without load balancers in the file as missing (an export cannot say none)', async () => {
    const missing: MissingPiece[] = [];
    expect(await exportPostureReader(new Map(), missing, 'node-resource-group').loadBalancers('s', 'MC_rg-spoke_aks-egress_westeurope')).toEqual([]);
    expect(missing).toEqual([{ kind: 'node-resource-group', command: lbCommand }]);
  });
});

describe('exportPosture', () => {
  const sub = '/subscriptions/11111111-2222-4333-8444-555555555555';
  const hub = `${sub}/resourceGroups/rg-hub/providers/Microsoft.Network`;
  const exported = [
    // az network vnet list
    [{ id: `${sub}/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/vnet-a`, name: 'vnet-a', type: 'Microsoft.Network/virtualNetworks', location: 'westeurope', addressSpace: { addressPrefixes: ['10.42.0.0/16'] }, subnets: [{ id: `${sub}/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/aks-nodes`, name: 'aks-nodes', addressPrefix: '10.42.1.0/24' }] }],
    // az network firewall show
    { id: `${hub}/azureFirewalls/fw-hub`, name: 'fw-hub', type: 'Microsoft.Network/azureFirewalls', location: 'westeurope', ipConfigurations: [{ id: `${hub}/azureFirewalls/fw-hub/azureFirewallIpConfigurations/c`, name: 'c', privateIPAddress: '10.0.1.4', publicIPAddress: { id: `${hub}/publicIPAddresses/pip-fw` } }], firewallPolicy: { id: `${hub}/firewallPolicies/afwp-hub` } },
    // az aks list (SDK spelling)
    [{ id: `${sub}/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters/aks-a`, name: 'aks-a', type: 'Microsoft.ContainerService/ManagedClusters', location: 'westeurope', nodeResourceGroup: 'MC_a', networkProfile: { outboundType: 'userDefinedRouting' }, apiServerAccessProfile: { authorizedIpRanges: ['203.0.113.0/24'] }, agentPoolProfiles: [{ name: 'nodes', vnetSubnetId: `${sub}/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/aks-nodes` }] }],
  ];
  const estate = (items: unknown[]): EstateSnapshot => estateFromText(items.map((item) => JSON.stringify(item)).join('\n'), 'estate.json', { subscriptionIds: undefined, firewallResourceIds: undefined });

  it('names every command a partial export needs, never a pass on a guess', async () => {
    const [posture] = (await exportPosture(estate(exported)))!;
    expect(posture!.status).toBe('incomplete');
    expect(posture!.missingFromExport).toEqual([
      `az network public-ip show --ids ${hub}/publicIPAddresses/pip-fw`,
      `az network firewall policy show --ids ${hub}/firewallPolicies/afwp-hub`,
      'az network lb list --resource-group MC_a --subscription 11111111-2222-4333-8444-555555555555',
    ]);
    expect(posture!.checks.filter((check) => check.status === 'pass').map((check) => check.check)).toEqual(['firewall-region', 'outbound-type']);
  });

  it('evaluates from the az CLI shapes once the pieces are there (flattened policy, group, public IP, load balancer)', async () => {
    const complete = [
      ...exported,
      { id: `${hub}/publicIPAddresses/pip-fw`, name: 'pip-fw', type: 'Microsoft.Network/publicIPAddresses', location: 'westeurope', ipAddress: '20.61.15.100' },
      { id: `${hub}/firewallPolicies/afwp-hub`, name: 'afwp-hub', type: 'Microsoft.Network/FirewallPolicies', location: 'westeurope', dnsSettings: { enableProxy: true }, ruleCollectionGroups: [{ id: `${hub}/firewallPolicies/afwp-hub/ruleCollectionGroups/rcg` }] },
      [{ id: `${hub}/firewallPolicies/afwp-hub/ruleCollectionGroups/rcg`, name: 'rcg', type: 'Microsoft.Network/FirewallPolicies/RuleCollectionGroups', priority: 200, ruleCollections: [] }],
      [{ id: `${sub}/resourceGroups/MC_a/providers/Microsoft.Network/loadBalancers/kubernetes`, name: 'kubernetes', type: 'Microsoft.Network/loadBalancers', location: 'westeurope', frontendIPConfigurations: [{ id: `${sub}/resourceGroups/MC_a/providers/Microsoft.Network/loadBalancers/kubernetes/frontendIPConfigurations/f1`, name: 'f1', publicIPAddress: { id: `${sub}/resourceGroups/MC_a/providers/Microsoft.Network/publicIPAddresses/pip-f1` } }] }],
      [{ id: `${sub}/resourceGroups/MC_a/providers/Microsoft.Network/publicIPAddresses/pip-f1`, name: 'pip-f1', type: 'Microsoft.Network/publicIPAddresses', ipAddress: '20.61.20.7' }],
    ];
    const [posture] = (await exportPosture(estate(complete)))!;
    expect(posture!.missingFromExport).toEqual([]);
    const findings = posture!.checks.flatMap((check) => check.findings.map((finding) => `${finding.code} ${finding.key}`));
    expect(findings).toEqual(expect.arrayContaining(['authorized-ranges-miss-firewall-ip 20.61.15.100', 'public-frontend-without-dnat 20.61.20.7', 'required-egress-not-allowed https:mcr.microsoft.com:443']));
    expect(posture!.status).toBe('fail');
  });
});

describe('the posture section of the report', () => {
  const failing = auditClusterPosture(factsOf({ cluster: { authorizedIpRanges: ['203.0.113.0/24'], skuTier: 'Standard' } }));
  const incomplete = auditClusterPosture(
    factsOf({ cluster: { id: '/subscriptions/s/resourceGroups/rg-b/providers/Microsoft.ContainerService/managedClusters/aks-b', name: 'aks-b' } }),
    [{ kind: 'node-resource-group', command: lbCommand }],
  );
  const estate: EstateSnapshot = { subscriptionIds: ['s'], vnets: [], routeTables: [], clusters: [], firewalls: [], routeTablesComplete: true };

  it('prints per cluster check, status, finding and fix, and the export commands to add (table)', () => {
    const text = renderAuditReport(buildAuditReport([], estate, 'file', [incomplete, failing]), 'table');
    const lines = text.split('\n');
    const at = lines.indexOf('aks-b (rg-b): incomplete');
    expect(lines.indexOf('aks-egress (rg-spoke): fail')).toBeGreaterThan(at); // by cluster name
    expect(lines[at + 1]).toMatch(/^ {2}CHECK +STATUS +FINDING \(or why not\) +FIX$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}asymmetric-routing +not-evaluated +Not evaluated: the export lacks the load balancers of the node resource group\. +-$/));
    expect(lines).toContain(`  add to the export: ${lbCommand}`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}api-server-authorized-ranges +fail +authorized-ranges-miss-firewall-ip: Cluster aks-egress authorizes 203\.0\.113\.0\/24 .* +Add the firewall public IP to the authorized ranges: az aks update/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}snat-headroom +advice +snat-headroom-low: Production cluster aks-egress/));
    expect(text).toContain('; cluster posture of 2 cluster(s): 1 failing finding(s), 1 advice, 1 not fully evaluated (see the export commands).\n');
  });

  it('prints a markdown table per cluster with the commands as a list', () => {
    const text = renderAuditReport(buildAuditReport([], estate, 'file', [incomplete]), 'markdown');
    expect(text).toContain('## Cluster posture\n\n### aks-b (rg-b): incomplete\n\n| Check | Status | Finding (or why not) | Fix |\n|---|---|---|---|\n');
    expect(text).toContain('| asymmetric-routing | not-evaluated | Not evaluated: the export lacks the load balancers of the node resource group. | - |\n');
    expect(text).toContain(`Add to the export:\n\n- \`${lbCommand}\`\n`);
    const withFinding = renderAuditReport(buildAuditReport([], estate, 'arm', [failing]), 'markdown');
    expect(withFinding).toMatch(/\| api-server-authorized-ranges \| fail \| `authorized-ranges-miss-firewall-ip`: Cluster aks-egress authorizes .* \| Add the firewall public IP/);
  });

  it('carries the posture in JSON and counts only failing checks in the exit code', () => {
    const report = buildAuditReport([], estate, 'arm', [failing]);
    expect(JSON.parse(renderAuditReport(report, 'json'))).toMatchObject({ summary: { postureClusters: 1, postureFindings: 1, postureAdvice: 1, postureIncomplete: 0 }, posture: [{ clusterName: 'aks-egress', status: 'fail' }] });
    expect(exitCodeOf(report)).toBe(1);

    const adviceOnly = auditClusterPosture(factsOf({ cluster: { skuTier: 'Standard' } }));
    expect(exitCodeOf(buildAuditReport([], estate, 'arm', [adviceOnly]))).toBe(0);
    expect(exitCodeOf(buildAuditReport([], estate, 'file', [incomplete]))).toBe(0);
  });
});
