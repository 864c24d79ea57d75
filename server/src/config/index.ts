// Plugin config (the host app's config/plugins.ts → 'microsoft-365': { config: { ... } }).
// Endpoints and secrets' key material live here, never in the admin form.

export interface PluginConfig {
  /** Identity platform host, e.g. https://login.microsoftonline.com; defaults from the cloud setting. */
  authorityHost?: string;
  /** Graph host, e.g. https://graph.microsoft.com; defaults from the cloud setting. */
  graphBaseUrl?: string;
  /** Key material for sealing the client secret; defaults to admin.secrets.encryptionKey, else the app keys. */
  encryptionKey?: string;
  /** Key material used before a rotation, so secrets sealed with it can still be opened (and get resealed). */
  previousEncryptionKeys: string[];
  /** Outlook allows 4 concurrent requests per app and mailbox. */
  maxConcurrentPerMailbox: number;
  /** Cap on Graph requests in flight from this process. */
  maxConcurrent: number;
  maxRetries: number;
  maxRetryDelayMs: number;
  requestTimeoutMs: number;
  /** Delta page size asked of Graph (Prefer: odata.maxpagesize). */
  pageSize: number;
  /** How often the scheduler checks whether a run is due (cron rule with seconds). */
  schedulerTick: string;
  /** Whether this process runs scheduled syncs at all (tests and one-off scripts switch it off). */
  schedulerEnabled: boolean;
  /** How long a run's lease lives without renewal before another process may take it over. */
  leaseTtlSeconds: number;
  /** Addresses mail.send and the email provider may send as, besides the configured mailboxes. */
  allowedSenders: string[];
  /** How long a mailbox's runs may fail transiently (throttling, outages) before its health reads "degraded". */
  degradedAfterHours: number;
  /** The longest a scheduled run waits before trying again a mailbox whose runs fail transiently (mailboxes/backoff.ts). */
  maxRetryBackoffMinutes: number;
  /** A client secret ending within this many days is an alert (README "Alerts"). */
  secretExpiryWarningDays: number;
  /**
   * The public URL Graph posts change notifications to: this plugin's route
   * `/api/microsoft-365/notifications` as Graph reaches it (README "Live updates"). Unset: no
   * subscriptions, the schedule alone syncs. Lifecycle notifications go to the same URL + `/lifecycle`.
   */
  notificationUrl?: string;
  /** How long after a scope's first notification its delta run starts, so a burst makes one run. */
  notificationDebounceMs: number;
}

export const DEFAULT_CONFIG: PluginConfig = {
  previousEncryptionKeys: [],
  maxConcurrentPerMailbox: 4,
  maxConcurrent: 16,
  maxRetries: 8,
  maxRetryDelayMs: 60_000,
  requestTimeoutMs: 30_000,
  pageSize: 100,
  schedulerTick: '*/30 * * * * *',
  schedulerEnabled: true,
  leaseTtlSeconds: 120,
  allowedSenders: [],
  degradedAfterHours: 6,
  maxRetryBackoffMinutes: 240,
  secretExpiryWarningDays: 30,
  notificationDebounceMs: 2000,
};

const positiveIntegers: Array<[keyof PluginConfig, number]> = [
  ['maxConcurrentPerMailbox', 4],
  ['maxConcurrent', 1000],
  ['maxRetries', 20],
  ['maxRetryDelayMs', 600_000],
  ['requestTimeoutMs', 600_000],
  ['pageSize', 1000],
  ['leaseTtlSeconds', 86_400],
  ['degradedAfterHours', 720],
  ['maxRetryBackoffMinutes', 1440],
  ['secretExpiryWarningDays', 365],
  ['notificationDebounceMs', 600_000],
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL a config value holds: undefined when unset, null when it is not a URL. */
function configUrl(value: unknown): URL | null | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    return new URL(String(value));
  } catch {
    return null;
  }
}

/** Graph only posts to https; plain http is accepted on a loopback host (tests, the playground's emulator). */
function checkNotificationUrl(value: unknown): void {
  const url = configUrl(value);
  if (url === undefined) return;
  const allowed = url && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)));
  if (!url || !allowed || url.search || url.hash) {
    throw new Error(`microsoft-365 plugin config: notificationUrl must be an https URL without query or fragment (got ${JSON.stringify(value)})`);
  }
}

function checkHttpsUrl(name: string, value: unknown): void {
  const url = configUrl(value);
  if (url === undefined) return;
  if (!url || url.protocol !== 'https:') {
    throw new Error(`microsoft-365 plugin config: ${name} must be an https URL (got ${JSON.stringify(value)})`);
  }
}

export default {
  default: DEFAULT_CONFIG,
  validator(config: Partial<PluginConfig>): void {
    checkHttpsUrl('authorityHost', config.authorityHost);
    checkHttpsUrl('graphBaseUrl', config.graphBaseUrl);
    checkNotificationUrl(config.notificationUrl);
    for (const [name, max] of positiveIntegers) {
      const value = config[name];
      if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max)) {
        throw new Error(`microsoft-365 plugin config: ${name} must be an integer from 1 to ${max}`);
      }
    }
    if (config.previousEncryptionKeys !== undefined && !Array.isArray(config.previousEncryptionKeys)) {
      throw new Error('microsoft-365 plugin config: previousEncryptionKeys must be an array of strings');
    }
    if (
      config.allowedSenders !== undefined &&
      (!Array.isArray(config.allowedSenders) || config.allowedSenders.some((address) => typeof address !== 'string' || !address.includes('@')))
    ) {
      throw new Error('microsoft-365 plugin config: allowedSenders must be an array of email addresses');
    }
  },
};
