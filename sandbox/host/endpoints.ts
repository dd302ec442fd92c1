import type { RegisteredFunction } from './functionsCore';
import { EVENT_GRID_WEBHOOK_PATH, isEventGridTrigger } from './eventGridWebhook';
import type { HttpRoute } from './httpTrigger';
import type { AuthLevel } from './keys';
import type { TimerInfo } from './timerScheduler';

/** A description of one function, for the console and `.sandbox/endpoints.json`. Contains no keys. */
export interface FunctionEndpoint {
  readonly name: string;
  readonly trigger: string;
  /** HTTP triggers: the URL template; Event Grid: the webhook URL (add `&code=<eventgrid_extension key>`). */
  readonly url?: string;
  readonly methods?: readonly string[];
  readonly authLevel?: AuthLevel;
  readonly schedule?: string;
  readonly runOnStartup?: boolean;
  /** Non-HTTP functions: `POST` here with the master key and `{ "input": "..." }` to run them now. */
  readonly adminUrl?: string;
}

export function describeEndpoints(
  baseUrl: string,
  routePrefix: string,
  registrations: readonly RegisteredFunction[],
  routes: readonly HttpRoute[],
  timers: readonly TimerInfo[],
): FunctionEndpoint[] {
  const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
  return registrations
    .map((registration): FunctionEndpoint => {
      const route = routes.find((candidate) => candidate.functionName === registration.name);
      if (route) {
        const path = [prefix, route.template.template.replace(/^\/+/, '')].filter(Boolean).join('/');
        return {
          name: registration.name,
          trigger: registration.triggerType,
          url: `${baseUrl}/${path}`,
          methods: route.methods ?? ['*'],
          authLevel: route.authLevel,
        };
      }
      const adminUrl = `${baseUrl}/admin/functions/${encodeURIComponent(registration.name)}`;
      const timer = timers.find((candidate) => candidate.functionName === registration.name);
      if (timer) {
        return { name: registration.name, trigger: registration.triggerType, schedule: timer.schedule, runOnStartup: timer.runOnStartup, adminUrl };
      }
      if (isEventGridTrigger(registration)) {
        const url = `${baseUrl}${EVENT_GRID_WEBHOOK_PATH}?functionName=${encodeURIComponent(registration.name)}`;
        return { name: registration.name, trigger: registration.triggerType, url, methods: ['POST', 'OPTIONS'], authLevel: 'system', adminUrl };
      }
      return { name: registration.name, trigger: registration.triggerType, adminUrl };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
