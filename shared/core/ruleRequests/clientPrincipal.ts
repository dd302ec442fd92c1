import { parseBoundedJson } from '../boundedJson';
import { RuleRequestAccessError } from './accessErrors';

/** The signed-in caller, as App Service Authentication (Easy Auth) describes it. */
export interface Principal {
  /** Entra object id (oid): stable, unlike names and e-mail addresses. */
  readonly userId: string;
  readonly name: string;
  readonly identityProvider: string;
  /** Group object ids from the `groups` claim (one claim per group). */
  readonly groups: readonly string[];
  /** App role values from the `roles` claim (or the claim type named by role_typ). */
  readonly roles: readonly string[];
}

/**
 * Claim types after Easy Auth's default claim mapping. Source: learn.microsoft.com "Work with user identities in
 * Azure App Service authentication" (decoded payload `{ auth_typ, claims: [{ typ, val }], name_typ, role_typ }`;
 * claims "go through a default claims-mapping process"), and observed payloads where oid arrives as the
 * objectidentifier URI and each group as its own `groups` claim.
 */
const OBJECT_ID_TYPES = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const NAME_FALLBACK_TYPES = ['name', 'preferred_username', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'];
const DEFAULT_ROLE_TYPE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
/** Easy Auth headers are a few KB; anything far larger is not from the platform. */
const MAX_HEADER_LENGTH = 64 * 1024;

interface Claim {
  readonly typ: string;
  readonly val: string;
}

/**
 * Decodes the `x-ms-client-principal` header (base64 JSON). Only App Service sets it (external requests cannot), so
 * the app trusts it as the identity; anything missing or malformed is a 401 with a message saying what was wrong.
 */
export function parseClientPrincipal(header: string | null | undefined): Principal {
  if (header === undefined || header === null || header.trim() === '') {
    throw new RuleRequestAccessError('principal-missing', 'Not signed in: the x-ms-client-principal header is missing (is App Service Authentication enabled?)');
  }
  const payload = decodePayload(header.trim());
  const claims = readClaims(payload.claims);
  const valuesOf = (...types: string[]) => claims.filter((claim) => types.includes(claim.typ)).map((claim) => claim.val);
  const userId = valuesOf(...OBJECT_ID_TYPES)[0];
  if (!userId) throw malformed('it has no object id claim (oid)');
  const nameType = typeof payload.name_typ === 'string' ? payload.name_typ : undefined;
  const roleType = typeof payload.role_typ === 'string' && payload.role_typ !== '' ? payload.role_typ : DEFAULT_ROLE_TYPE;
  const name = (nameType ? valuesOf(nameType)[0] : undefined) ?? valuesOf(...NAME_FALLBACK_TYPES)[0] ?? userId;
  return {
    userId: userId.toLowerCase(),
    name,
    identityProvider: typeof payload.auth_typ === 'string' ? payload.auth_typ : '',
    groups: unique(valuesOf('groups').map((group) => group.toLowerCase())),
    roles: unique(valuesOf('roles', roleType)),
  };
}

function decodePayload(header: string): Record<string, unknown> {
  if (header.length > MAX_HEADER_LENGTH) throw malformed('it is too large');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(header)) throw malformed('it is not base64');
  const bounded = parseBoundedJson(Buffer.from(header, 'base64').toString('utf8'), { maxBytes: MAX_HEADER_LENGTH, maxDepth: 8 });
  if (!bounded.ok) throw malformed('it is not base64-encoded JSON of a few levels');
  const parsed = bounded.value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed('it does not decode to a JSON object');
  return parsed as Record<string, unknown>;
}

function readClaims(raw: unknown): Claim[] {
  if (!Array.isArray(raw)) throw malformed('it has no claims array');
  return raw.flatMap((item: unknown): Claim[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { typ, val } = item as Record<string, unknown>;
    return typeof typ === 'string' && typeof val === 'string' && val !== '' ? [{ typ, val }] : [];
  });
}

const unique = (values: string[]): string[] => [...new Set(values)];

const malformed = (why: string) =>
  new RuleRequestAccessError('principal-malformed', `Not signed in: the x-ms-client-principal header is malformed (${why})`);
