import { isRestError } from '@azure/core-rest-pipeline';
import { statusCodeOf } from '../azure/arm/armError';
import { AuditError, isAuditError } from './auditErrors';

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
}

const credentialErrors = ['CredentialUnavailableError', 'AuthenticationRequiredError', 'AggregateAuthenticationError', 'AuthenticationError', 'ClientAuthenticationError'];

/** The first line of a message, without the SDK's JSON dumps: errors print as one line. */
function firstLine(message: string): string {
  return message.split(/\r?\n/)[0]!.trim();
}

/**
 * Anything reading ARM threw -> a named AuditError. `subscriptionId`: the subscription the call was about, so a 403
 * or a SubscriptionNotFound says "no access to subscription X" rather than an HTTP status.
 */
export function auditErrorFrom(error: unknown, action: string, subscriptionId?: string): AuditError {
  if (isAuditError(error)) return error;
  const { name, message: rawMessage } = (error ?? {}) as ErrorLike;
  const message = firstLine(typeof rawMessage === 'string' ? rawMessage : String(error));
  const status = statusCodeOf(error);
  // ARM's code only from the SDK's RestError: an app error's own `code` is not ARM's.
  const armCode = isRestError(error) ? error.code : undefined;
  if (typeof name === 'string' && credentialErrors.includes(name)) {
    return new AuditError('credential-unavailable', `no Azure credential: ${message} (run az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET or a managed identity)`, { cause: error });
  }
  if (subscriptionId !== undefined && (status === 403 || armCode === 'SubscriptionNotFound' || armCode === 'InvalidSubscriptionId' || (status === 404 && action.startsWith('read subscription')))) {
    return new AuditError('no-access-to-subscription', `no access to subscription ${subscriptionId}: ${armCode ?? status}: ${message}`, { cause: error });
  }
  if (status === 401) return new AuditError('credential-unavailable', `ARM rejected the token while trying to ${action}: ${message}`, { cause: error });
  if (armCode === 'REQUEST_SEND_ERROR' || status === undefined) {
    return new AuditError(armCode === 'REQUEST_SEND_ERROR' ? 'arm-unreachable' : 'arm-error', `could not ${action}: ${message}`, { cause: error });
  }
  return new AuditError('arm-error', `could not ${action}: ${status}${armCode === undefined ? '' : ` ${armCode}`}: ${message}`, { cause: error });
}
