// Throwaway TLS material for the emulator: a CA that callers trust through NODE_EXTRA_CA_CERTS and a
// server certificate it signs. The CA lives in a stable file so a Node process started with the env var
// keeps trusting emulators started later (the env var is only read at Node start-up).
import { mkdir, readFile, writeFile, rename, rmdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export interface CertificatePaths {
  caCertPath: string;
  certPath: string;
  keyPath: string;
}

const CA_COMMON_NAME = 'strapi-plugin-microsoft-365 test CA';
const SERVER_NAMES = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };
const MIN_REMAINING_MS = 24 * 3600 * 1000;

export const DEFAULT_CERT_DIR = path.resolve(__dirname, '.certs');

function randomSerial(): string {
  // Positive serial: a leading 0x01..0x7f byte keeps the DER integer positive.
  return '01' + forge.util.bytesToHex(forge.random.getBytesSync(15));
}

function createCa(): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(Date.now() - 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  const attrs = [{ name: 'commonName', value: CA_COMMON_NAME }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function createServerCert(ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }) {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(Date.now() - 3600 * 1000);
  // Under 398 days: some TLS stacks refuse longer-lived leaf certificates.
  cert.validity.notAfter = new Date(Date.now() + 390 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: '127.0.0.1' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...SERVER_NAMES.dns.map((value) => ({ type: 2, value })),
        ...SERVER_NAMES.ips.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

async function existingAreValid(paths: CertificatePaths): Promise<boolean> {
  if (![paths.caCertPath, paths.certPath, paths.keyPath].every((p) => existsSync(p))) return false;
  try {
    const ca = forge.pki.certificateFromPem(await readFile(paths.caCertPath, 'utf8'));
    const server = forge.pki.certificateFromPem(await readFile(paths.certPath, 'utf8'));
    const key = forge.pki.privateKeyFromPem(await readFile(paths.keyPath, 'utf8')) as forge.pki.rsa.PrivateKey;
    const soon = Date.now() + MIN_REMAINING_MS;
    if (ca.validity.notAfter.getTime() < soon || server.validity.notAfter.getTime() < soon) return false;
    if (!ca.verify(server)) return false;
    const pub = server.publicKey as forge.pki.rsa.PublicKey;
    return pub.n.equals(key.n);
  } catch {
    return false;
  }
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, file);
}

const pending = new Map<string, Promise<CertificatePaths>>();

/** Creates the CA and server certificate once; later calls reuse them while they stay valid. */
export function ensureCertificates(dir: string = DEFAULT_CERT_DIR): Promise<CertificatePaths> {
  const key = path.resolve(dir);
  let job = pending.get(key);
  if (!job) {
    job = createOrReuse(key);
    pending.set(key, job);
    job.catch(() => pending.delete(key));
  }
  return job;
}

/**
 * Cross-process lock (test files run in parallel processes): without it two first runs could each
 * write a CA and leave a server certificate signed by the other one.
 */
async function withDirLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, '.lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 30_000) await rmdir(lock).catch(() => undefined); // left by a crashed process
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

async function createOrReuse(dir: string): Promise<CertificatePaths> {
  const paths: CertificatePaths = {
    caCertPath: path.join(dir, 'ca.pem'),
    certPath: path.join(dir, 'server.pem'),
    keyPath: path.join(dir, 'server-key.pem'),
  };
  if (await existingAreValid(paths)) return paths;
  await mkdir(dir, { recursive: true });
  return withDirLock(dir, async () => {
    // Another process may have finished while we waited.
    if (await existingAreValid(paths)) return paths;
    return writeCertificates(dir, paths);
  });
}

async function writeCertificates(dir: string, paths: CertificatePaths): Promise<CertificatePaths> {
  // Keep an existing valid CA: processes already running with NODE_EXTRA_CA_CERTS trust only it.
  let ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined;
  const caKeyPath = path.join(dir, 'ca-key.pem');
  if (existsSync(paths.caCertPath) && existsSync(caKeyPath)) {
    try {
      const cert = forge.pki.certificateFromPem(await readFile(paths.caCertPath, 'utf8'));
      const caKey = forge.pki.privateKeyFromPem(await readFile(caKeyPath, 'utf8')) as forge.pki.rsa.PrivateKey;
      if (cert.validity.notAfter.getTime() > Date.now() + MIN_REMAINING_MS) ca = { cert, key: caKey };
    } catch {
      ca = undefined;
    }
  }
  if (!ca) {
    ca = createCa();
    await writeAtomically(caKeyPath, forge.pki.privateKeyToPem(ca.key), 0o600);
    await writeAtomically(paths.caCertPath, forge.pki.certificateToPem(ca.cert), 0o644);
  }
  const server = createServerCert(ca);
  await writeAtomically(paths.keyPath, forge.pki.privateKeyToPem(server.key), 0o600);
  await writeAtomically(paths.certPath, forge.pki.certificateToPem(server.cert), 0o644);
  return paths;
}
