// The Graph emulator and a playground Strapi whose Microsoft endpoints point at it: the pair every
// integration test that talks to Microsoft 365 boots.
import { after, before } from 'node:test';
import { DEMO, startEmulator, type AddTenantInput, type Emulator } from '../emulator';
import { startPlayground, type Playground } from './playground';

export interface EmulatedPlaygroundOptions {
  /** App registrations added to the demo tenant before Strapi starts. */
  apps?: AddTenantInput['apps'];
  /** More environment for the playground (MICROSOFT365_* switches). */
  env?: Record<string, string | undefined>;
}

export interface PlaygroundWithEmulator {
  emulator: Emulator;
  playground: Playground;
}

export async function startPlaygroundWithEmulator(options: EmulatedPlaygroundOptions = {}): Promise<PlaygroundWithEmulator> {
  const emulator = await startEmulator({ seed: 'demo' });
  try {
    if (options.apps) emulator.control.addTenant({ tenantId: DEMO.tenantId, domain: DEMO.tenantDomain, apps: options.apps });
    const playground = await startPlayground({ env: { MICROSOFT365_AUTHORITY_HOST: emulator.url, MICROSOFT365_GRAPH_BASE_URL: emulator.url, ...options.env } });
    return { emulator, playground };
  } catch (err) {
    await emulator.close();
    throw err;
  }
}

/**
 * The pair for the enclosing suite: started in its before hook, stopped in its after hook. The two
 * objects are filled in when the before hook runs, so use them only inside tests and hooks.
 */
export function usePlaygroundWithEmulator(options: EmulatedPlaygroundOptions = {}): PlaygroundWithEmulator {
  const pair = { emulator: {} as Emulator, playground: {} as Playground };
  let started: PlaygroundWithEmulator | undefined;
  before(async () => {
    started = await startPlaygroundWithEmulator(options);
    Object.assign(pair.emulator, started.emulator);
    Object.assign(pair.playground, started.playground);
  });
  after(async () => {
    await started?.playground.stop();
    await started?.emulator.close();
  });
  return pair;
}
