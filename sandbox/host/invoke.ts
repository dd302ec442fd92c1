import { newInvocationId, type FunctionsCoreApi, type RegisteredFunction, type CoreLogger } from './functionsCore';

/** RPC typed data as the host sends it to the worker (only the shapes the sandbox uses). */
export type RpcTypedData =
  | { string: string }
  | { json: string }
  | { bytes: Uint8Array }
  | { http: RpcHttpRequest };

export interface RpcHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: { bytes: Uint8Array } | { string: string };
  params: Record<string, string>;
  query: Record<string, string>;
}

export interface RpcHttpResponse {
  statusCode?: string;
  headers?: Record<string, string>;
  body?: { bytes?: Uint8Array; string?: string };
  cookies?: unknown[];
}

export interface InvocationRequest {
  /** Input data for the trigger (always) and any extra input bindings, by binding name. */
  readonly inputData: ReadonlyArray<{ name: string; data: RpcTypedData }>;
  readonly triggerMetadata?: Record<string, RpcTypedData>;
}

export interface InvocationResult {
  readonly invocationId: string;
  /** The function's return value converted by the library (RPC typed data), e.g. `{ http: ... }` for HTTP. */
  readonly returnValue?: unknown;
  readonly outputData: unknown[];
  /** The worker process that ran it, when the app runs in worker processes (`--workers N`). */
  readonly workerProcessId?: number;
}

/**
 * Invokes a registered function through @azure/functions' own invocation model (getArguments -> invokeFunction ->
 * getResponse), so binding conversion is the library's, exactly as under the real Node worker.
 */
export async function invokeRegisteredFunction(
  core: FunctionsCoreApi,
  registration: RegisteredFunction,
  request: InvocationRequest,
  log: CoreLogger,
): Promise<InvocationResult> {
  const invocationId = newInvocationId();
  const coreContext = {
    invocationId,
    metadata: registration.metadata,
    request: {
      invocationId,
      functionId: registration.name,
      inputData: request.inputData,
      triggerMetadata: request.triggerMetadata ?? {},
    },
    state: 'invocation',
    log,
  };
  const model = core.programmingModel().getInvocationModel(coreContext);
  const { context, inputs } = await model.getArguments();
  const result = await model.invokeFunction(context, inputs, registration.callback);
  const response = await model.getResponse(context, result);
  return { invocationId, returnValue: response.returnValue, outputData: response.outputData };
}

/** Finds the binding name of an extra input of the given type (e.g. the durable client binding). */
export function bindingNamesOfType(registration: RegisteredFunction, type: string): string[] {
  return Object.entries(registration.metadata.bindings)
    .filter(([, binding]) => binding.type.toLowerCase() === type.toLowerCase() && binding.direction === 'in')
    .map(([name]) => name);
}
