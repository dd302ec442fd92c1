import type { ServerResponse } from 'node:http';

/**
 * Writes an HTTP trigger's return value (`{ http: RpcHttpResponse }`, as @azure/functions' toRpcHttp produces it) to
 * the Node response: status, headers, cookies and body bytes.
 */

interface NullableValue<T> {
  value?: T;
}

/** RpcHttpCookie as the library builds it (toRpcHttpCookie). */
interface RpcHttpCookie {
  name?: string;
  value?: string;
  domain?: NullableValue<string>;
  path?: NullableValue<string>;
  expires?: NullableValue<{ seconds?: number }>;
  secure?: NullableValue<boolean>;
  httpOnly?: NullableValue<boolean>;
  sameSite?: string;
  maxAge?: NullableValue<number>;
}

interface RpcHttpResponseData {
  statusCode?: string;
  headers?: Record<string, string>;
  cookies?: RpcHttpCookie[];
  body?: { bytes?: Uint8Array; string?: string; json?: string } | null;
}

export function writeFunctionResponse(response: ServerResponse, returnValue: unknown): void {
  const http = isObject(returnValue) && isObject(returnValue.http) ? (returnValue.http as RpcHttpResponseData) : undefined;
  if (!http) {
    // The handler returned nothing: no content.
    response.writeHead(204);
    response.end();
    return;
  }
  const body = bodyBytes(http.body);
  const status = Number.parseInt(http.statusCode ?? '200', 10);
  const headers: Record<string, string | string[]> = { ...http.headers };
  const cookies = (http.cookies ?? []).map(serializeCookie);
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  headers['content-length'] = String(body.length);
  response.writeHead(Number.isNaN(status) ? 200 : status, headers);
  response.end(body);
}

function bodyBytes(body: RpcHttpResponseData['body']): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes) return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  return Buffer.from(body.string ?? body.json ?? '');
}

const SAME_SITE: Readonly<Record<string, string>> = { lax: 'Lax', strict: 'Strict', explicitNone: 'None' };

export function serializeCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ''}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  if (cookie.expires?.value?.seconds !== undefined) parts.push(`Expires=${new Date(cookie.expires.value.seconds * 1000).toUTCString()}`);
  if (cookie.maxAge?.value !== undefined) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  // 'none' means "not set"; 'explicitNone' is SameSite=None (the RPC enum's one-off, see toRpcHttpCookie).
  const sameSite = SAME_SITE[cookie.sameSite ?? 'none'];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
