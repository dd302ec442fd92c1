import { evaluatePosture } from '../core/posture/evaluatePosture';
import type { CheckResult, CheckStatus, PostureFacts } from '../core/posture/types';

/**
 * The audit's "cluster posture" section: the app's posture checks (shared/core/posture, evaluatePosture) over facts
 * read from ARM (readLivePosture.ts) or from an export (exportPosture.ts), one entry per AKS cluster in a VNet it
 * chose. An export may lack what a check needs: that check is then "not-evaluated" and the entry names the export
 * commands to add, never a pass on a guess.
 */

/** not-evaluated: the export lacks something the check reads (see missingFromExport). */
export type AuditCheckStatus = CheckStatus | 'not-evaluated';

export interface AuditCheckResult extends Omit<CheckResult, 'status'> {
  readonly status: AuditCheckStatus;
}

/** fail > incomplete (a check not evaluated) > advice > pass. Only fail counts in the exit code. */
export type AuditPostureStatus = 'pass' | 'fail' | 'advice' | 'incomplete';

export interface AuditClusterPosture {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly status: AuditPostureStatus;
  readonly checks: readonly AuditCheckResult[];
  /** az commands whose output the export needs for the checks not evaluated ([] when live or complete). */
  readonly missingFromExport: readonly string[];
}

/** Something posture reads that an export does not hold, and the az command that prints it. */
export interface MissingPiece {
  readonly kind: 'firewall' | 'firewall-public-ip' | 'firewall-policy' | 'rule-collection-groups' | 'ip-group' | 'node-resource-group';
  readonly command: string;
}

/** The checks that read each piece (shared/core/posture/checks): those are not evaluated without it. */
const checksReading: Record<MissingPiece['kind'], readonly string[]> = {
  firewall: ['firewall-region', 'required-egress', 'api-server-authorized-ranges', 'asymmetric-routing', 'dns-proxy', 'snat-headroom'],
  'firewall-public-ip': ['api-server-authorized-ranges'],
  'firewall-policy': ['required-egress', 'asymmetric-routing', 'dns-proxy'],
  'rule-collection-groups': ['required-egress', 'asymmetric-routing'],
  'ip-group': ['required-egress', 'asymmetric-routing'],
  'node-resource-group': ['asymmetric-routing'],
};

/**
 * Whether a "not-applicable" may itself come from the piece missing: without the firewall (or its public IPs) a check
 * says "no firewall" / "no public IP"; policies, IP groups and load balancers never decide applicability (the
 * outbound type, a private API server, the spoke's DNS do), so a not-applicable stands without them.
 */
const decidesApplicability: Record<MissingPiece['kind'], boolean> = {
  firewall: true,
  'firewall-public-ip': true,
  'firewall-policy': false,
  'rule-collection-groups': false,
  'ip-group': false,
  'node-resource-group': false,
};

function statusOf(checks: readonly AuditCheckResult[]): AuditPostureStatus {
  const has = (status: AuditCheckStatus) => checks.some((check) => check.status === status);
  return has('fail') ? 'fail' : has('not-evaluated') ? 'incomplete' : has('advice') ? 'advice' : 'pass';
}

/** One cluster's posture: every check, except those a missing piece of the export would make a guess. */
export function auditClusterPosture(facts: PostureFacts, missing: readonly MissingPiece[] = []): AuditClusterPosture {
  const posture = evaluatePosture(facts);
  const checks = posture.checks.map((result): AuditCheckResult => {
    const lacking = missing.filter((piece) => checksReading[piece.kind].includes(result.check) && (result.status !== 'not-applicable' || decidesApplicability[piece.kind]));
    if (lacking.length === 0) return result;
    return { ...result, status: 'not-evaluated', summary: `Not evaluated: the export lacks ${[...new Set(lacking.map((piece) => describe(piece.kind)))].join(', ')}.`, findings: [] };
  });
  const used = missing.filter((piece) => checks.some((check) => check.status === 'not-evaluated' && checksReading[piece.kind].includes(check.check)));
  return {
    clusterId: posture.clusterId,
    clusterName: posture.clusterName,
    status: statusOf(checks),
    checks,
    missingFromExport: [...new Set(used.map((piece) => piece.command))],
  };
}

function describe(kind: MissingPiece['kind']): string {
  switch (kind) {
    case 'firewall':
      return 'the firewall of the region';
    case 'firewall-public-ip':
      return "the firewall's public IPs";
    case 'firewall-policy':
      return 'the firewall policy (or a parent policy)';
    case 'rule-collection-groups':
      return 'rule collection groups of the firewall policy';
    case 'ip-group':
      return 'IP groups the rules name';
    case 'node-resource-group':
      return 'the load balancers of the node resource group';
  }
}

/** Findings of failing checks: these make the exit code 1. Advice (SNAT headroom) and not-evaluated checks do not. */
export function failingPostureFindings(posture: readonly AuditClusterPosture[]): number {
  return posture.reduce((total, cluster) => total + cluster.checks.filter((check) => check.status === 'fail').reduce((sum, check) => sum + check.findings.length, 0), 0);
}
