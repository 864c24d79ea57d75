// `npm start`: builds what is stale, then runs the playground Strapi on SQLite. Unless real endpoints are
// given (MICROSOFT365_AUTHORITY_HOST and MICROSOFT365_GRAPH_BASE_URL), it also starts the Graph emulator
// with demo data and has the playground fill the settings with the demo tenant on first start.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PLAYGROUND, ROOT, buildAll } from './lib/build.mjs';

const ENV_FILE = path.join(PLAYGROUND, '.env');
const SECRET_KEYS = ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'];

/** Strapi's secrets, generated once per checkout into playground/.env (git-ignored), never committed. */
function ensureSecrets() {
  const existing = existsSync(ENV_FILE) ? readFileSync(ENV_FILE, 'utf8') : '';
  const missing = SECRET_KEYS.filter((key) => !new RegExp(`^${key}=.+`, 'm').test(existing) && !process.env[key]);
  if (missing.length === 0) return;
  const secret = () => randomBytes(16).toString('base64');
  const lines = missing.map((key) => `${key}=${key === 'APP_KEYS' ? [secret(), secret(), secret(), secret()].join(',') : secret()}`);
  writeFileSync(ENV_FILE, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`);
  console.log(`▶ wrote fresh secrets for ${missing.join(', ')} to playground/.env`);
}

function emulatorCertificate() {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', "require('./test/emulator').ensureCertificates().then((c) => console.log(c.caCertPath))"], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim().split('\n').pop();
}

function demoTenant() {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', "console.log(JSON.stringify(require('./test/emulator').DEMO))"], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

/** Starts the emulator and resolves with its URL once it prints it. */
function startEmulator(port) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/cli.ts', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(`[emulator] ${chunk}`);
      output += chunk;
      const url = output.match(/https:\/\/127\.0\.0\.1:\d+/)?.[0];
      if (url) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
  });
}

buildAll();
ensureSecrets();

const env = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };
const children = [];
const realEndpoints = process.env.MICROSOFT365_AUTHORITY_HOST && process.env.MICROSOFT365_GRAPH_BASE_URL;
if (!realEndpoints) {
  const { child, url } = await startEmulator(Number(process.env.EMULATOR_PORT ?? 8443));
  children.push(child);
  const demo = demoTenant();
  Object.assign(env, {
    NODE_EXTRA_CA_CERTS: emulatorCertificate(),
    MICROSOFT365_AUTHORITY_HOST: url,
    MICROSOFT365_GRAPH_BASE_URL: url,
    MICROSOFT365_DEMO_TENANT: JSON.stringify(demo),
  });
  console.log(`▶ Graph emulator at ${url} (demo tenant ${demo.tenantDomain})`);
} else {
  console.log(`▶ using ${process.env.MICROSOFT365_AUTHORITY_HOST} and ${process.env.MICROSOFT365_GRAPH_BASE_URL}`);
}

const strapi = spawn(path.join(ROOT, 'node_modules', '.bin', 'strapi'), ['start'], { cwd: PLAYGROUND, stdio: 'inherit', env });
children.push(strapi);
const stopAll = (signal) => children.forEach((child) => child.exitCode === null && child.kill(signal));
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
strapi.on('exit', (code) => {
  stopAll('SIGTERM');
  process.exit(code ?? 0);
});
