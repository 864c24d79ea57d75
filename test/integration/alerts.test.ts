// Alerts (issue 13): the client secret's end date read from the app registration with
// Application.Read.All (or told by AADSTS7000222 without it), mailboxes that need an admin, and the
// once-a-day rule per cause for the eventHub events and the alert emails (sent through Strapi's email
// plugin with this plugin's provider, so they land in the sender's Sent Items in the emulator).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { before, beforeEach, describe, test } from 'node:test';
import { DEMO } from '../emulator';
import { usePlaygroundWithEmulator } from '../helpers/emulated-playground';
import { AdminApi, SUPER_ADMIN, adminWithActions, registerSuperAdmin } from '../helpers/admin-api';
import { UID } from '../../shared/plugin';
import type { AlertsView, SecretStatus } from '../../shared/api';
import { HEALTH_CHANGED_EVENT, type HealthChange } from '../../server/src/mailboxes/health-events';
import { SECRET_ALERT_EVENT } from '../../server/src/alerts/dispatch';
import { causeKey } from '../../server/src/alerts/ledger';
import type { SyncRun } from '../../server/src/sync/run-types';

const SENDER = DEMO.mailboxes[2];
const DAY_MS = 86_400_000;
const { emulator, playground } = usePlaygroundWithEmulator({
  env: { MICROSOFT365_EMAIL_PROVIDER: 'true', MICROSOFT365_EMAIL_FROM: SENDER, MICROSOFT365_ALLOWED_SENDERS: SENDER },
});
let superAdmin: AdminApi;

const strapi = () => playground.strapi;
const service = <T = any>(name: string) => strapi().plugin('microsoft-365').service(name) as T;
const sync = (address: string) => service<{ run(o: object): Promise<SyncRun> }>('sync').run({ mailboxes: [address], resources: ['calendar'] });
const alerts = async (): Promise<AlertsView> => {
  const res = await superAdmin.get('/microsoft-365/alerts');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
};
const testConnection = async () => {
  const res = await superAdmin.post('/microsoft-365/connection/test');
  assert.equal(res.status, 200);
  return res.body.data as { ok: boolean };
};
/** Alert mails the sender sent about `about` (a mailbox address, or "client secret"), by recipient. */
const alertMails = (about: string) =>
  emulator.control
    .listMessages(SENDER, 'sentitems')
    .filter((m) => String(m.subject).startsWith('Microsoft 365 sync') && String((m.body as { content: string }).content).includes(about))
    .map((m) => (m.toRecipients as Array<{ emailAddress: { address: string } }>).map((r) => r.emailAddress.address).join(','));

async function newMailbox(name: string): Promise<{ address: string; documentId: string }> {
  const address = `${name}-${randomBytes(3).toString('hex')}@${DEMO.tenantDomain}`;
  emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: name });
  const created = await service('mailboxes').create({ address, displayName: name });
  return { address, documentId: created.documentId };
}

/** Connects the plugin to a new app registration of the demo tenant (its own secret and roles). */
async function useApp(app: { permissions?: string[]; secretExpired?: boolean; blockedMailboxes?: string[]; passwordCredentials?: Array<{ endDateTime: string; value?: string; displayName?: string }> } = {}) {
  const clientId = randomUUID();
  const secret = `s3cret-${randomBytes(12).toString('hex')}`;
  const passwordCredentials = app.passwordCredentials?.map((c) => ({ ...c, value: c.value === '<secret>' ? secret : c.value }));
  emulator.control.addTenant({ tenantId: DEMO.tenantId, domain: DEMO.tenantDomain, apps: [{ clientId, secret, permissions: [...DEMO.permissions], ...app, passwordCredentials }] });
  await service('settings').update({ azure: { clientId, clientSecret: secret } });
  return { clientId, secret };
}

/** Events emitted from now on, for the assertions of one test. */
function recordEvents() {
  const health: HealthChange[] = [];
  const secret: SecretStatus[] = [];
  strapi().eventHub.on(HEALTH_CHANGED_EVENT, async (change: HealthChange) => void health.push(change));
  strapi().eventHub.on(SECRET_ALERT_EVENT, async (status: SecretStatus) => void secret.push(status));
  return { health, secret };
}

/** What a day going by does to the once-a-day bookkeeping: the alert row and the mailbox's last announcement. */
async function aDayLater(cause: string, address?: string): Promise<void> {
  const dayAgo = new Date(Date.now() - DAY_MS - 60_000);
  const { count } = await strapi().db.query(UID.alertLog).updateMany({ where: { key: causeKey(cause) }, data: { sentAt: dayAgo } });
  assert.equal(count, 1, `the cause ${cause} is kept`);
  if (address) {
    const [mailbox] = await strapi().db.query(UID.mailbox).findMany({ where: { address } });
    await strapi().db.query(UID.mailbox).updateMany({ where: { address }, data: { lastHealthAlert: { ...mailbox.lastHealthAlert, at: dayAgo.toISOString() } } });
  }
}

describe(`alerts (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    superAdmin = await registerSuperAdmin(playground.url);
    await service('settings').update({
      azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' },
      integrations: { calendar: true, tasks: false, email: false },
    });
  });
  beforeEach(() => emulator.control.clearFaults());

  test('with Application.Read.All the end date is read from the app registration: the secret in use by its hint, an alert within the warning days', async () => {
    const events = recordEvents();
    const inTenDays = new Date(Date.now() + 10 * DAY_MS).toISOString();
    const app = await useApp({
      permissions: [...DEMO.permissions, 'Application.Read.All'],
      passwordCredentials: [
        { value: '<secret>', displayName: 'Strapi', endDateTime: new Date(Date.now() + 400 * DAY_MS).toISOString() },
        { value: 'old-secret-of-another-service', displayName: 'Old one', endDateTime: inTenDays },
      ],
    });
    assert.deepEqual((await alerts()).secret, { state: 'unknown', note: 'not-checked', source: null, endsAt: null, checkedAt: null, secretName: null, warningDays: 30 }, 'not read yet');
    emulator.control.clearRequests();
    assert.equal((await testConnection()).ok, true);
    const reads = emulator.control.requests().filter((r) => r.path.startsWith('/v1.0/applications'));
    assert.deepEqual(reads.map((r) => [r.path, r.status]), [[`/v1.0/applications(appId='${app.clientId}')?%24select=passwordCredentials`, 200]]);
    const read = (await alerts()).secret;
    assert.deepEqual({ ...read, endsAt: null, checkedAt: null }, { state: 'ok', note: null, source: 'end-date', endsAt: null, checkedAt: null, secretName: 'Strapi', warningDays: 30 }, 'the one whose hint is the saved secret\'s, not the one ending sooner');
    assert.equal(events.secret.length, 0);

    emulator.control.setSecretEndDate(inTenDays, app.clientId);
    await testConnection();
    const expiring = (await alerts()).secret;
    assert.equal(expiring.state, 'expiring');
    assert.equal(expiring.endsAt, inTenDays);
    assert.deepEqual(events.secret.map((s) => s.state), ['expiring'], 'announced on the eventHub');

    await testConnection();
    await service('alerts').checkSecret();
    assert.equal(emulator.control.requests().filter((r) => r.path.startsWith('/v1.0/applications')).length, 3, 'the scheduler\'s look waits a day; a connection test reads at once');
    assert.deepEqual(events.secret.map((s) => s.state), ['expiring'], 'not again within the day');
    await aDayLater('secret:expiring');
    await testConnection();
    assert.deepEqual(events.secret.map((s) => s.state), ['expiring', 'expiring'], 'again the next day');
  });

  test('without the permission: a plain note, and the mailboxes stay healthy', async () => {
    const events = recordEvents();
    await useApp();
    const mailbox = await newMailbox('no-read');
    await testConnection();
    const { secret, mailboxes } = await alerts();
    assert.equal(secret.state, 'unknown');
    assert.equal(secret.note, 'permission');
    assert.ok(secret.checkedAt, 'it was tried');
    const run = await sync(mailbox.address);
    assert.equal(run.status, 'succeeded');
    assert.equal(mailboxes.length, 0);
    assert.deepEqual((await alerts()).mailboxes, [], 'no mailbox needs attention for it');
    assert.deepEqual([events.secret.length, events.health.length], [0, 0]);
  });

  test('an expired secret, told by AADSTS7000222 without the permission: the secret alert needs the admin, once a day', async () => {
    const events = recordEvents();
    await useApp({ secretExpired: true });
    const mailbox = await newMailbox('expired');
    const run = await sync(mailbox.address);
    assert.equal(run.status, 'failed');
    const view = await alerts();
    assert.deepEqual([view.secret.state, view.secret.source], ['expired', 'token']);
    assert.deepEqual(view.mailboxes.map((m) => [m.address, m.state, m.reason]), [[mailbox.address, 'needs-attention', 'expired_secret']]);
    await sync(mailbox.address);
    assert.deepEqual(events.secret.map((s) => [s.state, s.source]), [['expired', 'token']], 'once');
    assert.deepEqual(events.health.map((c) => [c.to, c.reason]), [['needs-attention', 'expired_secret']]);
    // A new secret saved: the mailbox goes through again, and the alert is gone.
    await service('settings').update({ azure: { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret } });
    assert.equal((await sync(mailbox.address)).status, 'succeeded');
    assert.deepEqual([(await alerts()).secret.state, (await alerts()).mailboxes.length], ['unknown', 0]);
  });

  test('once a day per cause: the same cause waits a day, a new cause alerts at once, an old one back within the day does not', async () => {
    const events = recordEvents();
    const mailbox = await newMailbox('causes');
    const mine = () => events.health.filter((c) => c.mailbox === mailbox.address).map((c) => `${c.to}:${c.reason ?? ''}`);
    await useApp({ permissions: DEMO.permissions.filter((p) => !p.startsWith('Calendars.')), blockedMailboxes: [] });
    await sync(mailbox.address);
    await sync(mailbox.address);
    assert.deepEqual(mine(), ['needs-attention:missing_permission'], 'the permission lost, announced once');

    await useApp({ blockedMailboxes: [mailbox.address] });
    await sync(mailbox.address);
    assert.deepEqual(mine(), ['needs-attention:missing_permission', 'needs-attention:mailbox_blocked'], 'a new cause at once');

    await useApp({ permissions: DEMO.permissions.filter((p) => !p.startsWith('Calendars.')) });
    await sync(mailbox.address);
    await sync(mailbox.address);
    assert.equal(mine().length, 2, 'the permission lost again the same day: not repeated');

    await aDayLater(`mailbox:${mailbox.address}:needs-attention:missing_permission`, mailbox.address);
    await sync(mailbox.address);
    assert.deepEqual(mine().slice(2), ['needs-attention:missing_permission'], 'the next day it is');

    await service('settings').update({ azure: { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret } });
    await sync(mailbox.address);
    assert.deepEqual(mine().slice(3), ['healthy:'], 'the mend is news, announced at once');
  });

  test('alert emails: off by default; on, to the mailbox owner and the super admins only, once a day per cause; a failed send breaks nothing', async () => {
    const owner = 'mailbox.owner@example.com';
    await adminWithActions(strapi(), playground.url, 'Mailbox Owner', []);
    await adminWithActions(strapi(), playground.url, 'Bystander', ['plugin::microsoft-365.settings.read']);
    const ownerId = (await strapi().db.query('admin::user').findOne({ where: { email: owner } })).id;
    assert.equal((await superAdmin.get('/microsoft-365/settings')).body.data.alerts.email, false, 'default off');

    const quiet = await newMailbox('mail-off');
    await service('mailboxes').update(quiet.documentId, { owner: ownerId });
    const mailbox = await newMailbox('mail-on');
    await service('mailboxes').update(mailbox.documentId, { owner: ownerId });
    await useApp({ permissions: DEMO.permissions.filter((p) => !p.startsWith('Calendars.')) });
    await sync(quiet.address);
    assert.deepEqual(alertMails(quiet.address), [], 'the setting is off');

    const saved = await superAdmin.put('/microsoft-365/settings', { alerts: { email: true } });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.data.alerts.email, true);
    assert.equal((await superAdmin.put('/microsoft-365/settings', { alerts: { email: 'yes' } })).body.error.details.errors[0].path.join('.'), 'alerts.email');
    await sync(mailbox.address);
    assert.deepEqual(alertMails(mailbox.address).sort(), [owner, SUPER_ADMIN.email].sort(), 'one mail each, nobody else');
    await sync(mailbox.address);
    assert.equal(alertMails(mailbox.address).length, 2, 'not again within the day');

    // The mail sender failing (Graph refusing sendMail): logged, and the run is what it was.
    await aDayLater(`mailbox:${mailbox.address}:needs-attention:missing_permission`, mailbox.address);
    emulator.control.addFault({ pathPattern: '/sendMail', status: 403, code: 'ErrorAccessDenied', times: 10 });
    const run = await sync(mailbox.address);
    assert.equal(run.status, 'failed', 'failed for the missing permission, as before');
    assert.equal(alertMails(mailbox.address).length, 2);
    await service('settings').update({ alerts: { email: false }, azure: { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret } });
  });
});
