import type { JsonObject, JsonValue } from './armJson';
import { statusCodeOf } from './armError';
import { withRawJson, type RawResponse } from './rawJsonPolicy';

/** Counts the ARM GETs an observation made (pages and all). */
export class ReadCounter {
  count = 0;
  add(responses: readonly RawResponse[]): void {
    this.count += responses.filter((response) => response.method === 'GET').length;
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/** One GET through the SDK, returned as the raw JSON ARM sent; undefined on 404. */
export async function getRaw<T extends JsonObject>(counter: ReadCounter, call: () => Promise<unknown>): Promise<T | undefined> {
  let responses: readonly RawResponse[] = [];
  try {
    ({ responses } = await withRawJson(call));
  } catch (error) {
    counter.count += 1;
    if (isNotFound(error)) return undefined;
    throw error;
  }
  counter.add(responses);
  const body = responses.find((response) => response.method === 'GET' && response.status === 200)?.body;
  return isObject(body) ? (body as T) : undefined;
}

/** Drains an SDK pager and returns every item of every page as raw JSON, in order. */
export async function listRaw<T extends JsonObject>(counter: ReadCounter, pager: () => AsyncIterable<unknown>): Promise<T[]> {
  const { responses } = await withRawJson(async () => {
    for await (const item of pager()) void item;
  });
  counter.add(responses);
  return responses.flatMap((response) => {
    const value = isObject(response.body) ? response.body.value : undefined;
    return response.method === 'GET' && response.status === 200 && Array.isArray(value) ? (value.filter(isObject) as T[]) : [];
  });
}
