import { randomUUID } from 'node:crypto';
import type { Caller } from './auth';
import { operationNameOf } from './resourceKinds';
import type { ArmResourceEvent } from './types';

/** What the HTTP layer knows about the request that caused an event. */
export interface RequestContext {
  readonly caller: Caller;
  readonly method: string;
  readonly url: string;
  readonly clientRequestId: string;
  readonly correlationId: string;
  readonly clientIpAddress: string;
}

const CONTRIBUTOR_ROLE_DEFINITION_ID = 'b24988ac618042a0ab8820f7382dd24c';

/** Builds the Event Grid event ARM publishes to the subscription's system topic (EG in arm-contract.md). */
export function resourceEvent(
  action: 'write' | 'delete',
  resource: { id: string; type: string },
  subscriptionId: string,
  request: RequestContext,
): ArmResourceEvent {
  const operationName = operationNameOf(resource.type, action);
  return {
    id: randomUUID(),
    topic: `/subscriptions/${subscriptionId}`,
    subject: resource.id,
    eventType: action === 'write' ? 'Microsoft.Resources.ResourceWriteSuccess' : 'Microsoft.Resources.ResourceDeleteSuccess',
    eventTime: new Date().toISOString(),
    dataVersion: '2',
    metadataVersion: '1',
    data: {
      authorization: {
        scope: resource.id,
        action: operationName,
        evidence: {
          role: 'Contributor',
          roleAssignmentScope: `/subscriptions/${subscriptionId}`,
          roleAssignmentId: randomUUID().replace(/-/g, ''),
          roleDefinitionId: CONTRIBUTOR_ROLE_DEFINITION_ID,
          principalId: request.caller.principalId,
          principalType: 'ServicePrincipal',
        },
      },
      claims: request.caller.claims,
      correlationId: request.correlationId,
      httpRequest: {
        clientRequestId: request.clientRequestId,
        clientIpAddress: request.clientIpAddress,
        method: request.method,
        url: request.url,
      },
      resourceProvider: resource.type.split('/')[0] ?? '',
      resourceUri: resource.id,
      operationName,
      status: 'Succeeded',
      subscriptionId,
      tenantId: request.caller.tenantId,
    },
  };
}
