import { createServer, type RequestListener } from 'node:http';
import { listenSharedPort } from '../sharedPortServers';

/**
 * The host's port, listened on before anything else starts, and the handler attached once the host is ready.
 *
 * Why: the app settings carry the host's URL (Teams sink, Durable webhooks), so the port must be known before the
 * emulators and the app start. Asking the OS for a free port and listening on it later left a window in which any
 * other process (parallel test sandboxes, this sandbox's own emulators) could take it: EADDRINUSE at start. Until
 * the host attaches its handler, requests get 503 with Retry-After, as a starting Functions host answers.
 */
export interface ReservedPort {
  readonly port: number;
  attach(handler: RequestListener): void;
  close(): Promise<void>;
}

export async function reservePort(options: { readonly port: number; readonly host: string }): Promise<ReservedPort> {
  let handler: RequestListener = (_request, response) => {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }).end('The Functions host is starting');
  };
  const listening = await listenSharedPort(() => createServer((request, response) => handler(request, response)), options);
  return {
    port: listening.port,
    attach(next) {
      handler = next;
    },
    close: () => listening.close(),
  };
}
