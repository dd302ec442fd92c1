import type { TokenCredential } from '../arm/armClients';
import { armScopeFor } from '../arm/armClients';
import { SnatMetrics } from './snatMetrics';

/**
 * The metrics client for METRICS_ENDPOINT (the firewall region's https://<region>.metrics.monitor.azure.com).
 * The metrics data plane takes ARM tokens; the scope is pinned from ARM_ENDPOINT so sovereign clouds work (the
 * SDK's `audience` option forgets the "/.default" suffix). Loaded lazily: most runs read SNAT from the workspace.
 */
export function createSnatMetrics(options: { metricsEndpoint: string; armEndpoint: string; credential: TokenCredential }): SnatMetrics {
  const { MetricsClient } = require('@azure/monitor-query-metrics') as typeof import('@azure/monitor-query-metrics');
  const client = new MetricsClient(options.metricsEndpoint, options.credential, { credentials: { scopes: [armScopeFor(options.armEndpoint)] } });
  return new SnatMetrics(client);
}
