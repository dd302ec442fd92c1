import type { Severity } from '../core/drift/types';
import type { EstateSnapshot } from './estate';

/**
 * HOOK (cluster posture, not wired yet): the optional "cluster posture" section of the audit. When the posture
 * checks land (shared/core/posture), set `postureCheck` to a function over the snapshot's clusters; the report then
 * prints its findings per cluster and counts them in the exit code. Until then the section is absent.
 */
export interface PostureFinding {
  readonly clusterId: string;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

export type PostureCheck = (estate: EstateSnapshot) => readonly PostureFinding[];

export const postureCheck: PostureCheck | undefined = undefined;
