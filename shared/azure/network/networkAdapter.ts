import type { DriftNetworkPort } from '../../core/drift/reconcileSubnet';
import type { ArmClients } from '../armClients';
import { applyWrite } from './applyWrite';
import type { NetworkAdapterSettings } from './networkAdapterSettings';
import { observeSubnet } from './observeSubnet';
import { observeSweep, type SweepObservation } from './observeSweep';
import { createSharedFacts } from './sharedFacts';

export interface NetworkAdapter extends DriftNetworkPort {
  observeSweep(): Promise<SweepObservation>;
}

/** The drift core's port onto ARM: reads raw JSON, writes lossless bodies, all through the SDK clients. */
export function createNetworkAdapter(clients: ArmClients, settings: NetworkAdapterSettings, now: () => Date = () => new Date()): NetworkAdapter {
  const shared = createSharedFacts(clients, settings.firewallResourceIds);
  return {
    observeSubnet: (subnetId) => observeSubnet(clients, settings, subnetId, now(), shared),
    apply: (write) => applyWrite(clients, write),
    observeSweep: () => observeSweep(clients, settings, now()),
  };
}
