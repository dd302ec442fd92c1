import { z } from 'zod';

export const faultKinds = ['throttle', 'server-error', 'another-operation', 'busy', 'reset', 'lro-failed', 'lro-canceled'] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultRuleSchema = z.strictObject({
  method: z.string().regex(/^[A-Za-z]+$/, 'an HTTP method such as PUT').optional(),
  pathPattern: z.string().refine(isValidRegex, 'a valid regular expression'),
  count: z.number().int().min(1),
  kind: z.enum(faultKinds),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

export const latencyRuleSchema = z.strictObject({
  pathPattern: z.string().refine(isValidRegex, 'a valid regular expression').optional(),
  ms: z.number().int().min(0).max(60_000),
});
export type LatencyRule = z.infer<typeof latencyRuleSchema>;

interface ArmedFault {
  readonly rule: FaultRule;
  readonly pattern: RegExp;
  remaining: number;
}

/**
 * Fault and latency injection for the admin API: the next `count` requests matching a rule fail.
 * `lro-failed` and `lro-canceled` only apply to long-running writes, so they are consumed by those and skipped by
 * other requests.
 */
export class FaultInjector {
  private faults: ArmedFault[] = [];
  private latencies: Array<{ rule: LatencyRule; pattern: RegExp }> = [];

  add(rule: FaultRule): void {
    this.faults.push({ rule, pattern: new RegExp(rule.pathPattern, 'i'), remaining: rule.count });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes and returns the first armed fault of the given kinds matching the request. */
  take(method: string, path: string, kinds: readonly FaultKind[]): FaultRule | undefined {
    const fault = this.faults.find(
      (candidate) =>
        kinds.includes(candidate.rule.kind) &&
        (candidate.rule.method === undefined || candidate.rule.method.toUpperCase() === method.toUpperCase()) &&
        candidate.pattern.test(path),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault.rule;
  }

  pending(): Array<FaultRule & { remaining: number }> {
    return this.faults.map((fault) => ({ ...fault.rule, remaining: fault.remaining }));
  }

  /** A latency rule replaces an earlier one with the same pattern; `ms: 0` removes it. */
  setLatency(rule: LatencyRule): void {
    this.latencies = this.latencies.filter((existing) => existing.rule.pathPattern !== rule.pathPattern);
    if (rule.ms > 0) this.latencies.push({ rule, pattern: new RegExp(rule.pathPattern ?? '', 'i') });
  }

  clearLatency(): void {
    this.latencies = [];
  }

  latencyFor(path: string): number {
    return this.latencies.filter(({ pattern }) => pattern.test(path)).reduce((total, { rule }) => total + rule.ms, 0);
  }
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
