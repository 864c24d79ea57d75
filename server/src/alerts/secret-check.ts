// Reads the end date of the app's client secret from Graph at most once a day (sooner after a failed
// read, at once for a connection test), and keeps what it found in the plugin store, where every
// process sharing the database sees it. A missing Application.Read.All is a plain note, never an
// error of the mailboxes: runs still tell an expired secret by AADSTS7000222.
import { createHash } from 'node:crypto';
import { isGatewayError } from '../graph';
import { PLUGIN_ID } from '../../../shared/plugin';
import { safeLogMessage } from '../sync/safe-errors';
import { pluginService, type Strapi } from '../utils/strapi';
import { secretInUse, type SecretCheck } from './secret-expiry';

const DAY_MS = 86_400_000;
/** After a read that did not get through (an outage), try again within the hour. */
const RETRY_MS = 3_600_000;

export const PERMISSION_NOTE = "can't read the client secret's end date: grant the application permission Application.Read.All (admin consent) or watch for AADSTS7000222";

const store = (strapi: Strapi) => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'secret-check' });

/** Which saved app and secret a check belongs to: a hash, so neither the secret nor a way back to it is stored. */
export function appFingerprint(credentials: { tenantId: string; clientId: string; cloud: string; clientSecret: string | null }): string {
  const { tenantId, clientId, cloud, clientSecret } = credentials;
  return createHash('sha256').update(`${tenantId.toLowerCase()}|${clientId.toLowerCase()}|${cloud}|${clientSecret ?? ''}`).digest('hex').slice(0, 32);
}

export async function storedSecretCheck(strapi: Strapi): Promise<SecretCheck | null> {
  return ((await store(strapi).get({})) as SecretCheck | null) ?? null;
}

/** The fingerprint of the saved app, or null when the Azure settings are not complete. */
export async function savedApp(strapi: Strapi): Promise<string | null> {
  const credentials = await pluginService(strapi, 'settings').getCredentials();
  return credentials.tenantId && credentials.clientId && credentials.clientSecret ? appFingerprint(credentials) : null;
}

export function isCheckDue(check: SecretCheck | null, app: string, now: Date): boolean {
  if (!check || check.app !== app) return true;
  const age = now.getTime() - Date.parse(check.checkedAt);
  return age >= (check.outcome === 'unreachable' ? RETRY_MS : DAY_MS);
}

/** Reads the end date when due (or `force`), stores and returns what was found; null when no app is saved. */
export async function checkSecret(strapi: Strapi, options: { force?: boolean } = {}): Promise<SecretCheck | null> {
  const credentials = await pluginService(strapi, 'settings').getCredentials();
  if (!credentials.tenantId || !credentials.clientId || !credentials.clientSecret) return null;
  const app = appFingerprint(credentials);
  const now = new Date();
  const previous = await storedSecretCheck(strapi);
  if (!options.force && !isCheckDue(previous, app, now)) return previous;

  const check: SecretCheck = { app, checkedAt: now.toISOString(), outcome: 'read', endsAt: null, secretName: null };
  try {
    const gateway = await pluginService(strapi, 'graph').getGateway();
    const inUse = secretInUse(await gateway.passwordCredentials(), credentials.clientSecret, now);
    if (!inUse) check.outcome = 'no-secret';
    else Object.assign(check, { endsAt: inUse.credential.endDateTime, secretName: inUse.credential.displayName });
  } catch (error) {
    const code = isGatewayError(error) ? error.code : undefined;
    check.outcome = code === 'expired_secret' ? 'expired' : code === 'missing_permission' ? 'permission' : code === 'not_found' ? 'not-found' : 'unreachable';
    // An outage keeps what an earlier read found, for the banner; the next try is within the hour.
    if (check.outcome === 'unreachable' && previous?.app === app) Object.assign(check, { endsAt: previous.endsAt, secretName: previous.secretName });
    if (check.outcome === 'permission') strapi.log.info(`[microsoft-365] ${PERMISSION_NOTE}.`);
    else if (check.outcome === 'unreachable') strapi.log.warn(`[microsoft-365] could not read the client secret's end date: ${safeLogMessage(error)}`);
  }
  await store(strapi).set({ value: check });
  return check;
}
