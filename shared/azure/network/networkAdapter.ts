import type { DriftNetworkPort } from '../../core/drift/reconcileVnet';
import type { ArmClients } from '../armClients';
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
    apply: (write) => applyWrite(clients, write),
    observeSweep: () => observeSweep(clients, settings, now()),
  };
}
