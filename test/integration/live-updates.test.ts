// Live updates: Graph change notifications drive the sync, the schedule is the backstop. A real
// Strapi listening on a known port, the emulator posting to it over HTTP as Graph would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { UID } from '../../shared/plugin';
import type { Mailbox } from '../../shared/api';
import { freePort, liveUpdatesEnv, notificationUrlOf } from '../helpers/live-updates';
import { waitFor } from '../helpers/wait';
import { SyncWorld, resultFor } from './sync-support';

const DEBOUNCE_MS = 500;

describe(`live updates (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = new SyncWorld();
  let port = 0;
  const notifications = () => world.strapi.plugin('microsoft-365').service('notifications');
  const subscriptionRows = () => world.strapi.db.query(UID.syncSubscription as never).findMany({}) as Promise<Array<Record<string, any>>>;
  const notificationRuns = async () =>
    (await world.strapi.db.query(UID.syncRun as never).findMany({ where: { trigger: 'notification' }, orderBy: { startedAt: 'asc' } })) as Array<Record<string, any>>;
  const subscriptionsOf = (address: string) => world.emulator.control.subscriptions().filter((s) => s.resource.toLowerCase().includes(address.toLowerCase()));
  /** A mailbox with its calendar subscribed, and synced once, so what follows starts from a cursor. */
  const subscribedMailbox = async (name: string) => {
    const mailbox = await world.newMailbox(name);
    await world.syncMailbox(mailbox.address);
    await notifications().maintain();
    await waitFor('its subscription', () => subscriptionsOf(mailbox.address).length === 1, 10_000);
    await settled();
    return mailbox;
  };
  /** An event made in Outlook whose notifications Graph never delivers. */
  const unannouncedOutlookCreate = async (address: string, subject: string, hoursFromNow: number) => {
    world.emulator.control.setNotificationDelivery({ drop: 'all' });
    try {
      world.outlookCreate(address, subject, hoursFromNow);
      await world.emulator.control.notificationsIdle();
    } finally {
      world.emulator.control.resetNotificationDelivery();
    }
  };
  /** Every notification delivered and every dispatch done. */
  const settled = async () => {
    await world.emulator.control.notificationsIdle();
    await sleep(DEBOUNCE_MS + 200);
    await notifications().dispatch();
    await world.sync.idle();
  };

  before(async () => {
    port = await freePort();
    await world.start({}, { env: liveUpdatesEnv(port, DEBOUNCE_MS) });
  });
  after(() => world.stop());

  test('the endpoint answers Graph’s validation request by echoing the token as text/plain', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 4a1c';
    const response = await fetch(`${notificationUrlOf(port)}?validationToken=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await response.text(), token);
  });

  test('a mailbox gets a subscription per synced scope, with its own clientState, shown in its health', async () => {
    const mailbox = await subscribedMailbox('subscribe');
    const [subscription] = subscriptionsOf(mailbox.address);
    assert.equal(subscription!.notificationUrl, notificationUrlOf(port));
    assert.equal(subscription!.changeType, 'created,updated,deleted');
    assert.match(subscription!.resource, /\/events$/);
    const rows = (await subscriptionRows()).filter((r) => r.mailbox === mailbox.address);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.subscriptionId, subscription!.id);
    assert.ok(subscription!.clientState && !String(rows[0]!.clientStateSealed).includes(subscription!.clientState), 'the clientState is stored sealed');
    const listed = (await world.strapi.plugin('microsoft-365').service('mailboxes').list()) as Mailbox[];
    const health = listed.find((m) => m.address === mailbox.address)!.health;
    assert.equal(health.liveUpdates?.state, 'on');
    assert.equal(new Date(health.liveUpdates!.until!).toISOString(), new Date(subscription!.expirationDateTime).toISOString());
  });

  test('a change in Outlook reaches Strapi with no scheduled run, through one delta request', async () => {
    const mailbox = await subscribedMailbox('outlook-change');
    const before = (await notificationRuns()).length;
    world.outlookCreate(mailbox.address, 'Made in Outlook', 30);
    const entry = await waitFor('the event in Strapi', async () => (await world.localEvents(mailbox.address)).find((e) => e.subject === 'Made in Outlook'), 10_000);
    assert.ok(entry);
    await world.sync.idle();
    const runs = (await notificationRuns()).slice(before);
    assert.equal(runs.length, 1);
    const result = resultFor(runs[0] as never, mailbox.address);
    assert.deepEqual(result.pulled, { created: 1, updated: 0, deleted: 0 });
    assert.equal(result.graphRequests, 1, 'one delta request');
    await world.assertInStep(mailbox.address);
  });

  test('a notification with a wrong clientState is answered 202 and changes nothing', async () => {
    const mailbox = await subscribedMailbox('forged');
    const [subscription] = subscriptionsOf(mailbox.address);
    const runsBefore = (await notificationRuns()).length;
    const forged = { value: [{ subscriptionId: subscription!.id, clientState: 'guessed', changeType: 'created', resource: 'x', tenantId: 'x' }] };
    const response = await fetch(notificationUrlOf(port), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    assert.equal(response.status, 202);
    const unknown = await fetch(notificationUrlOf(port), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: [{ subscriptionId: 'nope', clientState: 'x' }] }) });
    assert.equal(unknown.status, 202, 'an unknown subscription gets the same answer');
    const row = (await subscriptionRows()).find((r) => r.mailbox === mailbox.address)!;
    assert.equal(row.dueSince, null);
    await sleep(DEBOUNCE_MS + 300);
    assert.equal((await notificationRuns()).length, runsBefore);
  });

  test('duplicated and replayed notifications change nothing twice', async () => {
    const mailbox = await subscribedMailbox('duplicates');
    world.emulator.control.setNotificationDelivery({ duplicate: 3 });
    try {
      world.outlookCreate(mailbox.address, 'Told four times', 40);
      await waitFor('the event in Strapi', async () => (await world.localEvents(mailbox.address)).some((e) => e.subject === 'Told four times'), 10_000);
      await settled();
    } finally {
      world.emulator.control.resetNotificationDelivery();
    }
    const [subscription] = subscriptionsOf(mailbox.address);
    const replay = { value: [{ subscriptionId: subscription!.id, clientState: subscription!.clientState, changeType: 'created', resource: `Users/x/Events/y`, tenantId: 'x' }] };
    const runsBefore = (await notificationRuns()).length;
    const response = await fetch(notificationUrlOf(port), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(replay) });
    assert.equal(response.status, 202);
    await settled();
    const replayRuns = (await notificationRuns()).slice(runsBefore);
    assert.equal(replayRuns.length, 1, 'the replay costs one quiet delta');
    assert.equal(resultFor(replayRuns[0] as never, mailbox.address).graphRequests, 1);
    assert.equal(resultFor(replayRuns[0] as never, mailbox.address).pulled.created, 0);
    assert.equal((await world.localEvents(mailbox.address)).filter((e) => e.subject === 'Told four times').length, 1);
  });

  test('a burst of changes in one mailbox makes one delta run', async () => {
    const mailbox = await subscribedMailbox('burst');
    const before = (await notificationRuns()).length;
    for (let i = 0; i < 100; i++) world.outlookCreate(mailbox.address, `Burst ${i}`, 50 + i);
    await waitFor('every event in Strapi', async () => (await world.localEvents(mailbox.address)).filter((e) => String(e.subject).startsWith('Burst')).length === 100, 20_000);
    await settled();
    const runs = (await notificationRuns()).slice(before);
    assert.equal(runs.length, 1);
    assert.equal(resultFor(runs[0] as never, mailbox.address).pulled.created, 100);
  });

  test('1,000 notifications for one mailbox, posted at once, make one delta run', async () => {
    const mailbox = await subscribedMailbox('thousand');
    const [subscription] = subscriptionsOf(mailbox.address);
    const before = (await notificationRuns()).length;
    const notification = { subscriptionId: subscription!.id, clientState: subscription!.clientState, changeType: 'updated', resource: 'Users/x/Events/y', tenantId: 'x' };
    // 50 POSTs of 20, all in flight together, as Graph would send a storm.
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(notificationUrlOf(port), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: Array(20).fill(notification) }) }),
      ),
    );
    assert.ok(answers.every((a) => a.status === 202));
    const row = (await subscriptionRows()).find((r) => r.mailbox === mailbox.address)!;
    assert.ok(Number(row.notifyCount) >= 1000, 'every notification persisted before its 202');
    await settled();
    const runs = (await notificationRuns()).slice(before);
    assert.equal(runs.length, 1);
    assert.equal(resultFor(runs[0] as never, mailbox.address).graphRequests, 1);
  });

  test('our own writes’ notifications cost at most one quiet delta and write nothing', async () => {
    const mailbox = await subscribedMailbox('own-writes');
    await world.strapiCreate(mailbox, { subject: 'Made in Strapi', start: new Date(Date.now() + 3 * 86_400_000).toISOString(), end: new Date(Date.now() + 3 * 86_400_000 + 3_600_000).toISOString() });
    const before = (await notificationRuns()).length;
    await world.syncMailbox(mailbox.address);
    const entryBefore = (await world.localEvents(mailbox.address)).find((e) => e.subject === 'Made in Strapi')!;
    await settled();
    const runs = (await notificationRuns()).slice(before);
    assert.ok(runs.length <= 1);
    for (const run of runs) {
      const result = resultFor(run as never, mailbox.address);
      assert.equal(result.graphRequests, 1);
      assert.deepEqual(result.pulled, { created: 0, updated: 0, deleted: 0 });
    }
    const entryAfter = (await world.localEvents(mailbox.address)).find((e) => e.subject === 'Made in Strapi')!;
    assert.equal(new Date(entryAfter.updatedAt).getTime(), new Date(entryBefore.updatedAt).getTime());
  });

  test('a dropped notification is caught by the schedule', async () => {
    const mailbox = await subscribedMailbox('dropped');
    await unannouncedOutlookCreate(mailbox.address, 'Never announced', 60);
    await settled();
    assert.equal((await world.localEvents(mailbox.address)).some((e) => e.subject === 'Never announced'), false);
    const run = await world.sync.run({ trigger: 'schedule' });
    assert.equal(resultFor(run, mailbox.address).pulled.created, 1);
  });

  test('a subscription is renewed before it expires, and created again when Graph has let it go', async () => {
    const mailbox = await subscribedMailbox('renew');
    const [before] = subscriptionsOf(mailbox.address);
    // As if a third of its lifetime were left: due for renewal.
    await world.strapi.db.query(UID.syncSubscription as never).updateMany({ where: { mailbox: mailbox.address }, data: { renewAt: new Date(Date.now() - 1000) } });
    world.emulator.control.clearRequests();
    const report = await notifications().maintain();
    assert.ok(report.renewed >= 1);
    const [renewed] = subscriptionsOf(mailbox.address);
    assert.equal(renewed!.id, before!.id);
    assert.ok(world.emulator.control.requests().some((r) => r.method === 'PATCH' && r.path.includes(`/subscriptions/${before!.id}`)));
    const row = (await subscriptionRows()).find((r) => r.mailbox === mailbox.address)!;
    assert.ok(new Date(row.renewAt).getTime() > Date.now() + 86_400_000, 'the next renewal is days away');

    // Expired in Graph meanwhile: the renewal's 404 makes a new one.
    world.emulator.control.expireSubscription(before!.id);
    await world.strapi.db.query(UID.syncSubscription as never).updateMany({ where: { mailbox: mailbox.address }, data: { renewAt: new Date(Date.now() - 1000) } });
    await notifications().maintain();
    const live = subscriptionsOf(mailbox.address);
    assert.equal(live.length, 1);
    assert.notEqual(live[0]!.id, before!.id);
    await settled();
  });

  test('subscriptionRemoved: created again, and a delta brings what changed meanwhile', async () => {
    const mailbox = await subscribedMailbox('removed');
    const [before] = subscriptionsOf(mailbox.address);
    await unannouncedOutlookCreate(mailbox.address, 'While it was gone', 70);
    world.emulator.control.removeSubscription(before!.id);
    await waitFor('a new subscription', () => subscriptionsOf(mailbox.address).some((s) => s.id !== before!.id), 10_000);
    await waitFor('the event in Strapi', async () => (await world.localEvents(mailbox.address)).some((e) => e.subject === 'While it was gone'), 10_000);
    await settled();
  });

  test('missed: a delta run catches up', async () => {
    const mailbox = await subscribedMailbox('missed');
    const [subscription] = subscriptionsOf(mailbox.address);
    await unannouncedOutlookCreate(mailbox.address, 'Missed one', 80);
    world.emulator.control.sendLifecycleEvent(subscription!.id, 'missed');
    await waitFor('the event in Strapi', async () => (await world.localEvents(mailbox.address)).some((e) => e.subject === 'Missed one'), 10_000);
    await settled();
  });

  test('switching a mailbox off deletes its subscriptions in Graph and here', async () => {
    const mailbox = await subscribedMailbox('switch-off');
    await world.strapi.plugin('microsoft-365').service('mailboxes').update(mailbox.documentId, { enabled: false });
    await waitFor('its subscriptions gone', () => subscriptionsOf(mailbox.address).length === 0, 10_000);
    assert.equal((await subscriptionRows()).filter((r) => r.mailbox === mailbox.address).length, 0);
    const listed = (await world.strapi.plugin('microsoft-365').service('mailboxes').list()) as Mailbox[];
    assert.equal(listed.find((m) => m.address === mailbox.address)!.health.liveUpdates?.state, 'off');
  });
});
