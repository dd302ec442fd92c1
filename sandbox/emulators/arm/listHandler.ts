import { ArmError, resourceGroupNotFound, resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { canonicalType, RESOURCE_GROUP_TYPE } from './resourceKinds';
import type { ResourceScope } from './resourcePath';
import { resourceGroupId } from './resourcePath';
import type { ArmResource } from './types';
import { viewOf } from './views';

/** GET of a collection: per resource group, per subscription, or the children of a parent. Paged with $skipToken. */
export function handleList(context: EmulatorContext, request: ArmRequest, scope: ResourceScope, names: string[]): ArmResponse {
  if (request.method !== 'GET') throw new ArmError(405, 'MethodNotAllowed', `The requested method ${request.method} is not allowed.`);
  const { store } = context;
  const type = canonicalType([scope.namespace, ...scope.types].join('/'));
  let items: ArmResource[];
  if (scope.resourceGroup === undefined) {
    items = store.inScope(type, scope.subscriptionId);
  } else {
    const group = store.get(resourceGroupId(scope.subscriptionId, scope.resourceGroup));
    if (!group) throw resourceGroupNotFound(scope.resourceGroup);
    if (names.length === 0) {
      items = store.inScope(type, scope.subscriptionId, group.name);
    } else {
      const [namespace, ...typeSegments] = type.split('/');
      const parentId = `${group.id}/providers/${namespace}/${names.map((name, index) => `${typeSegments[index]}/${name}`).join('/')}`;
      if (!store.has(parentId)) throw resourceNotFound([namespace, ...typeSegments.slice(0, names.length)].join('/'), names.join('/'), group.name);
      items = store.children(parentId, type);
    }
  }
  // Views are built for the requested page only.
  return page(context, request, items, (resource) => viewOf(store, resource));
}

export function handleResourceGroupList(context: EmulatorContext, request: ArmRequest, subscriptionId: string): ArmResponse {
  return page(context, request, context.store.inScope(RESOURCE_GROUP_TYPE, subscriptionId), (group) => group);
}

/**
 * One page of `items` plus a nextLink when more remain. The skip token is opaque to clients (RPC-R); here it is
 * the offset, base64url-encoded. Items are ordered by id, so pages are stable while nothing changes.
 */
function page(context: EmulatorContext, request: ArmRequest, items: readonly ArmResource[], show: (resource: ArmResource) => unknown): ArmResponse {
  const token = request.query.get('$skipToken') ?? request.query.get('$skiptoken');
  const offset = token ? decodeOffset(token) : 0;
  const end = offset + context.settings.pageSize;
  const body: { value: unknown[]; nextLink?: string } = { value: items.slice(offset, end).map(show) };
  if (end < items.length) {
    const next = new URL(`${context.baseUrl()}${request.pathname}`);
    for (const [name, value] of request.query) if (name.toLowerCase() !== '$skiptoken') next.searchParams.append(name, value);
    next.searchParams.set('$skipToken', Buffer.from(String(end)).toString('base64url'));
    body.nextLink = next.toString();
  }
  return { status: 200, body };
}

function decodeOffset(token: string): number {
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new ArmError(400, 'InvalidSkipToken', `The skip token '${token}' is not valid.`);
  return offset;
}
