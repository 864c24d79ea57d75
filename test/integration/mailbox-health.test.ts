// Mailbox health (issue 13): a failure only an admin can mend (a secret, a permission, a mailbox, an
// access policy) marks the mailbox "needs attention" at once; throttling, outages and network faults
// never do — only a streak of them longer than degradedAfterHours makes it "degraded". A run in which
// everything went through makes it healthy again. Read through GET /mailboxes' service, as the page does.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { DEMO } from '../emulator';
import { UID } from '../../shared/plugin';
import type { Mailbox } from '../../shared/api';
import { resultFor, useSyncWorld } from './sync-support';
import { HEALTH_CHANGED_EVENT, type HealthChange } from '../../server/src/mailboxes/health-events';

describe(`mailbox health (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();
  const mailboxes = () => world.strapi.plugin('microsoft-365').service('mailboxes');
  const mailboxOf = async (address: string) => ((await mailboxes().list()) as Mailbox[]).find((m) => m.address === address)!;
  /** The state, its reason and since (the per-resource part is checked on its own). */
  const healthOf = async (address: string) => {
    const { resources: _resources, retryAt: _retryAt, liveUpdates: _liveUpdates, ...health } = (await mailboxOf(address)).health;
    return health;
  };
  const sync = (address: string) => world.sync.run({ mailboxes: [address], resources: ['calendar'] });

  /** Runs `body` with the plugin connected through another app registration of the demo tenant, then reconnects the demo app. */
  async function withApp(app: { secretExpired?: boolean; permissions?: string[]; blockedMailboxes?: string[] }, body: () => Promise<void>, typedSecret?: string): Promise<void> {
    const clientId = randomUUID();
    const secret = `secret-${clientId}`;
    world.emulator.control.addTenant({ tenantId: DEMO.tenantId, domain: DEMO.tenantDomain, apps: [{ clientId, secret, permissions: [...DEMO.permissions], ...app }] });
    const settings = world.strapi.plugin('microsoft-365').service('settings');
    await settings.update({ azure: { clientId, clientSecret: typedSecret ?? secret } });
    try {
      await body();
    } finally {
      await settings.update({ azure: { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret } });
    }
  }

  test('a mailbox that syncs is healthy; a switched-off one is disabled', async () => {
    const mailbox = await world.newMailbox('health-ok');
    assert.deepEqual(await healthOf(mailbox.address), { state: 'healthy', reason: null, since: null }, 'never synced is no failure');
    assert.equal((await sync(mailbox.address)).status, 'succeeded');
    assert.deepEqual(await healthOf(mailbox.address), { state: 'healthy', reason: null, since: null });
    await mailboxes().update(mailbox.documentId, { enabled: false });
    assert.deepEqual(await healthOf(mailbox.address), { state: 'disabled', reason: null, since: null });
  });

  test('per resource: when it last went through, items linked, quarantined items, held deletions; a failed resource keeps its last success', async () => {
    const mailbox = await world.newMailbox('health-resources');
    for (let i = 0; i < 3; i++) world.outlookCreate(mailbox.address, `Health ${i}`, 5 + i);
    const before = Date.now();
    assert.equal((await sync(mailbox.address)).status, 'succeeded');
    const [calendar] = (await mailboxOf(mailbox.address)).health.resources;
    assert.equal(calendar!.resource, 'calendar');
    assert.deepEqual({ ...calendar, lastSuccessAt: null }, { resource: 'calendar', lastSuccessAt: null, items: 3, quarantined: 0, heldDeletions: 0 });
    assert.ok(Date.parse(calendar!.lastSuccessAt!) >= before - 1000, 'stamped by this run');
    assert.deepEqual(
      (await mailboxOf(mailbox.address)).health.resources.map((r) => r.resource),
      ['calendar', 'tasks', 'email'],
      'every resource the mailbox is switched on for, synced yet or not',
    );

    // The counts read the bookkeeping as the quarantine and the breaker leave it (their own tests make it happen).
    await world.strapi.db.query(UID.syncQuarantine).create({ data: { mailbox: mailbox.address, resource: 'calendar', side: 'pull', remoteId: 'AAMk-x', code: 'database_error', reason: 'test' } });
    const [mapping] = await world.strapi.db.query(UID.syncMapping).findMany({ where: { mailbox: mailbox.address, resource: 'calendar' }, limit: 1 });
    await world.strapi.db.query(UID.syncMapping).update({ where: { id: mapping!.id }, data: { heldSide: 'microsoft', heldState: 'held', heldAt: new Date() } });
    const counted = (await mailboxOf(mailbox.address)).health.resources[0]!;
    assert.deepEqual([counted.items, counted.quarantined, counted.heldDeletions], [3, 1, 1]);
    await world.strapi.db.query(UID.syncMapping).update({ where: { id: mapping!.id }, data: { heldSide: null, heldState: null, heldAt: null } });

    world.emulator.control.addFault({ pathPattern: '/calendarView/delta', mailbox: mailbox.address, status: 500, code: 'InternalServerError', times: 1 });
    assert.equal((await sync(mailbox.address)).status, 'failed');
    assert.equal((await mailboxOf(mailbox.address)).health.resources[0]!.lastSuccessAt, calendar!.lastSuccessAt, 'the lag grows while it fails');
  });

  test('needs an admin: expired secret, wrong secret, missing permission — then healthy again once mended', async () => {
    const mailbox = await world.newMailbox('health-secret');
    const announced: HealthChange[] = [];
    world.strapi.eventHub.on(HEALTH_CHANGED_EVENT, async (change: HealthChange) => {
      if (change.mailbox === mailbox.address) announced.push(change);
    });
    await withApp({ secretExpired: true }, async () => {
      const run = await sync(mailbox.address);
      assert.equal(resultFor(run, mailbox.address).errors[0]?.code, 'expired_secret');
      const health = await healthOf(mailbox.address);
      assert.equal(health.state, 'needs-attention');
      assert.equal(health.reason, 'expired_secret');
      assert.ok(health.since, 'the failure is dated');
    });
    await withApp(
      {},
      async () => {
        await sync(mailbox.address);
        assert.deepEqual({ ...(await healthOf(mailbox.address)), since: null }, { state: 'needs-attention', reason: 'invalid_secret', since: null });
      },
      'not-the-secret',
    );
    await withApp({ permissions: DEMO.permissions.filter((p) => !p.startsWith('Calendars.')) }, async () => {
      await sync(mailbox.address);
      assert.equal((await healthOf(mailbox.address)).reason, 'missing_permission');
    });
    assert.equal((await sync(mailbox.address)).status, 'succeeded');
    assert.deepEqual(await healthOf(mailbox.address), { state: 'healthy', reason: null, since: null }, 'a good run clears it');
    assert.deepEqual(
      announced.map((c) => [c.from, c.to, c.reason]),
      [
        ['healthy', 'needs-attention', 'expired_secret'],
        ['needs-attention', 'needs-attention', 'invalid_secret'],
        ['needs-attention', 'needs-attention', 'missing_permission'],
        ['needs-attention', 'healthy', null],
      ],
      'each move announced once on the eventHub',
    );
  });

  test('a run of some resources only does not clear what another resource needs', async () => {
    const settings = world.strapi.plugin('microsoft-365').service('settings');
    const mailbox = await world.newMailbox('health-partial');
    await settings.update({ integrations: { calendar: true, tasks: true, email: false } });
    try {
      await withApp({ permissions: DEMO.permissions.filter((p) => p !== 'Tasks.ReadWrite.All') }, async () => {
        await world.sync.run({ mailboxes: [mailbox.address] });
        assert.equal((await healthOf(mailbox.address)).reason, 'missing_permission', 'To Do refused');
        assert.equal((await sync(mailbox.address)).status, 'succeeded', 'the calendar alone goes through');
        assert.equal((await healthOf(mailbox.address)).reason, 'missing_permission', 'To Do still needs the permission');
      });
      assert.equal((await world.sync.run({ mailboxes: [mailbox.address] })).status, 'succeeded');
      assert.deepEqual(await healthOf(mailbox.address), { state: 'healthy', reason: null, since: null });
    } finally {
      await settings.update({ integrations: { calendar: true, tasks: false, email: false } });
    }
  });

  test('needs an admin, per mailbox: one blocked by an access policy, one unknown to the tenant; the others stay healthy', async () => {
    const blocked = await world.newMailbox('health-blocked');
    const fine = await world.newMailbox('health-fine');
    const ghost = `ghost-${randomUUID().slice(0, 8)}@${DEMO.tenantDomain}`;
    await mailboxes().create({ address: ghost, displayName: 'Not in Exchange' });
    await withApp({ blockedMailboxes: [blocked.address] }, async () => {
      const run = await world.sync.run({ mailboxes: [blocked.address, fine.address, ghost], resources: ['calendar'] });
      assert.equal(run.status, 'partial');
      assert.equal((await healthOf(blocked.address)).reason, 'mailbox_blocked');
      assert.equal((await healthOf(ghost)).reason, 'mailbox_not_found');
      assert.equal((await healthOf(fine.address)).state, 'healthy');
    });
  });

  test('transient: a Graph 500 or an identity-platform outage never needs an admin; a streak past degradedAfterHours is degraded', async () => {
    const mailbox = await world.newMailbox('health-transient');
    world.emulator.control.addFault({ pathPattern: '/calendarView/delta', mailbox: mailbox.address, status: 500, code: 'InternalServerError', times: 1 });
    const run = await sync(mailbox.address);
    assert.equal(run.status, 'failed');
    const first = await healthOf(mailbox.address);
    assert.equal(first.state, 'healthy', 'one failed run is not a broken mailbox');
    assert.ok(first.since, 'but the streak is dated');

    // The token endpoint down (a Microsoft outage, not a revoked secret: HubSpot's mistake).
    await withApp({}, async () => {
      world.emulator.control.addFault({ pathPattern: '/oauth2/v2.0/token', status: 500, code: 'temporarily_unavailable', times: 5 });
      const outage = await sync(mailbox.address);
      world.emulator.control.clearFaults();
      assert.equal(outage.status, 'failed');
      const health = await healthOf(mailbox.address);
      assert.equal(health.state, 'healthy', `an outage is transient: ${JSON.stringify(resultFor(outage, mailbox.address).errors)}`);
      assert.equal(health.since, first.since, 'the streak keeps the time it began');
    });

    // Seven hours of such failures (the default limit is six).
    const sevenHoursAgo = new Date(Date.now() - 7 * 3_600_000);
    await world.strapi.db.query(UID.mailbox).updateMany({ where: { address: mailbox.address }, data: { failingSince: sevenHoursAgo } });
    assert.deepEqual(await healthOf(mailbox.address), { state: 'degraded', reason: 'transient', since: sevenHoursAgo.toISOString() });

    assert.equal((await sync(mailbox.address)).status, 'succeeded');
    assert.deepEqual(await healthOf(mailbox.address), { state: 'healthy', reason: null, since: null });
  });

  test('transient streak: scheduled runs back off (Sync now does not); once the wait is over the schedule tries again', async () => {
    const mailbox = await world.newMailbox('health-backoff');
    const other = await world.newMailbox('health-backoff-other');
    world.emulator.control.addFault({ pathPattern: '/calendarView/delta', mailbox: mailbox.address, status: 500, code: 'InternalServerError', times: 1 });
    assert.equal((await sync(mailbox.address)).status, 'failed');
    const failed = await mailboxOf(mailbox.address);
    const intervalMs = (await world.strapi.plugin('microsoft-365').service('settings').get()).sync.intervalMinutes * 60_000;
    assert.equal(Date.parse(failed.health.retryAt!), Date.parse(failed.lastSyncAt!) + intervalMs, 'the first wait is one interval');

    const scheduled = await world.sync.run({ trigger: 'schedule', resources: ['calendar'] });
    const covered = new Set(scheduled.results.map((r) => r.mailbox));
    assert.ok(!covered.has(mailbox.address), 'the scheduled run leaves the failing mailbox alone');
    assert.ok(covered.has(other.address), 'and takes the others');
    assert.equal((await mailboxOf(mailbox.address)).lastSyncAt, failed.lastSyncAt);

    // The wait is over (as if the interval had passed): the schedule takes it, it goes through, no more waiting.
    const before = new Date(Date.now() - intervalMs - 60_000);
    await world.strapi.db.query(UID.mailbox).updateMany({ where: { address: mailbox.address }, data: { failingSince: before, lastSyncAt: before } });
    const retried = await world.sync.run({ trigger: 'schedule', resources: ['calendar'] });
    assert.equal(resultFor(retried, mailbox.address).errors.length, 0);
    const healed = await mailboxOf(mailbox.address);
    assert.deepEqual([healed.health.state, healed.health.retryAt, healed.failingSince], ['healthy', null, null]);
  });
});
