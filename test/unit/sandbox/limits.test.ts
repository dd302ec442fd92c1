import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { readBody } from '../../../sandbox/host/httpIo';
import { redactUrl } from '../../../sandbox/limits';

describe('sandbox request limits and log redaction', () => {
  const request = (chunks: string[]) => Readable.from(chunks.map((chunk) => Buffer.from(chunk))) as unknown as IncomingMessage;

  it('reads a body up to the limit and refuses (undefined) one past it, without keeping the rest', async () => {
    await expect(readBody(request(['abc', 'def']), 6)).resolves.toEqual(Buffer.from('abcdef'));
    await expect(readBody(request(['abc', 'defg']), 6)).resolves.toBeUndefined();
    await expect(readBody(request(['abc']))).resolves.toEqual(Buffer.from('abc'));
  });

  it('masks key-bearing query values in any text bound for a log line', () => {
    expect(redactUrl('POST /admin/functions/%E0%A4%A?code=MASTERKEY123&x=1 failed')).toBe('POST /admin/functions/%E0%A4%A?code=<redacted>&x=1 failed');
    expect(redactUrl('https://h/workflows/x?api-version=1&sig=abc-def_ghi')).toBe('https://h/workflows/x?api-version=1&sig=<redacted>');
    expect(redactUrl('GET /runtime/webhooks/durabletask/instances?taskHub=a&code=K1&connection=Storage')).toContain('code=<redacted>&connection=Storage');
    expect(redactUrl('nothing secret here')).toBe('nothing secret here');
  });
});
