// `npm run emulator`: the emulator as a standalone process with the demo tenant.
// Port from --port N or EMULATOR_PORT (default 8443); --latency N adds per-request latency.
import { startEmulator, DEMO } from './index';
import { DEFAULT_CERT_DIR } from './certs';
import path from 'node:path';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.EMULATOR_PORT ?? 8443);
  const latencyMs = Number(arg('latency') ?? process.env.EMULATOR_LATENCY_MS ?? 0);
  const seed = (arg('seed') ?? 'demo') as 'demo' | 'empty';
  const em = await startEmulator({ port, latencyMs, seed, host: arg('host') });
  const lines = [
    `Microsoft Graph emulator listening on ${em.url}`,
    `  authority host / Graph base URL: ${em.url}   (Graph v1.0 at ${em.url}/v1.0)`,
    `  tenant:        ${DEMO.tenantId} (${DEMO.tenantDomain})`,
    `  client id:     ${DEMO.clientId}`,
    `  client secret: ${DEMO.clientSecret}`,
    `  mailboxes:     ${DEMO.mailboxes.join(', ')}`,
    `  trust its CA:  NODE_EXTRA_CA_CERTS=${path.join(DEFAULT_CERT_DIR, 'ca.pem')}`,
    `  control API:   ${em.url}/_emulator/state (see test/emulator/README.md)`,
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping emulator`);
    em.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
