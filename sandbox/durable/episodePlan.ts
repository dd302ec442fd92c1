import {
  EventType,
  newOrchestratorCompleted,
  newOrchestratorStarted,
  newSubOrchestrationCreated,
  newTaskScheduled,
  newTimerCreated,
  type HistoryEvent,
} from './historyEvents';
import {
  ActionType,
  actionInputJson,
  leafActions,
  numberActions,
  topLevelActions,
  type OrchestratorAction,
  type OrchestratorStatePayload,
} from './actions';
import type { InboxEntry, InstanceState, PendingWork } from './instanceState';
import { retryDelayInMs, shouldAttemptAgain } from './retryPolicy';

/**
 * The pure half of an episode: which events the orchestrator sees, and what its answer means for the instance.
 * The runner does the I/O (invoking, persisting, starting work) around these functions.
 */

/** Work created by an episode, started by the runner once the state is persisted. */
export interface EpisodeWork {
  readonly work: PendingWork[];
  /** Sub-orchestrations to create, with their orchestrator name and input. */
  readonly children: Array<{ instanceId: string; name: string; inputJson: string | undefined; taskId: number }>;
}

export type EpisodeEnd =
  | { kind: 'running' }
  | { kind: 'completed'; outputJson: string }
  | { kind: 'failed'; message: string; errorType: string; stack?: string }
  | { kind: 'continuedAsNew'; inputJson: string | undefined };

export interface PreparedEpisode {
  /** History handed to the orchestrator: old events (played) + OrchestratorStarted + the new batch. */
  readonly history: HistoryEvent[];
  /** Events to append after the batch: what the runner scheduled for retry chains before the replay. */
  readonly retryEvents: HistoryEvent[];
  readonly work: PendingWork[];
  readonly children: EpisodeWork['children'];
}

/**
 * Orders the batch and numbers retry bookkeeping.
 *
 * Why retry events go first: when the SDK processes an activity failure or a retry timer of a RetryableTask it takes
 * the next sequence number for the timer/re-attempt at once, without resuming user code. Putting those events first
 * means all such numbers are taken before user code yields new tasks, so the runner knows each number.
 */
export function prepareEpisode(state: InstanceState, batch: readonly InboxEntry[], now: Date): PreparedEpisode {
  const ordered = [...batch.filter((entry) => entry.retryChainId !== undefined), ...batch.filter((entry) => entry.retryChainId === undefined)];
  const retryEvents: HistoryEvent[] = [];
  const work: PendingWork[] = [];
  const children: EpisodeWork['children'] = [];
  for (const entry of ordered) {
    if (entry.retryChainId === undefined) continue;
    const chain = state.retryChains[String(entry.retryChainId)];
    if (!chain) continue;
    if (entry.event.EventType === EventType.TimerFired) {
      // The inbox only marks a retry timer when another attempt follows (see the runner's timer handling).
      const taskId = state.nextSequenceNumber++;
      if (chain.kind === 'activity') {
        retryEvents.push(newTaskScheduled(now, taskId, chain.name, chain.inputJson));
        work.push({ kind: 'activity', taskId, name: chain.name, inputJson: chain.inputJson, retryChainId: entry.retryChainId });
      } else {
        const instanceId = chain.subInstanceId ?? defaultChildInstanceId(state.instanceId, taskId);
        retryEvents.push(newSubOrchestrationCreated(now, taskId, chain.name, instanceId, chain.inputJson));
        work.push({ kind: 'subOrchestration', taskId, instanceId, retryChainId: entry.retryChainId });
        children.push({ instanceId, name: chain.name, inputJson: chain.inputJson, taskId });
      }
    } else {
      chain.failedAttempts++;
      const timerId = state.nextSequenceNumber++;
      const fireAt = new Date(now.getTime() + retryDelayInMs(chain.options, chain.failedAttempts));
      retryEvents.push(newTimerCreated(now, timerId, fireAt));
      work.push({ kind: 'timer', timerId, fireAt: fireAt.toISOString(), retryChainId: entry.retryChainId });
    }
  }
  const played = state.history.map((event) => ({ ...event, IsPlayed: true }));
  const fresh = ordered.map((entry) => ({ ...entry.event, IsPlayed: false }));
  return { history: [...played, newOrchestratorStarted(now), ...fresh], retryEvents, work, children };
}

/** Whether a retry timer that fired leads to another attempt (then its TimerFired takes a sequence number). */
export const retryTimerStartsAttempt = (state: InstanceState, retryChainId: number): boolean => {
  const chain = state.retryChains[String(retryChainId)];
  return chain !== undefined && shouldAttemptAgain(chain.options, chain.failedAttempts);
};

export const defaultChildInstanceId = (parentInstanceId: string, taskId: number): string =>
  // DurableTask.Core's default for sub-orchestrations: parent id + ':' + sequence number (4 hex digits).
  `${parentInstanceId}:${taskId.toString(16).toUpperCase().padStart(4, '0')}`;

const unsupportedActions: Record<number, string> = {
  [ActionType.CallEntity]: 'callEntity',
  [ActionType.SignalEntity]: 'signalEntity',
  [ActionType.CallHttp]: 'callHttp',
};

/**
 * Applies the orchestrator's answer: schedules the new actions (history events + work), cancels timers the code
 * cancelled, and says how the execution ends. Mutates `state` (history, counters, retry chains, custom status).
 */
export function applyOrchestratorState(
  state: InstanceState,
  prepared: PreparedEpisode,
  answer: OrchestratorStatePayload,
  now: Date,
): { end: EpisodeEnd; work: EpisodeWork; cancelledTimerIds: number[] } {
  state.customStatusJson = answer.customStatus === undefined ? undefined : JSON.stringify(answer.customStatus);
  const scheduledEvents: HistoryEvent[] = [];
  const work: PendingWork[] = [...prepared.work];
  const children: EpisodeWork['children'] = [...prepared.children];
  const finish = (end: EpisodeEnd, cancelledTimerIds: number[] = []) => {
    state.history = [...prepared.history.map(markPlayed), ...prepared.retryEvents, ...scheduledEvents, newOrchestratorCompleted(now)];
    return { end, work: { work, children }, cancelledTimerIds };
  };

  if (answer.error !== undefined) {
    return finish({
      kind: 'failed',
      message: answer.error,
      errorType: answer.failureDetails?.ErrorType ?? 'Error',
      stack: answer.failureDetails?.StackTrace,
    });
  }

  const actions = topLevelActions(answer);
  const allLeaves = leafActions(actions);
  const cancelledTimerIds = allLeaves.flatMap((leaf, index) => {
    const taskId = state.leafTaskIds[index];
    return leaf.actionType === ActionType.CreateTimer && leaf.isCanceled && typeof taskId === 'number' ? [taskId] : [];
  });
  const newTopLevel = actions.slice(state.handledActionCount);
  const continueAsNew = newTopLevel.find((action) => action.actionType === ActionType.ContinueAsNew);
  if (continueAsNew) return finish({ kind: 'continuedAsNew', inputJson: actionInputJson(continueAsNew, true) }, cancelledTimerIds);
  if (answer.isDone) return finish({ kind: 'completed', outputJson: JSON.stringify(answer.output ?? null) }, cancelledTimerIds);

  const { numbered, nextSequenceNumber } = numberActions(leafActions(newTopLevel), state.nextSequenceNumber);
  for (const { action, taskId } of numbered) {
    const unsupported = unsupportedActions[action.actionType];
    if (unsupported) {
      return finish({ kind: 'failed', message: `context.df.${unsupported} is not supported by the sandbox durable runner`, errorType: 'NotSupportedError' });
    }
    if (taskId === undefined) continue;
    scheduleAction(state, action, taskId, now, scheduledEvents, work, children);
  }
  state.nextSequenceNumber = nextSequenceNumber;
  state.handledActionCount = actions.length;
  state.leafTaskIds = [...state.leafTaskIds, ...numbered.map(({ taskId }) => taskId ?? null)];
  return finish({ kind: 'running' }, cancelledTimerIds);
}

function scheduleAction(
  state: InstanceState,
  action: OrchestratorAction,
  taskId: number,
  now: Date,
  events: HistoryEvent[],
  work: PendingWork[],
  children: EpisodeWork['children'],
): void {
  const name = action.functionName ?? '';
  const retryChainId = action.retryOptions ? taskId : undefined;
  switch (action.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry: {
      const inputJson = actionInputJson(action, true);
      if (action.retryOptions) state.retryChains[String(taskId)] = { kind: 'activity', name, inputJson, options: action.retryOptions, failedAttempts: 0 };
      events.push(newTaskScheduled(now, taskId, name, inputJson));
      work.push({ kind: 'activity', taskId, name, inputJson, retryChainId });
      return;
    }
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry: {
      // Sub-orchestrator input is not pre-serialized by the SDK (CallSubOrchestratorAction keeps the raw value).
      const inputJson = actionInputJson(action, false);
      const instanceId = action.instanceId || defaultChildInstanceId(state.instanceId, taskId);
      if (action.retryOptions) {
        state.retryChains[String(taskId)] = {
          kind: 'subOrchestration', name, inputJson, options: action.retryOptions, failedAttempts: 0, subInstanceId: action.instanceId || undefined,
        };
      }
      events.push(newSubOrchestrationCreated(now, taskId, name, instanceId, inputJson));
      work.push({ kind: 'subOrchestration', taskId, instanceId, retryChainId });
      children.push({ instanceId, name, inputJson, taskId });
      return;
    }
    case ActionType.CreateTimer: {
      const fireAt = new Date(action.fireAt ?? now.toISOString());
      events.push(newTimerCreated(now, taskId, fireAt));
      work.push({ kind: 'timer', timerId: taskId, fireAt: fireAt.toISOString() });
      return;
    }
    default:
      throw new Error(`Unknown orchestrator action type ${action.actionType}`);
  }
}

const markPlayed = (event: HistoryEvent): HistoryEvent => ({ ...event, IsPlayed: true });
