import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { appServices } from '../../shared/runtime/appServices';
import { postureStoreOf } from '../../shared/runtime/posturePass';

const statuses = ['pass', 'fail', 'advice'];

/** GET /api/posture[?status=fail]: every guarded cluster's last posture, each check with its status and findings. */
export async function handlePostureRequest(request: HttpRequest): Promise<HttpResponseInit> {
  const filter = request.query.get('status');
  if (filter !== null && !statuses.includes(filter)) {
    return { status: 400, jsonBody: { error: { code: 'InvalidStatus', message: `status must be one of ${statuses.join(', ')}, got ${JSON.stringify(filter)}` } } };
  }
  const stored = await postureStoreOf(appServices()).list();
  const counts = stored.reduce<Record<string, number>>((acc, entry) => ({ ...acc, [entry.posture.status]: (acc[entry.posture.status] ?? 0) + 1 }), {});
  const clusters = stored
    .filter((entry) => filter === null || entry.posture.status === filter)
    .map(({ posture, evaluatedAt }) => ({ ...posture, evaluatedAt }));
  return { status: 200, jsonBody: { generatedAt: new Date().toISOString(), counts, clusters } };
}

export function registerPostureApi(): void {
  app.http('posture', { methods: ['GET'], route: 'posture', authLevel: 'function', handler: handlePostureRequest });
}
