import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { StoredPosture } from '../../shared/azure/tables/postureStore';

export interface PostureApiDeps {
  /** Every cluster's last recorded posture (PostureStore.list). */
  listPostures(): Promise<readonly StoredPosture[]>;
}

const statuses = ['pass', 'fail', 'advice'];

/** GET /api/posture[?status=fail]: every guarded cluster's last posture, each check with its status and findings. */
export function postureApiHandler(deps: PostureApiDeps) {
  return (request: HttpRequest) => answerPosture(deps, request);
}

async function answerPosture(deps: PostureApiDeps, request: HttpRequest): Promise<HttpResponseInit> {
  const filter = request.query.get('status');
  if (filter !== null && !statuses.includes(filter)) {
    return { status: 400, jsonBody: { error: { code: 'InvalidStatus', message: `status must be one of ${statuses.join(', ')}, got ${JSON.stringify(filter)}` } } };
  }
  const stored = await deps.listPostures();
  const counts = stored.reduce<Record<string, number>>((acc, entry) => ({ ...acc, [entry.posture.status]: (acc[entry.posture.status] ?? 0) + 1 }), {});
  const clusters = stored
    .filter((entry) => filter === null || entry.posture.status === filter)
    .map(({ posture, evaluatedAt }) => ({ ...posture, evaluatedAt }));
  return { status: 200, jsonBody: { generatedAt: new Date().toISOString(), counts, clusters } };
}

export function registerPostureApi(deps: PostureApiDeps): void {
  app.http('posture', { methods: ['GET'], route: 'posture', authLevel: 'function', handler: postureApiHandler(deps) });
}
