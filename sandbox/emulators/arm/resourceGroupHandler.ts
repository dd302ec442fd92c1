import { ArmError, invalidRequestFormat, resourceGroupNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { resourceEvent } from './events';
import { accepted, startLongRunning } from './longRunning';
import { RESOURCE_GROUP_TYPE } from './resourceKinds';
import { resourceGroupId } from './resourcePath';
import type { ArmResource } from './types';
import { isJsonObject } from './types';

/** Microsoft.Resources resource groups: synchronous PUT/PATCH, DELETE as an LRO that removes everything inside. */
export function handleResourceGroup(context: EmulatorContext, request: ArmRequest, subscriptionId: string, name: string): ArmResponse {
  const { store } = context;
  const existing = store.get(resourceGroupId(subscriptionId, name));
  switch (request.method) {
    case 'GET':
      if (!existing) throw resourceGroupNotFound(name);
      return { status: 200, body: existing };
    case 'HEAD':
      return { status: existing ? 204 : 404 };
    case 'PUT':
    case 'PATCH': {
      const body = request.body;
      if (!isJsonObject(body)) throw invalidRequestFormat('The request body must be a JSON object.');
      if (request.method === 'PATCH' && !existing) throw resourceGroupNotFound(name);
      const location = typeof body['location'] === 'string' ? body['location'] : existing?.location;
      if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
      const group: ArmResource = {
        id: existing?.id ?? resourceGroupId(subscriptionId, name),
        name: existing?.name ?? name,
        type: RESOURCE_GROUP_TYPE,
        location,
        ...(isJsonObject(body['tags']) ? { tags: body['tags'] as Record<string, string> } : existing?.tags ? { tags: existing.tags } : {}),
        ...(typeof body['managedBy'] === 'string' ? { managedBy: body['managedBy'] } : {}),
        properties: { provisioningState: 'Succeeded' },
      };
      store.record(() => store.set(group));
      context.emit(resourceEvent('write', group, subscriptionId, request));
      return { status: existing || request.method === 'PATCH' ? 200 : 201, body: group };
    }
    case 'DELETE': {
      if (!existing) return { status: 204 };
      const operation = startLongRunning(context, request, {
        resource: existing,
        subscriptionId,
        namespace: 'Microsoft.Resources',
        location: existing.location ?? 'westeurope',
        action: 'delete',
        delayMs: context.settings.lroDelayMs,
        change: () => store.set({ ...existing, properties: { provisioningState: 'Deleting' } }),
      });
      return accepted(context, operation, request);
    }
    default:
      throw new ArmError(405, 'MethodNotAllowed', `The requested method ${request.method} is not allowed.`);
  }
}
