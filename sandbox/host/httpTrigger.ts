import type { ServerResponse } from 'node:http';
import type { RegisteredFunction } from './functionsCore';
import type { FunctionInvoker } from './functionInvoker';
import { flattenHeaders, flattenQuery, sendText, type HostRequest } from './httpIo';
import { writeFunctionResponse } from './httpResponse';
import { authLevelOf, isAuthorized, presentedKey, type AuthLevel, type HostKeys } from './keys';
import { compareRoutePrecedence, parseRouteTemplate, type RouteTemplate } from './routeTemplate';

/** HTTP triggers served at `/<routePrefix>/<route>`: route matching, methods, auth levels, invocation. */

export interface HttpRoute {
  readonly functionName: string;
  readonly template: RouteTemplate;
  /** Upper-case methods; undefined accepts every method. */
  readonly methods: readonly string[] | undefined;
  readonly authLevel: AuthLevel;
}

export function isHttpTrigger(registration: RegisteredFunction): boolean {
  return registration.triggerType.toLowerCase() === 'httptrigger';
}

/** Builds the route table most specific first. Throws (naming the function) on an invalid template. */
export function buildHttpRoutes(registrations: readonly RegisteredFunction[]): HttpRoute[] {
  return registrations
    .filter(isHttpTrigger)
    .map((registration) => {
      const binding = registration.metadata.bindings[registration.triggerBindingName]!;
      // The host uses the function name when the binding has no route.
      const route = typeof binding.route === 'string' && binding.route.trim() !== '' ? binding.route : registration.name;
      let template: RouteTemplate;
      try {
        template = parseRouteTemplate(route);
      } catch (error) {
        throw new Error(`Function "${registration.name}": ${(error as Error).message}`);
      }
      const methods = Array.isArray(binding.methods) && binding.methods.length > 0 ? binding.methods.map((method) => String(method).toUpperCase()) : undefined;
      return { functionName: registration.name, template, methods, authLevel: authLevelOf(binding.authLevel) };
    })
    .sort((a, b) => compareRoutePrecedence(a.template, b.template));
}

export interface HttpTriggerEndpoint {
  /** Handles `request` when its path is under the route prefix; false otherwise. */
  handle(request: HostRequest, response: ServerResponse): Promise<boolean>;
}

export function createHttpTriggerEndpoint(
  routes: readonly HttpRoute[],
  routePrefix: string,
  invoker: FunctionInvoker,
  keys: HostKeys,
): HttpTriggerEndpoint {
  const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
  return {
    async handle(request, response) {
      const path = relativePath(request.url.pathname, prefix);
      if (path === undefined) return false;
      const candidates = routes.flatMap((route) => {
        const params = route.template.match(path);
        return params ? [{ route, params }] : [];
      });
      if (candidates.length === 0) return false;
      const chosen = candidates.find(({ route }) => !route.methods || route.methods.includes(request.method));
      if (!chosen) {
        const allowed = [...new Set(candidates.flatMap(({ route }) => route.methods ?? []))];
        sendText(response, 405, `Method ${request.method} is not allowed on this route`, { allow: allowed.join(', ') });
        return true;
      }
      const key = presentedKey(request.raw.headers, request.url.searchParams);
      if (!isAuthorized(keys, chosen.route.authLevel, key)) {
        // The real host answers 401 with no body.
        sendText(response, 401);
        return true;
      }
      try {
        const result = await invoker.invoke(
          chosen.route.functionName,
          {
            http: {
              method: request.method,
              url: request.url.toString(),
              headers: flattenHeaders(request.raw.headers),
              ...(request.body.length > 0 ? { body: { bytes: new Uint8Array(request.body) } } : {}),
              params: chosen.params,
              query: flattenQuery(request.url.searchParams),
            },
          },
          { reason: `This function was programmatically called via the host APIs.` },
        );
        writeFunctionResponse(response, result.returnValue);
      } catch {
        // Already logged by the invoker with its stack; like the real host, the client gets a bare 500.
        if (!response.headersSent) sendText(response, 500);
        else response.destroy();
      }
      return true;
    },
  };
}

/** The path under the prefix, without its leading slash; undefined when the path is outside the prefix. */
function relativePath(pathname: string, prefix: string): string | undefined {
  const trimmed = pathname.replace(/^\/+/, '');
  if (prefix === '') return trimmed;
  const lower = trimmed.toLowerCase();
  const lowerPrefix = prefix.toLowerCase();
  if (lower === lowerPrefix) return '';
  if (lower.startsWith(`${lowerPrefix}/`)) return trimmed.slice(prefix.length + 1);
  return undefined;
}
