import { createTrailingCoalescer } from '../../../shared/runtime/trailingCoalescer';

/** A call the test finishes by hand, recording when it started relative to the callers. */
function manualCalls(timeline: string[]) {
  const finishers: Array<(value: string) => void> = [];
  let started = 0;
  const call = () => {
    const index = (started += 1);
    timeline.push(`call ${index} starts`);
    return new Promise<string>((resolve) => finishers.push(() => resolve(`result ${index}`)));
  };
  const finishNext = async () => {
    finishers.shift()?.('');
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { call, finishNext, started: () => started };
}

describe('createTrailingCoalescer', () => {
  it('answers a burst of callers with one running call and one that starts after all of them arrived', async () => {
    const coalesce = createTrailingCoalescer<string>();
    const timeline: string[] = [];
    const calls = manualCalls(timeline);
    const first = coalesce('subnet-1', calls.call);
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 9 }, (_, index) => {
      timeline.push(`caller ${index + 2} arrives`);
      return coalesce('subnet-1', calls.call);
    });
    expect(calls.started()).toBe(1);
    await calls.finishNext();
    expect(await first).toBe('result 1');
    expect(calls.started()).toBe(2);
    // The second call started after the last caller arrived: it covers all of them.
    expect(timeline.indexOf('call 2 starts')).toBeGreaterThan(timeline.indexOf('caller 10 arrives'));
    await calls.finishNext();
    expect(await Promise.all(later)).toEqual(Array(9).fill('result 2'));
  });

  it('keys are independent', async () => {
    const coalesce = createTrailingCoalescer<string>();
    const calls = manualCalls([]);
    const results = [coalesce('a', calls.call), coalesce('b', calls.call)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.started()).toBe(2);
    await calls.finishNext();
    await calls.finishNext();
    expect(await Promise.all(results)).toEqual(['result 1', 'result 2']);
  });

  it('a caller arriving while the waiting call runs gets a call of its own after it', async () => {
    const coalesce = createTrailingCoalescer<string>();
    const calls = manualCalls([]);
    const first = coalesce('k', calls.call);
    const second = coalesce('k', calls.call);
    await new Promise((resolve) => setImmediate(resolve));
    await calls.finishNext();
    expect(calls.started()).toBe(2);
    const third = coalesce('k', calls.call);
    await calls.finishNext();
    await calls.finishNext();
    expect([await first, await second, await third]).toEqual(['result 1', 'result 2', 'result 3']);
  });

  it('a failure reaches the callers of that call only; the key is usable afterwards', async () => {
    const coalesce = createTrailingCoalescer<string>();
    await expect(coalesce('k', () => Promise.reject(new Error('durable said no')))).rejects.toThrow('durable said no');
    await expect(coalesce('k', async () => 'fine')).resolves.toBe('fine');
  });
});
