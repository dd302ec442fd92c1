import type { FunctionsHost } from './host/server';

interface PendingDelivery {
  readonly event: unknown;
  attempt: number;
}

/** Event Grid's schedule, compressed for a laptop: seconds instead of Event Grid's 10 s .. 12 h back-off. */
const retryDelaysInMs = [1_000, 2_000, 4_000, 8_000];

/**
 * Delivers the ARM emulator's events to the app's Event Grid trigger like an Event Grid subscription: one event per
 * delivery (maxEventsPerBatch 1, the default), at least once, retried with back-off when the function fails, and
 * dead-lettered (logged and kept) after the last attempt. Events raised before the host is up wait in a queue.
 */
export class EventGridDelivery {
  private target: { host: FunctionsHost; functionName: string } | undefined;
  private readonly waiting: PendingDelivery[] = [];
  readonly deadLettered: unknown[] = [];
  private inFlight = 0;
  /** Deliveries that failed and wait for their retry. */
  private retrying = 0;
  private closed = false;

  constructor(private readonly log: (line: string) => void) {}

  enqueue(event: unknown): void {
    if (this.closed) return;
    const pending = { event, attempt: 0 };
    if (this.target) void this.deliver(pending);
    else this.waiting.push(pending);
  }

  attach(host: FunctionsHost, functionName: string): void {
    this.target = { host, functionName };
    for (const pending of this.waiting.splice(0)) void this.deliver(pending);
  }

  close(): void {
    this.closed = true;
  }

  get pendingCount(): number {
    return this.inFlight + this.retrying + this.waiting.length;
  }

  private async deliver(pending: PendingDelivery): Promise<void> {
    if (!this.target || this.closed) return;
    this.inFlight += 1;
    try {
      const result = await this.target.host.deliverEventGridEvents(this.target.functionName, [pending.event]);
      if (result.status < 300) return;
      const delay = retryDelaysInMs[pending.attempt];
      if (delay === undefined) {
        this.deadLettered.push(pending.event);
        this.log(`[event grid] dead-lettered an event after ${pending.attempt + 1} attempts: ${result.message ?? `HTTP ${result.status}`}`);
        return;
      }
      pending.attempt += 1;
      this.retrying += 1;
      setTimeout(() => {
        this.retrying -= 1;
        void this.deliver(pending);
      }, delay).unref();
    } finally {
      this.inFlight -= 1;
    }
  }
}
