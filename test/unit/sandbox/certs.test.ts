import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSandboxCertificates } from '../../../sandbox/certs';

/** The sandbox CA persists with its key and is reused until --fresh: a client that trusted it keeps working. */
describe('ensureSandboxCertificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-certs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reuses the CA and server certificate on the next start, makes new ones with fresh, and keeps the keys private', async () => {
    const first = await ensureSandboxCertificates(dir);
    const again = await ensureSandboxCertificates(dir);
    expect(again.caCertPem).toBe(first.caCertPem);
    expect(again.certPem).toBe(first.certPem);
    expect(statSync(join(dir, 'certs', 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'certs', 'server-key.pem')).mode & 0o777).toBe(0o600);
    const renewed = await ensureSandboxCertificates(dir, { fresh: true });
    expect(renewed.caCertPem).not.toBe(first.caCertPem);
  });

  it('makes new ones when the files on disk do not belong together', async () => {
    const current = await ensureSandboxCertificates(dir);
    writeFileSync(join(dir, 'certs', 'server.pem'), 'not a certificate');
    const repaired = await ensureSandboxCertificates(dir);
    expect(repaired.caCertPem).not.toBe(current.caCertPem);
    expect(repaired.certPem).toContain('BEGIN CERTIFICATE');
  });
});
