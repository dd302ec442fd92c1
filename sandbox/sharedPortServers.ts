import { createServer as createProbe, type Server } from 'node:net';

/** Listening sockets per sandbox server: how many new connections one turn of a busy event loop can accept. */
export const DEFAULT_ACCEPTORS = 8;

export interface SharedPortServers {
  readonly port: number;
  /** The servers listening on the port (one when the platform has no SO_REUSEPORT). */
  readonly servers: readonly Server[];
  /** Stops listening and drops open connections (keep-alive clients would otherwise hold close() open). */
  close(): Promise<void>;
}

/**
 * Listens on one port with several servers (SO_REUSEPORT), each made by `createOne` with the same handler.
 *
 * Why: libuv accepts one connection per listening socket per event-loop turn (libuv PR #3696, since Node 20), and
 * the sandbox's host shares its thread with the app. Under a burst each turn is long, so a client's burst of new
 * connections (the app's Durable client opening sockets to the host's management API, Event Grid deliveries) was
 * accepted one per turn: seconds for the last one, where Azure's Functions host (Kestrel) accepts at once. The kernel
 * spreads new connections over the sockets, so each turn accepts up to `acceptors` of them.
 *
 * A fixed port is first taken by a plain probe: if anything listens there, this fails with EADDRINUSE as a single
 * server would, instead of silently sharing the port with it. Platforms without SO_REUSEPORT get one server.
 */
export async function listenSharedPort(
  createOne: () => Server,
  options: { readonly port?: number; readonly host: string; readonly acceptors?: number },
): Promise<SharedPortServers> {
  const acceptors = Math.max(1, options.acceptors ?? DEFAULT_ACCEPTORS);
  if (options.port !== undefined && options.port !== 0) await probeFree(options.port, options.host);
  const first = createOne();
  let reusePort = acceptors > 1;
  try {
    await listen(first, { port: options.port ?? 0, host: options.host, reusePort });
  } catch (error) {
    if (!reusePort || !isUnsupported(error)) throw error;
    reusePort = false;
    await listen(first, { port: options.port ?? 0, host: options.host, reusePort });
  }
  const port = (first.address() as { port: number }).port;
  const servers = [first];
  try {
    for (let index = 1; reusePort && index < acceptors; index += 1) {
      const next = createOne();
      await listen(next, { port, host: options.host, reusePort: true });
      servers.push(next);
    }
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
  return { port, servers, close: () => closeAll(servers) };
}

function listen(server: Server, options: { port: number; host: string; reusePort: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function probeFree(port: number, host: string): Promise<void> {
  const probe = createProbe();
  return listen(probe, { port, host, reusePort: false }).then(() => new Promise<void>((resolve) => probe.close(() => resolve())));
}

function isUnsupported(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ERR_INVALID_ARG_VALUE' || code === 'ENOPROTOOPT';
}

async function closeAll(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
          (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    ),
  );
}
