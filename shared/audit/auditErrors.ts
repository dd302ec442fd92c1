import { GuardError } from '../errors';

/**
 * Why an audit could not run, named so a pipeline can tell "fix your access" from "fix your flags". Printed as one
 * line (`error: <message>`), never with a stack trace; the exit code is 2.
 */
export const auditErrorCodes = [
  'usage',
  'settings-invalid',
  'no-access-to-subscription',
  'no-subscriptions',
  'firewall-not-found',
  'credential-unavailable',
  'arm-unreachable',
  'arm-error',
  'estate-file-unreadable',
  'estate-file-invalid',
  'output-unwritable',
  'write-refused',
] as const;

export type AuditErrorCode = (typeof auditErrorCodes)[number];

export class AuditError extends GuardError<AuditErrorCode> {
  override readonly name = 'AuditError';
}

export function isAuditError(error: unknown): error is AuditError {
  return error instanceof Error && error.name === 'AuditError' && auditErrorCodes.includes((error as AuditError).code);
}
