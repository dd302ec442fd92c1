import { ArmError, etagMismatch, invalidRequestFormat, preconditionFailed, resourceGroupNotFound, resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { currentEtag } from './etags';
import { resourceEvent } from './events';
import { accepted, assertNotLocked, longRunningHeaders, startLongRunning } from './longRunning';
import { linkedReferencesOf } from '../../../shared/azure/arm/linkedReferences';
import { assertLinkedAccess } from './linkedAccess';
import { operationDelayMs } from './lroProfile';
import { assertReferencesProvisioned } from './operationLocks';
import { assertDeletable } from './references';
import { canonicalType, kindOf, writesAreLro } from './resourceKinds';
import type { ResourceScope } from './resourcePath';
import { resourceGroupId } from './resourcePath';
import type { ArmResource, JsonObject } from './types';
import { isJsonObject } from './types';
import { viewOf } from './views';
import type { WriteTarget } from './writes';
import { applyPut, applyTagsPatch, validatePut } from './writes';

const DEFAULT_LOCATION = 'westeurope';

/** A provider resource addressed by a request, resolved against the store. */
interface Addressed {
  target: WriteTarget;
  namespace: string;
  subscriptionId: string;
  existing: ArmResource | undefined;
  /** Location used in operation URLs: the resource's, its parent's or its resource group's. */
  location: string;
}

export async function handleResource(context: EmulatorContext, request: ArmRequest, scope: ResourceScope, names: string[]): Promise<ArmResponse> {
  const addressed = resolve(context, scope, names);
  switch (request.method) {
    case 'GET':
      return getResource(context, addressed);
    case 'PUT':
      return putResource(context, request, addressed);
    case 'PATCH':
      return patchResource(context, request, addressed);
    case 'DELETE':
      return deleteResource(context, request, addressed);
    default:
      throw new ArmError(405, 'MethodNotAllowed', `The requested method ${request.method} is not allowed.`);
  }
}

function resolve(context: EmulatorContext, scope: ResourceScope, names: string[]): Addressed {
  const { store } = context;
  const resourceGroup = scope.resourceGroup as string;
  const group = store.get(resourceGroupId(scope.subscriptionId, resourceGroup));
  if (!group) throw resourceGroupNotFound(resourceGroup);
  const type = canonicalType([scope.namespace, ...scope.types].join('/'));
  const [namespace, ...typeSegments] = type.split('/') as [string, ...string[]];

  // Walk down from the resource group so every parent must exist and ids keep their stored casing.
  let parentId = `${group.id}/providers/${namespace}`;
  let parent: ArmResource | undefined;
  for (let depth = 0; depth < names.length - 1; depth += 1) {
    const id = `${parentId}/${typeSegments[depth]}/${names[depth]}`;
    parent = store.get(id);
    if (!parent) throw resourceNotFound([namespace, ...typeSegments.slice(0, depth + 1)].join('/'), names.slice(0, depth + 1).join('/'), group.name);
    parentId = parent.id;
  }
  const name = names.at(-1) as string;
  const id = `${parentId}/${typeSegments.at(-1)}/${name}`;
  const existing = store.get(id);
  const location = existing?.location ?? parent?.location ?? group.location ?? DEFAULT_LOCATION;
  return {
    target: { id: existing?.id ?? id, name: existing?.name ?? name, type, isTopLevel: names.length === 1 },
    namespace,
    subscriptionId: scope.subscriptionId,
    existing,
    location,
  };
}

function getResource(context: EmulatorContext, addressed: Addressed): ArmResponse {
  const existing = requireExisting(addressed);
  const view = viewOf(context.store, existing);
  const etag = currentEtag(context.store, existing);
  return { status: 200, body: view, headers: etag ? { ETag: etag } : {} };
}

function putResource(context: EmulatorContext, request: ArmRequest, addressed: Addressed): ArmResponse {
  const body = requireObjectBody(request);
  const { store, settings } = context;
  const { target, existing } = addressed;
  // ARM authorizes (linked access) before the resource provider sees the request (If-Match, locks, validation).
  assertLinkedAccess(settings.linkedAccess, store, request.caller, target, body);
  checkPreconditions(context, request, addressed);
  const kind = kindOf(target.type);
  assertNotLocked(context, target.id, request);
  assertReferencesProvisioned(context, target.id, linkedReferencesOf(target.type, body).map((reference) => reference.id));
  const knownFailure = validatePut(store, target, body);
  const status = existing ? 200 : 201;

  if (!writesAreLro(target.type)) {
    store.record(() => applyPut(store, target, body, 'Succeeded'));
    context.emit(resourceEvent('write', target, addressed.subscriptionId, request));
    return { status, body: viewOf(store, store.get(target.id) as ArmResource) };
  }
  // AKS reports Creating for a new cluster or pool; Microsoft.Network always Updating (REC-JS, REC-CLI).
  const inProgress = !existing && addressed.namespace.toLowerCase() === 'microsoft.containerservice' ? 'Creating' : 'Updating';
  const operation = startLongRunning(context, request, {
    resource: target,
    subscriptionId: addressed.subscriptionId,
    namespace: addressed.namespace,
    location: addressed.location,
    action: 'write',
    delayMs: operationDelayMs(settings, kind.isRuleCollectionGroup),
    change: () => applyPut(store, target, body, inProgress),
    ...(knownFailure ? { knownFailure } : {}),
  });
  // A write that will fail still answers with the resource as it stands (Azure reports the failure via the operation).
  const shown = store.get(target.id) ?? { id: target.id, name: target.name, type: target.type, properties: { provisioningState: inProgress } };
  return { status, body: viewOf(store, shown), headers: longRunningHeaders(context, operation, request) };
}

function patchResource(context: EmulatorContext, request: ArmRequest, addressed: Addressed): ArmResponse {
  const kind = kindOf(addressed.target.type);
  if (!kind.supportsPatch || !addressed.target.isTopLevel) {
    throw new ArmError(405, 'MethodNotAllowed', `The requested method PATCH is not allowed for ${kind.type}.`);
  }
  const existing = requireExisting(addressed);
  const body = requireObjectBody(request);
  checkPreconditions(context, request, addressed);
  const { store } = context;
  assertNotLocked(context, existing.id, request);
  if (!kind.patchIsLro) {
    store.record(() => applyTagsPatch(store, existing, body, 'Succeeded'));
    context.emit(resourceEvent('write', existing, addressed.subscriptionId, request));
    return { status: 200, body: viewOf(store, store.get(existing.id) as ArmResource) };
  }
  const operation = startLongRunning(context, request, {
    resource: existing,
    subscriptionId: addressed.subscriptionId,
    namespace: addressed.namespace,
    location: addressed.location,
    action: 'write',
    delayMs: operationDelayMs(context.settings, false),
    change: () => applyTagsPatch(store, existing, body, 'Updating'),
  });
  return { status: 200, body: viewOf(store, store.get(existing.id) as ArmResource), headers: longRunningHeaders(context, operation, request) };
}

function deleteResource(context: EmulatorContext, request: ArmRequest, addressed: Addressed): ArmResponse {
  const { existing } = addressed;
  if (!existing) return { status: 204 }; // ARM: DELETE of a missing resource succeeds (RPC-E)
  checkPreconditions(context, request, addressed);
  const { store } = context;
  assertNotLocked(context, existing.id, request);
  assertDeletable(store, existing);

  if (!writesAreLro(existing.type)) {
    store.record(() => store.subtree(existing.id).forEach((record) => store.delete(record.id)));
    context.emit(resourceEvent('delete', existing, addressed.subscriptionId, request));
    return { status: 200 };
  }
  const operation = startLongRunning(context, request, {
    resource: existing,
    subscriptionId: addressed.subscriptionId,
    namespace: addressed.namespace,
    location: addressed.location,
    action: 'delete',
    delayMs: operationDelayMs(context.settings, kindOf(existing.type).isRuleCollectionGroup),
    change: () => {
      if (existing.properties) store.set({ ...existing, properties: { ...existing.properties, provisioningState: 'Deleting' } });
    },
  });
  return accepted(context, operation, request);
}

/** If-Match / If-None-Match as ARM's RPC describes them (arm-contract.md section 2). */
function checkPreconditions(context: EmulatorContext, request: ArmRequest, addressed: Addressed): void {
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  const current = addressed.existing ? currentEtag(context.store, addressed.existing) : undefined;
  if (ifMatch !== undefined) {
    if (!addressed.existing) throw preconditionFailed(`Resource ${addressed.target.id} does not exist; if-match ${ifMatch} cannot be satisfied.`);
    if (ifMatch !== '*' && !etagListIncludes(ifMatch, current)) {
      throw etagMismatch(`Etag provided in if-match header ${ifMatch} does not match etag ${current ?? '(none)'} of resource ${addressed.target.id}.`);
    }
  }
  if (ifNoneMatch !== undefined && addressed.existing && (ifNoneMatch === '*' || etagListIncludes(ifNoneMatch, current))) {
    throw preconditionFailed(`Resource ${addressed.target.id} already exists and if-none-match ${ifNoneMatch} was given.`);
  }
}

/** Compares ignoring the weak prefix, since clients send back W/"..." or "..." alike. */
function etagListIncludes(header: string, etag: string | undefined): boolean {
  if (!etag) return false;
  const strip = (value: string) => value.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => strip(candidate) === strip(etag));
}

function requireExisting(addressed: Addressed): ArmResource {
  if (addressed.existing) return addressed.existing;
  const resourceGroup = addressed.target.id.split('/')[4] ?? '';
  const typeAndName = addressed.target.id.split('/providers/')[1] ?? addressed.target.id;
  const segments = typeAndName.split('/');
  const namespace = segments[0] ?? '';
  const types = segments.slice(1).filter((_, index) => index % 2 === 0);
  const names = segments.slice(1).filter((_, index) => index % 2 === 1);
  throw resourceNotFound([namespace, ...types].join('/'), names.join('/'), resourceGroup);
}

function requireObjectBody(request: ArmRequest): JsonObject {
  if (!isJsonObject(request.body)) throw invalidRequestFormat('The request body must be a JSON object.');
  if (request.body['properties'] !== undefined && !isJsonObject(request.body['properties'])) {
    throw invalidRequestFormat("Member 'properties' must be a JSON object.");
  }
  return request.body;
}
