/**
 * Patterns that pull fields out of AzureDiagnostics `msg_s` for the legacy firewall categories. The message formats
 * are those parsed by Microsoft's Azure Firewall workbook (reference: kql/azure-network-security, legacy queries),
 * e.g.
 *   "HTTPS request from 10.42.1.5:51000 to ghcr.io:443. Action: Deny. No rule matched. Proceeding with default action"
 *   "HTTP request from 10.42.1.5:51000 to example.com:80. Url: example.com/x. Action: Deny. ..."
 *   "TCP request from 10.42.1.5:51000 to 20.1.2.3:22. Action: Deny"
 *   "DNS Request: 10.42.1.5:48197 - 15676 A IN ghcr.io. udp 36 false 512 NOERROR qr,rd,ra 104 0.000342s"
 * One regex per field (rather than one `parse` pattern per message variant) copes with every variant at once, and
 * the same patterns drive the KQL (extract()) and the sandbox emulator (JS RegExp): the RE2 subset used here
 * behaves identically in both. IPv4 only: Azure Firewall SNATs IPv4 egress.
 */
export const legacyPatterns = {
  protocol: String.raw`^(\S+) request from `,
  sourceIp: String.raw` request from (\d+\.\d+\.\d+\.\d+)`,
  action: String.raw`\. Action: (\w+)`,
  fqdn: String.raw` to ([^: ]+):\d+\. `,
  destinationIp: String.raw` to (\d+\.\d+\.\d+\.\d+)`,
  destinationPort: String.raw` to [^: ]+:(\d+)`,
  targetUrl: String.raw`\. Url: ?(\S+?)\. Action`,
  webCategory: String.raw`\. Web Category: ?(.+)$`,
  reason: String.raw`\. Reason: (.+?)\.?$`,
  dnsSourceIp: String.raw`^DNS Request: (\d+\.\d+\.\d+\.\d+):`,
  dnsQueryType: String.raw`^DNS Request: \S+ \S+ \d+ (\S+) `,
  dnsQueryName: String.raw`^DNS Request: \S+ \S+ \d+ \S+ \S+ (\S+) `,
  dnsResponseCode: String.raw`^DNS Request: \S+ \S+ \d+ \S+ \S+ \S+ \S+ \d+ \S+ \d+ (\S+) `,
} as const;

export type LegacyField = keyof typeof legacyPatterns;

/** Phrase the legacy application log uses where AZFWApplicationRule says ActionReason "Default Action". */
export const noRuleMatchedPhrase = 'No rule matched';
export const defaultActionReason = 'Default Action';

/** `extract(@"<pattern>", 1, <column>)`. Verbatim strings have no escapes; a `"` would end them, so none may appear. */
export function kqlExtract(field: LegacyField, column: string): string {
  const pattern = legacyPatterns[field];
  if (pattern.includes('"')) throw new Error(`legacy pattern ${field} must not contain a double quote`);
  return `extract(@"${pattern}", 1, ${column})`;
}

/** JS twin of kqlExtract: the first capture group, or "" when the pattern does not match (as extract() does). */
export function extractField(field: LegacyField, message: string): string {
  return new RegExp(legacyPatterns[field]).exec(message)?.[1] ?? '';
}
