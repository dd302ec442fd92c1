import type { EventGridEvent } from '@azure/eventgrid';
import { z } from 'zod';

/** The kinds of resource whose changes can break a guarded subnet. */
export type WatchedResourceKind =
  | 'subnet'
  | 'virtualNetwork'
  | 'routeTable'
  | 'route'
  | 'managedCluster'
  | 'agentPool'
  // Posture only (docs/posture.md): the firewall, its policy, rule collection groups, IP groups, load balancers.
  | 'firewall'
  | 'firewallPolicy'
  | 'ruleCollectionGroup'
  | 'ipGroup'
  | 'loadBalancer';

export interface ResourceChange {
  readonly kind: WatchedResourceKind;
  readonly change: 'write' | 'delete';
  /** The resource id as ARM sent it in `data.resourceUri` (case preserved; compare lower-cased). */
  readonly resourceId: string;
  readonly subscriptionId: string;
  readonly operationName: string;
  /** Who made the change (`claims.appid`), for notifications; absent when the event has no claims. */
  readonly changedBy?: string;
  readonly correlationId?: string;
}

export type EventTriage = { readonly handled: true; readonly change: ResourceChange } | { readonly handled: false; readonly reason: string };

/**
 * RBAC operation name -> kind of resource. The Event Grid subscription filters on exactly these names
 * (infra test: test/unit/infra) and the trigger handles exactly these.
 */
export const watchedOperations: Readonly<Record<string, { kind: WatchedResourceKind; change: 'write' | 'delete' }>> = {
  'Microsoft.Network/virtualNetworks/write': { kind: 'virtualNetwork', change: 'write' },
  'Microsoft.Network/virtualNetworks/delete': { kind: 'virtualNetwork', change: 'delete' },
  'Microsoft.Network/virtualNetworks/subnets/write': { kind: 'subnet', change: 'write' },
  'Microsoft.Network/virtualNetworks/subnets/delete': { kind: 'subnet', change: 'delete' },
  'Microsoft.Network/routeTables/write': { kind: 'routeTable', change: 'write' },
  'Microsoft.Network/routeTables/delete': { kind: 'routeTable', change: 'delete' },
  'Microsoft.Network/routeTables/routes/write': { kind: 'route', change: 'write' },
  'Microsoft.Network/routeTables/routes/delete': { kind: 'route', change: 'delete' },
  'Microsoft.ContainerService/managedClusters/write': { kind: 'managedCluster', change: 'write' },
  'Microsoft.ContainerService/managedClusters/delete': { kind: 'managedCluster', change: 'delete' },
  'Microsoft.ContainerService/managedClusters/agentPools/write': { kind: 'agentPool', change: 'write' },
  'Microsoft.ContainerService/managedClusters/agentPools/delete': { kind: 'agentPool', change: 'delete' },
  'Microsoft.Network/azureFirewalls/write': { kind: 'firewall', change: 'write' },
  'Microsoft.Network/firewallPolicies/write': { kind: 'firewallPolicy', change: 'write' },
  'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write': { kind: 'ruleCollectionGroup', change: 'write' },
  'Microsoft.Network/firewallPolicies/ruleCollectionGroups/delete': { kind: 'ruleCollectionGroup', change: 'delete' },
  'Microsoft.Network/ipGroups/write': { kind: 'ipGroup', change: 'write' },
  'Microsoft.Network/loadBalancers/write': { kind: 'loadBalancer', change: 'write' },
  'Microsoft.Network/loadBalancers/delete': { kind: 'loadBalancer', change: 'delete' },
};

/**
 * Kinds whose changes can change a cluster's egress posture. VNet writes are left to the sweep on purpose: drift
 * itself writes VNets (DNS) in bursts, and a posture pass reads the whole estate.
 */
const postureKinds: ReadonlySet<WatchedResourceKind> = new Set<WatchedResourceKind>([
  'managedCluster',
  'agentPool',
  'firewall',
  'firewallPolicy',
  'ruleCollectionGroup',
  'ipGroup',
  'loadBalancer',
]);

export const affectsPosture = (change: Pick<ResourceChange, 'kind'>): boolean => postureKinds.has(change.kind);

const resourceIdPattern = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/[^/]+\/providers\/.+/i;

const eventShape = z.object({
  eventType: z.string(),
  subject: z.string().optional(),
  data: z.object({
    operationName: z.string(),
    resourceUri: z.string(),
    status: z.string().optional(),
    claims: z.record(z.string(), z.unknown()).optional(),
    correlationId: z.string().optional(),
  }),
});

/**
 * Decides what an Event Grid event means for the guard, without I/O. Anything unexpected is "not handled" with a
 * reason (logged by the trigger), never an exception: Event Grid retries failed deliveries for 24 hours, so a throw
 * on a malformed or foreign event would become a storm.
 */
export function triageEvent(raw: unknown): EventTriage {
  const parsed = eventShape.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(event)').join(', ');
    return { handled: false, reason: `malformed event: missing or invalid ${where}` };
  }
  // The Event Grid SDK loads on the first event, not at cold start of every function.
  const { isSystemEvent } = require('@azure/eventgrid') as typeof import('@azure/eventgrid');
  const event = parsed.data as unknown as EventGridEvent<unknown>;
  const isWrite = isSystemEvent('Microsoft.Resources.ResourceWriteSuccess', event);
  const isDelete = isSystemEvent('Microsoft.Resources.ResourceDeleteSuccess', event);
  if (!isWrite && !isDelete) return { handled: false, reason: `event type ${parsed.data.eventType} is not a resource write/delete success` };
  const { operationName, resourceUri, claims, correlationId } = parsed.data.data;
  const watched = Object.entries(watchedOperations).find(([name]) => name.toLowerCase() === operationName.toLowerCase());
  if (!watched) return { handled: false, reason: `operation ${operationName} does not affect guarded subnets` };
  const match = resourceIdPattern.exec(resourceUri);
  if (!match?.[1]) return { handled: false, reason: `resourceUri ${JSON.stringify(resourceUri)} is not an ARM resource id` };
  const [operation, { kind, change }] = watched;
  if ((change === 'write') !== isWrite) return { handled: false, reason: `operation ${operation} does not match event type ${parsed.data.eventType}` };
  const appid = claims?.appid;
  return {
    handled: true,
    change: {
      kind,
      change,
      resourceId: resourceUri,
      subscriptionId: match[1].toLowerCase(),
      operationName: operation,
      ...(typeof appid === 'string' ? { changedBy: appid } : {}),
      ...(correlationId ? { correlationId } : {}),
    },
  };
}
