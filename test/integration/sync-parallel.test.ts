// Several mailboxes in one run, synced at once: each keeps its own result, no mailbox goes over the
// per-mailbox request cap, and a crash in one mailbox's pair mid-run (which stops the others at their
// next checkpoint) loses and duplicates nothing anywhere once the run is repeated.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Checkpoint } from '../../server/src/sync/run-types';
import { changes, isoTime, resultFor, useSyncWorld, type SyncWorld } from './sync-support';

const MAILBOXES = 6;
const PER_MAILBOX_CAP = 4;

let world: SyncWorld;
let mailboxes: Array<{ address: string; documentId: string }> = [];
const addresses = () => mailboxes.map((m) => m.address);

/** Graph requests of our mailboxes overlapped in time across two different mailboxes. */
function mailboxesOverlapped(): boolean {
  const ours = new Set(addresses());
  const spans = world.emulator.control
    .requests()
    .filter((r) => r.kind === 'graph' && r.mailbox && ours.has(r.mailbox))
    .map((r) => ({ mailbox: r.mailbox!, from: Date.parse(r.startedAt), to: Date.parse(r.startedAt) + r.durationMs }));
  return spans.some((a) => spans.some((b) => a.mailbox !== b.mailbox && a.from < b.to && b.from < a.to));
}

async function syncAll() {
  return world.sync.run({ mailboxes: addresses(), resources: ['calendar'] });
}

/** Creates, edits and deletes on both sides of every mailbox, a different amount in each. */
async function changeEverywhere(round: number): Promise<void> {
  for (const [index, mailbox] of mailboxes.entries()) {
    const remote = world.remoteEvents(mailbox.address);
    const local = await world.localEvents(mailbox.address);
    for (let i = 0; i <= index % 3; i++) world.outlookCreate(mailbox.address, `Outlook r${round} m${index}.${i}`, 2 + round * 20 + i);
    const fromOutlook = remote.filter((e) => String(e.subject).startsWith('Outlook'));
    if (fromOutlook[0]) world.emulator.control.updateEvent(mailbox.address, fromOutlook[0].id, { subject: `${fromOutlook[0].subject} edited in Outlook` });
    if (fromOutlook[1]) world.emulator.control.deleteEvent(mailbox.address, fromOutlook[1].id);
    await world.strapiCreate(mailbox, { subject: `Strapi r${round} m${index}`, start: isoTime(10 + round * 20), end: isoTime(11 + round * 20) });
    const fromStrapi = local.filter((e) => String(e.subject).startsWith('Strapi'));
    if (fromStrapi[0]) await world.strapiUpdate(fromStrapi[0].documentId, { subject: `${fromStrapi[0].subject} edited in Strapi` });
    if (fromStrapi[1]) await world.strapiDelete(fromStrapi[1].documentId);
  }
}

describe(`mailboxes synced in parallel (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld();
  before(async () => {
    // Several delta pages per mailbox, and a round trip long enough for requests to overlap visibly.
    world.strapi.config.set('plugin::microsoft-365.pageSize', 2);
    world.emulator.control.configure({ latencyMs: 15 });
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    mailboxes = [];
    for (let i = 0; i < MAILBOXES; i++) mailboxes.push(await world.newMailbox(`parallel-${i}`));
  });

  test('one run syncs six mailboxes at once; each result holds only its own mailbox`s changes', async () => {
    const expected = new Map<string, { pulled: number; pushed: number }>();
    for (const [index, mailbox] of mailboxes.entries()) {
      const outlook = 3 + index; // a different count per mailbox, so results cannot be swapped unnoticed
      for (let i = 0; i < outlook; i++) world.outlookCreate(mailbox.address, `Outlook m${index}.${i}`, 1 + i);
      const strapi = 1 + (index % 2);
      for (let i = 0; i < strapi; i++) await world.strapiCreate(mailbox, { subject: `Strapi m${index}.${i}`, start: isoTime(30 + i), end: isoTime(31 + i) });
      expected.set(mailbox.address, { pulled: outlook, pushed: strapi });
    }
    world.emulator.control.clearRequests();

    const run = await syncAll();
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    assert.equal(run.results.length, MAILBOXES);
    assert.deepEqual(new Set(run.results.map((r) => r.mailbox)), new Set(addresses()), 'one result per mailbox');

    const stats = world.emulator.control.stats();
    for (const mailbox of mailboxes) {
      const result = resultFor(run, mailbox.address);
      const { pulled, pushed } = expected.get(mailbox.address)!;
      assert.deepEqual(result.errors, []);
      assert.deepEqual([result.pulled.created, result.pulled.updated, result.pulled.deleted], [pulled, 0, 0], `${mailbox.address} pulled`);
      assert.deepEqual([result.pushed.created, result.pushed.updated, result.pushed.deleted], [pushed, 0, 0], `${mailbox.address} pushed`);
      assert.equal(result.conflicts, 0);
      // Its own Graph calls: the first delta round of this mailbox, pages of at most 2 events.
      const ownDeltaPages = world.emulator.control.requests().filter((r) => r.mailbox === mailbox.address && r.kind === 'graph' && !r.inBatch && r.path.includes('/delta')).length;
      assert.ok(ownDeltaPages >= Math.ceil(pulled / 2), `${mailbox.address}: ${ownDeltaPages} delta pages for ${pulled} events`);
      assert.ok(result.graphRequests >= ownDeltaPages, `${mailbox.address}: ${result.graphRequests} requests counted, ${ownDeltaPages} delta pages seen by Graph`);
      const peak = stats.maxConcurrentPerMailbox[mailbox.address] ?? 0;
      assert.ok(peak >= 1 && peak <= PER_MAILBOX_CAP, `${mailbox.address} had ${peak} requests in flight at once`);
      await world.assertInStep(mailbox.address);
    }
    assert.equal(stats.byStatus['429'] ?? 0, 0, 'the emulator throttled the run');
    // The per-pair counters add up to what Graph saw: no request counted twice or for another mailbox.
    const topLevel = world.emulator.control.requests().filter((r) => (r.kind === 'graph' || r.kind === 'batch') && !r.inBatch).length;
    assert.equal(run.results.reduce((n, r) => n + r.graphRequests, 0), topLevel);
    assert.ok(mailboxesOverlapped(), 'no two mailboxes had requests in flight at the same time');

    const quiet = await syncAll();
    assert.equal(quiet.status, 'succeeded');
    for (const address of addresses()) assert.equal(changes(quiet, address), 0, `quiet: ${JSON.stringify(resultFor(quiet, address))}`);
  });

  const crashes: Array<[Checkpoint, number]> = [
    ['pull:page-fetched', 2],
    ['pull:page-stored', 2],
    ['pull:before-commit', 1],
    ['push:pending-stored', 1],
    ['push:sent', 1],
    ['push:stored', 1],
  ];
  for (const [round, [point, pass]] of crashes.entries()) {
    test(`a crash at ${point} (pass ${pass}) of one mailbox mid-run: the re-run loses and duplicates nothing in any mailbox`, async () => {
      await changeEverywhere(round + 1);
      const victim = mailboxes[(round * 5 + 2) % MAILBOXES]!.address;
      let passes = 0;
      let reached = false;
      const crashed = await world.sync.run({
        mailboxes: addresses(),
        resources: ['calendar'],
        onCheckpoint: (at: Checkpoint, detail: { mailbox?: string }) => {
          if (at === point && detail.mailbox === victim && ++passes === pass) {
            reached = true;
            throw new Error(`simulated crash at ${at} in ${victim}`);
          }
        },
      });
      assert.ok(reached, `the run reached ${point} of ${victim}`);
      assert.equal(crashed.status, 'failed');
      assert.ok(resultFor(crashed, victim).errors.some((e) => e.code === 'aborted'), JSON.stringify(resultFor(crashed, victim)));
      for (const address of addresses()) {
        // Every other mailbox either finished or stopped as cleanly as the crash stopped the victim.
        const errors = resultFor(crashed, address).errors;
        assert.ok(errors.every((e) => e.code === 'aborted'), `${address}: ${JSON.stringify(errors)}`);
      }

      const rerun = await syncAll();
      assert.equal(rerun.status, 'succeeded', JSON.stringify(rerun.results.filter((r) => r.errors.length > 0)));
      for (const address of addresses()) await world.assertInStep(address);

      const quiet = await syncAll();
      assert.equal(quiet.status, 'succeeded');
      for (const address of addresses()) assert.equal(changes(quiet, address), 0, `quiet after the re-run: ${JSON.stringify(resultFor(quiet, address))}`);
    });
  }
});
