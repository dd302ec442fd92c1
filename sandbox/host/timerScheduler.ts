import type { CoreLogger, RegisteredFunction } from './functionsCore';
import type { FunctionInvoker } from './functionInvoker';
import { parseTimerSchedule, type TimerSchedule } from './timerSchedule';

/**
 * Runs timer-triggered functions on their schedules. Like the host's timer listener, the next occurrence is only
 * armed after a run finishes, so runs of one timer never overlap; a run requested while one is in progress (admin
 * API) joins that run instead of starting a second.
 */

/** setTimeout's limit; longer waits are re-armed in steps. */
const MAX_TIMEOUT_IN_MS = 2 ** 31 - 1;
/** A run this late is reported as past due (the host flags missed occurrences; a busy event loop is not one). */
const PAST_DUE_AFTER_IN_MS = 5_000;

export interface TimerInfo {
  readonly functionName: string;
  readonly schedule: string;
  readonly runOnStartup: boolean;
  /** The next scheduled occurrence, when the scheduler is running. */
  readonly nextRun?: Date;
}

export interface TimerScheduler {
  list(): TimerInfo[];
  /** Runs the timer function now (ignoring its schedule); resolves when the run ends, never rejects. */
  runNow(functionName: string): Promise<void>;
  /** Starts scheduling (and runOnStartup runs). */
  start(): void;
  /** Stops scheduling and waits for runs in progress. */
  stop(): Promise<void>;
}

export function isTimerTrigger(registration: RegisteredFunction): boolean {
  return registration.triggerType.toLowerCase() === 'timertrigger';
}

interface TimerState {
  readonly functionName: string;
  readonly schedule: TimerSchedule;
  readonly runOnStartup: boolean;
  handle?: NodeJS.Timeout;
  nextRun?: Date;
  lastRun?: Date;
  running?: Promise<void>;
}

export function createTimerScheduler(
  registrations: readonly RegisteredFunction[],
  invoker: FunctionInvoker,
  log: CoreLogger,
  timeZone = 'UTC',
): TimerScheduler {
  const timers = new Map<string, TimerState>();
  for (const registration of registrations.filter(isTimerTrigger)) {
    const binding = registration.metadata.bindings[registration.triggerBindingName]!;
    let schedule: TimerSchedule;
    try {
      schedule = parseTimerSchedule(String(binding.schedule ?? ''), process.env, timeZone);
    } catch (error) {
      throw new Error(`Timer function "${registration.name}": ${(error as Error).message}`);
    }
    timers.set(registration.name.toLowerCase(), { functionName: registration.name, schedule, runOnStartup: binding.runOnStartup === true });
  }
  let started = false;

  function run(timer: TimerState, scheduledFor: Date, reason: string): Promise<void> {
    if (timer.running) return timer.running;
    const now = new Date();
    const payload = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: {
        Last: (timer.lastRun ?? timer.schedule.previous(scheduledFor)).toISOString(),
        Next: timer.schedule.next(scheduledFor).toISOString(),
        LastUpdated: now.toISOString(),
      },
      IsPastDue: now.getTime() - scheduledFor.getTime() > PAST_DUE_AFTER_IN_MS,
    };
    timer.running = invoker
      .invoke(timer.functionName, { json: JSON.stringify(payload) }, { reason })
      .then(
        () => undefined,
        () => undefined, // already logged by the invoker; a failed run must not stop the schedule
      )
      .finally(() => {
        timer.lastRun = scheduledFor;
        timer.running = undefined;
      });
    return timer.running;
  }

  function arm(timer: TimerState): void {
    if (!started) return;
    // setTimeout may fire a little early; never schedule the occurrence that just ran again.
    const nextRun = timer.schedule.next(new Date(Math.max(Date.now(), timer.lastRun?.getTime() ?? 0)));
    timer.nextRun = nextRun;
    const wait = () => {
      const remaining = nextRun.getTime() - Date.now();
      if (remaining > MAX_TIMEOUT_IN_MS) {
        timer.handle = setTimeout(wait, MAX_TIMEOUT_IN_MS);
        return;
      }
      timer.handle = setTimeout(() => {
        void run(timer, nextRun, `Timer fired at ${new Date().toISOString()}`).then(() => arm(timer));
      }, Math.max(0, remaining));
    };
    wait();
  }

  return {
    list: () =>
      [...timers.values()].map((timer) => ({
        functionName: timer.functionName,
        schedule: timer.schedule.expression,
        runOnStartup: timer.runOnStartup,
        ...(timer.nextRun ? { nextRun: timer.nextRun } : {}),
      })),
    runNow(functionName) {
      const timer = timers.get(functionName.toLowerCase());
      if (!timer) return Promise.reject(new Error(`No timer function named "${functionName}"`));
      return run(timer, new Date(), 'This function was programmatically called via the host APIs.');
    },
    start() {
      if (started) return;
      started = true;
      for (const timer of timers.values()) {
        log('information', 'Host.Timer', `Timer '${timer.functionName}' schedule: ${timer.schedule.expression}`);
        if (timer.runOnStartup) {
          void run(timer, new Date(), 'Timer fired at startup (runOnStartup)').then(() => arm(timer));
        } else {
          arm(timer);
        }
      }
    },
    async stop() {
      started = false;
      for (const timer of timers.values()) {
        clearTimeout(timer.handle);
        timer.nextRun = undefined;
      }
      await Promise.all([...timers.values()].map((timer) => timer.running));
    },
  };
}
