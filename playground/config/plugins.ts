import fs from 'node:fs';
import path from 'node:path';

/** The plugin's repository root (this file runs from playground/config or playground/dist/config). */
function pluginRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'strapi-plugin-microsoft-365') {
      return dir;
    }
  }
  throw new Error('strapi-plugin-microsoft-365 not found above the playground');
}

export default ({ env }) => ({
  'microsoft-365': {
    enabled: true,
    resolve: pluginRoot(),
    config: {
      // Endpoints for tests and the demo (the Graph emulator); unset means the cloud's real hosts.
      authorityHost: env('MICROSOFT365_AUTHORITY_HOST'),
      graphBaseUrl: env('MICROSOFT365_GRAPH_BASE_URL'),
      schedulerEnabled: env.bool('MICROSOFT365_SCHEDULER', true),
      // Tests shorten the tick and the lease ttl (two-process and schedule tests).
      schedulerTick: env('MICROSOFT365_SCHEDULER_TICK', '*/30 * * * * *'),
      leaseTtlSeconds: env.int('MICROSOFT365_LEASE_TTL_SECONDS', 120),
    },
  },
});
