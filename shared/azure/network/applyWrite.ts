import { parseArmId } from '../arm/armId';
import type { JsonObject, JsonValue } from '../arm/armJson';
import type { Write } from '../../core/drift/writes';
import type { ArmClients } from '../arm/armClients';
import { withRawJson, type RawResponse } from '../arm/rawJsonPolicy';

/** Conditional headers: If-Match with the etag read; a create must not overwrite a table made meanwhile. */
function conditionOf(write: Write): Record<string, string> {
  if (write.kind === 'route-table-create') return { 'If-None-Match': '*' };
  return write.ifMatch === undefined ? {} : { 'If-Match': write.ifMatch };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The resource after the write: the LRO's final GET of the resource URL, else the PUT response body. */
function resourceAfter(responses: readonly RawResponse[], resourceId: string): JsonObject | undefined {
  const path = resourceId.toLowerCase();
  const finalGet = [...responses].reverse().find((response) => response.method === 'GET' && response.status === 200 && new URL(response.url).pathname.toLowerCase() === path);
  const put = responses.find((response) => response.method === 'PUT');
  const body = finalGet?.body ?? put?.body;
  return isObject(body) ? body : undefined;
}

/**
 * Sends one planned write through the SDK (auth, retries, LRO polling) with the exact raw body (see
 * rawJsonPolicy.ts); the typed parameter handed to the SDK is a placeholder that the policy replaces.
 * Throws the SDK's RestError (412 on an etag mismatch) or, for an operation that ended Failed or Canceled,
 * ArmOperationFailedError (withRawJson reads it from the operation's terminal answer).
 */
export async function applyWrite(clients: ArmClients, write: Write): Promise<JsonObject | undefined> {
  const id = parseArmId(write.resourceId);
  const network = clients.network(id.subscriptionId);
  const options = { requestOptions: { headers: conditionOf(write) } };
  const name = (index: number) => id.segments[index]![1];
  const placeholder = {};
  const run = async (call: () => Promise<unknown>, body?: JsonObject) => resourceAfter((await withRawJson(call, body)).responses, write.resourceId);
  switch (write.kind) {
    case 'subnet-put':
      return run(() => network.subnets.createOrUpdate(id.resourceGroup, name(0), name(1), placeholder, options), write.body);
    case 'vnet-put':
      return run(() => network.virtualNetworks.createOrUpdate(id.resourceGroup, name(0), placeholder, options), write.body);
    case 'route-table-create':
    case 'route-table-update':
      return run(() => network.routeTables.createOrUpdate(id.resourceGroup, name(0), placeholder, options), write.body);
    case 'route-put':
      return run(() => network.routes.createOrUpdate(id.resourceGroup, name(0), name(1), placeholder, options), write.body);
    case 'route-delete':
      // In a raw-JSON scope too: a delete is an LRO whose Failed end must be read the same way.
      await withRawJson(() => network.routes.delete(id.resourceGroup, name(0), name(1), options));
      return undefined;
  }
}
