import { ArmOperationFailedError } from '../../../../shared/azure/arm/armOperationFailure';
import { failureFromError } from '../../../../shared/core/drift/armFailure';

const restError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { name: 'RestError', statusCode, code });
const operationUrl = 'https://management.azure.com/subscriptions/s/providers/Microsoft.Network/locations/westeurope/operations/op-1';
const operationEnded = (status: 'Failed' | 'Canceled', armCode?: string, armMessage?: string) =>
  new ArmOperationFailedError(status, { ...(armCode ? { armCode } : {}), ...(armMessage ? { armMessage } : {}) }, 'https://management.azure.com/subscriptions/s/x', operationUrl, new Error('from the poller'));

describe('failureFromError', () => {
  it.each([
    { label: '403 AuthorizationFailed', error: restError(403, 'AuthorizationFailed', 'no'), code: 'arm-forbidden', retryable: false },
    { label: '404', error: restError(404, 'ResourceNotFound', 'gone'), code: 'arm-not-found', retryable: false },
    { label: '412', error: restError(412, 'PreconditionFailed', 'etag'), code: 'concurrent-modification', retryable: true },
    { label: '429 throttled', error: restError(429, 'SubscriptionRequestsThrottled', 'slow'), code: 'arm-throttled', retryable: true },
    { label: '409 AnotherOperationInProgress', error: restError(409, 'AnotherOperationInProgress', 'busy'), code: 'arm-busy', retryable: true },
    { label: '400 ReferencedResourceNotProvisioned', error: restError(400, 'ReferencedResourceNotProvisioned', 'updating'), code: 'arm-busy', retryable: true },
    { label: '400 InvalidRequestFormat', error: restError(400, 'InvalidRequestFormat', 'Cannot parse the request.'), code: 'arm-rejected', retryable: false },
    { label: '503', error: restError(503, 'ServiceUnavailable', 'down'), code: 'arm-unavailable', retryable: true },
    { label: 'LRO Failed', error: operationEnded('Failed', 'InUseSubnetCannotBeDeleted', 'in use'), code: 'arm-operation-failed', retryable: false },
    { label: 'LRO Failed, busy', error: operationEnded('Failed', 'AnotherOperationInProgress', 'busy'), code: 'arm-busy', retryable: true },
    { label: 'LRO Canceled', error: operationEnded('Canceled'), code: 'arm-operation-canceled', retryable: true },
    { label: 'not an Error at all', error: 'boom', code: 'unexpected-error', retryable: false },
  ])('$label', ({ error, code, retryable }) => {
    const failure = failureFromError(error, { action: 'write subnet', resourceId: '/subscriptions/s/x' });
    expect(failure).toMatchObject({ code, retryable });
    expect(failure.message).toContain('write subnet');
  });

  it("a Failed LRO: ARM's code from the terminal answer, and its code and message in the sentence", () => {
    const failure = failureFromError(operationEnded('Failed', 'InUseSubnetCannotBeDeleted', 'Subnet aks is in use.'), { action: 'write subnet', resourceId: '/subscriptions/s/x' });
    expect(failure).toMatchObject({ code: 'arm-operation-failed', armCode: 'InUseSubnetCannotBeDeleted', retryable: false });
    expect(failure.statusCode).toBeUndefined();
    expect(failure.message).toMatch(/^write subnet \/subscriptions\/s\/x: .*Failed: InUseSubnetCannotBeDeleted: Subnet aks is in use\.$/);
  });

  it("403 LinkedAuthorizationFailed with the grant read from ARM's message: permanent, says what to grant where", () => {
    const armText = "The client 'egress-guard' with object id '00000000-0000-4000-8000-000000000001' has permission to perform action 'Microsoft.Network/virtualNetworks/write' on scope '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v'; however, it does not have permission to perform action 'Microsoft.Network/virtualNetworks/peer/action' on the linked scope(s) '/subscriptions/h/resourceGroups/rg-hub' or the linked scope(s) are invalid.";
    const error = restError(403, 'LinkedAuthorizationFailed', armText);
    const failure = failureFromError(error, { action: 'write virtual network', resourceId: '/subscriptions/s/x' });
    expect(failure).toMatchObject({ code: 'arm-linked-authorization-failed', retryable: false, grant: { action: 'Microsoft.Network/virtualNetworks/peer/action', scopes: ['/subscriptions/h/resourceGroups/rg-hub'] } });
    expect(failure.message).toMatch(/^Not allowed to write virtual network \/subscriptions\/s\/x: grant Microsoft.Network\/virtualNetworks\/peer\/action on \/subscriptions\/h\/resourceGroups\/rg-hub /);
    expect(failure.message).toContain(`ARM said: ${armText}`);
  });
});
