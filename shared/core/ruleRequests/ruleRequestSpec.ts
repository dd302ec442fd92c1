import type { ApplicationProtocol } from './protocols';

/** Where the allowed traffic comes from: a known AKS cluster (its subnets' prefixes, resolved later) or prefixes. */
export type RuleSource =
  | { readonly kind: 'cluster'; readonly clusterId: string }
  | { readonly kind: 'addresses'; readonly addresses: readonly string[] };

/** A validated, normalized rule request body: lower-case punycode FQDNs, canonical protocols, no duplicates. */
export interface RuleRequestSpec {
  readonly fqdns: readonly string[];
  readonly protocols: readonly ApplicationProtocol[];
  readonly source: RuleSource;
  readonly justification: string;
  /** ISO 8601 UTC instant. */
  readonly expiresAt: string;
  readonly idempotencyKey?: string;
}
