import type { RequestContext } from './events';
import type { FaultInjector } from './faults';
import type { LinkedAccessSettings } from './linkedAccess';
import type { LroProfile } from './lroProfile';
import type { OperationTracker } from './operations';
import type { RequestStats } from './stats';
import type { ResourceStore } from './store';
import type { ArmResourceEvent } from './types';

export interface EmulatorSettings {
  lroDelayMs: number;
  ruleCollectionGroupLroDelayMs: number;
  pageSize: number;
  lroProfile: LroProfile;
  /** One operation at a time per VNet / route table family (429 RetryableError meanwhile). */
  serializeNetworkOperations: boolean;
  linkedAccess: LinkedAccessSettings;
}

/** Everything a request handler may use; one instance per emulator. */
export interface EmulatorContext {
  readonly store: ResourceStore;
  readonly operations: OperationTracker;
  readonly faults: FaultInjector;
  readonly stats: RequestStats;
  readonly settings: EmulatorSettings;
  readonly baseUrl: () => string;
  readonly emit: (event: ArmResourceEvent) => void;
}

/** One ARM request after authentication and body parsing. */
export interface ArmRequest extends RequestContext {
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string | undefined>;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
