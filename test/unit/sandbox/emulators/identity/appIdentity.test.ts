import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_IDENTITY_FILE, loadOrCreateAppIdentity } from '../../../../../sandbox/emulators/identity/appIdentity';

describe('the sandbox app identity', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'app-identity-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once per state directory and kept', () => {
    const first = loadOrCreateAppIdentity(dir);
    expect(first.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.objectId).not.toBe(first.appId);
    expect(loadOrCreateAppIdentity(dir)).toEqual(first);
    expect(JSON.parse(readFileSync(join(dir, APP_IDENTITY_FILE), 'utf8'))).toEqual(first);
  });

  it('differs between state directories', () => {
    const other = mkdtempSync(join(tmpdir(), 'app-identity-'));
    try {
      expect(loadOrCreateAppIdentity(other).objectId).not.toBe(loadOrCreateAppIdentity(dir).objectId);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('replaces a damaged file instead of failing', () => {
    writeFileSync(join(dir, APP_IDENTITY_FILE), '{"appId":"nope"}');
    expect(loadOrCreateAppIdentity(dir).appId).toMatch(/^[0-9a-f-]{36}$/);
    writeFileSync(join(dir, APP_IDENTITY_FILE), '{ not json');
    expect(loadOrCreateAppIdentity(dir).appId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
