import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
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

/**
 * Generates a fresh CA and a server certificate (SAN 127.0.0.1, ::1, localhost) into <dir>/certs/.
 * EC P-256 keys: generation takes milliseconds where RSA 2048 takes noticeably longer on a shared 2-core box.
 */
export async function ensureSandboxCertificates(dir: string): Promise<SandboxCertificates> {
  const certDir = join(dir, 'certs');
  mkdirSync(certDir, { recursive: true });
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
  writeFileSync(join(certDir, 'server.pem'), server.cert);
  writeFileSync(join(certDir, 'server-key.pem'), server.private, { mode: 0o600 });
  return { caCertPath, caCertPem: ca.cert, certPem: server.cert, keyPem: server.private };
}
