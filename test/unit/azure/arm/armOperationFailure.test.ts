import { RestError } from '@azure/core-rest-pipeline';
import { ArmOperationFailedError, armOperationErrorFrom } from '../../../../shared/azure/arm/armOperationFailure';
import type { RawResponse } from '../../../../shared/azure/arm/rawJsonPolicy';

/**
 * armOperationErrorFrom over recorded response lists (what withRawJson records for one SDK call), read the way
 * @azure/core-lro 3.x decides an operation's end: Azure-AsyncOperation/Operation-Location -> the status resource's
 * `status`; Location -> the HTTP status; neither on a PUT -> the resource's provisioningState.
 */
const resourceUrl = 'https://management.azure.com/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks?api-version=2024-05-01';
const operationUrl = 'https://management.azure.com/subscriptions/sub/providers/Microsoft.Network/locations/westeurope/operations/op-1?api-version=2024-05-01';
const pollerError = new Error('whatever the poller said');

const put = (status: number, body: RawResponse['body'], lroHeaders?: RawResponse['lroHeaders']): RawResponse => ({ method: 'PUT', url: resourceUrl, status, body, ...(lroHeaders ? { lroHeaders } : {}) });
const del = (status: number, lroHeaders?: RawResponse['lroHeaders']): RawResponse => ({ method: 'DELETE', url: resourceUrl, status, body: undefined, ...(lroHeaders ? { lroHeaders } : {}) });
const poll = (status: number, body: RawResponse['body'], url = operationUrl): RawResponse => ({ method: 'GET', url, status, body });
const asyncOp = { azureAsyncOperation: operationUrl };
const updating = { id: '/x', properties: { provisioningState: 'Updating' } };
const inUse = { code: 'InUseSubnetCannotBeDeleted', message: 'Subnet aks is in use and cannot be deleted.' };

describe('armOperationErrorFrom', () => {
  it.each<{ label: string; responses: RawResponse[]; expected: Partial<ArmOperationFailedError> }>([
    {
      label: 'Azure-AsyncOperation status Failed with error',
      responses: [put(201, updating, asyncOp), poll(200, { status: 'InProgress' }), poll(200, { status: 'Failed', error: inUse })],
      expected: { status: 'Failed', code: 'arm-operation-failed', armCode: 'InUseSubnetCannotBeDeleted', armMessage: inUse.message, armDetailCodes: [], resourceUrl, operationUrl },
    },
    {
      label: 'after the SDK retried a throttled PUT: the accepted PUT starts the operation',
      responses: [put(429, { error: { code: 'RetryableError', message: 'busy' } }), put(201, updating, asyncOp), poll(200, { status: 'Failed', error: inUse })],
      expected: { status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted', operationUrl },
    },
    {
      label: 'Operation-Location wins over Azure-AsyncOperation (core-lro reads it first)',
      responses: [put(201, updating, { operationLocation: `${operationUrl}&x=1`, azureAsyncOperation: operationUrl }), poll(200, { status: 'Failed', error: inUse }, `${operationUrl}&x=1`)],
      expected: { status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted', operationUrl: `${operationUrl}&x=1` },
    },
    {
      label: 'status Failed with details',
      responses: [put(201, updating, asyncOp), poll(200, { status: 'Failed', error: { code: 'RetryableError', message: 'retry', details: [{ code: 'RetryableErrorDueToAnotherOperation', message: 'busy' }, { message: 'no code' }] } })],
      expected: { status: 'Failed', armCode: 'RetryableError', armDetailCodes: ['RetryableErrorDueToAnotherOperation'] },
    },
    {
      label: 'status Failed without an error',
      responses: [put(201, updating, asyncOp), poll(200, { status: 'Failed' })],
      expected: { status: 'Failed', armCode: undefined, armMessage: undefined },
    },
    {
      label: 'status in another case ("failed", as transformStatus lowercases)',
      responses: [put(201, updating, asyncOp), poll(200, { status: 'failed', error: inUse })],
      expected: { status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted' },
    },
    {
      label: 'status Canceled',
      responses: [put(201, updating, asyncOp), poll(200, { status: 'Canceled' })],
      expected: { status: 'Canceled', code: 'arm-operation-canceled' },
    },
    {
      label: 'status Cancelled (British spelling, accepted by core-lro)',
      responses: [put(201, updating, asyncOp), poll(200, { status: 'Cancelled', error: { code: 'OperationCanceled', message: 'by user' } })],
      expected: { status: 'Canceled', armCode: 'OperationCanceled' },
    },
    {
      label: 'a delete with Azure-AsyncOperation and Location (the status resource decides)',
      responses: [del(202, { azureAsyncOperation: operationUrl, location: `${operationUrl}/result` }), poll(200, { status: 'Failed', error: inUse })],
      expected: { status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted' },
    },
    {
      label: 'status resource without status but an error status code',
      responses: [put(201, updating, asyncOp), poll(400, { error: inUse })],
      expected: { status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted' },
    },
    {
      label: 'Location only: the HTTP status decides',
      responses: [del(202, { location: operationUrl }), poll(400, { error: inUse })],
      expected: { status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted' },
    },
    {
      label: 'no LRO header on a PUT: the resource body polled at its own URL ends Failed',
      responses: [put(201, updating), poll(200, { id: '/x', properties: { provisioningState: 'Failed' } }, resourceUrl)],
      expected: { status: 'Failed', armCode: undefined, operationUrl: resourceUrl },
    },
    {
      label: 'no LRO header on a PUT: the initial answer already Failed (top-level provisioningState)',
      responses: [put(200, { id: '/x', provisioningState: 'Failed', error: inUse })],
      expected: { status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted', operationUrl: resourceUrl },
    },
    {
      label: 'no LRO header on a PUT: Canceled',
      responses: [put(201, updating), poll(200, { id: '/x', properties: { provisioningState: 'Canceled' } }, resourceUrl)],
      expected: { status: 'Canceled' },
    },
  ])('$label -> ArmOperationFailedError', ({ responses, expected }) => {
    const thrown = armOperationErrorFrom(pollerError, responses);
    expect(thrown).toBeInstanceOf(ArmOperationFailedError);
    expect(thrown).toMatchObject({ name: 'ArmOperationFailedError', cause: pollerError, ...expected });
    const failure = thrown as ArmOperationFailedError;
    expect(failure.message).toContain(failure.status);
    if (failure.armCode !== undefined) expect(failure.message).toContain(failure.armCode);
    if (failure.armMessage !== undefined) expect(failure.message).toContain(failure.armMessage);
  });

  it.each<{ label: string; responses: RawResponse[] }>([
    { label: 'nothing recorded', responses: [] },
    { label: 'only the initial answer of an Azure-AsyncOperation PUT (still running)', responses: [put(201, updating, asyncOp)] },
    { label: 'still InProgress', responses: [put(201, updating, asyncOp), poll(200, { status: 'InProgress' })] },
    { label: 'Succeeded, then the final GET (the error came later, e.g. from deserialization)', responses: [put(201, updating, asyncOp), poll(200, { status: 'Succeeded' }), poll(200, { id: '/x', properties: { provisioningState: 'Succeeded' } }, resourceUrl)] },
    { label: 'a non-string status (core-lro throws its own error for it)', responses: [put(201, updating, asyncOp), poll(200, { status: 3 })] },
    { label: 'a null status', responses: [put(201, updating, asyncOp), poll(200, { status: null })] },
    { label: 'status resource 200 without status (succeeded by HTTP status)', responses: [put(201, updating, asyncOp), poll(200, {})] },
    { label: 'Location only, still 202', responses: [del(202, { location: operationUrl }), poll(202, undefined)] },
    { label: 'a DELETE without LRO headers', responses: [del(200)] },
    { label: 'a GET (not an operation)', responses: [poll(200, { properties: { provisioningState: 'Failed' } }, resourceUrl)] },
    { label: 'a PUT whose resource is Updating', responses: [put(201, updating)] },
  ])('$label: the original error, unchanged', ({ responses }) => {
    expect(armOperationErrorFrom(pollerError, responses)).toBe(pollerError);
  });

  it('a RestError passes through even when the last answer looks Failed', () => {
    const restError = new RestError('poll refused', { statusCode: 404, code: 'OperationNotFound' });
    expect(armOperationErrorFrom(restError, [put(201, updating, asyncOp), poll(200, { status: 'Failed', error: inUse })])).toBe(restError);
  });
});
