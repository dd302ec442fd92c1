import type { RegisteredFunction } from '../host/functionsCore';
import type { InvocationResult, RpcTypedData } from '../host/invoke';
import type { HistoryEvent } from './historyEvents';
import type { OrchestratorStatePayload } from './actions';

export type InvokeFunction = (
  registration: RegisteredFunction,
  inputData: ReadonlyArray<{ name: string; data: RpcTypedData }>,
) => Promise<InvocationResult>;

/** What one orchestrator episode produced: a state, or a failure the SDK could not wrap in a state. */
export type EpisodeOutcome =
  | { kind: 'state'; state: OrchestratorStatePayload }
  | { kind: 'crashed'; message: string };

const outOfProcDataLabel = '$OutOfProcData$:';

/**
 * Timer settings handed to the SDK. Why the huge maximumShortTimerDuration: timers longer than it become SDK
 * "long timers" that consume extra sequence numbers while replaying; one timer per createTimer keeps the runner's
 * numbering identical to the SDK's. Durable's defaults are 6 days / 3 days.
 */
const timerSettings = {
  longRunningTimerIntervalDuration: '3.00:00:00',
  maximumShortTimerDuration: '36500.00:00:00',
};

/** Calls the orchestrator once with the whole history, through @azure/functions' invocation model. */
export async function runOrchestratorEpisode(
  invoke: InvokeFunction,
  registration: RegisteredFunction,
  instanceId: string,
  parentInstanceId: string | undefined,
  input: unknown,
  history: readonly HistoryEvent[],
): Promise<EpisodeOutcome> {
  const triggerInput = {
    history,
    input,
    instanceId,
    isReplaying: history.some((event) => event.IsPlayed),
    parentInstanceId,
    upperSchemaVersion: 2,
    upperSchemaVersionNew: 3,
    ...timerSettings,
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
  try {
    const result = await invoke(registration, [
      { name: registration.triggerBindingName, data: { string: JSON.stringify(triggerInput) } },
    ]);
    return { kind: 'state', state: parseState(result.returnValue) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const labelAt = message.indexOf(outOfProcDataLabel);
    if (labelAt >= 0) {
      const state = JSON.parse(message.slice(labelAt + outOfProcDataLabel.length)) as OrchestratorStatePayload;
      // The SDK puts the user's message before the label; keep it when the state has none.
      state.error ??= message.slice(0, labelAt).trim();
      return { kind: 'state', state };
    }
    return { kind: 'crashed', message };
  }
}

function parseState(returnValue: unknown): OrchestratorStatePayload {
  const typed = returnValue as { json?: string; string?: string } | undefined;
  const text = typed?.json ?? typed?.string;
  if (text === undefined) throw new Error(`The orchestrator returned no OrchestratorState (got ${JSON.stringify(returnValue)})`);
  return JSON.parse(text) as OrchestratorStatePayload;
}

/** Converts an activity's RPC return value to the JSON text stored in TaskCompleted.Result. */
export function resultJsonOf(returnValue: unknown): string {
  if (returnValue === undefined || returnValue === null) return 'null';
  const typed = returnValue as Record<string, unknown>;
  if (typeof typed.json === 'string') return typed.json;
  if (typeof typed.string === 'string') return JSON.stringify(typed.string);
  if (typeof typed.int === 'number' || typeof typed.double === 'number') return String(typed.int ?? typed.double);
  if (typeof typed.int === 'string' || typeof typed.double === 'string') return String(typed.int ?? typed.double);
  return 'null';
}
