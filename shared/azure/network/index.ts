export { createNetworkAdapter, type NetworkAdapter } from './networkAdapter';
export type { NetworkAdapterSettings } from './networkAdapterSettings';
export type { SweepObservation } from './observeSweep';
export { networkArmActions, type NetworkArmAction } from './networkArmActions';
export { rawJsonPolicy, addRawJsonPolicy, withRawJson, type RawResponse } from '../arm/rawJsonPolicy';
