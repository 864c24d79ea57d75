// A run stopped at any of its checkpoints (as a crash would stop it), then run again: nothing is lost
// and nothing is duplicated on either side.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CHECKPOINTS, type Checkpoint } from '../../server/src/sync/run-types';
import { changes, isoTime, resultFor, useSyncWorld, type SyncWorld } from './sync-support';

let world: SyncWorld;

/**
 * Changes on both sides that need every step of a run: Outlook creates, edits and deletes (pull,
 * paged), Strapi creates, edits and deletes (push), and a conflict.
 */
async function changeBothSides(mailbox: { address: string; documentId: string }, round: number) {
  const remote = world.remoteEvents(mailbox.address);
  const local = await world.localEvents(mailbox.address);
  for (let i = 0; i < 3; i++) world.outlookCreate(mailbox.address, `Outlook ${round}.${i}`, 2 + round * 10 + i);
  const outlookOnly = remote.filter((e) => e.subject.startsWith('Outlook'));
  if (outlookOnly[0]) world.emulator.control.updateEvent(mailbox.address, outlookOnly[0].id, { subject: `${outlookOnly[0].subject} edited in Outlook` });
  if (outlookOnly[1]) world.emulator.control.deleteEvent(mailbox.address, outlookOnly[1].id);
  for (let i = 0; i < 2; i++) await world.strapiCreate(mailbox, { subject: `Strapi ${round}.${i}`, start: isoTime(5 + round * 10 + i), end: isoTime(6 + round * 10 + i) });
  const strapiOnly = local.filter((e) => e.subject.startsWith('Strapi'));
  if (strapiOnly[0]) await world.strapiUpdate(strapiOnly[0].documentId, { subject: `${strapiOnly[0].subject} edited in Strapi` });
  if (strapiOnly[1]) await world.strapiDelete(strapiOnly[1].documentId);
  // Changed on both sides.
  const both = local.find((e) => e.subject.startsWith('Shared'));
  if (both) {
    await world.strapiUpdate(both.documentId, { location: `Strapi room ${round}` });
    const remoteBoth = remote.find((e) => e.subject === both.subject);
    if (remoteBoth) world.emulator.control.updateEvent(mailbox.address, remoteBoth.id, { location: { displayName: `Outlook room ${round}` } });
  }
}

describe(`sync crash safety (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld();
  before(() => {
    // Small delta pages (Prefer: odata.maxpagesize), so a crash can land between two pages of one round.
    world.strapi.config.set('plugin::microsoft-365.pageSize', 2);
  });

  for (const direction of ['bidirectional', 'microsoft-to-strapi'] as const) {
    const points: Array<[Checkpoint, number]> = [...CHECKPOINTS.map((p): [Checkpoint, number] => [p, 1]), ['pull:page-stored', 2], ['pull:before-commit', 2], ['pull:page-fetched', 2]];
    for (const [point, pass] of points) {
      if (direction === 'microsoft-to-strapi' && !point.startsWith('revert') && !point.startsWith('pull')) continue;
      if (direction === 'bidirectional' && point.startsWith('revert')) continue;
      test(`${direction}: stopped at ${point}${pass > 1 ? ` (pass ${pass}, a later page)` : ''}, a re-run loses and duplicates nothing`, async () => {
        await world.setCalendarSettings({ direction, conflictResolution: 'strapi-wins' });
        const mailbox = await world.newMailbox(`crash-${point.replace(/\W+/g, '-')}`);
        world.outlookCreate(mailbox.address, 'Shared', 1);
        world.outlookCreate(mailbox.address, 'Stable', 2);
        await world.syncMailbox(mailbox.address);
        for (let round = 1; round <= 2; round++) {
          await changeBothSides(mailbox, round);
          if (direction === 'microsoft-to-strapi') {
            const stable = (await world.localEvents(mailbox.address)).find((e) => e.subject === 'Stable');
            assert.ok(stable);
            await world.strapiUpdate(stable.documentId, { subject: 'Stable (a Strapi edit to revert)' });
          }
          const reached = await world.crashAt(mailbox.address, point, pass);
          assert.ok(reached, `the run passes ${point}`);
          await world.syncMailbox(mailbox.address);
          if (direction === 'bidirectional') {
            await world.assertInStep(mailbox.address);
          } else {
            // One-way: every Outlook event is in Strapi as it is in Outlook; Strapi-only entries may stay.
            const remoteSubjects = world.remoteEvents(mailbox.address).map((e) => e.subject).sort();
            const localSubjects = (await world.localEvents(mailbox.address)).map((e) => e.subject);
            for (const subject of remoteSubjects) assert.equal(localSubjects.filter((s) => s === subject).length, 1, `${subject} once in Strapi`);
            assert.ok(!localSubjects.some((s) => s.includes('to revert')), 'the Strapi edit was reverted');
          }
          const quiet = await world.syncMailbox(mailbox.address);
          assert.equal(changes(quiet, mailbox.address), 0, `quiet after the re-run: ${JSON.stringify(resultFor(quiet, mailbox.address))}`);
        }
      });
    }
  }
});
