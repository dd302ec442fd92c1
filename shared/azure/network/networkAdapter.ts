import type { DriftNetworkPort } from '../../core/drift/reconcileVnet';
import type { ArmClients } from '../armClients';
import { parseLinkedAuthorizationFailure } from '../arm/linkedAuthorization';
import { applyWrite } from './applyWrite';
import type { NetworkAdapterSettings } from './networkAdapterSettings';
import { observeVnet } from './observeVnet';
import { observeSweep, type SweepObservation } from './observeSweep';
import { createSharedFacts } from './sharedFacts';

export interface NetworkAdapter extends DriftNetworkPort {
  observeSweep(): Promise<SweepObservation>;
}

/** The drift core's port onto ARM: reads raw JSON, writes lossless bodies, all through the SDK clients. */
export function createNetworkAdapter(clients: ArmClients, settings: NetworkAdapterSettings, now: () => Date = () => new Date()): NetworkAdapter {
  const shared = createSharedFacts(clients, settings.firewallResourceIds);
  return {
    observeVnet: (vnetId) => observeVnet(clients, settings, vnetId, now(), shared),
    apply: async (write) => {
      try {
        return await applyWrite(clients, write);
      } catch (error) {
        throw withLinkedAuthorization(error);
      }
    },
    observeSweep: () => observeSweep(clients, settings, now()),
  };
}

/**
 * A 403 LinkedAuthorizationFailed gets what to grant where (`linkedAuthorization`), parsed from ARM's message, so the
 * core's failure says "grant <action> on <scope>" instead of the bare refusal. Any other error passes unchanged.
 */
function withLinkedAuthorization(error: unknown): unknown {
  const linked = parseLinkedAuthorizationFailure(error);
  if (linked === undefined || typeof error !== 'object' || error === null) return error;
  return Object.assign(error, { linkedAuthorization: { action: linked.action, scopes: linked.scopes, sentence: linked.sentence } });
}
