/**
 * Log lines written once per turn of the event loop. Why: the sandbox logs a few lines per invocation, and a write
 * to a pipe is synchronous on Linux, so under an event burst one write per line showed in the CPU profile.
 * `flush()` writes what is pending now (before other output, and at exit).
 */
export function createBatchedLog(write: (text: string) => void): { log(line: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return {
    log(line) {
      pending.push(line);
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        flush();
      });
    },
    flush,
  };
}
