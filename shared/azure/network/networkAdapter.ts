import type { DriftNetworkPort } from '../../core/drift/reconcileVnet';
import type { ArmClients } from '../arm/armClients';
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
    // A 403 LinkedAuthorizationFailed reaches the core as the SDK raised it: the one ARM classification
    // (shared/azure/arm/armError.ts) reads what to grant where from ARM's message.
    apply: (write) => applyWrite(clients, write),
    observeSweep: () => observeSweep(clients, settings, now()),
  };
}
