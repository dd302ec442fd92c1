import { normalizeFqdn } from './fqdn';
import { normalizeClusterId } from './clusterId';
import { normalizeSourceAddress, parsePrefix, type Prefix } from './addresses';
import { parseProtocol, protocolText } from './protocols';
import { parseStrictInstant } from './strictInstant';
import { memberPath, shown, type Checked, type Problem, type Validated } from './problems';
import type { RuleRequestSpec, RuleSource } from './ruleRequestSpec';

export const RULE_REQUEST_LIMITS = {
  maxFqdns: 50,
  maxProtocols: 10,
  maxSourceAddresses: 50,
  justificationMinLength: 10,
  justificationMaxLength: 1000,
  idempotencyKey: /^[A-Za-z0-9._-]{1,128}$/,
} as const;

const DAY_IN_MS = 24 * 60 * 60 * 1000;
const KNOWN_FIELDS = new Set(['fqdns', 'protocols', 'source', 'justification', 'expiresAt', 'idempotencyKey']);

export interface RuleRequestContext {
  /** Settings.maxRuleLifetimeDays: the longest lifetime, and the lifetime when expiresAt is absent. */
  readonly maxRuleLifetimeDays: number;
  /** Address spaces of the guarded spoke VNets (CIDRs); source addresses must lie inside one of them. */
  readonly allowedAddressSpaces: readonly string[];
  readonly now: Date;
}

/**
 * Validates a parsed rule request body. Never throws: returns the normalized spec or every problem found, each
 * naming its field path, so one round trip fixes them all.
 */
export function validateRuleRequest(body: unknown, context: RuleRequestContext): Validated<RuleRequestSpec> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: [{ path: 'body', message: `must be a JSON object, got ${shown(body)}` }] };
  }
  const fields = body as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(key)) problems.push({ path: memberPath('', key), message: `unknown field; expected one of ${[...KNOWN_FIELDS].join(', ')}` });
  }
  const fqdns = validateList(fields.fqdns, 'fqdns', RULE_REQUEST_LIMITS.maxFqdns, problems, (item) => {
    const checked = normalizeFqdn(item);
    return checked.ok ? { ok: true, value: checked.value.name } : checked;
  });
  const protocols = validateList(fields.protocols, 'protocols', RULE_REQUEST_LIMITS.maxProtocols, problems, parseProtocol, protocolText);
  const source = validateSource(fields.source, context, problems);
  const justification = validateJustification(fields.justification, problems);
  const expiresAt = validateExpiresAt(fields.expiresAt, context, problems);
  const idempotencyKey = validateIdempotencyKey(fields.idempotencyKey, problems);
  if (problems.length > 0 || !fqdns || !protocols || !source || justification === undefined || !expiresAt) {
    return { ok: false, problems };
  }
  const spec: RuleRequestSpec = { fqdns, protocols, source, justification, expiresAt, ...(idempotencyKey ? { idempotencyKey } : {}) };
  return { ok: true, value: spec };
}

/** Records a problem; returns undefined so a check can `return report(...)` in one line. */
function report(problems: Problem[], path: string, message: string): undefined {
  problems.push({ path, message });
  return undefined;
}

/** Checks a non-empty array item by item; reports each bad item at `path[i]`; drops duplicates after normalizing. */
function validateList<T>(
  raw: unknown,
  path: string,
  max: number,
  problems: Problem[],
  check: (item: unknown) => Checked<T>,
  keyOf: (value: T) => string = String,
): T[] | undefined {
  if (raw === undefined) return report(problems, path, 'is required');
  if (!Array.isArray(raw)) return report(problems, path, `must be an array, got ${shown(raw)}`);
  if (raw.length === 0) return report(problems, path, 'must list at least one entry');
  if (raw.length > max) return report(problems, path, `lists ${raw.length} entries; at most ${max} are allowed`);
  const values = new Map<string, T>();
  let failed = false;
  raw.forEach((item: unknown, index) => {
    const checked = check(item);
    if (checked.ok) values.set(keyOf(checked.value), values.get(keyOf(checked.value)) ?? checked.value);
    else {
      failed = true;
      problems.push({ path: `${path}[${index}]`, message: checked.message });
    }
  });
  return failed ? undefined : [...values.values()];
}

function validateSource(raw: unknown, context: RuleRequestContext, problems: Problem[]): RuleSource | undefined {
  if (raw === undefined) return report(problems, 'source', 'is required: { "cluster": "<AKS cluster id>" } or { "addresses": [...] }');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return report(problems, 'source', `must be an object with "cluster" or "addresses", got ${shown(raw)}`);
  }
  const fields = raw as Record<string, unknown>;
  const keys = Object.keys(fields);
  const unknown = keys.filter((key) => key !== 'cluster' && key !== 'addresses');
  for (const key of unknown) problems.push({ path: memberPath('source', key), message: 'unknown field; expected "cluster" or "addresses"' });
  const hasCluster = 'cluster' in fields;
  const hasAddresses = 'addresses' in fields;
  if (hasCluster === hasAddresses) {
    return report(problems, 'source', 'must have exactly one of "cluster" or "addresses"');
  }
  if (hasCluster) {
    const checked = normalizeClusterId(fields.cluster);
    if (!checked.ok) return report(problems, 'source.cluster', checked.message);
    return unknown.length > 0 ? undefined : { kind: 'cluster', clusterId: checked.value };
  }
  const spaces = context.allowedAddressSpaces.map(parsePrefix).filter((prefix): prefix is Prefix => prefix !== undefined);
  const addresses = validateList(fields.addresses, 'source.addresses', RULE_REQUEST_LIMITS.maxSourceAddresses, problems, (item) =>
    normalizeSourceAddress(item, spaces),
  );
  return addresses && unknown.length === 0 ? { kind: 'addresses', addresses } : undefined;
}

function validateJustification(raw: unknown, problems: Problem[]): string | undefined {
  const { justificationMinLength: min, justificationMaxLength: max } = RULE_REQUEST_LIMITS;
  if (raw === undefined) return report(problems, 'justification', 'is required: say why the traffic is needed');
  if (typeof raw !== 'string') return report(problems, 'justification', `must be a string, got ${shown(raw)}`);
  const text = raw.trim();
  if (text.length < min || text.length > max) {
    return report(problems, 'justification', `must be ${min} to ${max} characters after trimming (got ${text.length})`);
  }
  return text;
}

function validateExpiresAt(raw: unknown, context: RuleRequestContext, problems: Problem[]): string | undefined {
  const latest = context.now.getTime() + context.maxRuleLifetimeDays * DAY_IN_MS;
  if (raw === undefined) return new Date(latest).toISOString();
  // Strict: 2026-02-30 or year 0000 is refused, not rolled over into another date.
  const parsed = parseStrictInstant(raw, { allowDateOnly: true });
  if (!parsed.ok) return report(problems, 'expiresAt', `${parsed.message}, got ${shown(raw)}`);
  const at = parsed.value.getTime();
  if (at <= context.now.getTime()) return report(problems, 'expiresAt', 'must be in the future');
  if (at > latest) {
    return report(problems, 'expiresAt', `must be at most ${context.maxRuleLifetimeDays} days from now (${new Date(latest).toISOString()})`);
  }
  return new Date(at).toISOString();
}

function validateIdempotencyKey(raw: unknown, problems: Problem[]): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !RULE_REQUEST_LIMITS.idempotencyKey.test(raw)) {
    return report(problems, 'idempotencyKey', `must be 1 to 128 characters of A-Z a-z 0-9 . _ -, got ${shown(raw)}`);
  }
  return raw;
}

