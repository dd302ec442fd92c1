import { z } from 'zod';
import type { ArmResponse, EmulatorContext } from './context';
import { faultRuleSchema, latencyRuleSchema } from './faults';
import { grantSchema } from './linkedAccess';
import { lroProfiles } from './lroProfile';
import { holdBusy } from './operationLocks';
import { viewOf } from './views';

export const ADMIN_PREFIX = '/_sandbox/';

const settingsSchema = z.strictObject({
  lroDelayMs: z.number().int().min(0).max(600_000).optional(),
  ruleCollectionGroupLroDelayMs: z.number().int().min(0).max(600_000).optional(),
  lroProfile: z.enum(lroProfiles).optional(),
  serializeNetworkOperations: z.boolean().optional(),
});

const busySchema = z.strictObject({
  resourceId: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+/i, 'an ARM resource id'),
  seconds: z.number().int().min(1).max(3600),
});

/** `principals`: grants by principal object id; an entry replaces that principal's grants, `null` removes them. */
const accessSchema = z.strictObject({
  enabled: z.boolean().optional(),
  /** The check of each operation's own action (403 AuthorizationFailed), for the same principals. */
  actions: z.boolean().optional(),
  principals: z.record(z.string().min(1), z.array(grantSchema).nullable()).optional(),
});

/** The sandbox's own control API (no auth): faults, latency, stats, settings, linked access grants and a dump of the resources. */
export function handleAdmin(context: EmulatorContext, method: string, pathname: string, body: unknown, query?: URLSearchParams): ArmResponse {
  const route = `${method} ${pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '')}`;
  switch (route) {
    case 'POST faults': {
      const rule = parse(faultRuleSchema, body);
      if ('error' in rule) return rule.error;
      context.faults.add(rule.value);
      return { status: 201, body: { pending: context.faults.pending() } };
    }
    case 'GET faults':
      return { status: 200, body: { pending: context.faults.pending() } };
    case 'DELETE faults':
      context.faults.clear();
      return { status: 204 };
    case 'POST latency': {
      const rule = parse(latencyRuleSchema, body);
      if ('error' in rule) return rule.error;
      context.faults.setLatency(rule.value);
      return { status: 200, body: rule.value };
    }
    case 'DELETE latency':
      context.faults.clearLatency();
      return { status: 204 };
    case 'GET stats':
      return { status: 200, body: context.stats.get() };
    case 'DELETE stats':
      context.stats.reset();
      return { status: 204 };
    case 'GET settings':
      return { status: 200, body: context.settings };
    case 'POST settings': {
      const update = parse(settingsSchema, body);
      if ('error' in update) return update.error;
      if (update.value.lroDelayMs !== undefined) context.settings.lroDelayMs = update.value.lroDelayMs;
      if (update.value.ruleCollectionGroupLroDelayMs !== undefined) context.settings.ruleCollectionGroupLroDelayMs = update.value.ruleCollectionGroupLroDelayMs;
      if (update.value.lroProfile !== undefined) context.settings.lroProfile = update.value.lroProfile;
      if (update.value.serializeNetworkOperations !== undefined) context.settings.serializeNetworkOperations = update.value.serializeNetworkOperations;
      return { status: 200, body: context.settings };
    }
    case 'POST busy': {
      const request = parse(busySchema, body);
      if ('error' in request) return request.error;
      const operation = holdBusy(context, request.value.resourceId, request.value.seconds);
      if (!operation) {
        return { status: 404, body: { error: { code: 'NotFound', message: `No long-running resource ${request.value.resourceId} in the emulator (resourceId).` } } };
      }
      return { status: 201, body: { operationId: operation.id, operationName: operation.operationName, until: new Date(operation.dueAt).toISOString() } };
    }
    case 'GET access':
      return { status: 200, body: context.settings.linkedAccess };
    case 'POST access': {
      const update = parse(accessSchema, body);
      if ('error' in update) return update.error;
      const access = context.settings.linkedAccess;
      if (update.value.enabled !== undefined) access.enabled = update.value.enabled;
      if (update.value.actions !== undefined) access.actions = update.value.actions;
      for (const [principalId, grants] of Object.entries(update.value.principals ?? {})) {
        if (grants === null) delete access.principals[principalId.toLowerCase()];
        else access.principals[principalId.toLowerCase()] = grants;
      }
      return { status: 200, body: access };
    }
    case 'GET resources': {
      // ?type=Microsoft.Network/virtualNetworks/subnets: one type only (a watcher polling often needs no more).
      const type = query?.get('type');
      const resources = type ? context.store.ofType(type) : context.store.all();
      return { status: 200, body: { value: resources.map((resource) => viewOf(context.store, resource)) } };
    }
    default:
      return { status: 404, body: { error: { code: 'NotFound', message: `No sandbox admin route ${route}.` } } };
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): { value: T } | { error: ArmResponse } {
  const result = schema.safeParse(body);
  if (result.success) return { value: result.data };
  return { error: { status: 400, body: { error: { code: 'InvalidAdminRequest', message: z.prettifyError(result.error) } } } };
}
