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
 * 412 body. Not established for Microsoft.Network from a primary source (arm-contract.md section 2); we use the
 * code seen in third-party fakes of Network clients, `PreconditionFailedEtagMismatch`, with wording modelled on
 * Compute's message.
 */
export function preconditionFailed(message: string): ArmError {
  return new ArmError(412, 'PreconditionFailedEtagMismatch', message);
}
