import type { ArmErrorBody } from './types';

/** An ARM error response: HTTP status plus the `{ error: { code, message } }` body ARM sends. */
export class ArmError extends Error {
  override readonly name = 'ArmError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ArmErrorBody[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: ArmErrorBody } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** 404 for a missing resource; ARM's gateway answers with this text (REC-PS in arm-contract.md). */
export function resourceNotFound(canonicalType: string, name: string, resourceGroup: string): ArmError {
  const message = `The Resource '${canonicalType}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`;
  return new ArmError(404, 'ResourceNotFound', message, [], { 'x-ms-failure-cause': 'gateway' });
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`, [], {
    'x-ms-failure-cause': 'gateway',
  });
}

export function invalidRequestFormat(detail: string): ArmError {
  return new ArmError(400, 'InvalidRequestFormat', 'Cannot parse the request.', [{ code: 'InvalidJson', message: detail }]);
}

/**
 * Message from the synchronous 409 Azure returns for concurrent rule-collection-group writes on one policy
 * (hashicorp/terraform-provider-azurerm#32081, quoted in arm-contract.md section 3).
 */
export function anotherOperationInProgress(operationUrl: string): ArmError {
  return new ArmError(
    409,
    'AnotherOperationInProgress',
    `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${operationUrl}.`,
  );
}

/**
 * 412 as Network sends it for an etag mismatch: `PreconditionFailed` / "Precondition failed." with details code
 * `PreconditionFailedEtagMismatch` (kubernetes-sigs/cluster-api-provider-azure#682; arm-contract.md section 8).
 */
export function etagMismatch(detail: string): ArmError {
  return new ArmError(412, 'PreconditionFailed', 'Precondition failed.', [{ code: 'PreconditionFailedEtagMismatch', message: detail }]);
}

/** Other precondition failures (If-Match on a missing resource, If-None-Match on an existing one): no public body seen. */
export function preconditionFailed(message: string): ArmError {
  return new ArmError(412, 'PreconditionFailed', message);
}

/**
 * 429 from Microsoft.Network while another operation holds the resource or one it references
 * (kubernetes-sigs/cluster-api-provider-azure#4385, cloudfoundry/bosh-azure-cpi-release#179,
 * Azure/azure-sdk-for-go#588; arm-contract.md section 3). Retry-After in seconds, which the SDK honours.
 */
export function retryableError(detail: { code: string; message: string }, retryAfterSeconds: number): ArmError {
  return new ArmError(429, 'RetryableError', 'A retryable error occurred.', [detail], { 'Retry-After': String(retryAfterSeconds) });
}

/** 400 for a VirtualAppliance route without an IP (hashicorp/terraform-provider-azurerm#20365). */
export function missingNextHopIpAddress(routeName: string): ArmError {
  return new ArmError(400, 'MissingNextHopIpAddress', `NextHopIpAddress cannot be Null or Empty in route ${routeName} when NextHopType is VirtualAppliance.`);
}
