/**
 * DurableTask.Core history events in the PascalCase shape the durable-functions JS SDK reads during replay.
 *
 * Why plain objects and factories: the SDK only looks at a few fields per event (EventType plus the id that matches a
 * task: TaskScheduledId, TimerId or Name), so one typed object per event kept small makes histories readable in tests
 * and in the persisted state files.
 */

/** DurableTask.Core's EventType enum (numbers matter: the SDK switches on them). */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionTerminated: 2,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventRaised: 15,
  ContinueAsNew: 16,
} as const;
export type EventTypeNumber = (typeof EventType)[keyof typeof EventType];

export const eventTypeName = (type: number): string =>
  Object.entries(EventType).find(([, value]) => value === type)?.[0] ?? `Unknown(${type})`;

export interface FailureDetailsPayload {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
}

export interface HistoryEvent {
  EventType: EventTypeNumber;
  /** The task's sequence number for events that schedule work; -1 otherwise. */
  EventId: number;
  IsPlayed: boolean;
  /** ISO-8601 time. */
  Timestamp: string;
  Name?: string;
  Input?: string;
  Result?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  Reason?: string;
  Details?: string;
  FailureDetails?: FailureDetailsPayload;
  OrchestrationStatus?: string;
}

type Extra = Partial<Omit<HistoryEvent, 'EventType' | 'Timestamp' | 'IsPlayed'>>;

function event(type: EventTypeNumber, at: Date, extra: Extra = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: at.toISOString(), ...extra };
}

export const newOrchestratorStarted = (at: Date) => event(EventType.OrchestratorStarted, at);
export const newOrchestratorCompleted = (at: Date) => event(EventType.OrchestratorCompleted, at);
export const newExecutionStarted = (at: Date, name: string, input: string | undefined) =>
  event(EventType.ExecutionStarted, at, { Name: name, Input: input });
export const newExecutionCompleted = (at: Date, status: string, result: string | undefined) =>
  event(EventType.ExecutionCompleted, at, { OrchestrationStatus: status, Result: result });
export const newExecutionTerminated = (at: Date, reason: string | undefined) =>
  event(EventType.ExecutionTerminated, at, { Input: reason });
export const newContinueAsNew = (at: Date, input: string | undefined) =>
  event(EventType.ContinueAsNew, at, { Result: input });

export const newTaskScheduled = (at: Date, taskId: number, name: string, input: string | undefined) =>
  event(EventType.TaskScheduled, at, { EventId: taskId, Name: name, Input: input });
export const newTaskCompleted = (at: Date, taskId: number, result: string) =>
  event(EventType.TaskCompleted, at, { TaskScheduledId: taskId, Result: result });
export const newTaskFailed = (at: Date, taskId: number, failure: FailureDetailsPayload, reason: string) =>
  event(EventType.TaskFailed, at, {
    TaskScheduledId: taskId,
    Reason: reason,
    Details: failure.StackTrace ?? failure.ErrorMessage,
    FailureDetails: failure,
  });

export const newTimerCreated = (at: Date, timerId: number, fireAt: Date) =>
  event(EventType.TimerCreated, at, { EventId: timerId, FireAt: fireAt.toISOString() });
export const newTimerFired = (at: Date, timerId: number, fireAt: string) =>
  event(EventType.TimerFired, at, { TimerId: timerId, FireAt: fireAt });

export const newEventRaised = (at: Date, name: string, input: string | undefined) =>
  event(EventType.EventRaised, at, { Name: name, Input: input });

export const newSubOrchestrationCreated = (
  at: Date,
  taskId: number,
  name: string,
  instanceId: string,
  input: string | undefined,
) => event(EventType.SubOrchestrationInstanceCreated, at, { EventId: taskId, Name: name, InstanceId: instanceId, Input: input });
export const newSubOrchestrationCompleted = (at: Date, taskId: number, result: string) =>
  event(EventType.SubOrchestrationInstanceCompleted, at, { TaskScheduledId: taskId, Result: result });
export const newSubOrchestrationFailed = (at: Date, taskId: number, failure: FailureDetailsPayload, reason: string) =>
  event(EventType.SubOrchestrationInstanceFailed, at, {
    TaskScheduledId: taskId,
    Reason: reason,
    Details: failure.StackTrace ?? failure.ErrorMessage,
    FailureDetails: failure,
  });
