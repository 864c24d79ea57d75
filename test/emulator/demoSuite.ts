// Shared set-up for the emulator's Graph tests: one emulator per test file, reset to the demo seed
// before each test, with a Graph caller holding a fresh demo token.
import { after, before, beforeEach } from 'node:test';
import { startEmulator, type Emulator } from './server';
import { DEMO } from './demo';
import { getToken, graph } from './testClient';

export type GraphCaller = ReturnType<typeof graph>;

/**
 * Registers the file's hooks and returns its emulator and Graph caller. The emulator object is filled
 * in when the before hook runs, and the caller uses the token of the current test, so use both only
 * inside tests and hooks.
 */
export function useDemoEmulator(): { em: Emulator; g: GraphCaller } {
  const em = {} as Emulator;
  let current: GraphCaller | undefined;
  before(async () => {
    Object.assign(em, await startEmulator({ seed: 'demo' }));
  });
  after(() => em.close());
  beforeEach(async () => {
    em.control.reset('demo');
    current = graph(em, await getToken(em, DEMO.tenantId, DEMO.clientId, DEMO.clientSecret));
  });
  const g: GraphCaller = (pathOrUrl, init) => {
    if (!current) throw new Error('the Graph caller is only usable inside a test');
    return current(pathOrUrl, init);
  };
  return { em, g };
}
