import { accept, refuse, shown, type Checked } from './problems';

const CLUSTER_ID =
  /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourceGroups\/([-\w._()]{1,90})\/providers\/Microsoft\.ContainerService\/managedClusters\/([A-Za-z0-9][A-Za-z0-9_-]{0,62})$/i;

/**
 * Checks the shape of an AKS cluster resource id; whether the cluster exists and which subnets it uses is resolved
 * later by the caller. Returns the id with a lower-case subscription id and canonical provider casing, so the same
 * cluster always compares equal.
 */
export function normalizeClusterId(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return refuse(`must be an AKS cluster resource id string, got ${shown(raw)}`);
  const match = CLUSTER_ID.exec(raw.trim());
  if (!match) {
    return refuse(
      `${shown(raw)} is not an AKS cluster resource id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>)`,
    );
  }
  const [, subscription = '', resourceGroup = '', name = ''] = match;
  return accept(
    `/subscriptions/${subscription.toLowerCase()}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
  );
}
