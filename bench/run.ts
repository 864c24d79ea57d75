// `npm run bench`: builds the plugin and the playground when stale, makes the emulator's CA, then runs
// each scenario in its own Node process (NODE_EXTRA_CA_CERTS is read only at start; a process per
// scenario also keeps memory figures apart). Prints Markdown, writes JSON (default bench/results/latest.json).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCertificates } from '../test/emulator';
import { SCENARIOS } from './lib/catalog';
import { parseArgs } from './lib/cli';
import { report } from './lib/report';
import { emptyResult } from './lib/result';
import type { BenchOptions, ScenarioResult } from './lib/types';

const ROOT = path.resolve(__dirname, '..');

async function build(): Promise<void> {
  const lib = (await import(path.join(ROOT, 'scripts', 'lib', 'build.mjs'))) as { buildPlugin(): boolean; compilePlayground(): boolean };
  lib.buildPlugin();
  lib.compilePlayground();
}

function runScenario(id: number, options: BenchOptions, caCertPath: string, scratch: string): ScenarioResult {
  const info = SCENARIOS.find((s) => s.id === id)!;
  const resultFile = path.join(scratch, `scenario-${id}.json`);
  console.error(`▶ scenario ${id} (${info.name}): ${info.title}`);
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', path.join(__dirname, 'child.ts'), String(id), JSON.stringify(options), resultFile], {
    cwd: ROOT,
    // The child's stdout (Strapi's start-up banner, progress) goes to stderr: stdout is the report.
    stdio: ['ignore', 2, 2],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caCertPath, STRAPI_TELEMETRY_DISABLED: 'true', STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error' },
  });
  console.error(`  scenario ${id} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (child.status === 0 && existsSync(resultFile)) return JSON.parse(readFileSync(resultFile, 'utf8')) as ScenarioResult;
  const failed = emptyResult(id, { latencyMs: options.latencyMs, database: options.database }, {});
  failed.notMeasured = `the scenario process failed (exit ${child.status ?? child.signal}); see its output above`;
  return failed;
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2), ROOT);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const startedAt = new Date();
  await build();
  const { caCertPath } = await ensureCertificates();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'ms365-bench-'));
  const results: ScenarioResult[] = [];
  try {
    for (const id of options.scenarios) results.push(runScenario(id, options, caCertPath, scratch));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const totalMs = Date.now() - startedAt.getTime();
  const meta = { startedAt: startedAt.toISOString(), totalMs, cpus: os.cpus().length, node: process.version };
  console.log(report(results, meta));
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify({ ...meta, options, results }, null, 2));
  console.error(`results written to ${path.relative(process.cwd(), options.out)}`);
  if (results.some((r) => r.notMeasured?.startsWith('the scenario process failed'))) process.exit(1);
}

void main();
