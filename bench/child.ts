// One scenario in its own process (so memory figures start clean): started by bench/run.ts with
// NODE_EXTRA_CA_CERTS (the emulator's CA) and --expose-gc. Writes its ScenarioResult as JSON.
import { writeFileSync } from 'node:fs';
import type { BenchOptions, ScenarioResult } from './lib/types';
import { startWorld, type World } from './lib/world';
import { bigMailboxScenario } from './scenarios/big-mailbox';
import { emailScenario } from './scenarios/email';
import { hostTypeScenario } from './scenarios/host-type';
import { liveUpdatesEnvironment, liveUpdatesScenario } from './scenarios/live-updates';
import { localWritesScenario } from './scenarios/local-writes';
import { mailboxesScenario } from './scenarios/mailboxes';
import { noChangeScenario } from './scenarios/no-change';
import { pullScenario } from './scenarios/pull';
import { pushScenario } from './scenarios/push';

type BenchWorld = World & { database: ScenarioResult['database'] };

const RUNNERS: Record<number, (world: BenchWorld, options: BenchOptions) => Promise<ScenarioResult>> = {
  1: (world, options) => pullScenario(world, options, false),
  2: noChangeScenario,
  3: pushScenario,
  4: mailboxesScenario,
  5: emailScenario,
  6: (world, options) => pullScenario(world, options, true),
  7: localWritesScenario,
  8: bigMailboxScenario,
  9: liveUpdatesScenario,
  10: hostTypeScenario,
};

/** What a scenario needs of the playground's environment besides the default. */
const ENVIRONMENTS: Record<number, () => Promise<Record<string, string>>> = { 9: liveUpdatesEnvironment };

async function main(): Promise<void> {
  const [id, optionsJson, resultFile] = process.argv.slice(2);
  const options = JSON.parse(optionsJson!) as BenchOptions;
  const runner = RUNNERS[Number(id)];
  if (!runner || !resultFile) throw new Error(`usage: child.ts <scenario id> <options json> <result file>`);
  const env = (await ENVIRONMENTS[Number(id)]?.()) ?? {};
  const world = await startWorld({ database: options.database, latencyMs: options.latencyMs, env });
  try {
    const result = await runner({ ...world, database: options.database }, options);
    writeFileSync(resultFile, JSON.stringify(result, null, 2));
  } finally {
    await world.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
