import { anotherOperationInProgress, retryableError } from './armError';
import { writesAreLro } from './resourceKinds';
import { settleProvisioningState } from './writes';
import type { EmulatorContext } from './context';
import type { Operation } from './operations';
import { parseResourceId } from './resourcePath';

/**
 * Which operations exclude each other. Azure serialises writes per firewall policy (a second one gets a synchronous
 * 409 AnotherOperationInProgress, hashicorp/terraform-provider-azurerm#32081), and Microsoft.Network runs one
 * operation at a time on a resource family: a VNet with its subnets and peerings, a route table with its routes
 * (a write meanwhile gets 429 RetryableError / RetryableErrorDueToAnotherOperation; arm-contract.md sections 3, 8).
 */
export interface OperationLock {
  /** Lower-cased id of the family's top-level resource. */
  readonly key: string;
  readonly refusal: 'another-operation' | 'retryable';
}

export function operationLockOf(resourceId: string): OperationLock | undefined {
  const parsed = parseResourceId(resourceId);
  if (!parsed || parsed.namespace.toLowerCase() !== 'microsoft.network' || !parsed.types[0] || !parsed.names[0]) return undefined;
  const key = `/subscriptions/${parsed.subscriptionId}/resourcegroups/${parsed.resourceGroup}/providers/microsoft.network/${parsed.types[0]}/${parsed.names[0]}`.toLowerCase();
  return { key, refusal: parsed.types[0].toLowerCase() === 'firewallpolicies' ? 'another-operation' : 'retryable' };
}

/** Network's operation names as they appear in busy errors ("Operation PutSubnetOperation (...) is updating ..."). */
export function networkOperationName(type: string, action: 'write' | 'delete'): string {
  const last = type.split('/').at(-1) ?? type;
  const singular = last.endsWith('ies') ? `${last.slice(0, -3)}y` : last.replace(/s$/, '');
  return `${action === 'write' ? 'Put' : 'Delete'}${singular.charAt(0).toUpperCase()}${singular.slice(1)}Operation`;
}

/** Seconds until `operation` is due, at least 1 (Retry-After is whole seconds). */
export function secondsLeft(operation: Operation): number {
  return Math.max(1, Math.ceil((operation.dueAt - Date.now()) / 1000));
}

/** Refuses a write while another operation holds its family, as Azure does. */
export function assertFamilyFree(context: EmulatorContext, resourceId: string, asyncOperationUrl: (operation: Operation) => string): void {
  const lock = operationLockOf(resourceId);
  if (!lock) return;
  if (lock.refusal === 'retryable' && !context.settings.serializeNetworkOperations) return;
  const running = context.operations.runningWithLock(lock.key);
  if (!running) return;
  if (lock.refusal === 'another-operation') throw anotherOperationInProgress(asyncOperationUrl(running));
  const wait = secondsLeft(running);
  throw retryableError(
    {
      code: 'RetryableErrorDueToAnotherOperation',
      message: `Operation ${running.operationName} (${running.id}) is updating resource ${running.resourceId}. The call can be retried in ${wait} seconds.`,
    },
    wait,
  );
}

/**
 * Refuses a write whose body references a resource another operation is still updating
 * (Azure/azure-sdk-for-go#588, hashicorp/terraform-provider-azurerm#21293; arm-contract.md section 3).
 */
export function assertReferencesProvisioned(context: EmulatorContext, resourceId: string, referencedIds: readonly string[]): void {
  if (!context.settings.serializeNetworkOperations) return;
  const ownKey = operationLockOf(resourceId)?.key;
  for (const referencedId of referencedIds) {
    const lock = operationLockOf(referencedId);
    if (!lock || lock.key === ownKey) continue;
    const running = context.operations.runningWithLock(lock.key);
    if (!running) continue;
    const state = running.action === 'delete' ? 'Deleting' : 'Updating';
    throw retryableError(
      {
        code: 'ReferencedResourceNotProvisioned',
        message: `Cannot proceed with operation because resource ${referencedId} used by resource ${resourceId} is not in Succeeded state. Resource is in ${state} state and the last operation that updated/is updating the resource is ${running.operationName}.`,
      },
      secondsLeft(running),
    );
  }
}

/**
 * Holds a resource's family busy for `seconds`, as another writer's long operation would (a peering sync, a
 * person's Terraform apply): the resource shows Updating, writes to the family get 429 RetryableError and writes
 * referencing it ReferencedResourceNotProvisioned until it ends. For the sandbox admin API (POST /_sandbox/busy).
 */
export function holdBusy(context: EmulatorContext, resourceId: string, seconds: number): Operation | undefined {
  const { store } = context;
  const resource = store.get(resourceId);
  const lock = operationLockOf(resourceId);
  if (!resource || !lock || !writesAreLro(resource.type)) return undefined;
  const journal = store.record(() => {
    if (resource.properties) store.set({ ...resource, properties: { ...resource.properties, provisioningState: 'Updating' } });
  });
  const [namespace = 'Microsoft.Network'] = resource.type.split('/');
  return context.operations.start({
    namespace,
    location: resource.location ?? 'westeurope',
    action: 'write',
    lockKey: lock.key,
    resourceId: resource.id,
    operationName: networkOperationName(resource.type, 'write'),
    delayMs: seconds * 1000,
    complete: () => {
      store.record(() => settleProvisioningState(store, journal.keys(), resource.id));
      return undefined;
    },
  });
}
