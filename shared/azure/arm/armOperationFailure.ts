import { isRestError } from '@azure/core-rest-pipeline';
import { GuardError } from '../../errors';
import type { JsonObject, JsonValue } from './armJson';
import type { RawResponse } from './rawJsonPolicy';

/**
 * An ARM long-running operation that ended Failed or Canceled, read from the operation's own terminal response rather
 * than from the text of the poller's Error (@azure/core-lro throws a plain Error whose only trace of ARM's answer is
 * its message). withRawJson (rawJsonPolicy.ts) records every response of one SDK call, the status polls included, and
 * turns the poller's Error into this.
 */
export type ArmOperationTerminalStatus = 'Failed' | 'Canceled';

export class ArmOperationFailedError extends GuardError<'arm-operation-failed' | 'arm-operation-canceled'> {
  override readonly name = 'ArmOperationFailedError';
  /** ARM's `error.code` in the terminal body (`InUseSubnetCannotBeDeleted`, `AnotherOperationInProgress`, ...). */
  readonly armCode?: string;
  readonly armMessage?: string;
  /** Codes of `error.details` in the terminal body. */
  readonly armDetailCodes: readonly string[];

  constructor(
    readonly status: ArmOperationTerminalStatus,
    terminal: { armCode?: string; armMessage?: string; armDetailCodes?: readonly string[] },
    /** The URL of the operation's initial request (the resource written or deleted). */
    readonly resourceUrl: string,
    /** The URL whose answer ended the operation (the Azure-AsyncOperation status, or the resource itself). */
    readonly operationUrl: string,
    /** What the SDK threw. */
    cause: unknown,
  ) {
    const said = [terminal.armCode, terminal.armMessage].filter((part) => part !== undefined).join(': ');
    super(
      status === 'Failed' ? 'arm-operation-failed' : 'arm-operation-canceled',
      `ARM's long-running operation on ${pathOf(resourceUrl)} ended ${status}${said === '' ? ' without an error in its answer' : `: ${said}`}`,
      { cause },
    );
    if (terminal.armCode !== undefined) this.armCode = terminal.armCode;
    if (terminal.armMessage !== undefined) this.armMessage = terminal.armMessage;
    this.armDetailCodes = terminal.armDetailCodes ?? [];
  }
}

/** By `name`, as shared/errors.ts asks (a bundle may hold two copies of a class). */
export function isArmOperationFailedError(error: unknown): error is ArmOperationFailedError {
  return error instanceof Error && error.name === 'ArmOperationFailedError';
}

/**
 * What to throw for `error` thrown by one SDK call whose responses are `responses`: an ArmOperationFailedError when the
 * call is an LRO whose last recorded answer ended it Failed or Canceled, else `error` itself (RestErrors, network
 * errors, and anything with no terminal answer on record pass through unchanged).
 */
export function armOperationErrorFrom(error: unknown, responses: readonly RawResponse[]): unknown {
  if (isRestError(error)) return error;
  // The operation's initial answer: its first accepted PUT/DELETE (the SDK's retries of a 429 or 5xx come before it).
  const initial = responses.find((response) => response.method !== 'GET' && response.status < 300) ?? responses[0];
  const terminal = responses.at(-1);
  if (initial === undefined || terminal === undefined) return error;
  const status = terminalStatusOf(initial, terminal, terminal !== initial);
  if (status === undefined) return error;
  return new ArmOperationFailedError(status, armErrorOf(terminal.body), initial.url, terminal.url, error);
}

type LroMode = 'OperationLocation' | 'ResourceLocation' | 'Body';

/** @azure/core-lro 3.x http/operation.js inferLroMode: Operation-Location or Azure-AsyncOperation, else Location, else a PUT. */
function lroModeOf(initial: RawResponse): LroMode | undefined {
  const headers = initial.lroHeaders;
  if ((headers?.operationLocation ?? headers?.azureAsyncOperation) !== undefined) return 'OperationLocation';
  if (headers?.location !== undefined) return 'ResourceLocation';
  return initial.method.toUpperCase() === 'PUT' ? 'Body' : undefined;
}

/**
 * How core-lro 3.x decides that an answer ended the operation (http/operation.js getOperationStatus and, for the
 * initial response, getStatusFromInitialResponse): the status resource's `status` (OperationLocation), the HTTP status
 * (ResourceLocation) or the resource's `properties.provisioningState ?? provisioningState` (Body), each through
 * transformStatus/toOperationStatus. Only a Body-mode operation can end with its initial response.
 */
function terminalStatusOf(initial: RawResponse, terminal: RawResponse, polled: boolean): ArmOperationTerminalStatus | undefined {
  const body = isObject(terminal.body) ? terminal.body : {};
  switch (lroModeOf(initial)) {
    case 'OperationLocation':
      return polled ? statusFrom(body.status, terminal.status) : undefined;
    case 'ResourceLocation':
      return polled ? statusFrom(undefined, terminal.status) : undefined;
    case 'Body': {
      const properties = isObject(body.properties) ? body.properties : {};
      return statusFrom(properties.provisioningState ?? body.provisioningState, terminal.status);
    }
    case undefined:
      return undefined;
  }
}

/** core-lro 3.x http/operation.js transformStatus ("fail" anywhere, canceled/cancelled) and toOperationStatus (>= 300). */
function statusFrom(status: JsonValue | undefined, httpStatus: number): ArmOperationTerminalStatus | undefined {
  if (status === undefined || status === '') return httpStatus >= 300 ? 'Failed' : undefined;
  if (typeof status !== 'string') return undefined; // core-lro throws its own "Polling was unsuccessful" Error here
  const lower = status.toLowerCase();
  if (lower.includes('succeeded')) return undefined;
  if (lower.includes('fail')) return 'Failed';
  return lower === 'canceled' || lower === 'cancelled' ? 'Canceled' : undefined;
}

/**
 * ARM's `error` in the terminal body, where core-lro 3.x reads it for its message (http/operation.js
 * getErrorFromResponse: the body's `error` with `code` and `message`; ARM's CloudError shape, arm-contract.md section 3).
 */
function armErrorOf(body: JsonValue | undefined): { armCode?: string; armMessage?: string; armDetailCodes: string[] } {
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const details = Array.isArray(error.details) ? error.details : [];
  return {
    ...(typeof error.code === 'string' ? { armCode: error.code } : {}),
    ...(typeof error.message === 'string' ? { armMessage: error.message } : {}),
    armDetailCodes: details.flatMap((detail) => (isObject(detail) && typeof detail.code === 'string' ? [detail.code] : [])),
  };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
