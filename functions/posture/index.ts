import { registerPostureOrchestrations } from '../../orchestrations/posture';
import { registerPostureApi } from './postureApi';

/** The posture pass runs from the drift sweep and the drift event trigger (requestPosturePass); this adds the rest. */
export function registerPostureFunctions(): void {
  registerPostureOrchestrations();
  registerPostureApi();
}
