import type { RuleRequestStore } from '../../shared/azure/tables/ruleRequestStore';
import { RuleRequestConcurrencyError, RuleRequestNotFoundError } from '../../shared/azure/tables/ruleRequestStoreErrors';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import { transition, type RuleRequestEvent } from '../../shared/core/ruleRequests/transitions';

const ATTEMPTS = 5;

/**
 * Applies state-machine events to a stored request with optimistic concurrency: read, transition, replace on the
 * etag; on a 412 re-read and re-decide (the other writer may have made the move impossible, which then throws
 * InvalidTransitionError rather than overwriting it).
 */
export async function transitionStored(store: Pick<RuleRequestStore, 'get' | 'update'>, requestId: string, events: readonly RuleRequestEvent[], now: Date): Promise<RuleRequest> {
  for (let attempt = 1; ; attempt++) {
    const stored = await store.get(requestId);
    if (!stored) throw new RuleRequestNotFoundError(`Rule request ${requestId} does not exist`);
    const next = events.reduce((request, event) => transition(request, event, now), stored.request);
    try {
      await store.update(next, stored.etag);
      return next;
    } catch (error) {
      if (!(error instanceof RuleRequestConcurrencyError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
