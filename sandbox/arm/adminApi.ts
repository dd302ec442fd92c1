import { z } from 'zod';
import type { ArmResponse, EmulatorContext } from './context';
import { faultRuleSchema, latencyRuleSchema } from './faults';
import { viewOf } from './views';

export const ADMIN_PREFIX = '/_sandbox/';

const settingsSchema = z.strictObject({
  lroDelayMs: z.number().int().min(0).max(600_000).optional(),
  ruleCollectionGroupLroDelayMs: z.number().int().min(0).max(600_000).optional(),
});

/** The sandbox's own control API (no auth): faults, latency, stats, settings and a dump of the resources. */
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
      return { status: 200, body: context.settings };
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
