/**
 * Picks the worker for the next invocation the way the Functions host does with several language workers
 * (azure-functions-host RpcFunctionInvocationDispatcherLoadBalancer): one counter over the workers ready now, each
 * invocation to the next, so consecutive invocations (of any function) land in different processes.
 */
export interface RoundRobin<T> {
  /** The next of `ready`; undefined when none is ready. */
  next(ready: readonly T[]): T | undefined;
}

export function createRoundRobin<T>(): RoundRobin<T> {
  let counter = 0;
  return {
    next(ready) {
      if (ready.length === 0) return undefined;
      const chosen = ready[counter % ready.length];
      counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
      return chosen;
    },
  };
}
