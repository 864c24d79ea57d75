// Command-line flags of `npm run bench` (see bench/README.md).
import path from 'node:path';
import { SCENARIOS, scenarioByKey } from './catalog';
import type { BenchOptions } from './types';

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'out'> = {
  scenarios: SCENARIOS.filter((s) => !s.optIn).map((s) => s.id),
  latencyMs: 20,
  database: 'sqlite',
  events: 10_000,
  edits: 1_000,
  mailboxes: 100,
  eventsPerMailbox: 200,
  messages: 20_000,
  bigMailboxMessages: 100_000,
  hostEvents: 2_000,
  naiveItems: 1_000,
  naiveStormItems: 250,
};

const NUMBER_FLAGS: Record<string, keyof BenchOptions> = {
  '--latency': 'latencyMs',
  '--events': 'events',
  '--edits': 'edits',
  '--mailboxes': 'mailboxes',
  '--events-per-mailbox': 'eventsPerMailbox',
  '--messages': 'messages',
  '--big-mailbox-messages': 'bigMailboxMessages',
  '--host-events': 'hostEvents',
  '--naive-items': 'naiveItems',
  '--naive-storm-items': 'naiveStormItems',
};

export const USAGE = `npm run bench -- [--scenario <n|name>]... [--latency ms] [--postgres]
  [--events n] [--edits n] [--mailboxes n] [--events-per-mailbox n] [--messages n] [--big-mailbox-messages n] [--host-events n]
  [--naive-items n] [--naive-storm-items n] [--out file]
scenarios: ${SCENARIOS.map((s) => `${s.id}=${s.name}`).join(', ')}`;

export function parseArgs(argv: readonly string[], root: string): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, out: path.join(root, 'bench', 'results', 'latest.json') };
  const chosen: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
      return v;
    };
    if (name === '--scenario') {
      for (const key of value().split(',')) {
        const info = scenarioByKey(key);
        if (!info) throw new Error(`unknown scenario "${key}"\n${USAGE}`);
        if (!chosen.includes(info.id)) chosen.push(info.id);
      }
    } else if (name === '--postgres') options.database = 'postgres';
    else if (name === '--out') options.out = path.resolve(value());
    else if (name in NUMBER_FLAGS) {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || (name !== '--latency' && n === 0)) throw new Error(`${name} must be a ${name === '--latency' ? 'non-negative' : 'positive'} integer, got "${raw}"`);
      (options as unknown as Record<string, number>)[NUMBER_FLAGS[name]!] = n;
    } else if (name === '--help' || name === '-h') throw new Error(USAGE);
    else throw new Error(`unknown flag ${name}\n${USAGE}`);
  }
  if (chosen.length > 0) options.scenarios = chosen.sort((a, b) => a - b);
  return options;
}
