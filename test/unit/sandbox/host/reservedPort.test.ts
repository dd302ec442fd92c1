import { createServer } from 'node:net';
import { reservePort } from '../../../../sandbox/host/reservedPort';

describe('reservePort', () => {
  it('holds the port from the start, answers 503 until the host attaches, then the host answers', async () => {
    const reserved = await reservePort({ port: 0, host: '127.0.0.1' });
    try {
      // Nobody else can take it meanwhile.
      const other = createServer();
      await expect(new Promise((resolve, reject) => other.once('error', reject).listen(reserved.port, '127.0.0.1', () => resolve(undefined)))).rejects.toMatchObject({ code: 'EADDRINUSE' });

      const starting = await fetch(`http://127.0.0.1:${reserved.port}/api/anything`);
      expect(starting.status).toBe(503);
      expect(starting.headers.get('retry-after')).toBe('1');

      reserved.attach((_request, response) => response.writeHead(200).end('host'));
      const ready = await fetch(`http://127.0.0.1:${reserved.port}/api/anything`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toBe('host');
    } finally {
      await reserved.close();
    }
  });
});
