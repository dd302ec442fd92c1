import type { AppServices } from '../../shared/runtime/appServices';
import { postureStoreOf } from '../../shared/runtime/posturePass';
import { registerPostureOrchestrations } from '../../orchestrations/posture';
import { registerPostureApi, type PostureApiDeps } from './postureApi';

/** The posture pass runs from the drift sweep and the drift event trigger (requestPosturePass); this adds the rest. */
export function registerPostureFunctions(services: AppServices): void {
  registerPostureOrchestrations();
  registerPostureApi(postureDepsOf(services));
}

export function postureDepsOf(services: AppServices): PostureApiDeps {
  return { listPostures: () => postureStoreOf(services).list() };
}
