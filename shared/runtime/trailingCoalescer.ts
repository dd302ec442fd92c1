/**
 * Per key, at most one call running and one waiting; every caller that arrives while a call runs joins the one
 * waiting call, which starts when the running one settles. So each caller is answered by a call that started
 * after it arrived (the guarantee an event needs: "someone looks after my change"), and N callers in a burst
 * cost at most two calls per key instead of N.
 */
export type TrailingCoalescer<T> = (key: string, call: () => Promise<T>) => Promise<T>;

interface Lane<T> {
  readonly running: Promise<T>;
  queued?: Promise<T>;
}

export function createTrailingCoalescer<T>(): TrailingCoalescer<T> {
  const lanes = new Map<string, Lane<T>>();
  const launch = (key: string, call: () => Promise<T>): Promise<T> => {
    const running = Promise.resolve().then(call);
    const lane: Lane<T> = { running };
    lanes.set(key, lane);
    const settle = () => {
      if (lanes.get(key) === lane && lane.queued === undefined) lanes.delete(key);
    };
    running.then(settle, settle);
    return running;
  };
  return (key, call) => {
    const lane = lanes.get(key);
    if (!lane) return launch(key, call);
    // The first waiting caller's `call` runs for everyone who joins it: callers of one key ask for the same thing.
    const ignore = () => undefined;
    lane.queued ??= lane.running.then(ignore, ignore).then(() => launch(key, call));
    return lane.queued;
  };
}
