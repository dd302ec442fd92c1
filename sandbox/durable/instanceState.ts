import type { HistoryEvent } from './historyEvents';
import type { RetryOptionsPayload } from './actions';

/** Runtime statuses as the Durable HTTP API spells them. */
export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew' | 'Suspended';

export const isTerminalStatus = (status: RuntimeStatus): boolean =>
  status === 'Completed' || status === 'Failed' || status === 'Terminated';

/** A retried activity or sub-orchestration: one chain of attempts behind one SDK RetryableTask. */
export interface RetryChain {
  readonly kind: 'activity' | 'subOrchestration';
  readonly name: string;
  readonly inputJson: string | undefined;
  readonly options: RetryOptionsPayload;
  readonly subInstanceId?: string;
  failedAttempts: number;
}

/** Work the runner owes an instance; persisted so that `start()` can resume it (at least once). */
export type PendingWork =
  | { kind: 'activity'; taskId: number; name: string; inputJson: string | undefined; retryChainId?: number }
  | { kind: 'timer'; timerId: number; fireAt: string; retryChainId?: number }
  | { kind: 'subOrchestration'; taskId: number; instanceId: string; retryChainId?: number };

/** An event waiting to be delivered in the next episode; `retryChainId` marks events that advance a retry chain. */
export interface InboxEntry {
  readonly event: HistoryEvent;
  readonly retryChainId?: number;
}

export interface ParentLink {
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskId: number;
}

export interface InstanceState {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  inputJson: string | undefined;
  outputJson: string | undefined;
  customStatusJson: string | undefined;
  createdTime: string;
  lastUpdatedTime: string;
  parent: ParentLink | undefined;
  history: HistoryEvent[];
  inbox: InboxEntry[];
  /** How many top-level actions of this execution the runner has already acted on. */
  handledActionCount: number;
  /** Sequence number per leaf action already acted on (same order as leafActions); used to cancel timers. */
  leafTaskIds: Array<number | null>;
  nextSequenceNumber: number;
  pendingWork: PendingWork[];
  retryChains: Record<string, RetryChain>;
}
