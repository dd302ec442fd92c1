import { AsyncLocalStorage } from 'node:async_hooks';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { JsonObject, JsonValue } from './armJson';
import { armOperationErrorFrom } from './armOperationFailure';

type ArmPipeline = NetworkManagementClient['pipeline'];
type PipelinePolicy = Parameters<ArmPipeline['addPolicy']>[0];

/**
 * Lossless ARM JSON through the SDK's own pipeline (auth, retries, LRO polling all kept).
 *
 * Why a pipeline policy and not the SDK models: @azure/arm-network 39's (de)serializers flatten `properties`
 * and drop every property they do not know, so get -> createOrUpdate with models loses data. Why not
 * `onResponse`: it reaches only the first request of an operation; the pager fetches nextLink pages and the
 * poller its status/final GETs through `pathUnchecked` without the caller's options. The client's internal
 * rest client and LRO helper are not exported. So a scope (AsyncLocalStorage) around one SDK call tells this
 * policy (1) the exact JSON to send as the PUT body instead of the serialized model and (2) to record every
 * response body, which the caller then reads as raw JSON.
 */
export interface RawResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: JsonValue | undefined;
  /** The LRO headers of this response, when it sent any (they decide how the poller reads the operation's end). */
  readonly lroHeaders?: LroHeaders;
}

/** The headers @azure/core-lro 3.x reads off an operation's initial response (http/operation.js, inferLroMode). */
export interface LroHeaders {
  readonly operationLocation?: string;
  readonly azureAsyncOperation?: string;
  readonly location?: string;
}

interface RawExchange {
  readonly requestBody: string | undefined;
  bodySent: boolean;
  readonly responses: RawResponse[];
}

const exchanges = new AsyncLocalStorage<RawExchange>();

export const rawJsonPolicyName = 'egressGuardRawJsonPolicy';

function parseBody(text: string | undefined): JsonValue | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

export const rawJsonPolicy: PipelinePolicy = {
  name: rawJsonPolicyName,
  async sendRequest(request, next) {
    const exchange = exchanges.getStore();
    // Only the operation's own PUT: LRO polls and the final GET of the same scope must go out untouched.
    if (exchange?.requestBody !== undefined && !exchange.bodySent && request.method === 'PUT') {
      request.body = exchange.requestBody;
      exchange.bodySent = true;
    }
    const response = await next(request);
    const lroHeaders = lroHeadersOf(response.headers);
    exchange?.responses.push({ method: request.method, url: request.url, status: response.status, body: parseBody(response.bodyAsText ?? undefined), ...(lroHeaders ? { lroHeaders } : {}) });
    return response;
  },
};

function lroHeadersOf(headers: { get(name: string): string | undefined }): LroHeaders | undefined {
  const operationLocation = headers.get('operation-location');
  const azureAsyncOperation = headers.get('azure-asyncoperation');
  const location = headers.get('location');
  if (operationLocation === undefined && azureAsyncOperation === undefined && location === undefined) return undefined;
  return { ...(operationLocation === undefined ? {} : { operationLocation }), ...(azureAsyncOperation === undefined ? {} : { azureAsyncOperation }), ...(location === undefined ? {} : { location }) };
}

/** Adds the policy once (idempotent), before the retry policy so retries resend the raw body. */
export function addRawJsonPolicy(pipeline: ArmPipeline): void {
  if (pipeline.getOrderedPolicies().some((policy) => policy.name === rawJsonPolicyName)) return;
  pipeline.addPolicy(rawJsonPolicy);
}

/**
 * Runs one SDK call in a raw-JSON scope; `requestBody` replaces the body of its PUT. An operation that ended Failed or
 * Canceled is thrown as ArmOperationFailedError read from the recorded terminal response (armOperationFailure.ts);
 * anything else the SDK threw (RestError, network errors) passes through unchanged.
 */
export async function withRawJson<T>(call: () => Promise<T>, requestBody?: JsonObject): Promise<{ result: T; responses: readonly RawResponse[] }> {
  const exchange: RawExchange = { requestBody: requestBody === undefined ? undefined : JSON.stringify(requestBody), bodySent: false, responses: [] };
  let result: T;
  try {
    // Await inside the scope: SDK pollers send their requests only once awaited.
    result = await exchanges.run(exchange, async () => await call());
  } catch (error) {
    throw armOperationErrorFrom(error, exchange.responses);
  }
  if (requestBody !== undefined && !exchange.bodySent) {
    throw new Error(`${rawJsonPolicyName} is not on this client's pipeline: the raw body was not sent (use createArmClients).`);
  }
  return { result, responses: exchange.responses };
}
