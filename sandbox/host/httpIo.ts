import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small request/response helpers shared by the host's endpoints. */

/** A request whose body was already read, so every endpoint sees the same bytes. */
export interface HostRequest {
  readonly raw: IncomingMessage;
  readonly method: string;
  readonly url: URL;
  readonly body: Buffer;
}

/** The request body; with `maxBytes`, undefined once it passes the limit (the rest is drained, not kept). */
export async function readBody(request: IncomingMessage): Promise<Buffer>;
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined>;
export async function readBody(request: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size <= maxBytes) chunks.push(bytes);
  }
  return size > maxBytes ? undefined : Buffer.concat(chunks);
}

export function sendText(response: ServerResponse, status: number, text = '', headers: Record<string, string> = {}): void {
  const body = Buffer.from(text);
  response.writeHead(status, { ...(text ? { 'content-type': 'text/plain; charset=utf-8' } : {}), 'content-length': body.length, ...headers });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, ...headers });
  response.end(body);
}

/** Node joins repeated headers except set-cookie, which stays an array; the worker protocol wants one string each. */
export function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Query parameters as the host sends them to the worker: repeated names joined with commas. */
export function flattenQuery(query: URLSearchParams): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name of new Set(query.keys())) flat[name] = query.getAll(name).join(',');
  return flat;
}

export function firstHeader(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
