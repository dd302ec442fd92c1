import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { armScopeFor, createArmClients, type ArmClients, type TokenCredential } from '../azure/arm/armClients';
import { AuditError } from './auditErrors';

type Pipeline = SubscriptionClient['pipeline'];
type PipelinePolicy = Parameters<Pipeline['addPolicy']>[0];

export interface AuditClients extends ArmClients {
  subscriptions(): SubscriptionClient;
}

export const readOnlyPolicyName = 'egressGuardAuditReadOnlyPolicy';

/**
 * Read-only by construction: every ARM client the audit uses carries this policy, which refuses any request that is
 * not a GET before it leaves the process (the audit code has no write path either; this makes sure of it).
 * `onRead` is told of every GET answered (pages included), for the progress line.
 */
export function readOnlyPolicy(onRead: () => void): PipelinePolicy {
  return {
    name: readOnlyPolicyName,
    async sendRequest(request, next) {
      if (request.method !== 'GET') {
        throw new AuditError('write-refused', `the audit is read-only and refused to send ${request.method} ${new URL(request.url).pathname}`);
      }
      const response = await next(request);
      onRead();
      return response;
    },
  };
}

function withPolicy<T extends { pipeline: Pipeline }>(client: T, policy: PipelinePolicy): T {
  if (!client.pipeline.getOrderedPolicies().some((existing) => existing.name === readOnlyPolicyName)) client.pipeline.addPolicy(policy);
  return client;
}

/** The app's own ARM clients (same endpoint, audience, raw JSON reads) plus the subscriptions client, all read-only. */
export function createAuditClients(credential: TokenCredential, armEndpoint: string, onRead: () => void = () => undefined): AuditClients {
  const policy = readOnlyPolicy(onRead);
  const base = createArmClients({ credential, armEndpoint });
  let subscriptionClient: SubscriptionClient | undefined;
  return {
    network: (subscriptionId) => withPolicy(base.network(subscriptionId), policy),
    containerService: (subscriptionId) => withPolicy(base.containerService(subscriptionId), policy),
    subscriptions() {
      if (subscriptionClient === undefined) {
        const { SubscriptionClient: Client } = require('@azure/arm-resources-subscriptions') as typeof import('@azure/arm-resources-subscriptions');
        const endpoint = armEndpoint.replace(/\/+$/, '');
        subscriptionClient = withPolicy(new Client(credential, { endpoint, credentials: { scopes: [armScopeFor(endpoint)] } }), policy);
      }
      return subscriptionClient;
    },
  };
}
