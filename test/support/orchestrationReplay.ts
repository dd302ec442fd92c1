import { FunctionsCoreApi } from '../../sandbox/host/functionsCore';
import { invokeRegisteredFunction } from '../../sandbox/host/invoke';
import { leafActions, type OrchestratorAction, type OrchestratorStatePayload } from '../../sandbox/durable/actions';
import {
  newEventRaised, newExecutionStarted, newOrchestratorCompleted, newOrchestratorStarted, newTaskCompleted, newTaskFailed, newTaskScheduled,
  newTimerCreated, newTimerFired, type HistoryEvent,
} from '../../sandbox/durable/historyEvents';
import { runOrchestratorEpisode } from '../../sandbox/durable/orchestratorInvocation';

/**
 * Orchestrators specified as histories (past events in, actions out), the way durable-functions' own orchestrator
 * specs do it: a test builds the history the Durable host would hand over and replays the real orchestrator on the
 * real durable-functions SDK once, then compares the actions it asks for. No runner, no clock, no sleeps.
 *
 * Use: `jest.mock('@azure/functions-core', () => replayCore.moduleExports(), { virtual: true })`, register the
 * orchestration with `df.app.orchestration`, then `replay(name, history)`.
 */
export const replayCore = new FunctionsCoreApi(() => undefined);

export async function replay(orchestratorName: string, history: readonly HistoryEvent[]): Promise<OrchestratorStatePayload> {
  const registration = replayCore.registrations.get(orchestratorName.toLowerCase());
  if (!registration) throw new Error(`${orchestratorName} is not registered`);
  const started = history.find((event) => event.Name === orchestratorName && event.Input !== undefined);
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

/** The leaf actions of a state, flattened (Task.any/Task.all children inline). */
export function actionsOf(state: OrchestratorStatePayload): OrchestratorAction[] {
  return leafActions(state.actions.flat());
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
    this.events.push(newEventRaised(this.at(ms), name, JSON.stringify(data)));
    return this;
  }

  /** Every event so far as already played (what the host sends on a later episode). */
  played(): HistoryEvent[] {
    return this.events.map((event, index, all) => ({ ...event, IsPlayed: index < all.length }));
  }
}
