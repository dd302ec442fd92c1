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

/** Who made an ARM change, from the event's `data.claims` and `data.httpRequest` (any part may be missing). */
export interface ChangeActor {
  readonly upn?: string;
  readonly name?: string;
  readonly appid?: string;
  readonly oid?: string;
  readonly clientIp?: string;
  /** The event's time (ISO 8601). */
  readonly at?: string;
}

export interface ResourceChange {
  readonly kind: WatchedResourceKind;
  readonly change: 'write' | 'delete';
  /** The resource id as ARM sent it in `data.resourceUri` (case preserved; compare lower-cased). */
  readonly resourceId: string;
  readonly subscriptionId: string;
  readonly operationName: string;
  /** Who made the change (`claims.appid`), for notifications; absent when the event has no claims. */
  readonly changedBy?: string;
  /** Who made the change and when, as far as the event says. */
  readonly actor?: ChangeActor;
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
  eventTime: z.string().optional(),
  data: z.object({
    httpRequest: z.object({ clientIpAddress: z.string().optional() }).partial().optional().catch(undefined),
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
  const oversized = oversizedReason(raw);
  if (oversized) return { handled: false, reason: oversized };
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
  const actor = actorOf(claims, parsed.data.data.httpRequest?.clientIpAddress, parsed.data.eventTime);
  return {
    handled: true,
    change: {
      kind,
      change,
      resourceId: resourceUri,
      subscriptionId: match[1].toLowerCase(),
      operationName: operation,
      ...(typeof appid === 'string' ? { changedBy: appid } : {}),
      ...(actor ? { actor } : {}),
      ...(correlationId ? { correlationId } : {}),
    },
  };
}

/** Event Grid refuses events over 1 MB (its documented maximum); no ARM resource event nests anywhere near this deep. */
export const maxEventBytes = 1_048_576;
export const maxEventDepth = 32;

/** Why an event is too big or too deep to look at, or undefined. Iterative: a deep body must not blow the stack. */
function oversizedReason(raw: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: raw, depth: 0 }];
  let size = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > maxEventDepth) return `malformed event: nested deeper than ${maxEventDepth} levels`;
    if (typeof value === 'string') size += value.length;
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        size += key.length;
        stack.push({ value: item, depth: depth + 1 });
      }
    }
    if (size > maxEventBytes) return `malformed event: larger than ${maxEventBytes} bytes`;
  }
  return undefined;
}

/** ARM puts claims under their long URIs (upn, object id) or short names (a JWT's own). */
const claimNames = {
  upn: ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn', 'unique_name'],
  name: ['name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'],
  appid: ['appid', 'azp'],
  oid: ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'],
} as const;

export function actorOf(claims: Readonly<Record<string, unknown>> | undefined, clientIp: string | undefined, at: string | undefined): ChangeActor | undefined {
  const pick = (names: readonly string[]) => {
    for (const name of names) {
      const value = claims?.[name];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
    return undefined;
  };
  const actor: Record<string, string> = {};
  for (const [field, names] of Object.entries(claimNames)) {
    const value = pick(names);
    if (value !== undefined) actor[field] = value;
  }
  if (clientIp) actor.clientIp = clientIp;
  if (Object.keys(actor).length === 0) return undefined;
  if (at) actor.at = at;
  return actor as ChangeActor;
}

/** Who, without when: `Jane Doe (jane@contoso.com) from 203.0.113.7`, or the app id / object id. */
export function describeWho(actor: ChangeActor | undefined): string {
  if (actor === undefined) return 'unknown (the event carried no caller)';
  const who = actor.upn ? (actor.name ? `${actor.name} (${actor.upn})` : actor.upn) : actor.name ?? (actor.appid ? `app ${actor.appid}` : actor.oid ? `object ${actor.oid}` : 'unknown');
  return `${who}${actor.clientIp ? ` from ${actor.clientIp}` : ''}`;
}

/** Who and when: `Jane Doe (jane@contoso.com) from 203.0.113.7 at 2026-11-23T05:00:00Z`. */
export function describeActor(actor: ChangeActor | undefined): string {
  return `${describeWho(actor)}${actor?.at ? ` at ${actor.at}` : ''}`;
}

/** Whether the change was made by the identity the app itself uses (its own repairs start no reconcile). */
export function isOwnChange(actor: ChangeActor | undefined, self: { readonly oid?: string; readonly appid?: string } | undefined): boolean {
  if (actor === undefined || self === undefined) return false;
  const same = (left: string | undefined, right: string | undefined) => left !== undefined && right !== undefined && left.toLowerCase() === right.toLowerCase();
  return same(actor.oid, self.oid) || same(actor.appid, self.appid);
}
