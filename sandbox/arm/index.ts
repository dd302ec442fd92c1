/** The local Azure Resource Manager of the sandbox: see server.ts and ../../shared/design/arm-contract.md. */
export { startArmEmulator } from './server';
export type { ArmEmulator, ArmEmulatorOptions } from './server';
export { loadSeed } from './seed';
export type { ArmResource, ArmResourceEvent, ArmResourceEventData, ArmErrorBody } from './types';
export type { RequestStatsSnapshot } from './stats';
export type { FaultRule, FaultKind, LatencyRule } from './faults';
