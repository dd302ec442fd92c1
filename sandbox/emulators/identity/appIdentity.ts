import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The app's own identity on the sandbox, as its user-assigned managed identity has in Azure: an application (client)
 * id and a principal (object) id, in a tenant. Generated once per state directory and kept across runs (also
 * across --fresh, which only resets the state/ folder), so a test or the app can recognise the app's own writes in
 * ARM events (`data.claims`) and the ARM emulator can load the app's role for that principal.
 */
export interface AppIdentity {
  readonly appId: string;
  readonly objectId: string;
  readonly tenantId: string;
}

const identitySchema = z.strictObject({ appId: z.uuid(), objectId: z.uuid(), tenantId: z.uuid() });

export const APP_IDENTITY_FILE = 'identity.json';

export function loadOrCreateAppIdentity(stateDir: string): AppIdentity {
  const file = join(stateDir, APP_IDENTITY_FILE);
  if (existsSync(file)) {
    const parsed = identitySchema.safeParse(parseOrUndefined(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  }
  const identity: AppIdentity = { appId: randomUUID(), objectId: randomUUID(), tenantId: randomUUID() };
  writeFileSync(file, `${JSON.stringify(identity, null, 2)}\n`);
  return identity;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a damaged file is replaced by a new identity
  }
}
