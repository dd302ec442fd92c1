/**
 * The actions an orchestrator returns (OrchestratorState.actions), and how the runner numbers them.
 *
 * Why numbering lives here: the SDK matches completions to tasks by a sequence number it assigns while replaying
 * (TaskOrchestrationExecutor.trackOpenTask): each scheduled activity, timer or sub-orchestration takes the next
 * number, depth-first through Task.all/Task.any children; external-event waits and continue-as-new take none. The
 * runner must assign the same numbers to the same actions, so it walks the new actions in the same order.
 */

export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
} as const;

export interface RetryOptionsPayload {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export interface OrchestratorAction {
  actionType: number;
  functionName?: string;
  /** Activities and continue-as-new: a JSON string when the caller passed a string, else the raw value. */
  input?: unknown;
  instanceId?: string;
  retryOptions?: RetryOptionsPayload;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: OrchestratorAction[];
}

export interface OrchestratorStatePayload {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  customStatus?: unknown;
  error?: string;
  schemaVersion?: number;
  failureDetails?: { ErrorType?: string; ErrorMessage?: string; StackTrace?: string };
}

/** A schedulable leaf action with the sequence number the SDK gave its task (undefined: takes no number). */
export interface NumberedAction {
  readonly action: OrchestratorAction;
  readonly taskId: number | undefined;
}

const takesNoSequenceNumber = new Set<number>([ActionType.WaitForExternalEvent, ActionType.ContinueAsNew]);

/** Leaves of the given top-level actions, in the order the SDK numbers them. */
export function leafActions(actions: readonly OrchestratorAction[]): OrchestratorAction[] {
  const leaves: OrchestratorAction[] = [];
  const walk = (action: OrchestratorAction) => {
    if (action.compoundActions) action.compoundActions.forEach(walk);
    else leaves.push(action);
  };
  actions.forEach(walk);
  return leaves;
}

/** Numbers leaves from `firstSequenceNumber`; returns them and the next free number. */
export function numberActions(
  leaves: readonly OrchestratorAction[],
  firstSequenceNumber: number,
): { numbered: NumberedAction[]; nextSequenceNumber: number } {
  let next = firstSequenceNumber;
  const numbered = leaves.map((action) => ({
    action,
    taskId: takesNoSequenceNumber.has(action.actionType) ? undefined : next++,
  }));
  return { numbered, nextSequenceNumber: next };
}

/** The schema-V3 state holds one list; older schemas a list per step. Either way: all actions in order. */
export const topLevelActions = (state: OrchestratorStatePayload): OrchestratorAction[] => state.actions.flat();

/**
 * The JSON text of an action's input as the extension would store it.
 * Why: `Utils.processInput` JSON-stringifies only strings; objects and numbers arrive as raw JSON values.
 */
export function actionInputJson(action: OrchestratorAction, inputIsPreSerialized: boolean): string | undefined {
  if (action.input === undefined) return undefined;
  if (inputIsPreSerialized && typeof action.input === 'string') return action.input;
  return JSON.stringify(action.input);
}
