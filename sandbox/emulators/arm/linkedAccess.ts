import { z } from 'zod';
import { linkedReferencesOf } from '../../../shared/azure/arm/linkedReferences';
import { ArmError } from './armError';
import type { Caller } from './auth';
import { operationNameOf } from './resourceKinds';
import type { ResourceStore } from './store';
import type { JsonObject } from './types';

/**
 * ARM's linked access check (arm-contract.md section 8): a PUT whose body references another resource needs the
 * matching join/peer action on that resource, whether or not the reference changed. Principals with grants loaded
 * (the sandbox loads the app's role from shared/azure/permissions.ts) are checked; any other caller (a person, a
 * Terraform service principal in a test) writes unrestricted, like an Owner. The write action itself is checked
 * before, in actionAccess.ts (403 AuthorizationFailed), which is why ARM's message here says the caller has it.
 */
export const grantSchema = z.strictObject({
  /** A subscription, resource group or resource id: the grant covers it and everything under it. */
  scope: z.string().regex(/^\/subscriptions\/[^/]+(\/.*)?$/i, 'a subscription, resource group or resource id'),
  actions: z.array(z.string().min(1)).min(1),
});
export type AccessGrant = z.infer<typeof grantSchema>;

export interface LinkedAccessSettings {
  enabled: boolean;
  /** ARM's check of the operation's own action (read/write/delete) for the same principals (actionAccess.ts). */
  actions: boolean;
  /** Grants by principal object id (lower case). */
  principals: Record<string, AccessGrant[]>;
}

export function assertLinkedAccess(settings: LinkedAccessSettings, store: ResourceStore, caller: Caller, target: { id: string; type: string }, body: JsonObject): void {
  if (!settings.enabled) return;
  const references = linkedReferencesOf(target.type, body);
  if (references.length === 0) return;
  const writeAction = operationNameOf(target.type, 'write');

  // ARM resolves the linked subscription first (hashicorp/terraform-provider-azurerm#14021).
  for (const reference of references) {
    const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(reference.id)?.[1];
    if (subscriptionId && !store.hasSubscription(subscriptionId)) {
      throw new ArmError(
        403,
        'LinkedAuthorizationFailed',
        `The client has permission to perform action '${reference.action}' on scope '${target.id}', however the linked subscription '${subscriptionId}' was not found. `,
      );
    }
  }

  const grants = settings.principals[caller.principalId.toLowerCase()];
  if (!grants) return;
  const missing = references.filter((reference) => !isGranted(grants, reference.action, reference.id));
  const first = missing[0];
  if (!first) return;
  const scopes = [...new Set(missing.filter((reference) => reference.action === first.action).map((reference) => reference.id))];
  // Message as ARM words it (microsoft/planetary-computer-hub#25, Azure/Azure-Landing-Zones#1977).
  throw new ArmError(
    403,
    'LinkedAuthorizationFailed',
    `The client '${clientName(caller)}' with object id '${caller.principalId}' has permission to perform action '${writeAction}' on scope '${target.id}'; however, it does not have permission to perform action '${first.action}' on the linked scope(s) '${scopes.join(',')}' or the linked scope(s) are invalid.`,
  );
}

export function isGranted(grants: readonly AccessGrant[], action: string, resourceId: string): boolean {
  const id = resourceId.toLowerCase();
  return grants.some((grant) => {
    const scope = grant.scope.toLowerCase().replace(/\/+$/, '');
    const covers = id === scope || id.startsWith(`${scope}/`);
    return covers && grant.actions.some((granted) => actionMatches(granted, action));
  });
}

/** RBAC action patterns: case-insensitive, `*` standing for any characters (Monitoring Reader holds "*\/read"). */
export function actionMatches(granted: string, action: string): boolean {
  if (!granted.includes('*')) return granted.toLowerCase() === action.toLowerCase();
  const pattern = granted.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`, 'i').test(action);
}

/** A person's UPN, else the application id, as ARM names the client. */
function clientName(caller: Caller): string {
  return caller.upn ?? caller.appId ?? caller.principalId;
}
