import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface SandboxCertificates {
  /** PEM file of the sandbox CA: give it to NODE_EXTRA_CA_CERTS or tls.setDefaultCACertificates. */
  readonly caCertPath: string;
  readonly caCertPem: string;
  /** Server certificate for 127.0.0.1 and localhost, signed by the CA. */
  readonly certPem: string;
  readonly keyPem: string;
}

/** Certificates closer than this to their end are made anew at start. */
const RENEW_BEFORE_MS = 24 * 3600_000;

/**
 * The sandbox CA and server certificate (SAN 127.0.0.1, ::1, localhost) in <dir>/certs/. Kept across restarts, CA key
 * included (ca-key.pem, mode 600), and reused until `fresh` (--fresh) or until they near their end: an external
 * client told to trust last run's CA keeps working. EC P-256 keys: generation takes milliseconds where RSA 2048
 * takes noticeably longer on a shared 2-core box.
 */
export async function ensureSandboxCertificates(dir: string, options: { readonly fresh?: boolean } = {}): Promise<SandboxCertificates> {
  const certDir = join(dir, 'certs');
  mkdirSync(certDir, { recursive: true });
  const kept = options.fresh ? undefined : reusableCertificates(certDir);
  if (kept) return kept;
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate small clock skew between processes
  const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 24 * 3600_000);

  // A unique CA name per generation: a process trusting two sandbox CAs must not confuse their issuers.
  const caName = `aks-egress-guard sandbox CA ${randomBytes(4).toString('hex')}`;
  const ca = await generate([{ name: 'commonName', value: caName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });

  const caCertPath = join(certDir, 'ca.pem');
  writeFileSync(caCertPath, ca.cert);
  writeFileSync(join(certDir, 'ca-key.pem'), ca.private, { mode: 0o600 });
  writeFileSync(join(certDir, 'server.pem'), server.cert);
  writeFileSync(join(certDir, 'server-key.pem'), server.private, { mode: 0o600 });
  return { caCertPath, caCertPem: ca.cert, certPem: server.cert, keyPem: server.private };
}

/** The certificates on disk, when all four files are there, the server certificate was issued by the CA, and neither is near its end. */
function reusableCertificates(certDir: string): SandboxCertificates | undefined {
  const files = ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem'].map((name) => join(certDir, name));
  if (!files.every((file) => existsSync(file))) return undefined;
  try {
    const [caCertPem, , certPem, keyPem] = files.map((file) => readFileSync(file, 'utf8')) as [string, string, string, string];
    const ca = new X509Certificate(caCertPem);
    const server = new X509Certificate(certPem);
    const fresh = (certificate: X509Certificate) => Date.parse(certificate.validTo) - Date.now() > RENEW_BEFORE_MS;
    if (!ca.ca || !server.checkIssued(ca) || !server.verify(ca.publicKey) || !fresh(ca) || !fresh(server)) return undefined;
    return { caCertPath: files[0] ?? '', caCertPem, certPem, keyPem };
  } catch {
    return undefined; // unreadable or not PEM: make new ones
  }
}
