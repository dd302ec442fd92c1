import type { Write } from './writes';

/**
 * Fight detection: the guard and someone else (a pipeline, a person, another controller) keep undoing each other's
 * change to the same property. Repairs are counted per property of a resource in a sliding window (FIGHT_WINDOW);
 * once FIGHT_LIMIT repairs are in it, the guard stops writing that property and says who it is fighting with.
 */
export interface RepairRecord {
  readonly at: string;
  /** Who had changed it before the guard repaired it (describeActor), when the event said. */
  readonly brokenBy?: string;
}

/** The property a write repairs: the resource plus the finding codes (a route's next hop, a subnet's route table...). */
export function repairKeyOf(write: Pick<Write, 'kind' | 'resourceId' | 'reason'>): string {
  return `${write.kind} ${write.resourceId.toLowerCase()} ${write.reason.split(',').sort().join(',')}`;
}

export interface FightVerdict {
  readonly contested: boolean;
  /** Repairs in the window. */
  readonly repairs: number;
  /** The other writers seen in the window, most recent first, each once. */
  readonly otherWriters: readonly string[];
  /** When the oldest repair leaves the window (writing resumes then). */
  readonly until?: string;
}

export function fightVerdict(records: readonly RepairRecord[], limit: number, windowInMs: number, now: Date): FightVerdict {
  const since = now.getTime() - windowInMs;
  const inWindow = records.filter((record) => Date.parse(record.at) > since).sort((left, right) => Date.parse(right.at) - Date.parse(left.at));
  const otherWriters = [...new Set(inWindow.flatMap((record) => (record.brokenBy ? [record.brokenBy] : [])))];
  const oldest = inWindow.at(-1);
  return {
    contested: inWindow.length >= limit,
    repairs: inWindow.length,
    otherWriters,
    ...(oldest ? { until: new Date(Date.parse(oldest.at) + windowInMs).toISOString() } : {}),
  };
}
