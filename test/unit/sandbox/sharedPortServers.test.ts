import { createServer as createHttpServer, request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { listenSharedPort, type SharedPortServers } from '../../../sandbox/sharedPortServers';

/** Opens `count` connections at once and resolves with the event-loop turn in which the server side accepted each. */
async function acceptTurns(listening: SharedPortServers, count: number): Promise<number[]> {
  let turn = 0;
  let ticking = true;
  const tick = () => {
    turn += 1;
    if (ticking) setImmediate(tick);
  };
  const turns: number[] = [];
  const clients: Socket[] = [];
  const accepted = new Promise<void>((resolve) => {
    for (const server of listening.servers) {
      server.on('connection', (socket: Socket) => {
        turns.push(turn);
        socket.destroy();
        if (turns.length === count) resolve();
      });
    }
  });
  // All handshakes complete in the kernel before the loop next polls: the servers find them queued together.
  for (let index = 0; index < count; index += 1) clients.push(connect(listening.port, '127.0.0.1').on('error', () => undefined));
  setImmediate(tick);
  await accepted;
  ticking = false;
  for (const client of clients) client.destroy();
  return turns;
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // agent: false: a new connection per request, so the kernel spreads them over the listening sockets.
    request({ port, host: '127.0.0.1', path: '/', agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

describe('listenSharedPort', () => {
  const opened: SharedPortServers[] = [];
  const listen = async (...args: Parameters<typeof listenSharedPort>) => {
    const listening = await listenSharedPort(...args);
    opened.push(listening);
    return listening;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((listening) => listening.close()));
  });

  it('accepts a burst of new connections several per event-loop turn, where one socket takes one turn each', async () => {
    const single = await listen(() => createServer(), { host: '127.0.0.1', acceptors: 1 });
    const shared = await listen(() => createServer(), { host: '127.0.0.1', acceptors: 8 });
    expect(single.servers).toHaveLength(1);
    expect(shared.servers).toHaveLength(8);

    const singleTurns = await acceptTurns(single, 16);
    const sharedTurns = await acceptTurns(shared, 16);

    // libuv accepts one connection per listening socket per turn (libuv PR #3696): the reason for several sockets.
    expect(new Set(singleTurns).size).toBe(16);
    expect(new Set(sharedTurns).size).toBeLessThan(16);
  });

  it('serves requests from every socket with the same handler', async () => {
    const served: Server[] = [];
    const listening = await listen(
      () => {
        const server = createHttpServer((_request, response) => response.end('ok'));
        server.on('request', () => served.push(server));
        return server;
      },
      { host: '127.0.0.1', acceptors: 4 },
    );
    const bodies = await Promise.all(Array.from({ length: 32 }, () => get(listening.port)));
    expect(bodies).toEqual(Array.from({ length: 32 }, () => 'ok'));
    expect(new Set(served).size).toBeGreaterThan(1);
  });

  it('refuses a fixed port that something else listens on, instead of sharing it', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as { port: number };
    try {
      await expect(listenSharedPort(() => createServer(), { host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('frees the port on close, open connections included', async () => {
    const listening = await listenSharedPort(() => createHttpServer((_request, response) => response.end('ok')), { host: '127.0.0.1', acceptors: 3 });
    const keptAlive = connect(listening.port, '127.0.0.1');
    await new Promise((resolve) => keptAlive.once('connect', resolve));
    const closedByServer = new Promise((resolve) => keptAlive.once('close', resolve));
    await listening.close();
    await closedByServer;
    expect(listening.servers.every((server) => !server.listening)).toBe(true);

    const plain = createServer();
    await new Promise<void>((resolve, reject) => plain.once('error', reject).listen(listening.port, '127.0.0.1', resolve));
    await new Promise((resolve) => plain.close(resolve));
  });
});
