import { createBatchedLog } from '../../../sandbox/batchedLog';

describe('createBatchedLog', () => {
  it('writes the lines of one turn of the event loop in one write, in order', async () => {
    const writes: string[] = [];
    const output = createBatchedLog((text) => writes.push(text));
    output.log('one');
    output.log('two');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    output.log('three');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['one\ntwo\n', 'three\n']);
  });

  it('flush writes what is pending at once, and nothing twice', async () => {
    const writes: string[] = [];
    const output = createBatchedLog((text) => writes.push(text));
    output.log('before the endpoints');
    output.flush();
    expect(writes).toEqual(['before the endpoints\n']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
  });
});
