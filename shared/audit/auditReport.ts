import { parseArmId, sameArmId } from '../azure/arm/armId';
import type { Severity } from '../core/drift/types';
import type { Write } from '../core/drift/writes';
import { failingPostureFindings, type AuditClusterPosture } from './auditPosture';
import type { EstateSnapshot } from './estate';
import type { EvaluatedSubnet } from './evaluateEstate';

export type SubnetState = 'compliant' | 'drift' | 'exempt';

export interface AuditSubnetRow {
  readonly subnetId: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vnet: string;
  readonly subnet: string;
  readonly mode: string;
  readonly modeSource: string;
  readonly state: SubnetState;
  readonly findings: readonly { code: string; severity: Severity; message: string; fixable: boolean }[];
  /** guard | guard (other table) | foreign | aks | none | missing | not read | not in export */
  readonly tableOwner: string;
  readonly routeTableId: string | undefined;
  readonly plannedWrites: readonly { kind: Write['kind']; resourceId: string; reason: string }[];
}

export interface AuditReport {
  readonly source: 'arm' | 'file';
  readonly subscriptionIds: readonly string[];
  readonly firewallIds: readonly string[];
  readonly summary: {
    readonly subnets: number;
    readonly compliant: number;
    readonly drift: number;
    readonly exempt: number;
    readonly plannedWrites: number;
    /** With the posture section: clusters evaluated, findings of failing checks (they count in the exit code),
     * advice findings (they do not), clusters with checks the export could not evaluate. */
    readonly postureClusters?: number;
    readonly postureFindings?: number;
    readonly postureAdvice?: number;
    readonly postureIncomplete?: number;
  };
  readonly subnets: readonly AuditSubnetRow[];
  /** The cluster posture section (auditPosture.ts), per AKS cluster in a VNet it chose, by cluster name. */
  readonly posture?: readonly AuditClusterPosture[];
}

const managedByTag = 'egress-guard-managed';
/** Tables AKS itself creates for kubenet in the node resource group. */
const aksRouteTableName = /^aks-agentpool-\d+-routetable$/i;

function tableOwner(subnet: EvaluatedSubnet, estate: EstateSnapshot): string {
  const id = subnet.associatedRouteTableId;
  if (id === undefined) return 'none';
  if (sameArmId(id, subnet.ownedRouteTableId)) return 'guard';
  if (!subnet.associatedRouteTableFound) {
    if (!estate.routeTablesComplete) return 'not in export';
    const subscription = safeSubscription(id);
    return estate.subscriptionIds.some((audited) => audited.toLowerCase() === subscription) ? 'missing' : 'not read';
  }
  const managed = Object.entries(subnet.associatedRouteTableTags ?? {}).some(([key, value]) => key.toLowerCase() === managedByTag && value.toLowerCase() === 'true');
  if (managed) return 'guard (other table)';
  return aksRouteTableName.test(id.split('/').pop() ?? '') ? 'aks' : 'foreign';
}

function safeSubscription(id: string): string {
  try {
    return parseArmId(id).subscriptionId.toLowerCase();
  } catch {
    return '';
  }
}

export function buildAuditReport(
  evaluated: readonly EvaluatedSubnet[],
  estate: EstateSnapshot,
  source: 'arm' | 'file',
  posture?: readonly AuditClusterPosture[],
): AuditReport {
  const subnets = evaluated.map((subnet): AuditSubnetRow => {
    const id = parseArmId(subnet.subnetId);
    const state: SubnetState = subnet.findings.length === 0 ? 'compliant' : subnet.mode.mode === 'exempt' ? 'exempt' : 'drift';
    return {
      subnetId: subnet.subnetId,
      subscriptionId: id.subscriptionId,
      resourceGroup: id.resourceGroup,
      vnet: subnet.vnetName,
      subnet: subnet.subnetName,
      mode: subnet.mode.mode,
      modeSource: subnet.mode.source,
      state,
      findings: subnet.findings.map(({ code, severity, message, fixable }) => ({ code, severity, message, fixable })),
      tableOwner: tableOwner(subnet, estate),
      routeTableId: subnet.associatedRouteTableId,
      plannedWrites: subnet.plannedWrites.map(({ kind, resourceId, reason }) => ({ kind, resourceId, reason })),
    };
  });
  const count = (state: SubnetState) => subnets.filter((row) => row.state === state).length;
  return {
    source,
    subscriptionIds: estate.subscriptionIds,
    firewallIds: estate.firewalls.map((firewall) => firewall.id),
    summary: {
      subnets: subnets.length,
      compliant: count('compliant'),
      drift: count('drift'),
      exempt: count('exempt'),
      plannedWrites: subnets.reduce((total, row) => total + row.plannedWrites.length, 0),
      ...(posture === undefined
        ? {}
        : {
            postureClusters: posture.length,
            postureFindings: failingPostureFindings(posture),
            postureAdvice: posture.reduce((total, cluster) => total + cluster.checks.filter((check) => check.status === 'advice').reduce((sum, check) => sum + check.findings.length, 0), 0),
            postureIncomplete: posture.filter((cluster) => cluster.checks.some((check) => check.status === 'not-evaluated')).length,
          }),
    },
    subnets,
    ...(posture === undefined ? {} : { posture: [...posture].sort((a, b) => a.clusterName.localeCompare(b.clusterName) || a.clusterId.localeCompare(b.clusterId)) }),
  };
}

/**
 * 0: every guarded subnet compliant (exempt VNets aside) and no failing posture check; 1: findings. Posture advice
 * (SNAT headroom) and checks an export could not evaluate do not make it 1. (2, an error, never gets this far.)
 */
export function exitCodeOf(report: AuditReport): 0 | 1 {
  return report.summary.drift > 0 || (report.summary.postureFindings ?? 0) > 0 ? 1 : 0;
}
