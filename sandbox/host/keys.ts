import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The host's keys and authorization levels, as the Functions host applies them:
 * - `anonymous`: no key;
 * - `function`: a function key (host-wide here, like the host's `default` key) or the master key;
 * - `system`: the named extension's system key (e.g. `eventgrid_extension`) or the master key;
 * - `admin`: the master key only.
 * A key is presented in the `x-functions-key` header or the `code` query parameter (the header wins).
 */

export type AuthLevel = 'anonymous' | 'function' | 'system' | 'admin';

export interface HostKeys {
  readonly master: string;
  /** Function keys by name, accepted by every function with authLevel `function`. */
  readonly functionKeys: Readonly<Record<string, string>>;
  /** System keys by name, e.g. `eventgrid_extension` for `/runtime/webhooks/eventgrid`. */
  readonly systemKeys: Readonly<Record<string, string>>;
}

export const EVENT_GRID_SYSTEM_KEY = 'eventgrid_extension';
/** The Durable extension's system key, required by its management webhook (/runtime/webhooks/durabletask). */
export const DURABLE_SYSTEM_KEY = 'durabletask_extension';

/** Fills in whatever keys the caller did not choose, so every host has a master, a `default` and an Event Grid key. */
export function completeHostKeys(given?: Partial<HostKeys>): HostKeys {
  const functionKeys = given?.functionKeys && Object.keys(given.functionKeys).length > 0 ? given.functionKeys : { default: newKey() };
  return {
    master: given?.master ?? newKey(),
    functionKeys,
    systemKeys: { [EVENT_GRID_SYSTEM_KEY]: newKey(), [DURABLE_SYSTEM_KEY]: newKey(), ...given?.systemKeys },
  };
}

/** The key the request presents, if any. */
export function presentedKey(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): string | undefined {
  const header = headers['x-functions-key'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  return fromHeader || query.get('code') || undefined;
}

/**
 * Whether `key` grants `level`. `systemKeyName` names the system key a `system` level endpoint accepts.
 */
export function isAuthorized(keys: HostKeys, level: AuthLevel, key: string | undefined, systemKeyName?: string): boolean {
  if (level === 'anonymous') return true;
  if (key === undefined) return false;
  if (sameKey(key, keys.master)) return true;
  if (level === 'function') return Object.values(keys.functionKeys).some((candidate) => sameKey(key, candidate));
  if (level === 'system' && systemKeyName !== undefined) {
    const systemKey = keys.systemKeys[systemKeyName];
    return systemKey !== undefined && sameKey(key, systemKey);
  }
  return false;
}

/** Normalizes a binding's authLevel (the library defaults to anonymous; unknown values are treated as function). */
export function authLevelOf(bindingAuthLevel: unknown): AuthLevel {
  const level = typeof bindingAuthLevel === 'string' ? bindingAuthLevel.toLowerCase() : 'anonymous';
  return level === 'anonymous' || level === 'admin' || level === 'system' ? level : 'function';
}

function newKey(): string {
  // Same order of length as real host keys (base64 of 40 random bytes).
  return randomBytes(40).toString('base64url');
}

/** Constant-time comparison, so a key cannot be guessed one character at a time from response timings. */
function sameKey(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
