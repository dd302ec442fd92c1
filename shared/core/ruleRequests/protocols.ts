import { accept, refuse, shown, type Checked } from './problems';

/**
 * Application rule protocols. Http and Https come from FirewallPolicyRuleApplicationProtocolType in
 * azure-rest-api-specs Microsoft.Network stable/2026-01-01 firewallPolicy.json (modelAsString, so Mssql, which
 * Azure Firewall documents for SQL FQDN filtering, is accepted by the API too).
 */
export const APPLICATION_PROTOCOL_TYPES = ['Http', 'Https', 'Mssql'] as const;
export type ApplicationProtocolType = (typeof APPLICATION_PROTOCOL_TYPES)[number];

/** Same spec: FirewallPolicyRuleApplicationProtocol.port is 0..64000; 0 is meaningless for a request. */
export const MIN_PORT = 1;
export const MAX_PORT = 64000;

export interface ApplicationProtocol {
  readonly protocolType: ApplicationProtocolType;
  readonly port: number;
}

const PROTOCOL_TEXT = /^([A-Za-z]+):(\d{1,6})$/;

/** Parses `Https:443` (type case-insensitive) into the ARM shape `{ protocolType: 'Https', port: 443 }`. */
export function parseProtocol(raw: unknown): Checked<ApplicationProtocol> {
  if (typeof raw !== 'string') return refuse(`must be a string like "Https:443", got ${shown(raw)}`);
  const match = PROTOCOL_TEXT.exec(raw.trim());
  if (!match) return refuse(`${shown(raw)} is not "<protocol>:<port>", e.g. "Https:443"`);
  const [, typeText = '', portText = ''] = match;
  const protocolType = APPLICATION_PROTOCOL_TYPES.find((type) => type.toLowerCase() === typeText.toLowerCase());
  if (!protocolType) return refuse(`${shown(raw)}: protocol must be one of ${APPLICATION_PROTOCOL_TYPES.join(', ')}`);
  const port = Number(portText);
  if (port < MIN_PORT || port > MAX_PORT) return refuse(`${shown(raw)}: port must be from ${MIN_PORT} to ${MAX_PORT}`);
  return accept({ protocolType, port });
}

export const protocolText = (protocol: ApplicationProtocol): string => `${protocol.protocolType}:${protocol.port}`;
