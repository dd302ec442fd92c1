import { eventTypeName, type HistoryEvent } from './historyEvents';
import type { InstanceState } from './instanceState';

/** Durable's timestamps in status payloads: seconds precision, `Z` suffix (HttpApiHandler.ConvertFrom). */
const durableTime = (iso: string): string => `${iso.slice(0, 19)}Z`;

const parseJson = (text: string | undefined): unknown => (text === undefined ? null : JSON.parse(text));

/** The instance as GET instances/{id} returns it (DurableOrchestrationStatus needs input/output present, even null). */
export function toStatusPayload(state: Readonly<InstanceState>, options: { showInput: boolean; showHistory: boolean }): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.runtimeStatus,
    input: options.showInput ? parseJson(state.inputJson) : null,
    customStatus: parseJson(state.customStatusJson),
    output: parseJson(state.outputJson),
    createdTime: durableTime(state.createdTime),
    lastUpdatedTime: durableTime(state.lastUpdatedTime),
  };
  if (options.showHistory) payload.historyEvents = state.history.map(toHistoryPayload);
  return payload;
}

/** A simplified history entry in the spirit of the extension's showHistory output (event type by name). */
function toHistoryPayload(event: HistoryEvent): Record<string, unknown> {
  return {
    EventType: eventTypeName(event.EventType),
    EventId: event.EventId,
    Timestamp: event.Timestamp,
    ...(event.Name !== undefined && { FunctionName: event.Name }),
    ...(event.Result !== undefined && { Result: event.Result }),
    ...(event.Reason !== undefined && { Reason: event.Reason }),
    ...(event.TaskScheduledId !== undefined && { ScheduledId: event.TaskScheduledId }),
    ...(event.TimerId !== undefined && { TimerId: event.TimerId }),
    ...(event.FireAt !== undefined && { FireAt: event.FireAt }),
    ...(event.InstanceId !== undefined && { InstanceId: event.InstanceId }),
  };
}
