// Live updates across two Strapi processes on one PostgreSQL database: the process Graph posts to is
// killed right after its 202, before its debounce has run the delta; the other process's tick finds
// the persisted notification and pulls the scope, and the change arrives once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { UID } from '../../shared/plugin';
import { DEMO, startEmulator, type Emulator } from '../emulator';
import { createTestDatabase, currentDatabaseKind, type TestDatabase } from '../helpers/databases';
import { freePort, notificationUrlOf } from '../helpers/live-updates';
import { forkStrapiChild, type StrapiChild } from '../helpers/strapi-children';
import { waitFor } from '../helpers/wait';
import { graphTime } from './sync-support';

const skip =
  currentDatabaseKind() !== 'postgres'
    ? 'needs TEST_DATABASE=postgres (one database shared by two processes)'
    : !process.env.NODE_EXTRA_CA_CERTS
      ? 'needs NODE_EXTRA_CA_CERTS=test/emulator/.certs/ca.pem to trust the Graph emulator'
      : false;
/** Long enough for the test to kill the receiver between its 202 and its own delta run. */
const DEBOUNCE_MS = 3000;

describe('live updates: two Strapi processes on one PostgreSQL', () => {
  let database: TestDatabase | undefined;
  let emulator: Emulator | undefined;
  let receiver: StrapiChild | undefined;
  let survivor: StrapiChild | undefined;
  let receiverPort = 0;
  const sharedKey = () => randomBytes(16).toString('base64');
  const address = `two-live-${randomBytes(3).toString('hex')}@${DEMO.tenantDomain}`;

  before(async () => {
    if (skip) return;
    emulator = await startEmulator({ port: 0, seed: 'demo' });
    emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: 'Two processes' });
    receiverPort = await freePort();
    const env: Record<string, string> = {
      APP_KEYS: `${sharedKey()},${sharedKey()}`,
      ENCRYPTION_KEY: sharedKey(),
      ADMIN_JWT_SECRET: sharedKey(),
      MICROSOFT365_AUTHORITY_HOST: emulator.authorityHost,
      MICROSOFT365_GRAPH_BASE_URL: emulator.graphBaseUrl,
      MICROSOFT365_SCHEDULER: 'true',
      MICROSOFT365_SCHEDULER_TICK: '* * * * * *',
      MICROSOFT365_LEASE_TTL_SECONDS: '5',
      // Every process is configured with the one public URL (here: the receiver's).
      MICROSOFT365_NOTIFICATION_URL: notificationUrlOf(receiverPort),
      MICROSOFT365_NOTIFICATION_DEBOUNCE_MS: String(DEBOUNCE_MS),
    };
    database = await createTestDatabase('postgres', `ms365_live_${Date.now().toString(36)}`);
    receiver = await forkStrapiChild(database.env, { ...env, PORT: String(receiverPort) });
    survivor = await forkStrapiChild(database.env, env);
  });

  after(async () => {
    await Promise.all([receiver, survivor].map((child) => child?.stop()));
    await database?.drop();
    await emulator?.close();
  });

  test('the receiver dies right after its 202: the other process pulls the change, once', { skip }, async () => {
    await survivor!.request({
      op: 'settings',
      patch: { azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' }, integrations: { calendar: true, tasks: false, email: false } },
    });
    await survivor!.request({ op: 'createMailbox', address });
    const control = emulator!.control;
    // The first scheduled run, and the subscription (made by whichever process ticks first).
    await waitFor('the mailbox subscribed', () => control.subscriptions().some((s) => s.resource.includes(address)), 30_000);
    await waitFor('the first run and the subscription’s own delta done', async () => {
      const rows = await survivor!.request<Array<{ dueSince: string | null }>>({ op: 'find', uid: UID.syncSubscription });
      const runs = await survivor!.request<Array<{ status: string }>>({ op: 'runs' });
      return rows.length === 1 && rows[0]!.dueSince === null && runs.length > 0 && runs.every((r) => r.status !== 'running');
    }, 30_000);

    const answeredBefore = control.notificationLog().filter((a) => a.status === 202).length;
    control.createEvent(address, { subject: 'Told a dying process', start: graphTime(30), end: graphTime(31) });
    await waitFor('the receiver’s 202', () => control.notificationLog().filter((a) => a.status === 202).length > answeredBefore, 10_000, 2);
    await receiver!.kill('SIGKILL');
    const killedAt = Date.now();

    const entries = await waitFor(
      'the event in Strapi',
      async () => {
        const found = await survivor!.request<Array<{ subject: string }>>({ op: 'find', uid: UID.calendarEvent, where: { subject: 'Told a dying process' } });
        return found.length > 0 ? found : null;
      },
      30_000,
    );
    console.log(`# pulled by the other process ${Date.now() - killedAt} ms after the receiver died`);
    assert.equal(entries.length, 1);
    const runs = await survivor!.request<Array<{ trigger: string; status: string }>>({ op: 'runs' });
    assert.ok(runs.some((r) => r.trigger === 'notification' && r.status === 'succeeded'), 'a notification run pulled it');
    // Still once after the next ticks.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal((await survivor!.request<unknown[]>({ op: 'find', uid: UID.calendarEvent, where: { subject: 'Told a dying process' } })).length, 1);
  });
});
