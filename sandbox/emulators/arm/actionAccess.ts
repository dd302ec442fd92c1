import { ArmError } from './armError';
import type { Caller } from './auth';
import { actionMatches, isGranted, type AccessGrant, type LinkedAccessSettings } from './linkedAccess';
import { canonicalType, operationNameOf, RESOURCE_GROUP_TYPE } from './resourceKinds';
import type { ArmPath } from './resourcePath';

/** The RBAC action a request needs and the scope ARM checks it over. */
export interface RequiredAction {
  readonly action: string;
  readonly scope: string;
  /**
   * An operation status URL names no resource: a grant on the subscription or on any resource group in it counts,
   * a grant on a resource does not (Microsoft Learn, "Track asynchronous Azure operations", "Permission for
   * tracking async status").
   */
  readonly grantedAtGroupOrAbove?: { readonly subscriptionId: string };
}

/**
 * What ARM authorizes before the resource provider sees a request: the operation's own action over the addressed
 * scope. GET/HEAD of a resource -> `<type>/read`, PUT/PATCH -> `<type>/write`, DELETE -> `<type>/delete` over the
 * resource id; a list -> `<type>/read` over the list's container (for a top-level type, `.../providers/<namespace>`,
 * as ARM names it: Azure/CloudShell#561). Resource groups use their RBAC type `Microsoft.Resources/subscriptions/
 * resourceGroups`. An operation status URL needs `<namespace>/locations/operations/read` (Azure-AsyncOperation) or
 * `.../operationResults/read` (Location) granted at resource group level or above. Undefined for what is not
 * checked here: `/subscriptions` (ARM filters it by access instead).
 */
export function requiredActionOf(path: ArmPath, method: string, pathname: string): RequiredAction | undefined {
  const verb = verbOf(method);
  if (!verb) return undefined;
  const requestScope = decoded(pathname).replace(/\/+$/, '');
  switch (path.kind) {
    case 'resourceGroupList':
      return { action: operationNameOf(RESOURCE_GROUP_TYPE, 'read'), scope: `/subscriptions/${path.subscriptionId}` };
    case 'resourceGroup':
      return { action: operationNameOf(RESOURCE_GROUP_TYPE, verb), scope: requestScope };
    case 'resource':
      return { action: operationNameOf(canonicalType([path.scope.namespace, ...path.scope.types].join('/')), verb), scope: requestScope };
    case 'collection':
      if (verb !== 'read') return undefined; // the list handler answers 405
      return { action: operationNameOf(canonicalType([path.scope.namespace, ...path.scope.types].join('/')), 'read'), scope: requestScope.replace(/\/[^/]+$/, '') };
    case 'operation':
      if (verb !== 'read') return undefined;
      return {
        action: `${path.namespace}/locations/${path.isResult ? 'operationResults' : 'operations'}/read`,
        scope: requestScope,
        grantedAtGroupOrAbove: { subscriptionId: path.subscriptionId },
      };
  }
}

function decoded(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function verbOf(method: string): 'read' | 'write' | 'delete' | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'PUT':
    case 'PATCH':
      return 'write';
    case 'DELETE':
      return 'delete';
    default:
      return undefined;
  }
}

/**
 * ARM's role check of the operation's own action (403 `AuthorizationFailed`). Like the linked access check it only
 * applies to principals with grants loaded (the sandbox loads the app's role as infra/ assigns it, sandbox/appRole.ts);
 * any other caller acts unrestricted, like an Owner. Wording as ARM sends it (Azure/ARO-RP#66, Azure/ARO-HCP#1611,
 * Azure/CloudShell#561): the client is named by UPN for a person, else by application id.
 */
export function assertActionAccess(settings: LinkedAccessSettings, caller: Caller, required: RequiredAction | undefined): void {
  if (!required || !settings.actions) return;
  const grants = settings.principals[caller.principalId.toLowerCase()];
  if (!grants || isGrantedFor(grants, required)) return;
  throw new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${caller.upn ?? caller.appId ?? caller.principalId}' with object id '${caller.principalId}' does not have authorization to perform action '${required.action}' over scope '${required.scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

function isGrantedFor(grants: readonly AccessGrant[], required: RequiredAction): boolean {
  const within = required.grantedAtGroupOrAbove;
  if (!within) return isGranted(grants, required.action, required.scope);
  const subscription = `/subscriptions/${within.subscriptionId}`.toLowerCase();
  return grants.some((grant) => {
    const scope = grant.scope.toLowerCase().replace(/\/+$/, '');
    // The subscription itself, or /subscriptions/{s}/resourceGroups/{rg} (five segments): not a resource in it.
    const groupOrAbove = scope === subscription || (scope.startsWith(`${subscription}/resourcegroups/`) && scope.split('/').length === 5);
    return groupOrAbove && grant.actions.some((granted) => actionMatches(granted, required.action));
  });
}
