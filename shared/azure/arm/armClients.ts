import type { NetworkManagementClient } from '@azure/arm-network';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { addRawJsonPolicy } from './rawJsonPolicy';

/** The credential type the SDK clients take (derived, so we need no direct @azure/core-auth dependency). */
export type TokenCredential = ConstructorParameters<typeof NetworkManagementClient>[0];

export interface ArmClientsOptions {
  readonly credential: TokenCredential;
  /** ARM_ENDPOINT, e.g. https://management.azure.com or the sandbox emulator. */
  readonly armEndpoint: string;
}

export interface ArmClients {
  network(subscriptionId: string): NetworkManagementClient;
  containerService(subscriptionId: string): ContainerServiceClient;
}

/** Token audiences of the clouds we know; any other endpoint (the sandbox) keeps the public ARM audience. */
const armScopes: Readonly<Record<string, string>> = {
  'https://management.azure.com': 'https://management.azure.com/.default',
  'https://management.usgovcloudapi.net': 'https://management.usgovcloudapi.net/.default',
  'https://management.chinacloudapi.cn': 'https://management.chinacloudapi.cn/.default',
};

export function armScopeFor(armEndpoint: string): string {
  return armScopes[armEndpoint.replace(/\/+$/, '').toLowerCase()] ?? 'https://management.azure.com/.default';
}

/**
 * One client per subscription, built on first use. The SDK modules load lazily: requiring them costs a few
 * hundred ms of cold start that functions which never touch ARM should not pay.
 * `credentials.scopes` is pinned: the SDK would otherwise default to the public ARM audience, which is right for
 * the sandbox and wrong for sovereign clouds.
 */
export function createArmClients({ credential, armEndpoint }: ArmClientsOptions): ArmClients {
  const endpoint = armEndpoint.replace(/\/+$/, '');
  const options = { endpoint, credentials: { scopes: [armScopeFor(endpoint)] } };
  const networkClients = new Map<string, NetworkManagementClient>();
  const containerClients = new Map<string, ContainerServiceClient>();
  return {
    network(subscriptionId) {
      const key = subscriptionId.toLowerCase();
      let client = networkClients.get(key);
      if (client === undefined) {
        const { NetworkManagementClient: Client } = require('@azure/arm-network') as typeof import('@azure/arm-network');
        client = new Client(credential, subscriptionId, options);
        addRawJsonPolicy(client.pipeline);
        networkClients.set(key, client);
      }
      return client;
    },
    containerService(subscriptionId) {
      const key = subscriptionId.toLowerCase();
      let client = containerClients.get(key);
      if (client === undefined) {
        const { ContainerServiceClient: Client } = require('@azure/arm-containerservice') as typeof import('@azure/arm-containerservice');
        client = new Client(credential, subscriptionId, options);
        addRawJsonPolicy(client.pipeline);
        containerClients.set(key, client);
      }
      return client;
    },
  };
}
