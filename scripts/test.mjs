// `npm test`: builds what is stale, then runs every suite with Node's test runner:
//   unit + emulator + gateway tests, the integration suite once per database in TEST_DATABASES
//   (default sqlite; CI sets sqlite,postgres,mysql), then the browser tests.
// Ends with one summary line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, buildAll } from './lib/build.mjs';

const DATABASES = (process.env.TEST_DATABASES ?? 'sqlite').split(',').map((name) => name.trim()).filter(Boolean);
const OUTPUT = path.join(ROOT, 'test-output');
// Optional arguments: suite names (unit, integration, e2e) and/or test files, which then run alone in their suite.
const args = process.argv.slice(2);
const chosenFiles = args.filter((arg) => arg.endsWith('.test.ts')).map((file) => path.relative(ROOT, path.resolve(file)));
const only = args.filter((arg) => !arg.endsWith('.test.ts'));

function testFiles(...dirs) {
  const found = [];
  const visit = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) visit(full);
      else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(path.relative(ROOT, full));
    }
  };
  dirs.forEach((dir) => visit(path.join(ROOT, dir)));
  return found.sort();
}

/** The emulator's throwaway CA: Node reads NODE_EXTRA_CA_CERTS only at start, so make it first. */
function ensureCertificates() {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', "require('./test/emulator').ensureCertificates().then((c) => console.log(c.caCertPath))"], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(1);
  }
  return result.stdout.trim().split('\n').pop();
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSuites = [];

function runSuite(name, files, env = {}) {
  if (files.length === 0) return;
  console.log(`\n━━ ${name}: ${files.length} file(s) ━━`);
  const tap = path.join(OUTPUT, `${name.replace(/\W+/g, '-')}.tap`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (label) => Number(report.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped');
  if (result.status !== 0) failedSuites.push(name);
}

const suiteOf = (file) => (file.startsWith('test/integration/') ? 'integration' : file.startsWith('test/e2e/') ? 'e2e' : 'unit');
const wants = (suite) => (only.length === 0 && chosenFiles.length === 0) || only.includes(suite) || chosenFiles.some((file) => suiteOf(file) === suite);
/** A suite's files: the chosen ones of that suite when files were named, else all of it. */
const filesOf = (suite, ...dirs) => (chosenFiles.length > 0 && !only.includes(suite) ? chosenFiles.filter((file) => suiteOf(file) === suite) : testFiles(...dirs));
mkdirSync(OUTPUT, { recursive: true });
const e2eFiles = wants('e2e') ? filesOf('e2e', 'test/e2e') : [];
buildAll({ admin: e2eFiles.length > 0 });
const caCertPath = ensureCertificates();
const common = { NODE_EXTRA_CA_CERTS: caCertPath, STRAPI_TELEMETRY_DISABLED: 'true', TEST_OUTPUT: OUTPUT };

if (wants('unit')) runSuite('unit', filesOf('unit', 'test/unit', 'test/emulator', 'test/graph', 'bench/lib'), common);
if (wants('integration')) {
  for (const database of DATABASES) runSuite(`integration-${database}`, filesOf('integration', 'test/integration'), { ...common, TEST_DATABASE: database });
}
runSuite('e2e', e2eFiles, { ...common, TEST_DATABASE: 'sqlite' });

console.log(`\nSuites failed: ${failedSuites.length ? failedSuites.join(', ') : 'none'}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSuites.length > 0 || totals.failed > 0 ? 1 : 0);
