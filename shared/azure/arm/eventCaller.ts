/**
 * Who made an ARM change, from an Event Grid resource event's `data.claims`. ARM publishes the caller's token
 * claims there under its own claim names: `appid` and `name` as in the token, the object id as
 * `http://schemas.microsoft.com/identity/claims/objectidentifier`, the UPN as
 * `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn` (MicrosoftDocs/azure-docs
 * articles/event-grid/event-schema-resource-groups.md). The short token names are accepted too.
 */
export interface EventCaller {
  /** Object id of the user, service principal or managed identity. */
  readonly objectId?: string;
  /** Application (client) id the caller used: the service principal's own, or the tool a person used. */
  readonly appId?: string;
  /** A person's user principal name. */
  readonly upn?: string;
  readonly name?: string;
}

const OBJECT_ID = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const UPN = ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn'];
const NAME = ['name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'unique_name'];
const APP_ID = ['appid', 'azp'];

export function callerOfEventClaims(claims: unknown): EventCaller {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return {};
  const record = claims as Record<string, unknown>;
  const first = (names: readonly string[]) => names.map((name) => record[name]).find((value): value is string => typeof value === 'string' && value !== '');
  const objectId = first(OBJECT_ID);
  const appId = first(APP_ID);
  const upn = first(UPN);
  const name = first(NAME);
  return { ...(objectId ? { objectId } : {}), ...(appId ? { appId } : {}), ...(upn ? { upn } : {}), ...(name ? { name } : {}) };
}

/** Whether the event's caller is `identity` (the app's own managed identity): its object id, else its app id. */
export function isCaller(caller: EventCaller, identity: { readonly objectId?: string; readonly appId?: string }): boolean {
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  if (caller.objectId !== undefined && identity.objectId !== undefined) return same(caller.objectId, identity.objectId);
  return same(caller.appId, identity.appId);
}
