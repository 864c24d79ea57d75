// Builds what is stale: the plugin (dist/), the playground's compiled config (playground/dist) and its
// admin bundle (playground/dist/build). Shared by `npm start` and `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PLAYGROUND = path.join(ROOT, 'playground');
const BIN = path.join(ROOT, 'node_modules', '.bin');

function newestMtime(entries) {
  let newest = 0;
  const visit = (entry) => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const name of readdirSync(entry)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(entry, name));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  entries.forEach(visit);
  return newest;
}

function stampTime(stamp) {
  return existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    console.error(`✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** Runs `build` when any input is newer than the stamp, then touches the stamp. */
function buildIfStale(label, inputs, stamp, build) {
  if (stampTime(stamp) > newestMtime(inputs)) return false;
  console.log(`▶ building ${label}`);
  build();
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

const PLUGIN_INPUTS = ['server/src', 'admin/src', 'shared', 'strapi-server.ts', 'strapi-admin.ts', 'package.json', 'server/tsconfig.json', 'admin/tsconfig.json'].map((p) => path.join(ROOT, p));

export function buildPlugin() {
  return buildIfStale('the plugin', PLUGIN_INPUTS, path.join(ROOT, 'dist', '.stamp'), () => run(path.join(BIN, 'strapi-plugin'), ['build']));
}

export function compilePlayground() {
  const inputs = ['config', 'src', 'tsconfig.json', 'package.json'].map((p) => path.join(PLAYGROUND, p));
  return buildIfStale('the playground', inputs, path.join(PLAYGROUND, 'dist', '.stamp'), () =>
    run(path.join(BIN, 'tsc'), ['-p', path.join(PLAYGROUND, 'tsconfig.json')]),
  );
}

/** The admin panel bundle embeds the plugin's admin, so it is stale when either changed. */
export function buildAdminPanel() {
  const inputs = [path.join(ROOT, 'dist', 'admin'), path.join(ROOT, 'dist', '.stamp'), path.join(PLAYGROUND, 'src'), path.join(PLAYGROUND, 'config')];
  return buildIfStale('the admin panel', inputs, path.join(PLAYGROUND, 'dist', 'build', '.stamp'), () =>
    run(path.join(BIN, 'strapi'), ['build', '--minify'], {
      cwd: PLAYGROUND,
      env: { STRAPI_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' },
    }),
  );
}

export function buildAll({ admin = true } = {}) {
  buildPlugin();
  compilePlayground();
  if (admin) buildAdminPanel();
}
