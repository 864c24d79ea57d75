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

/**
 * How @strapi/email (which require()s `provider` from its own folder, lower-cased) reaches our provider.
 * In a host app the package name resolves from node_modules; the playground loads the plugin from
 * this repository instead, so it falls back to the built file by a path relative to @strapi/email.
 */
function emailProviderModule(): string {
  const packageName = 'strapi-plugin-microsoft-365/email-provider';
  const emailDir = path.dirname(require.resolve('@strapi/email/strapi-server'));
  try {
    require.resolve(packageName, { paths: [emailDir] });
    return packageName;
  } catch {
    const relative = path.relative(emailDir, path.join(pluginRoot(), 'dist', 'email-provider', 'index.js')).split(path.sep).join('/');
    const specifier = relative.startsWith('.') ? relative : `./${relative}`;
    if (specifier !== specifier.toLowerCase()) throw new Error(`@strapi/email lower-cases provider names; cannot reach ${specifier}`);
    return specifier;
  }
}

export default ({ env }) => ({
  // MICROSOFT365_EMAIL_PROVIDER=true: Strapi's own emails (password reset…) go out through Microsoft 365.
  ...(env.bool('MICROSOFT365_EMAIL_PROVIDER', false)
    ? {
        email: {
          config: {
            provider: emailProviderModule(),
            providerOptions: { from: env('MICROSOFT365_EMAIL_FROM') },
            settings: { defaultFrom: env('MICROSOFT365_EMAIL_FROM'), defaultReplyTo: env('MICROSOFT365_EMAIL_REPLY_TO') },
          },
        },
      }
    : {}),
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
      // Senders besides the configured mailboxes (comma-separated), e.g. a shared mailbox for Strapi's emails.
      allowedSenders: env.array('MICROSOFT365_ALLOWED_SENDERS', []),
      // Live updates: the URL Graph posts change notifications to (README "Live updates"); unset = schedule only.
      notificationUrl: env('MICROSOFT365_NOTIFICATION_URL'),
      notificationDebounceMs: env.int('MICROSOFT365_NOTIFICATION_DEBOUNCE_MS', 2000),
    },
  },
});
