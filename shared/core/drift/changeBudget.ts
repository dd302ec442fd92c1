const hourInMs = 60 * 60 * 1000;

export interface ChangeBudget {
  /** Writes still allowed in the current sliding hour. */
  readonly remaining: number;
  readonly exhausted: boolean;
  /** When the oldest write in the window leaves it (more budget then); undefined when none was made. */
  readonly nextReleaseAt: Date | undefined;
}

/**
 * Sliding-hour write budget (CHANGE_BUDGET_PER_HOUR): a runaway loop or a mass drift must not rewrite the estate.
 * `writeTimes` are the times of writes already made (any order).
 */
export function changeBudget(writeTimes: readonly Date[], budgetPerHour: number, now: Date): ChangeBudget {
  const windowStart = now.getTime() - hourInMs;
  const inWindow = writeTimes.map((time) => time.getTime()).filter((time) => time > windowStart && time <= now.getTime());
  const remaining = Math.max(0, budgetPerHour - inWindow.length);
  const oldest = inWindow.length === 0 ? undefined : Math.min(...inWindow);
  return { remaining, exhausted: remaining === 0, nextReleaseAt: oldest === undefined ? undefined : new Date(oldest + hourInMs) };
}
