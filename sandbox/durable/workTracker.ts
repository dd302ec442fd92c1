/**
 * Serializes work per instance and knows when the runner is idle.
 *
 * Why per-instance serialization: an episode, an arriving activity result, a raised event and a terminate all
 * read-modify-write the same instance state; running them one at a time per instance (as Durable's partition lease
 * does) keeps the state consistent without locks in the rest of the code.
 */
export class WorkTracker {
  private readonly chains = new Map<string, Promise<void>>();
  private busy = 0;
  private idleWaiters: Array<() => void> = [];

  /** Runs `work` after every earlier piece of work for the same key. */
  serialize<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    this.busy++;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const result = previous.then(() => work());
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
      this.release();
    });
    return result;
  }

  /** Counts work outside any instance (activities in flight). */
  track<T>(work: Promise<T>): Promise<T> {
    this.busy++;
    void work.then(
      () => this.release(),
      () => this.release(),
    );
    return work;
  }

  /** Work running or queued right now (episodes, activity results, management requests). */
  get pending(): number {
    return this.busy;
  }

  /** Resolves once nothing is running or queued (pending timers and waits do not count). */
  whenIdle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async drain(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private release(): void {
    this.busy--;
    // Why a macrotask: work that finishes often queues follow-up work in the same tick; only report idle after it.
    setImmediate(() => {
      if (this.busy !== 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    });
  }
}

/** Runs at most `limit` tasks at once (activity concurrency, like the host's maxConcurrentActivityFunctions). */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}
