import { EventGridDelivery } from '../../../sandbox/eventGridDelivery';
import type { FunctionsHost } from '../../../sandbox/host/server';

const fakeHost = (answers: number[]) => {
  const deliveries: unknown[][] = [];
  const host = {
    deliverEventGridEvents: async (_name: string, events: unknown) => {
      deliveries.push(events as unknown[]);
      return { status: answers.shift() ?? 202 };
    },
  } as unknown as FunctionsHost;
  return { host, deliveries };
};

describe('EventGridDelivery', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('queues events raised before the host is up, then delivers each one on its own', async () => {
    const delivery = new EventGridDelivery(() => undefined);
    delivery.enqueue({ id: 'a' });
    delivery.enqueue({ id: 'b' });
    const { host, deliveries } = fakeHost([]);
    delivery.attach(host, 'driftEvents');
    await jest.advanceTimersByTimeAsync(0);
    expect(deliveries).toEqual([[{ id: 'a' }], [{ id: 'b' }]]);
  });

  it('retries a failed delivery with back-off, then dead-letters it', async () => {
    const lines: string[] = [];
    const delivery = new EventGridDelivery((line) => lines.push(line));
    const { host, deliveries } = fakeHost([500, 500, 500, 500, 500]);
    delivery.attach(host, 'driftEvents');
    delivery.enqueue({ id: 'x' });
    await jest.advanceTimersByTimeAsync(0);
    expect(deliveries).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(deliveries).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(2_000 + 4_000 + 8_000);
    expect(deliveries).toHaveLength(5);
    expect(delivery.deadLettered).toEqual([{ id: 'x' }]);
    expect(lines.join('\n')).toMatch(/dead-lettered an event after 5 attempts/);
  });

  it('stops retrying once a delivery succeeds', async () => {
    const delivery = new EventGridDelivery(() => undefined);
    const { host, deliveries } = fakeHost([500, 202]);
    delivery.attach(host, 'driftEvents');
    delivery.enqueue({ id: 'y' });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(deliveries).toHaveLength(2);
    expect(delivery.deadLettered).toEqual([]);
  });
});
