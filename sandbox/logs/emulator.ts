import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseCsv } from './csv';
import { evaluators, type LogRow } from './evaluators';
import { parseAppQuery } from './queryParameters';

export interface LogsEmulatorOptions {
  readonly tls: { readonly cert: string; readonly key: string };
  /** Default 0 (any free port). */
  readonly port?: number;
}

export interface LogsEmulator {
  /** https://127.0.0.1:<port>; give LogsQueryClient `${url}/v1` as its endpoint (LOGS_ENDPOINT). */
  readonly url: string;
  loadRows(table: string, rows: readonly LogRow[]): void;
  close(): Promise<void>;
}

const maxBodyBytes = 32 * 1024 * 1024;
const queryPath = /^\/v1\/workspaces\/([^/]+)\/query$/;
const adminTablePath = /^\/admin\/tables\/([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * A Log Analytics query endpoint for the sandbox. It answers the app's own queries (recognised by their id marker)
 * by computing the same result in JS over loaded rows, with the service's response shape
 * ({ tables: [{ name, columns: [{ name, type }], rows }] }) and its error bodies. Rows are loaded with
 * POST /admin/tables/<Table> (JSON array of objects, or a portal CSV export with Content-Type text/csv).
 */
export async function startLogsEmulator(options: LogsEmulatorOptions): Promise<LogsEmulator> {
  const tables = new Map<string, LogRow[]>();
  const loadRows = (table: string, rows: readonly LogRow[]) => tables.set(table, [...(tables.get(table) ?? []), ...rows]);

  const server = createServer({ cert: options.tls.cert, key: options.tls.key }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 'InternalServerError', error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'https://emulator').pathname;
    const admin = adminTablePath.exec(path);
    if (admin && request.method === 'POST') {
      const body = await readBody(request);
      const rows = (request.headers['content-type'] ?? '').includes('text/csv') ? parseCsv(body) : parseJsonRows(body);
      loadRows(admin[1]!, rows);
      return sendJson(response, 200, { table: admin[1], loaded: rows.length });
    }
    if (!queryPath.test(path)) return sendError(response, 404, 'PathNotFoundError', `The requested path does not exist: ${path}`);
    if (request.method !== 'POST') return sendError(response, 405, 'MethodNotAllowed', 'Use POST with a JSON body');
    if (!/^Bearer \S+$/.test(request.headers.authorization ?? '')) {
      return sendError(response, 401, 'AuthorizationRequiredError', 'Valid authentication was not provided');
    }
    let query: unknown;
    try {
      query = (JSON.parse(await readBody(request)) as { query?: unknown }).query;
    } catch {
      return sendError(response, 400, 'BadArgumentError', 'The request had some invalid properties');
    }
    const parsed = typeof query === 'string' ? parseAppQuery(query) : undefined;
    const evaluate = parsed && evaluators[parsed.id];
    if (!parsed || !evaluate) {
      // Log Analytics' shape for a query it cannot run; the inner message says why this emulator cannot.
      return sendJson(response, 400, {
        error: {
          message: 'The request had some invalid properties',
          code: 'BadArgumentError',
          correlationId: randomUUID(),
          innererror: {
            code: 'SemanticError',
            message: 'A semantic error occurred.',
            innererror: {
              code: 'SEM0100',
              message: "The sandbox Log Analytics emulator answers only aks-egress-guard's own queries (first line '// aks-egress-guard query: <id>')",
            },
          },
        },
      });
    }
    const result = evaluate(tables, parsed);
    return sendJson(response, 200, { tables: [{ name: 'PrimaryResult', columns: result.columns, rows: result.rows }] });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    loadRows,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parseJsonRows(body: string): LogRow[] {
  const parsed: unknown = JSON.parse(body);
  if (!Array.isArray(parsed) || !parsed.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
    throw new TypeError('expected a JSON array of row objects');
  }
  return parsed as LogRow[];
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error(`request body over ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  if (response.headersSent) return void response.destroy();
  sendJson(response, status, { error: { message, code, correlationId: randomUUID() } });
}
