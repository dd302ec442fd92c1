import { FunctionsCoreApi } from '../../sandbox/host/functionsCore';
import { invokeRegisteredFunction } from '../../sandbox/host/invoke';
import { ActionType, leafActions, type OrchestratorAction, type OrchestratorStatePayload } from '../../sandbox/durable/actions';
import {
  EventType, newEventRaised, newExecutionStarted, newOrchestratorCompleted, newOrchestratorStarted, newTaskCompleted, newTaskFailed, newTaskScheduled,
  newTimerCreated, newTimerFired, type HistoryEvent,
} from '../../sandbox/durable/historyEvents';
import { runOrchestratorEpisode } from '../../sandbox/durable/orchestratorInvocation';

/**
 * Orchestrators specified as histories (past events in, actions out), the way durable-functions' own orchestrator
 * specs do it: a test builds the history the Durable host would hand over and replays the real orchestrator on the
 * real durable-functions SDK once, then compares the actions it asks for. No runner, no clock, no sleeps.
 *
 * Use: `jest.mock('@azure/functions-core', () => replayCore.moduleExports(), { virtual: true })`, register the
 * orchestration with `df.app.orchestration`, then `replay(name, pastEvents, newEvents)` (or `replayHistory(name,
 * builder)`, which splits a HistoryBuilder's events at the last episode the way the host does).
 */
export const replayCore = new FunctionsCoreApi(() => undefined);

/**
 * One episode: `pastEvents` were played in earlier episodes (IsPlayed), `newEvents` are what the host appends now
 * (usually OrchestratorStarted, then completions, fired timers, raised events). Returns the orchestrator's state: its
 * actions (`actionsOf` flattens them), custom status, and output once done.
 */
export async function replay(
  orchestratorName: string,
  pastEvents: readonly HistoryEvent[],
  newEvents: readonly HistoryEvent[] = [],
): Promise<OrchestratorStatePayload> {
  const registration = replayCore.registrations.get(orchestratorName.toLowerCase());
  if (!registration) throw new Error(`${orchestratorName} is not registered`);
  const history = [...pastEvents.map((event) => ({ ...event, IsPlayed: true })), ...newEvents.map((event) => ({ ...event, IsPlayed: false }))];
  const started = history.find((event) => event.EventType === EventType.ExecutionStarted);
  const outcome = await runOrchestratorEpisode(
    (target, inputData) => invokeRegisteredFunction(replayCore, target, { inputData }, () => undefined),
    registration,
    'replay-instance',
    undefined,
    started?.Input === undefined ? undefined : JSON.parse(started.Input),
    history,
  );
  if (outcome.kind === 'crashed') throw new Error(`The orchestrator crashed: ${outcome.message}`);
  return outcome.state;
}

/** Replays a built history: events before the last OrchestratorStarted as past, the rest as new. */
export function replayHistory(orchestratorName: string, builder: HistoryBuilder): Promise<OrchestratorStatePayload> {
  const [past, fresh] = builder.pastAndNew();
  return replay(orchestratorName, past, fresh);
}

/**
 * The actions the latest episode of a built history added: the leaf actions after replaying everything, minus those
 * the history up to that episode already had. (Cancelling an earlier timer flags that earlier action: compare whole
 * `actionsOf(state)` lines to see it.)
 */
export async function newActionsOf(orchestratorName: string, builder: HistoryBuilder): Promise<OrchestratorAction[]> {
  const [past] = builder.pastAndNew();
  const before = past.length > 0 && past.at(-1)?.EventType === EventType.OrchestratorCompleted ? past.slice(0, -1) : past;
  const earlier = before.length === 0 ? 0 : actionsOf(await replay(orchestratorName, [], before)).length;
  return actionsOf(await replayHistory(orchestratorName, builder)).slice(earlier);
}

/** The leaf actions of a state, flattened (Task.any/Task.all children inline). */
export function actionsOf(state: OrchestratorStatePayload): OrchestratorAction[] {
  return leafActions(state.actions.flat());
}

/** Actions as short, comparable lines (what a spec reads and compares exactly). */
export function actionLines(actions: readonly OrchestratorAction[]): string[] {
  return actions.map((action) => {
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry:
        return `activity ${action.functionName} ${JSON.stringify(action.input)}`;
      case ActionType.ContinueAsNew:
        return `continue-as-new ${JSON.stringify(action.input)}`;
      case ActionType.CreateTimer:
        return `timer ${action.fireAt}${action.isCanceled ? ' (canceled)' : ''}`;
      case ActionType.WaitForExternalEvent:
        return `wait ${action.externalEventName}`;
      default:
        return `action ${action.actionType}`;
    }
  });
}

/**
 * A history under construction: each `episode` is what the host appends when it wakes the orchestrator (an
 * OrchestratorStarted, the new events, an OrchestratorCompleted), with times given in ms after `start`.
 */
export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  constructor(
    private readonly start: Date,
    name: string,
    input: unknown,
  ) {
    this.events.push(newOrchestratorStarted(start), newExecutionStarted(start, name, JSON.stringify(input)));
  }

  at(ms: number): Date {
    return new Date(this.start.getTime() + ms);
  }

  /** The ISO time `ms` after the start (as timers' fireAt read). */
  iso(ms: number): string {
    return this.at(ms).toISOString();
  }

  /** Ends the current episode and starts the next one at `ms`. */
  wake(ms: number): this {
    this.events.push(newOrchestratorCompleted(this.at(ms)), newOrchestratorStarted(this.at(ms)));
    return this;
  }

  scheduled(ms: number, taskId: number, name: string, input?: unknown): this {
    this.events.push(newTaskScheduled(this.at(ms), taskId, name, input === undefined ? undefined : JSON.stringify(input)));
    return this;
  }

  completed(ms: number, taskId: number, result: unknown): this {
    this.events.push(newTaskCompleted(this.at(ms), taskId, JSON.stringify(result)));
    return this;
  }

  failed(ms: number, taskId: number, message: string): this {
    this.events.push(newTaskFailed(this.at(ms), taskId, { ErrorType: 'Error', ErrorMessage: message }, message));
    return this;
  }

  timerCreated(ms: number, timerId: number, fireAtMs: number): this {
    this.events.push(newTimerCreated(this.at(ms), timerId, this.at(fireAtMs)));
    return this;
  }

  timerFired(ms: number, timerId: number, fireAtMs: number): this {
    this.events.push(newTimerFired(this.at(ms), timerId, this.at(fireAtMs).toISOString()));
    return this;
  }

  raised(ms: number, name: string, data: unknown): this {
    this.events.push(newEventRaised(this.at(ms), name, data === undefined ? undefined : JSON.stringify(data)));
    return this;
  }

  /** Every event so far as already played (what the host sends on a later episode). */
  played(): HistoryEvent[] {
    return this.events.map((event) => ({ ...event, IsPlayed: true }));
  }

  /** The events split where the host splits them: past episodes, and the current one (from its OrchestratorStarted). */
  pastAndNew(): [HistoryEvent[], HistoryEvent[]] {
    const current = this.events.map((event) => event.EventType).lastIndexOf(EventType.OrchestratorStarted);
    return [this.events.slice(0, current), this.events.slice(current)];
  }
}
