// Shared set-up for the gateway's emulator tests: one emulator per test file, gateways pointed at it.
import { after, before, beforeEach } from 'node:test';
import { createGateway, type Gateway, type GatewayOptions } from '../../server/src/graph';
import { DEMO, startEmulator, type AddTenantInput } from '../emulator';

export { DEMO };
export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** Node reads NODE_EXTRA_CA_CERTS only at start-up, so a test run without it can never trust the emulator. */
export function assertEmulatorTrusted(): void {
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error(
      'Start the test with NODE_EXTRA_CA_CERTS=test/emulator/.certs/ca.pem (create it once with: ' +
        'node --import tsx -e "import(\'./test/emulator/index.ts\').then(m=>m.ensureCertificates())").',
    );
  }
}

export async function startTestEmulator(latencyMs = 0): Promise<Emulator> {
  assertEmulatorTrusted();
  return startEmulator({ port: 0, seed: 'demo', latencyMs });
}

export interface SuiteEmulatorOptions {
  latencyMs?: number;
  /** More app registrations in the demo tenant, added once the emulator is up. */
  apps?: AddTenantInput['apps'];
  /** Clears injected faults and the request log before each test. */
  resetEachTest?: boolean;
}

/**
 * The enclosing suite's emulator: started in its before hook, closed in its after hook. The object is
 * filled in when the before hook runs, so read it only inside tests and hooks.
 */
export function useTestEmulator(options: SuiteEmulatorOptions = {}): Emulator {
  const emulator = {} as Emulator;
  before(async () => {
    Object.assign(emulator, await startTestEmulator(options.latencyMs));
    if (options.apps) emulator.control.addTenant({ tenantId: DEMO.tenantId, apps: options.apps });
  });
  after(async () => {
    await emulator.close();
  });
  if (options.resetEachTest) {
    beforeEach(() => {
      emulator.control.clearFaults();
      emulator.control.clearRequests();
    });
  }
  return emulator;
}

export function demoOptions(emulator: Emulator, overrides: Partial<GatewayOptions> & { mailbox?: string } = {}): GatewayOptions & { mailbox?: string } {
  return {
    tenantId: DEMO.tenantId,
    clientId: DEMO.clientId,
    clientSecret: DEMO.clientSecret,
    cloud: 'global',
    authorityHost: emulator.authorityHost,
    graphBaseUrl: emulator.graphBaseUrl,
    ...overrides,
  };
}

export function demoGateway(emulator: Emulator, overrides: Partial<GatewayOptions> = {}): Gateway {
  return createGateway(demoOptions(emulator, overrides));
}

export const MAILBOX = DEMO.mailboxes[0];

/** Runs fn and returns its result with the elapsed wall time. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

/** Resolves with the rejection of fn (fails when fn resolves). */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
