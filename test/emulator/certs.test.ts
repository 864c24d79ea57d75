// The throwaway TLS material: a CA named as the brief says, a server certificate it signs for
// 127.0.0.1, localhost and ::1, reused while valid, consistent when several processes race.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ensureCertificates } from './certs';

test('CA and server certificate: names, chain, reuse', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'em-certs-'));
  try {
    const paths = await ensureCertificates(dir);
    const ca = new X509Certificate(await readFile(paths.caCertPath));
    const server = new X509Certificate(await readFile(paths.certPath));
    assert.match(ca.subject, /CN=strapi-plugin-microsoft-365 test CA/);
    assert.equal(ca.ca, true);
    assert.ok(server.verify(ca.publicKey));
    assert.ok(server.checkIP('127.0.0.1'));
    assert.ok(server.checkIP('::1'));
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.equal((ca.publicKey.asymmetricKeyDetails?.modulusLength), 2048);
    const before = await readFile(paths.certPath, 'utf8');
    await ensureCertificates(dir);
    assert.equal(await readFile(paths.certPath, 'utf8'), before, 'valid certificates are reused');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('parallel first runs in separate processes end with one consistent chain', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'em-race-'));
  try {
    const script = `require(${JSON.stringify(path.join(__dirname, 'certs.ts'))}).ensureCertificates(${JSON.stringify(dir)})`;
    await Promise.all(
      Array.from({ length: 4 }, () => new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore' });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
      })),
    );
    const ca = new X509Certificate(await readFile(path.join(dir, 'ca.pem')));
    const server = new X509Certificate(await readFile(path.join(dir, 'server.pem')));
    assert.ok(server.verify(ca.publicKey));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
