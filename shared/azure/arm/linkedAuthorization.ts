/**
 * Reads ARM's 403 `LinkedAuthorizationFailed` (the caller may write the resource but not join/peer a resource its
 * body references) into what to grant where. ARM's message forms, as seen in public reports:
 * - missing permission: "The client '<name>' with object id '<oid>' has permission to perform action '<write>' on
 *   scope '<resource>'; however, it does not have permission to perform action '<action>' on the linked scope(s)
 *   '<scope>[,<scope>...]' or the linked scope(s) are invalid." (microsoft/planetary-computer-hub#25,
 *   Azure/Azure-Landing-Zones#1977); a deny assignment adds "... and is blocked by deny assignments on the 'N'
 *   linked scope(s) '<scopes>'." (Azure/ARO-RP#423)
 * - "The client has permission to perform action '<action>' on scope '<resource>', however the linked subscription
 *   '<id>' was not found." (hashicorp/terraform-provider-azurerm#14021, Azure/Azure-Landing-Zones#3506)
 * - "..., however the current tenant '<tenant>' is not authorized to access linked subscription '<id>'."
 *   (Azure/azure-cli#16691)
 */

export type LinkedAuthorizationReason = 'missing-permission' | 'denied' | 'linked-subscription-not-found' | 'tenant-not-authorized';

export interface LinkedAuthorizationFailure {
  readonly reason: LinkedAuthorizationReason;
  /** The join/peer action ARM asked for on the linked resource. */
  readonly action: string;
  /** The linked scope(s): resource ids, or /subscriptions/<id> when only the subscription is named. */
  readonly scopes: readonly string[];
  /** The first of `scopes`. */
  readonly scope: string;
  /** One sentence for a finding or a card: "grant <action> on <scope>" and why. */
  readonly sentence: string;
}

export const linkedAuthorizationFailedCode = 'LinkedAuthorizationFailed';

const missingPermission = /does not have permission to perform action '([^']+)' on the (?:'\d+' )?linked scope\(s\) '([^']*)'/i;
const deniedScopes = /is blocked by deny assignments on the (?:'\d+' )?linked scope\(s\) '([^']*)'/i;
const subscriptionNotFound = /permission to perform action '([^']+)' on scope '[^']*',? however the linked subscription '([^']+)' was not found/i;
const tenantNotAuthorized = /permission to perform action '([^']+)' on scope '[^']*',? however the current tenant '([^']+)' is not authorized to access linked subscription '([^']+)'/i;

/**
 * The failure in an error thrown by an Azure SDK (RestError: `code`, `message`, `statusCode`) or in a bare message.
 * Undefined when it is not a LinkedAuthorizationFailed error or the message has none of ARM's forms.
 */
export function parseLinkedAuthorizationFailure(error: unknown): LinkedAuthorizationFailure | undefined {
  const { code, message } = codeAndMessage(error);
  if (code !== undefined && code.toLowerCase() !== linkedAuthorizationFailedCode.toLowerCase()) return undefined;
  if (message === undefined) return undefined;

  const missing = missingPermission.exec(message);
  if (missing?.[1] !== undefined) {
    const action = missing[1];
    const listed = splitScopes(missing[2] ?? '');
    const denied = splitScopes(deniedScopes.exec(message)?.[1] ?? '');
    if (listed.length > 0) return failure('missing-permission', action, listed, `grant ${action} on ${listed.join(', ')}`);
    if (denied.length > 0) {
      return failure('denied', action, denied, `${action} on ${denied.join(', ')} is blocked by a deny assignment: have it lifted for this identity, then grant ${action} there`);
    }
  }
  const notFound = subscriptionNotFound.exec(message);
  if (notFound?.[1] !== undefined && notFound[2] !== undefined) {
    const scope = `/subscriptions/${notFound[2]}`;
    return failure('linked-subscription-not-found', notFound[1], [scope], `the body references ${scope}, which ARM did not find: fix the reference, or grant ${notFound[1]} on the resource there`);
  }
  const tenant = tenantNotAuthorized.exec(message);
  if (tenant?.[1] !== undefined && tenant[3] !== undefined) {
    const scope = `/subscriptions/${tenant[3]}`;
    return failure('tenant-not-authorized', tenant[1], [scope], `tenant ${tenant[2] ?? '?'} cannot reach ${scope}: grant ${tenant[1]} on ${scope} to this identity from that subscription's tenant`);
  }
  return undefined;
}

function failure(reason: LinkedAuthorizationReason, action: string, scopes: string[], sentence: string): LinkedAuthorizationFailure {
  return { reason, action, scopes, scope: scopes[0] as string, sentence };
}

function splitScopes(list: string): string[] {
  return list
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

function codeAndMessage(error: unknown): { code?: string; message?: string } {
  if (typeof error === 'string') return { message: error };
  if (typeof error !== 'object' || error === null) return {};
  const record = error as Record<string, unknown>;
  const code = typeof record['code'] === 'string' ? record['code'] : undefined;
  const message = typeof record['message'] === 'string' ? record['message'] : undefined;
  return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
}
