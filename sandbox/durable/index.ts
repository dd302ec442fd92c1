import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientBindingData } from './clientBindingData';
import { createDurableHttpApi } from './httpApi';
import { DurableRunnerCore, type DurableRunnerOptions } from './runner';

export { durableApiBasePath } from './clientBindingData';
export { InstanceExistsError, NotQuiescentError, type QuiescenceOptions, type DurableRunnerOptions, type DurableCounters, type DurableRunnerLog } from './runner';
export type { InstanceState, RuntimeStatus } from './instanceState';

/** The sandbox's Durable Task backend: the runner plus its HTTP management API and client binding data. */
export interface DurableRunner extends DurableRunnerCore {
  /** Serves `/runtime/webhooks/durabletask/...`; resolves false for any other path (left to the caller). */
  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** What the durable client input binding carries; pass as `{ string: JSON.stringify(...) }` in inputData. */
  clientBindingData(baseUrl: string): Record<string, unknown>;
}

/**
 * `systemKey`: the host's `durabletask_extension` key; with it the public webhook requires it (or the master key,
 * `authorize`) and the client binding talks to the keyless host-local RPC path instead. Without it (unit tests) the
 * webhook is open.
 */
export function createDurableRunner(options: DurableRunnerOptions, access?: { readonly systemKey: string; authorize(key: string | undefined): boolean }): DurableRunner {
  const core = new DurableRunnerCore(options);
  const handleHttp = createDurableHttpApi(core, access);
  return Object.assign(core, {
    handleHttp,
    clientBindingData: (baseUrl: string) => clientBindingData(baseUrl, options.taskHub, access?.systemKey),
  });
}
