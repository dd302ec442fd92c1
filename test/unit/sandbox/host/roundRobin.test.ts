import { createRoundRobin } from '../../../../sandbox/host/roundRobin';

describe('createRoundRobin', () => {
  it('hands consecutive invocations to the workers in turn', () => {
    const pick = createRoundRobin<string>();
    expect(Array.from({ length: 5 }, () => pick.next(['w1', 'w2']))).toEqual(['w1', 'w2', 'w1', 'w2', 'w1']);
  });

  it('skips a worker that is not ready and comes back to it once it is', () => {
    const pick = createRoundRobin<string>();
    expect(pick.next(['w1', 'w2'])).toBe('w1');
    expect([pick.next(['w1']), pick.next(['w1'])]).toEqual(['w1', 'w1']);
    const both = [pick.next(['w1', 'w2']), pick.next(['w1', 'w2'])];
    expect(new Set(both)).toEqual(new Set(['w1', 'w2']));
  });

  it('has nothing to give when no worker is ready', () => {
    expect(createRoundRobin<string>().next([])).toBeUndefined();
  });

  it('keeps every worker busy with one counter across functions', () => {
    const pick = createRoundRobin<number>();
    const counts = [0, 0, 0];
    for (let index = 0; index < 300; index += 1) counts[pick.next([0, 1, 2])!]! += 1;
    expect(counts).toEqual([100, 100, 100]);
  });
});
