import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseCsv } from './csv';
import { evaluators, NoFuzzyOperandError, UnresolvedTableError, type LogRow, type ResultTable } from './evaluators';
import { parseAppQuery } from './queryParameters';

export interface LogsEmulatorOptions {
  readonly tls: { readonly cert: string; readonly key: string };
  /** Default 0 (any free port). */
  readonly port?: number;
}

export interface LogsEmulator {
  /** https://127.0.0.1:<port>; give LogsQueryClient `${url}/v1` as its endpoint (LOGS_ENDPOINT). */
  readonly url: string;
  /** Appends rows; creates the table when the workspace does not have it (an empty list creates it empty). */
  loadRows(table: string, rows: readonly LogRow[]): void;
  /** Removes a table, as if the workspace had never received that log category. */
  deleteTable(table: string): boolean;
  close(): Promise<void>;
}

const maxBodyBytes = 32 * 1024 * 1024;
const queryPath = /^\/v1\/workspaces\/([^/]+)\/query$/;
const adminTablePath = /^\/admin\/tables\/([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * A Log Analytics query endpoint for the sandbox. It answers the app's own queries (recognised by their id marker)
 * by computing the same result in JS over loaded rows, with the service's response shape
 * ({ tables: [{ name, columns: [{ name, type }], rows }] }) and its error bodies. Rows are loaded with
 * POST /admin/tables/<Table> (JSON array of objects, or a portal CSV export with Content-Type text/csv); `[]` creates
 * an empty table and DELETE /admin/tables/<Table> removes one.
 *
 * As strict as Log Analytics about tables: a query naming a table the workspace does not have fails with 400
 * BadArgumentError / SemanticError (SEM0100 "Failed to resolve table or column expression named 'X'"); a
 * `union isfuzzy=true` with some legs unresolved answers 200 with the rest plus error.code "PartialError" (Warning
 * details naming each table), and with none resolved 400. An empty `datatable(...) []` leg in the query counts as
 * resolved (it always does in Kusto): the app's inventory has one, so it gets 200 even with none of the tables.
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
      let rows: LogRow[];
      try {
        rows = (request.headers['content-type'] ?? '').includes('text/csv') ? parseCsv(body) : parseJsonRows(body);
      } catch (error) {
        return sendError(response, 400, 'BadArgumentError', `${admin[1]}: ${error instanceof Error ? error.message : String(error)}`);
      }
      loadRows(admin[1]!, rows);
      return sendJson(response, 200, { table: admin[1], loaded: rows.length });
    }
    if (admin && request.method === 'DELETE') {
      if (!tables.delete(admin[1]!)) return sendError(response, 404, 'TableNotFound', `The workspace has no table ${admin[1]}`);
      return sendJson(response, 200, { table: admin[1], deleted: true });
    }
    if (admin) return sendError(response, 405, 'MethodNotAllowed', 'Use POST (load rows) or DELETE (remove the table)');
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
    let result: ResultTable;
    try {
      result = evaluate(tables, parsed);
    } catch (error) {
      if (error instanceof UnresolvedTableError) return sendJson(response, 400, semanticError(error.message, 'SEM0100'));
      if (error instanceof NoFuzzyOperandError) return sendJson(response, 400, semanticError(error.message));
      throw error;
    }
    const primary = { tables: [{ name: 'PrimaryResult', columns: result.columns, rows: result.rows }] };
    const unresolved = result.unresolvedFuzzyLegs ?? [];
    return sendJson(response, 200, unresolved.length === 0 ? primary : { ...primary, error: partialError(unresolved) });
  }

  const deleteTable = (table: string) => tables.delete(table);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    loadRows,
    deleteTable,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Log Analytics' 400 for a query that fails semantic analysis (learn.microsoft.com azure-monitor/logs/api/errors):
 * BadArgumentError > SemanticError > the engine's own code and message.
 */
function semanticError(message: string, engineCode?: string) {
  return {
    error: {
      message: 'The request had some invalid properties',
      code: 'BadArgumentError',
      correlationId: randomUUID(),
      innererror: engineCode
        ? { code: 'SemanticError', message: 'A semantic error occurred.', innererror: { code: engineCode, message } }
        : { code: 'SemanticError', message },
    },
  };
}

/**
 * The non-fatal error Log Analytics adds to a 200 (learn.microsoft.com azure-monitor/logs/api/response-format): code
 * PartialError, one EngineError detail per problem with a Warning-severity innererror, the shape shown in
 * Azure/azure-sdk-for-python#25137 for resolution warnings. One detail per unresolved fuzzy-union leg.
 */
function partialError(unresolvedTables: readonly string[]) {
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: unresolvedTables.map((table) => ({
      code: 'EngineError',
      message: 'Something went wrong processing your query on the server.',
      innererror: {
        code: '-2133196790',
        message: `'union' operator: Failed to resolve table expression named '${table}'`,
        severity: 3,
        severityName: 'Warning',
      },
    })),
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
