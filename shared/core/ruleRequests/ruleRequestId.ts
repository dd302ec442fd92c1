/**
 * A rule request id: what the API accepts in a URL and what the app embeds in a firewall rule name (`req-<id>`).
 * Ids the app makes are `rr-<yyyymmdd>-<10 hex>` (createRuleRequest); the pattern is wider so older ids still work.
 */
const RULE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** Why an id is refused, for a 400 naming the field. */
export const ruleRequestIdRule = 'must be a rule request id (letters, digits, hyphens)';

export const isRuleRequestId = (id: string): boolean => RULE_REQUEST_ID.test(id);
