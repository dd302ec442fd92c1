import { randomUUID } from 'node:crypto';
import type { RegisteredFunction } from '../host/functionsCore';
import {
  EventType,
  newContinueAsNew,
  newEventRaised,
  newExecutionCompleted,
  newExecutionStarted,
  newExecutionTerminated,
  newSubOrchestrationCompleted,
  newSubOrchestrationFailed,
  newTaskCompleted,
  newTaskFailed,
  newTimerFired,
  type FailureDetailsPayload,
} from './historyEvents';
import { applyOrchestratorState, prepareEpisode, retryTimerStartsAttempt, type EpisodeEnd, type EpisodeWork } from './episodePlan';
import { isTerminalStatus, type InboxEntry, type InstanceState, type ParentLink, type PendingWork } from './instanceState';
import { InstanceStore } from './instanceStore';
import { resultJsonOf, runOrchestratorEpisode, type InvokeFunction } from './orchestratorInvocation';
import { ConcurrencyLimiter, WorkTracker } from './workTracker';

export type DurableRunnerLog = (level: 'information' | 'warning' | 'error', message: string) => void;

export interface DurableRunnerOptions {
  /** The registered functions (read on every use, so late registrations are seen). */
  readonly registrations: () => ReadonlyMap<string, RegisteredFunction>;
  readonly invoke: InvokeFunction;
  readonly stateDir: string;
  readonly taskHub: string;
  readonly log: DurableRunnerLog;
  readonly now?: () => Date;
  readonly maxConcurrentActivities?: number;
  /** Instance files are written this long after a change, the latest state per instance (default 100; 0 = at once). See InstanceStore. */
  readonly persistDelayMs?: number;
}

export interface DurableCounters {
  orchestratorReplays: number;
  activityInvocations: number;
}

/** The extension's own limit (DurableClient.cs, MaxInstanceIdLength). */
export const MAX_INSTANCE_ID_LENGTH = 256;

/**
 * Thrown by `startNew` for an instance id the Durable extension refuses (DurableClient.cs StartNewAsync: an
 * ArgumentException, which its HTTP API answers with 400): starting with @, containing /, \, #, ? or a control
 * character, or longer than MAX_INSTANCE_ID_LENGTH characters.
 */
export class InvalidInstanceIdError extends Error {
  override readonly name = 'InvalidInstanceIdError';
}

function assertValidInstanceId(instanceId: string): void {
  if (instanceId.startsWith('@')) throw new InvalidInstanceIdError('Orchestration instance ids must not start with @.');
  // eslint-disable-next-line no-control-regex
  if (/[/\\?#\u0000-\u001f\u007f-\u009f]/.test(instanceId)) throw new InvalidInstanceIdError('Orchestration instance ids must not contain /, \\, #, ?, or control characters.');
  if (instanceId.length > MAX_INSTANCE_ID_LENGTH) throw new InvalidInstanceIdError(`Instance ID lengths must not exceed ${MAX_INSTANCE_ID_LENGTH} characters.`);
}

/** Thrown by `startNew` when a Pending/Running instance already has the id (the HTTP API answers 409). */
export class InstanceExistsError extends Error {
  override readonly name = 'InstanceExistsError';
  constructor(instanceId: string, status: string) {
    super(`An Orchestration instance with the status ${status} already exists. (instance ${instanceId})`);
  }
}

export type ManagementResult = 'accepted' | 'notFound' | 'gone';

export interface QuiescenceOptions {
  /** A pending durable timer due within this many ms still counts as work (default 30 000). */
  readonly timerHorizonMs?: number;
  /** Reject when the runner is not quiet by then (default 60 000). */
  readonly timeoutMs?: number;
  /** How long the quiet must last before it counts (default 200): absorbs work handed over between ticks. */
  readonly stableForMs?: number;
  /** Work outside the runner that can start orchestrations (e.g. Event Grid deliveries in flight), as descriptions. */
  readonly otherWork?: () => readonly string[];
}

/** Thrown by `whenQuiescent` when work is still pending at the deadline; `busy` says which. */
export class NotQuiescentError extends Error {
  override readonly name = 'NotQuiescentError';
  constructor(readonly busy: readonly string[], timeoutMs: number) {
    super(`Not idle after ${timeoutMs} ms: ${busy.slice(0, 10).join('; ')}${busy.length > 10 ? ` (+${busy.length - 10} more)` : ''}`);
  }
}

const DEFAULT_PERSIST_DELAY_MS = 100;

/**
 * Runs durable-functions orchestrations the way the Durable extension does: replay the whole history through the
 * SDK, act on the new actions, append the results, replay again. Everything is persisted per instance.
 */
export class DurableRunnerCore {
  readonly counters: DurableCounters = { orchestratorReplays: 0, activityInvocations: 0 };
  private readonly instances = new Map<string, InstanceState>();
  private readonly store: InstanceStore;
  private readonly work = new WorkTracker();
  private readonly activities: ConcurrencyLimiter;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queuedEpisodes = new Set<string>();
  private readonly changeListeners = new Set<() => void>();
  /** Management requests accepted but not yet applied in their instance's turn (see persisted()). */
  private readonly managementInFlight = new Map<string, Set<Promise<unknown>>>();
  private readonly now: () => Date;
  /** Bumped by stop(): results of work started under an older generation are discarded (re-run on resume). */
  private generation = 0;
  private running = false;

  constructor(private readonly options: DurableRunnerOptions) {
    this.store = new InstanceStore(options.stateDir, options.taskHub, options.persistDelayMs ?? DEFAULT_PERSIST_DELAY_MS, (error) =>
      options.log('error', `Durable runner: could not save instance state: ${String(error)}`),
    );
    this.activities = new ConcurrencyLimiter(options.maxConcurrentActivities ?? 8);
    this.now = options.now ?? (() => new Date());
  }

  get taskHub(): string {
    return this.options.taskHub;
  }

  /** Loads persisted instances and resumes their work (activities re-run, timers re-armed, inboxes processed). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.instances.clear();
    for (const state of this.store.loadAll()) this.instances.set(state.instanceId, state);
    for (const state of this.instances.values()) {
      if (isTerminalStatus(state.runtimeStatus)) continue;
      for (const item of state.pendingWork) this.startWork(state, item);
      this.redeliverFinishedChildren(state);
      if (state.inbox.length > 0) this.scheduleEpisode(state.instanceId);
    }
  }

  /** Stops scheduling; in-flight activity results are discarded (they re-run on the next start). */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    await this.work.drain();
    await this.store.flush(); // what a restart resumes from
  }

  startNew(name: string, options: { instanceId?: string; inputJson?: string } = {}): string {
    const instanceId = options.instanceId || randomUUID().replace(/-/g, '');
    assertValidInstanceId(instanceId);
    const existing = this.instances.get(instanceId);
    if (existing && !isTerminalStatus(existing.runtimeStatus)) throw new InstanceExistsError(instanceId, existing.runtimeStatus);
    this.createInstance(instanceId, name, options.inputJson, undefined);
    return instanceId;
  }

  raiseEvent(instanceId: string, eventName: string, dataJson: string | undefined): ManagementResult {
    // Durable keeps events raised before the orchestrator waits: they join the history and the SDK buffers them.
    return this.manageRunning(instanceId, (current) => this.enqueue(current, { event: newEventRaised(this.now(), eventName, dataJson) }));
  }

  terminate(instanceId: string, reason: string | undefined): ManagementResult {
    return this.manageRunning(instanceId, (current) => {
      current.history.push(newExecutionTerminated(this.now(), reason));
      this.finishExecution(current, 'Terminated', JSON.stringify(reason ?? ''), {
        ErrorType: 'Terminated',
        ErrorMessage: `Orchestration terminated: ${reason ?? ''}`,
      });
    });
  }

  /**
   * Answers a management request at once (404/410 as the extension does) and applies it in the instance's turn,
   * unless the instance ended meanwhile.
   */
  private manageRunning(instanceId: string, apply: (current: InstanceState) => void): ManagementResult {
    const state = this.instances.get(instanceId);
    if (!state) return 'notFound';
    if (isTerminalStatus(state.runtimeStatus)) return 'gone';
    const applied = this.work.serialize(instanceId, () => {
      const current = this.instances.get(instanceId);
      if (current && !isTerminalStatus(current.runtimeStatus)) apply(current);
    });
    const inFlight = this.managementInFlight.get(instanceId) ?? new Set<Promise<unknown>>();
    this.managementInFlight.set(instanceId, inFlight);
    inFlight.add(applied);
    void applied
      .finally(() => {
        inFlight.delete(applied);
        if (inFlight.size === 0 && this.managementInFlight.get(instanceId) === inFlight) this.managementInFlight.delete(instanceId);
      })
      .catch(() => undefined);
    return 'accepted';
  }

  /**
   * Resolves once the management requests accepted so far for these instances (start, raise, terminate) are applied
   * and their state is on disk. The HTTP API awaits it before it answers: Azure Storage never acknowledges a write
   * it could lose, so a kill -9 after a 2xx must not lose the started instance or the raised event either. Only
   * these instances are written at once; the rest keep the delayed, batched writes (see InstanceStore).
   */
  async persisted(instanceIds: readonly string[]): Promise<void> {
    for (const instanceId of instanceIds) {
      const inFlight = this.managementInFlight.get(instanceId);
      while (inFlight && inFlight.size > 0) await Promise.allSettled([...inFlight]);
    }
    await this.store.flushInstances(instanceIds);
  }

  /** Deletes a terminal instance's state. */
  purge(instanceId: string): 'purged' | 'notFound' | 'notTerminal' {
    const state = this.instances.get(instanceId);
    if (!state) return 'notFound';
    if (!isTerminalStatus(state.runtimeStatus)) return 'notTerminal';
    this.instances.delete(instanceId);
    this.store.delete(instanceId);
    return 'purged';
  }

  getStatus(instanceId: string): InstanceState | undefined {
    const state = this.instances.get(instanceId);
    return state && structuredClone(state);
  }

  list(): InstanceState[] {
    return [...this.instances.values()].map((state) => structuredClone(state));
  }

  /**
   * The live state, not a copy: for callers that only read it synchronously (the HTTP API builds its reply at
   * once). Why: copying the whole history for every status request showed up in the burst profile.
   */
  peekStatus(instanceId: string): Readonly<InstanceState> | undefined {
    return this.instances.get(instanceId);
  }

  /** Every live state, not copies (see peekStatus). */
  peekAll(): ReadonlyArray<Readonly<InstanceState>> {
    return [...this.instances.values()];
  }

  waitForIdle(): Promise<void> {
    return this.work.whenIdle();
  }

  /**
   * What keeps the runner from being quiescent: episodes or activities running or queued, unprocessed inbox events,
   * activities or sub-orchestrations pending, and timers due within `timerHorizonMs`. Empty: nothing will happen
   * within the horizon unless something raises an event or starts an instance. Waits for events do not count.
   */
  pendingWork(timerHorizonMs: number): string[] {
    const busy: string[] = [];
    if (this.work.pending > 0) busy.push(`${this.work.pending} episode(s) or activity result(s) in progress`);
    const horizon = this.now().getTime() + timerHorizonMs;
    for (const state of this.instances.values()) {
      if (isTerminalStatus(state.runtimeStatus)) continue;
      if (state.inbox.length > 0) busy.push(`${state.instanceId}: ${state.inbox.length} event(s) not yet processed`);
      for (const item of state.pendingWork) {
        if (item.kind === 'activity') busy.push(`${state.instanceId}: activity ${item.name}`);
        else if (item.kind === 'subOrchestration') busy.push(`${state.instanceId}: sub-orchestration ${item.instanceId}`);
        else if (new Date(item.fireAt).getTime() <= horizon) busy.push(`${state.instanceId}: timer due ${item.fireAt}`);
      }
    }
    return busy;
  }

  /**
   * The explicit idle signal tests use instead of "wait N seconds and check nothing happened": resolves once
   * `pendingWork` (plus `otherWork`) stayed empty for `stableForMs`, so nothing is left that could still act within the
   * timer horizon; rejects with NotQuiescentError (naming the work) after `timeoutMs`.
   */
  async whenQuiescent(options: QuiescenceOptions = {}): Promise<void> {
    const { timerHorizonMs = 30_000, timeoutMs = 60_000, stableForMs = 200, otherWork = () => [] } = options;
    const deadline = Date.now() + timeoutMs;
    let quietSince: number | undefined;
    for (;;) {
      const busy = [...this.pendingWork(timerHorizonMs), ...otherWork()];
      const now = Date.now();
      if (busy.length > 0) quietSince = undefined;
      else if (quietSince === undefined) quietSince = now;
      else if (now - quietSince >= stableForMs) return;
      if (now >= deadline) throw new NotQuiescentError(busy, timeoutMs);
      // Re-check on the next change of any instance, or after a short poll (timers, activities, other work).
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(poll);
          this.changeListeners.delete(onChange);
          resolve();
        };
        const onChange = () => (wake(), true);
        const poll = setTimeout(wake, Math.min(50, Math.max(1, deadline - now)));
        this.changeListeners.add(onChange);
      });
    }
  }

  /** Resolves with the final state once the instance is Completed/Failed/Terminated; rejects after `timeoutMs`. */
  waitForCompletion(instanceId: string, timeoutMs: number): Promise<InstanceState> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const state = this.instances.get(instanceId);
        if (!state || !isTerminalStatus(state.runtimeStatus)) return false;
        cleanup();
        resolve(structuredClone(state));
        return true;
      };
      const timeout = setTimeout(() => {
        cleanup();
        const status = this.instances.get(instanceId)?.runtimeStatus ?? 'unknown';
        reject(new Error(`Instance ${instanceId} did not finish within ${timeoutMs} ms (status ${status})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timeout);
        this.changeListeners.delete(check);
      };
      this.changeListeners.add(check);
      check();
    });
  }

  // ---- instance lifecycle -------------------------------------------------------------------------------------

  private createInstance(instanceId: string, name: string, inputJson: string | undefined, parent: ParentLink | undefined): void {
    const at = this.now().toISOString();
    const state: InstanceState = {
      instanceId,
      name,
      executionId: randomUUID(),
      runtimeStatus: 'Pending',
      inputJson,
      outputJson: undefined,
      customStatusJson: undefined,
      createdTime: at,
      lastUpdatedTime: at,
      parent,
      history: [],
      inbox: [{ event: newExecutionStarted(this.now(), name, inputJson) }],
      handledActionCount: 0,
      leafTaskIds: [],
      nextSequenceNumber: 0,
      pendingWork: [],
      retryChains: {},
    };
    this.cancelTimersOf(instanceId);
    this.instances.set(instanceId, state);
    this.persist(state);
    this.scheduleEpisode(instanceId);
  }

  private enqueue(state: InstanceState, entry: InboxEntry): void {
    state.inbox.push(entry);
    this.persist(state);
    this.scheduleEpisode(state.instanceId);
  }

  private scheduleEpisode(instanceId: string): void {
    if (!this.running || this.queuedEpisodes.has(instanceId)) return;
    this.queuedEpisodes.add(instanceId);
    void this.work
      .serialize(instanceId, async () => {
        this.queuedEpisodes.delete(instanceId);
        await this.runEpisode(instanceId);
      })
      .catch((error: unknown) => this.options.log('error', `Durable runner: episode of ${instanceId} failed unexpectedly: ${String(error)}`));
  }

  private async runEpisode(instanceId: string): Promise<void> {
    const state = this.instances.get(instanceId);
    if (!this.running || !state || isTerminalStatus(state.runtimeStatus) || state.inbox.length === 0) return;
    const generation = this.generation;
    const batch = state.inbox;
    const now = this.now();
    const prepared = prepareEpisode(state, batch, now);
    const registration = this.findFunction(state.name, 'orchestrationTrigger');
    this.counters.orchestratorReplays++;
    const outcome = registration
      ? await runOrchestratorEpisode(
          this.options.invoke,
          registration,
          state.instanceId,
          state.parent?.instanceId,
          state.inputJson === undefined ? undefined : JSON.parse(state.inputJson),
          prepared.history,
        )
      : ({ kind: 'crashed', message: `The orchestrator function '${state.name}' doesn't exist, is disabled, or is not an orchestrator function.` } as const);
    if (generation !== this.generation) return; // stopped meanwhile: the inbox is still persisted, replay on resume.
    state.inbox = state.inbox.slice(batch.length);
    if (state.runtimeStatus === 'Pending') state.runtimeStatus = 'Running';
    const { end, work, cancelledTimerIds } =
      outcome.kind === 'state'
        ? applyOrchestratorState(state, prepared, outcome.state, now)
        : applyOrchestratorState(state, prepared, { isDone: false, actions: [], error: outcome.message }, now);
    for (const timerId of cancelledTimerIds) this.cancelTimer(state, timerId);
    this.endEpisode(state, end, work);
  }

  private endEpisode(state: InstanceState, end: EpisodeEnd, work: EpisodeWork): void {
    const at = this.now();
    switch (end.kind) {
      case 'running':
        state.pendingWork.push(...work.work);
        this.persist(state);
        for (const child of work.children) this.startChild(state, child);
        for (const item of work.work) if (item.kind !== 'subOrchestration') this.startWork(state, item);
        if (state.inbox.length > 0) this.scheduleEpisode(state.instanceId);
        return;
      case 'completed':
        state.history.push(newExecutionCompleted(at, 'Completed', end.outputJson));
        this.finishExecution(state, 'Completed', end.outputJson, undefined);
        return;
      case 'failed': {
        const message = `Orchestrator function '${state.name}' failed: ${end.message}`;
        this.options.log('warning', `Durable runner: ${state.instanceId} ${message}`);
        state.history.push(newExecutionCompleted(at, 'Failed', JSON.stringify(message)));
        this.finishExecution(state, 'Failed', JSON.stringify(message), { ErrorType: end.errorType, ErrorMessage: end.message, StackTrace: end.stack });
        return;
      }
      case 'continuedAsNew':
        this.continueAsNew(state, end.inputJson);
        return;
    }
  }

  /**
   * Starts a new execution with the same instance id. Why drop the inbox except raised events: completions belong
   * to the old execution's tasks; events raised while the last episode ran were never seen, so the new execution
   * gets them (Durable's "unprocessed events" of the old execution, already in its history, are dropped).
   */
  private continueAsNew(state: InstanceState, inputJson: string | undefined): void {
    const at = this.now();
    state.history.push(newContinueAsNew(at, inputJson));
    this.cancelTimersOf(state.instanceId);
    const carriedEvents = state.inbox.filter((entry) => entry.event.EventType === EventType.EventRaised);
    Object.assign(state, {
      executionId: randomUUID(),
      runtimeStatus: 'Running',
      inputJson,
      history: [],
      inbox: [{ event: newExecutionStarted(at, state.name, inputJson) }, ...carriedEvents],
      handledActionCount: 0,
      leafTaskIds: [],
      nextSequenceNumber: 0,
      pendingWork: [],
      retryChains: {},
      lastUpdatedTime: at.toISOString(),
    } satisfies Partial<InstanceState>);
    this.persist(state);
    this.scheduleEpisode(state.instanceId);
  }

  private finishExecution(state: InstanceState, status: 'Completed' | 'Failed' | 'Terminated', outputJson: string, failure: FailureDetailsPayload | undefined): void {
    state.runtimeStatus = status;
    state.outputJson = outputJson;
    state.pendingWork = [];
    state.inbox = [];
    this.cancelTimersOf(state.instanceId);
    this.persist(state);
    if (state.parent) this.notifyParent(state, state.parent, failure);
  }

  private notifyParent(child: InstanceState, link: ParentLink, failure: FailureDetailsPayload | undefined): void {
    void this.work.serialize(link.instanceId, () => {
      const parent = this.instances.get(link.instanceId);
      if (!parent || parent.executionId !== link.executionId || isTerminalStatus(parent.runtimeStatus)) return;
      const item = parent.pendingWork.find((work) => work.kind === 'subOrchestration' && work.taskId === link.taskId);
      if (!item) return; // already delivered
      parent.pendingWork = parent.pendingWork.filter((work) => work !== item);
      const at = this.now();
      if (child.runtimeStatus === 'Completed') {
        this.completeRetryChain(parent, item.retryChainId);
        this.enqueue(parent, { event: newSubOrchestrationCompleted(at, link.taskId, child.outputJson ?? 'null') });
      } else {
        const details = failure ?? { ErrorType: 'Error', ErrorMessage: `Sub-orchestration '${child.name}' ${child.runtimeStatus}` };
        const reason = `Orchestrator function '${child.name}' failed: ${details.ErrorMessage}`;
        this.enqueue(parent, { event: newSubOrchestrationFailed(at, link.taskId, details, reason), retryChainId: item.retryChainId });
      }
    });
  }

  private startChild(parent: InstanceState, child: EpisodeWork['children'][number]): void {
    const link: ParentLink = { instanceId: parent.instanceId, executionId: parent.executionId, taskId: child.taskId };
    const existing = this.instances.get(child.instanceId);
    if (existing && !isTerminalStatus(existing.runtimeStatus)) {
      const failure = { ErrorType: 'InstanceExistsError', ErrorMessage: new InstanceExistsError(child.instanceId, existing.runtimeStatus).message };
      const fake = { ...existing, name: child.name, runtimeStatus: 'Failed' } as InstanceState;
      this.notifyParent(fake, link, failure);
      return;
    }
    this.createInstance(child.instanceId, child.name, child.inputJson, link);
  }

  /** After a restart: a child that finished while its parent was not told yet (crash in between). */
  private redeliverFinishedChildren(state: InstanceState): void {
    for (const item of state.pendingWork) {
      if (item.kind !== 'subOrchestration') continue;
      const child = this.instances.get(item.instanceId);
      if (child?.parent?.executionId === state.executionId && isTerminalStatus(child.runtimeStatus)) {
        this.notifyParent(child, child.parent, undefined);
      }
    }
  }

  // ---- activities and timers ----------------------------------------------------------------------------------

  private startWork(state: InstanceState, item: PendingWork): void {
    if (item.kind === 'activity') this.startActivity(state.instanceId, state.executionId, item);
    else if (item.kind === 'timer') this.armTimer(state.instanceId, state.executionId, item);
  }

  private startActivity(instanceId: string, executionId: string, item: Extract<PendingWork, { kind: 'activity' }>): void {
    const generation = this.generation;
    const invocation = this.activities.run(async () => {
      if (generation !== this.generation) return undefined;
      this.counters.activityInvocations++;
      const registration = this.findFunction(item.name, 'activityTrigger');
      if (!registration) {
        throw new Error(`The activity function '${item.name}' doesn't exist, is disabled, or is not an activity function.`);
      }
      const result = await this.options.invoke(registration, [
        { name: registration.triggerBindingName, data: { json: item.inputJson ?? 'null' } },
      ]);
      return resultJsonOf(result.returnValue);
    });
    const delivered = invocation.then(
      (resultJson) => ({ ok: true as const, resultJson: resultJson ?? 'null' }),
      (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error : new Error(String(error)) }),
    ).then((outcome) =>
      this.work.serialize(instanceId, () => {
        if (generation !== this.generation) return;
        const state = this.takePendingWork(instanceId, executionId, (work) => work.kind === 'activity' && work.taskId === item.taskId);
        if (!state) return;
        const at = this.now();
        if (outcome.ok) {
          this.completeRetryChain(state, item.retryChainId);
          this.enqueue(state, { event: newTaskCompleted(at, item.taskId, outcome.resultJson) });
        } else {
          const failure = { ErrorType: outcome.error.name, ErrorMessage: outcome.error.message, StackTrace: outcome.error.stack };
          const reason = `Activity function '${item.name}' failed: ${outcome.error.message}`;
          this.enqueue(state, { event: newTaskFailed(at, item.taskId, failure, reason), retryChainId: item.retryChainId });
        }
      }),
    );
    void this.work.track(delivered);
  }

  private armTimer(instanceId: string, executionId: string, item: Extract<PendingWork, { kind: 'timer' }>): void {
    const key = `${instanceId}\u0000${item.timerId}`;
    const delay = Math.max(0, new Date(item.fireAt).getTime() - this.now().getTime());
    // setTimeout's limit is ~24.8 days; re-arm in steps for longer timers.
    const step = Math.min(delay, 2 ** 31 - 1);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (delay > step) return this.armTimer(instanceId, executionId, item);
        void this.work.serialize(instanceId, () => {
          const state = this.takePendingWork(instanceId, executionId, (work) => work.kind === 'timer' && work.timerId === item.timerId);
          if (!state) return;
          const event = newTimerFired(this.now(), item.timerId, item.fireAt);
          if (item.retryChainId === undefined) return this.enqueue(state, { event });
          // Only a retry timer that leads to another attempt takes a sequence number (see episodePlan).
          if (retryTimerStartsAttempt(state, item.retryChainId)) return this.enqueue(state, { event, retryChainId: item.retryChainId });
          delete state.retryChains[String(item.retryChainId)];
          this.enqueue(state, { event });
        });
      }, step),
    );
  }

  private cancelTimer(state: InstanceState, timerId: number): void {
    state.pendingWork = state.pendingWork.filter((work) => !(work.kind === 'timer' && work.timerId === timerId));
    const key = `${state.instanceId}\u0000${timerId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private cancelTimersOf(instanceId: string): void {
    for (const [key, timer] of this.timers) {
      if (key.startsWith(`${instanceId}\u0000`)) {
        clearTimeout(timer);
        this.timers.delete(key);
      }
    }
  }

  private takePendingWork(instanceId: string, executionId: string, matches: (work: PendingWork) => boolean): InstanceState | undefined {
    const state = this.instances.get(instanceId);
    if (!state || state.executionId !== executionId || isTerminalStatus(state.runtimeStatus)) return undefined;
    const item = state.pendingWork.find(matches);
    if (!item) return undefined;
    state.pendingWork = state.pendingWork.filter((work) => work !== item);
    return state;
  }

  private completeRetryChain(state: InstanceState, retryChainId: number | undefined): void {
    if (retryChainId !== undefined) delete state.retryChains[String(retryChainId)];
  }

  private findFunction(name: string, triggerType: string): RegisteredFunction | undefined {
    const registration = this.options.registrations().get(name.toLowerCase());
    return registration?.triggerType === triggerType ? registration : undefined;
  }

  private persist(state: InstanceState): void {
    state.lastUpdatedTime = this.now().toISOString();
    this.store.save(state);
    for (const listener of [...this.changeListeners]) listener();
  }
}
