import type { CheckResult, CheckStatus, PostureCheck, PostureFinding, PostureFacts } from '../types';

type Outcome = Omit<CheckResult, 'check' | 'title'>;

export const notApplicable = (summary: string): Outcome => ({ status: 'not-applicable', summary, findings: [] });
export const passed = (summary: string): Outcome => ({ status: 'pass', summary, findings: [] });
export const failed = (summary: string, findings: readonly PostureFinding[], status: CheckStatus = 'fail'): Outcome => ({ status, summary, findings });

/** A finding of one of the check's declared codes, its severity and fix taken from the declaration. */
export function findingOf(check: Pick<PostureCheck, 'codes'>, code: string, fields: { message: string; key?: string; resourceId?: string }): PostureFinding {
  const declared = check.codes[code];
  if (declared === undefined) throw new Error(`posture finding code ${code} is not declared by its check`);
  return { code, severity: declared.severity, fix: declared.fix, message: fields.message, key: fields.key ?? code, ...(fields.resourceId ? { resourceId: fields.resourceId } : {}) };
}

export const usesFirewallEgress = (facts: PostureFacts): boolean => (facts.cluster.outboundType ?? '').toLowerCase() === 'userdefinedrouting';

/** outboundType none (and block, its earlier name): network isolated, no egress to check. */
export const isNetworkIsolated = (facts: PostureFacts): boolean => ['none', 'block'].includes((facts.cluster.outboundType ?? '').toLowerCase());
