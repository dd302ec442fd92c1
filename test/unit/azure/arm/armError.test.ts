import { NetworkManagementClient } from '@azure/arm-network';
import { createHttpHeaders, RestError, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { classifyArmError, retryAfterInMsOf, statusCodeOf } from '../../../../shared/azure/arm/armError';
import { ArmOperationFailedError } from '../../../../shared/azure/arm/armOperationFailure';
import { addRawJsonPolicy, withRawJson } from '../../../../shared/azure/arm/rawJsonPolicy';

/**
 * The classification of what the real ARM SDK throws for ARM's real answers: each case is an HTTP answer ARM sends
 * (bodies and headers as quoted in /work/shared/design/arm-contract.md sections 3 and 8 with their public sources),
 * fed to @azure/arm-network through a canned HttpClient, so the RestError (code, details, response headers) is the one
 * the SDK itself builds, and a Failed LRO is the poller's own Error turned into ArmOperationFailedError by withRawJson.
 */
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const credential = { getToken: async () => ({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const subnetId = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks';

function networkAnswering(answers: Answer[]): NetworkManagementClient {
  const httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest): Promise<PipelineResponse> => {
      const answer = answers.shift() ?? { status: 500, body: { error: { code: 'NoMoreAnswers', message: 'the test ran out of answers' } } };
      return {
        request,
        status: answer.status,
        headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', ...answer.headers }),
        ...(answer.body === undefined ? {} : { bodyAsText: JSON.stringify(answer.body) }),
      };
    },
  };
  return new NetworkManagementClient(credential, 'sub', { httpClient, retryOptions: { maxRetries: 0 } });
}

async function thrownByGet(answer: Answer): Promise<unknown> {
  return networkAnswering([answer])
    .subnets.get('rg', 'vnet', 'aks')
    .then(
      () => {
        throw new Error('ARM was expected to refuse');
      },
      (error: unknown) => error,
    );
}

/** A subnet PUT whose operation ends `status` (201 + Azure-AsyncOperation, then the status poll), as withRawJson throws it. */
async function thrownByFailedPut(status: string, error?: { code: string; message: string; details?: Array<{ code: string; message: string }> }): Promise<unknown> {
  const operation = 'https://management.azure.com/subscriptions/sub/providers/Microsoft.Network/locations/westeurope/operations/op-1?api-version=2024-05-01';
  const network = networkAnswering([
    { status: 201, body: { id: subnetId, name: 'aks', properties: { provisioningState: 'Updating' } }, headers: { 'azure-asyncoperation': operation, 'retry-after': '0' } },
    { status: 200, body: { status, ...(error ? { error } : {}) } },
  ]);
  addRawJsonPolicy(network.pipeline);
  return withRawJson(() => network.subnets.beginCreateOrUpdateAndWait('rg', 'vnet', 'aks', { addressPrefix: '10.0.0.0/24' }, { updateIntervalInMs: 0 })).then(
    () => {
      throw new Error('the operation was expected to fail');
    },
    (thrown: unknown) => thrown,
  );
}

const armBody = (code: string, message: string, details: Array<{ code: string; message: string }> = []) => ({ error: { code, message, details } });

const linkedMessage =
  "The client '686f04b6-afa9-4466-a671-7b4ddd260118' with object id '686f04b6-afa9-4466-a671-7b4ddd260118' has permission to perform action 'Microsoft.Network/virtualNetworks/subnets/write' on scope '/subscriptions/***/resourceGroups/pcc-staging-rg/providers/Microsoft.Network/virtualNetworks/pcc-staging-network/subnets/pcc-staging-node-subnet'; however, it does not have permission to perform action 'Microsoft.Network/routeTables/join/action' on the linked scope(s) '/subscriptions/***/resourceGroups/MC_pcc-staging-rg_pcc-staging-cluster_westeurope/providers/Microsoft.Network/routeTables/aks-agentpool-27180469-routetable' or the linked scope(s) are invalid."; // microsoft/planetary-computer-hub#25
const busyDetail =
  'Operation PutSubnetOperation (d8ba1a8f-8c8c-4d2b-9c2f-1ba4b9e7a0c1) is updating resource /subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet. The call can be retried in 13 seconds.'; // kubernetes-sigs/cluster-api-provider-azure#4385
const notProvisioned =
  'Cannot proceed with operation because resource /subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt used by resource /subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks is not in Succeeded state. Resource is in Updating state and the last operation that updated/is updating the resource is PutSubnetOperation.'; // Azure/azure-sdk-for-go#588

describe('classifyArmError over what the ARM SDK throws for real ARM answers', () => {
  it.each<{ label: string; answer: Answer; expected: Record<string, unknown> }>([
    {
      label: '401 InvalidAuthenticationToken',
      answer: { status: 401, body: armBody('InvalidAuthenticationToken', 'The access token is invalid.') },
      expected: { code: 'arm-unauthorized', retryable: false, statusCode: 401, armCode: 'InvalidAuthenticationToken' },
    },
    {
      label: '403 AuthorizationFailed',
      answer: { status: 403, body: armBody('AuthorizationFailed', "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/subnets/write' over scope 'z' or the scope is invalid.") },
      expected: { code: 'arm-forbidden', retryable: false, statusCode: 403, armCode: 'AuthorizationFailed' },
    },
    {
      label: '404 ResourceNotFound (REC-PS body)',
      answer: { status: 404, body: armBody('ResourceNotFound', "The Resource 'Microsoft.Network/routeTables/ps5816' under resource group 'ps71' was not found."), headers: { 'x-ms-failure-cause': 'gateway' } },
      expected: { code: 'arm-not-found', retryable: false, statusCode: 404, armCode: 'ResourceNotFound' },
    },
    {
      label: '404 ResourceGroupNotFound',
      answer: { status: 404, body: armBody('ResourceGroupNotFound', "Resource group 'rg' could not be found.") },
      expected: { code: 'arm-not-found', retryable: false, statusCode: 404 },
    },
    {
      label: '412 PreconditionFailed with details PreconditionFailedEtagMismatch',
      answer: { status: 412, body: armBody('PreconditionFailed', 'Precondition failed.', [{ code: 'PreconditionFailedEtagMismatch', message: 'Etag provided in if-match header W/"1" does not match etag W/"2" of resource.' }]) },
      expected: { code: 'concurrent-modification', retryable: true, statusCode: 412, armCode: 'PreconditionFailed' },
    },
    {
      label: '429 RetryableError / RetryableErrorDueToAnotherOperation with Retry-After',
      answer: { status: 429, body: armBody('RetryableError', 'A retryable error occurred.', [{ code: 'RetryableErrorDueToAnotherOperation', message: busyDetail }]), headers: { 'retry-after': '13' } },
      expected: { code: 'arm-throttled', retryable: true, statusCode: 429, armCode: 'RetryableError', retryAfterInMs: 13_000 },
    },
    {
      label: '429 RetryableError / ReferencedResourceNotProvisioned',
      answer: { status: 429, body: armBody('RetryableError', 'A retryable error occurred.', [{ code: 'ReferencedResourceNotProvisioned', message: notProvisioned }]), headers: { 'retry-after': '10' } },
      expected: { code: 'arm-throttled', retryable: true, retryAfterInMs: 10_000 },
    },
    {
      label: '429 SubscriptionRequestsThrottled, Retry-After in seconds',
      answer: { status: 429, body: armBody('SubscriptionRequestsThrottled', 'Number of requests for subscription exceeded the limit.'), headers: { 'retry-after': '17' } },
      expected: { code: 'arm-throttled', retryable: true, armCode: 'SubscriptionRequestsThrottled', retryAfterInMs: 17_000 },
    },
    {
      label: '409 AnotherOperationInProgress (concurrent rule collection group writes)',
      answer: { status: 409, body: armBody('AnotherOperationInProgress', 'Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: https://management.azure.com/op.') },
      expected: { code: 'arm-busy', retryable: true, statusCode: 409, armCode: 'AnotherOperationInProgress' },
    },
    {
      label: '400 ReferencedResourceNotProvisioned as the top-level code',
      answer: { status: 400, body: armBody('ReferencedResourceNotProvisioned', notProvisioned) },
      expected: { code: 'arm-busy', retryable: true, statusCode: 400 },
    },
    {
      label: '400 InvalidRequestFormat with details InvalidJson',
      answer: { status: 400, body: armBody('InvalidRequestFormat', 'Cannot parse the request.', [{ code: 'InvalidJson', message: "Could not find member 'x' on object of type 'Subnet'. Path 'properties.x'." }]) },
      expected: { code: 'arm-rejected', retryable: false, statusCode: 400, armCode: 'InvalidRequestFormat' },
    },
    {
      label: '400 InUseRouteTableCannotBeDeleted',
      answer: { status: 400, body: armBody('InUseRouteTableCannotBeDeleted', 'Route table rt is in use and cannot be deleted.') },
      expected: { code: 'arm-rejected', retryable: false },
    },
    {
      label: '408 (the SDK retries it)',
      answer: { status: 408, body: armBody('RequestTimeout', 'The request timed out.') },
      expected: { code: 'arm-unavailable', retryable: true, statusCode: 408 },
    },
    {
      label: '500 InternalServerError',
      answer: { status: 500, body: armBody('InternalServerError', 'An error has occurred.') },
      expected: { code: 'arm-unavailable', retryable: true, statusCode: 500 },
    },
    {
      label: '503 with x-ms-retry-after-ms (read before Retry-After, as the SDK does)',
      answer: { status: 503, body: armBody('ServiceUnavailable', 'The service is unavailable.'), headers: { 'x-ms-retry-after-ms': '2500', 'retry-after': '30' } },
      expected: { code: 'arm-unavailable', retryable: true, retryAfterInMs: 2_500 },
    },
    {
      label: '501 (not implemented: another attempt will not help)',
      answer: { status: 501, body: armBody('NotImplemented', 'Not implemented.') },
      expected: { code: 'arm-rejected', retryable: false, statusCode: 501 },
    },
  ])('$label', async ({ answer, expected }) => {
    const error = await thrownByGet(answer);
    expect(statusCodeOf(error)).toBe(answer.status);
    expect(classifyArmError(error)).toMatchObject(expected);
    if (!('retryAfterInMs' in expected)) expect(classifyArmError(error).retryAfterInMs).toBeUndefined();
  });

  it('403 LinkedAuthorizationFailed: forbidden, with what to grant where (read by linkedAuthorization.ts)', async () => {
    const error = await thrownByGet({ status: 403, body: armBody('LinkedAuthorizationFailed', linkedMessage) });
    expect(classifyArmError(error)).toMatchObject({
      code: 'arm-forbidden',
      retryable: false,
      armCode: 'LinkedAuthorizationFailed',
      linkedAuthorization: { reason: 'missing-permission', action: 'Microsoft.Network/routeTables/join/action' },
    });
  });

  it('Retry-After as an HTTP date is the time left until then', async () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const error = await thrownByGet({ status: 429, body: armBody('SubscriptionRequestsThrottled', 'slow down'), headers: { 'retry-after': 'Mon, 07 Dec 2026 12:00:45 GMT' } });
    expect(retryAfterInMsOf(error, now)).toBe(45_000);
    expect(classifyArmError(error, now).retryAfterInMs).toBe(45_000);
  });

  it('an operation that ends Failed or Canceled: read from its terminal answer (ArmOperationFailedError), never from the text', async () => {
    const inUse = await thrownByFailedPut('Failed', { code: 'InUseSubnetCannotBeDeleted', message: 'Subnet aks is in use by /subscriptions/sub/nic/ipconfig and cannot be deleted.' });
    expect(inUse).toBeInstanceOf(ArmOperationFailedError);
    expect(statusCodeOf(inUse)).toBeUndefined();
    expect(classifyArmError(inUse)).toMatchObject({ code: 'arm-operation-failed', retryable: false, armCode: 'InUseSubnetCannotBeDeleted' });
    expect(classifyArmError(inUse).message).toContain('Subnet aks is in use');

    const busy = await thrownByFailedPut('Failed', { code: 'AnotherOperationInProgress', message: 'Another operation on this or dependent resource is in progress.' });
    expect(classifyArmError(busy)).toMatchObject({ code: 'arm-busy', retryable: true, armCode: 'AnotherOperationInProgress' });

    const busyDetailOnly = await thrownByFailedPut('Failed', { code: 'RequestFailed', message: 'failed', details: [{ code: 'RetryableErrorDueToAnotherOperation', message: busyDetail }] });
    expect(classifyArmError(busyDetailOnly)).toMatchObject({ code: 'arm-busy', retryable: true, armCode: 'RequestFailed' });

    const canceled = await thrownByFailedPut('Canceled');
    expect(classifyArmError(canceled)).toMatchObject({ code: 'arm-operation-canceled', retryable: true });
    expect(classifyArmError(canceled).armCode).toBeUndefined();
  });

  it('an operation without LRO headers (core-lro polls the resource): Failed read from its provisioningState', async () => {
    const network = networkAnswering([
      { status: 201, body: { id: subnetId, name: 'aks', properties: { provisioningState: 'Updating' } } },
      { status: 200, body: { id: subnetId, name: 'aks', properties: { provisioningState: 'Failed' } } },
    ]);
    addRawJsonPolicy(network.pipeline);
    const error = await withRawJson(() => network.subnets.beginCreateOrUpdateAndWait('rg', 'vnet', 'aks', { addressPrefix: '10.0.0.0/24' }, { updateIntervalInMs: 0 })).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: 'ArmOperationFailedError', status: 'Failed' });
    expect(new URL((error as ArmOperationFailedError).operationUrl).pathname).toBe(subnetId);
    expect(classifyArmError(error)).toMatchObject({ code: 'arm-operation-failed', retryable: false });
  });

  it.each<{ label: string; error: ArmOperationFailedError; expected: Record<string, unknown> }>([
    { label: 'Failed with a code', error: operationFailure('Failed', { armCode: 'InUseRouteTableCannotBeDeleted', armMessage: 'in use' }), expected: { code: 'arm-operation-failed', retryable: false, armCode: 'InUseRouteTableCannotBeDeleted' } },
    { label: 'Failed without an error body', error: operationFailure('Failed', {}), expected: { code: 'arm-operation-failed', retryable: false } },
    { label: 'Failed, busy (AnotherOperationInProgress)', error: operationFailure('Failed', { armCode: 'AnotherOperationInProgress' }), expected: { code: 'arm-busy', retryable: true } },
    { label: 'Failed, busy in details', error: operationFailure('Failed', { armCode: 'RetryableError', armDetailCodes: ['ReferencedResourceNotProvisioned'] }), expected: { code: 'arm-busy', retryable: true } },
    { label: 'Canceled, even with a code', error: operationFailure('Canceled', { armCode: 'OperationCanceled', armMessage: 'canceled by user' }), expected: { code: 'arm-operation-canceled', retryable: true, armCode: 'OperationCanceled' } },
  ])('classifies ArmOperationFailedError: $label', ({ error, expected }) => {
    const classified = classifyArmError(error);
    expect(classified).toMatchObject({ ...expected, message: error.message });
    expect(classified.statusCode).toBeUndefined();
  });

  it("does not read a message: the poller's own text, unconverted, is an unexpected error", () => {
    expect(classifyArmError(new Error('The long-running operation has failed. AnotherOperationInProgress. busy'))).toMatchObject({ code: 'unexpected-error', retryable: false });
    expect(classifyArmError(new Error('Operation was canceled'))).toMatchObject({ code: 'unexpected-error', retryable: false });
  });

  it('no answer at all (REQUEST_SEND_ERROR) is worth another try; anything else that is not a RestError is not', () => {
    expect(classifyArmError(new RestError('connect ECONNREFUSED 127.0.0.1:443', { code: 'REQUEST_SEND_ERROR' }))).toMatchObject({ code: 'arm-unreachable', retryable: true });
    expect(classifyArmError('boom')).toEqual({ code: 'unexpected-error', retryable: false, message: 'boom' });
    // A look-alike is not the SDK's error: its statusCode is not trusted.
    const lookAlike = Object.assign(new Error('not found'), { statusCode: 404 });
    expect(statusCodeOf(lookAlike)).toBeUndefined();
    expect(classifyArmError(lookAlike)).toMatchObject({ code: 'unexpected-error', retryable: false });
  });
});

function operationFailure(status: 'Failed' | 'Canceled', terminal: { armCode?: string; armMessage?: string; armDetailCodes?: string[] }): ArmOperationFailedError {
  const url = `https://management.azure.com${subnetId}?api-version=2024-05-01`;
  return new ArmOperationFailedError(status, terminal, url, 'https://management.azure.com/subscriptions/sub/providers/Microsoft.Network/locations/westeurope/operations/op-1', new Error('from the poller'));
}
