/** The local Azure Resource Manager of the sandbox: see server.ts, and docs/arm-contract.md for each ARM behaviour it reproduces and its source. */
export { startArmEmulator } from './server';
export type { ArmEmulator, ArmEmulatorOptions } from './server';
export { loadSeed } from './seed';
export type { ArmResource, ArmResourceEvent, ArmResourceEventData, ArmErrorBody } from './types';
export type { RequestStatsSnapshot } from './stats';
export type { FaultRule, FaultKind, LatencyRule } from './faults';
