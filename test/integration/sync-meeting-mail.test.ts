// Writes that never spam attendees: attendees are sent to Microsoft only with "Send invitations for
// events created in Strapi" on (settings.calendar.sendInvitations, default off), and an edit attendees
// would not see (free/busy, categories, reminder) is sent without what they see, so Exchange mails
// nobody. The emulator logs what Exchange would mail (control.meetingMessages).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resultFor, useSyncWorld, type SyncWorld } from './sync-support';

let world: SyncWorld;
const GUESTS = [
  { email: 'megan.bowen@fabrikam.example', name: 'Megan Bowen', type: 'required' },
  { email: 'lee.gu@fabrikam.example', name: 'Lee Gu', type: 'optional' },
];
const inAWeek = (hours: number) => new Date(Date.now() + 7 * 86_400_000 + hours * 3_600_000).toISOString();

const mailSent = (address: string) => world.emulator.control.meetingMessages(address).map((m) => ({ kind: m.kind, to: m.to }));
const patchesSent = () => world.emulator.control.requests().filter((r) => r.kind === 'graph' && (r.method === 'PATCH' || r.method === 'POST') && !r.path.endsWith('$batch'));

/** A meeting made in Strapi and synced once. */
async function strapiMeeting(name: string) {
  const mailbox = await world.newMailbox(name);
  const entry = await world.strapiCreate(mailbox, { subject: 'Budget review', start: inAWeek(0), end: inAWeek(1), attendees: GUESTS });
  const run = await world.syncMailbox(mailbox.address);
  assert.equal(resultFor(run, mailbox.address).pushed.created, 1);
  const [remote] = world.remoteEvents(mailbox.address) as Array<Record<string, any>>;
  assert.ok(remote);
  return { mailbox, documentId: String(entry.documentId), remote };
}

const localAttendees = async (address: string) => ((await world.localEvents(address))[0]?.attendees as Array<{ email: string }>).map((a) => a.email);

describe(`meeting mail from Strapi's writes (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld();

  test('invitations off (the default): the event is created without its attendees, nobody is mailed, and Strapi keeps them', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins', sendInvitations: false });
    const { mailbox, documentId, remote } = await strapiMeeting('invites-off');
    assert.deepEqual(remote.attendees, []);
    assert.deepEqual(mailSent(mailbox.address), []);
    assert.deepEqual(await localAttendees(mailbox.address), GUESTS.map((g) => g.email), 'Microsoft\'s answer did not empty them');

    // Later edits are sent without attendees too; a quiet run after them writes nothing.
    await world.strapiUpdate(documentId, { subject: 'Budget review (moved)', attendees: [...GUESTS, { email: 'adele@fabrikam.example', type: 'required' }] });
    world.emulator.control.clearRequests();
    await world.syncMailbox(mailbox.address);
    const [patch] = patchesSent();
    assert.equal(patch?.method, 'PATCH');
    assert.equal(world.emulator.control.getEvent(mailbox.address, String(remote.id))?.subject, 'Budget review (moved)');
    assert.deepEqual(world.emulator.control.getEvent(mailbox.address, String(remote.id))?.attendees, []);
    assert.deepEqual(mailSent(mailbox.address), []);
    assert.equal((await localAttendees(mailbox.address)).length, 3);
    world.emulator.control.clearRequests();
    const quiet = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(quiet, mailbox.address).pushed.updated, 0);
    assert.deepEqual(patchesSent(), []);

    // Moved in Outlook: the move reaches Strapi, and the attendees Strapi keeps stay.
    world.emulator.control.updateEvent(mailbox.address, String(remote.id), { subject: 'Budget review (Outlook)' });
    const moved = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(moved, mailbox.address).pulled.updated, 1);
    assert.equal((await world.localEvents(mailbox.address))[0]?.subject, 'Budget review (Outlook)');
    assert.equal((await localAttendees(mailbox.address)).length, 3);
    world.emulator.control.clearRequests();
    await world.syncMailbox(mailbox.address);
    assert.deepEqual(patchesSent(), [], 'settled');
    assert.deepEqual(mailSent(mailbox.address), []);
  });

  test('invitations on: the create mails a request; an edit only the organizer sees mails nobody; an edit attendees see mails one update', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins', sendInvitations: true });
    const { mailbox, documentId, remote } = await strapiMeeting('invites-on');
    assert.deepEqual(mailSent(mailbox.address), [{ kind: 'request', to: GUESTS.map((g) => g.email) }]);

    await world.strapiUpdate(documentId, { showAs: 'free', categories: ['Finance'], reminderMinutesBeforeStart: 60 });
    world.emulator.control.clearRequests();
    const privateEdit = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(privateEdit, mailbox.address).pushed.updated, 1);
    assert.equal(mailSent(mailbox.address).length, 1, 'still only the first request');
    const event = world.emulator.control.getEvent(mailbox.address, String(remote.id))!;
    assert.deepEqual([event.showAs, event.categories, event.reminderMinutesBeforeStart], ['free', ['Finance'], 60]);

    await world.strapiUpdate(documentId, { location: 'Room 4' });
    await world.syncMailbox(mailbox.address);
    assert.deepEqual(mailSent(mailbox.address).map((m) => m.kind), ['request', 'update']);

    // A save that changes nothing sends nothing.
    await world.strapiUpdate(documentId, { location: 'Room 4' });
    world.emulator.control.clearRequests();
    await world.syncMailbox(mailbox.address);
    assert.deepEqual(patchesSent(), []);
    assert.equal(mailSent(mailbox.address).length, 2);
    await world.assertInStep(mailbox.address);
  });

  test('a meeting made in Outlook by this mailbox keeps its attendees when Strapi edits it with invitations off', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins', sendInvitations: false });
    const mailbox = await world.newMailbox('outlook-meeting');
    const remote = world.outlookCreate(mailbox.address, 'Team sync', 30, { attendees: [{ emailAddress: { address: GUESTS[0]!.email, name: GUESTS[0]!.name }, type: 'required' }] });
    await world.syncMailbox(mailbox.address);
    const [local] = await world.localEvents(mailbox.address);
    assert.deepEqual(await localAttendees(mailbox.address), [GUESTS[0]!.email]);

    await world.strapiUpdate(String(local.documentId), { isReminderOn: false });
    await world.syncMailbox(mailbox.address);
    assert.deepEqual(mailSent(mailbox.address), [], 'the reminder is the organizer\'s own');

    await world.strapiUpdate(String(local.documentId), { subject: 'Team sync, new time', start: inAWeek(2), end: inAWeek(3) });
    await world.syncMailbox(mailbox.address);
    const after = world.emulator.control.getEvent(mailbox.address, String(remote.id))!;
    assert.equal(after.subject, 'Team sync, new time');
    assert.deepEqual((after.attendees as Array<{ emailAddress: { address: string } }>).map((a) => a.emailAddress.address), [GUESTS[0]!.email]);
    assert.deepEqual(mailSent(mailbox.address), [{ kind: 'update', to: [GUESTS[0]!.email] }], 'the attendee hears of the new time');
    await world.assertInStep(mailbox.address);
  });
});
