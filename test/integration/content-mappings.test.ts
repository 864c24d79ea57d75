// Content mappings end to end on a real Strapi and the Graph emulator: the playground's own Meeting type
// (Draft & Publish, blocks description, enumeration state) synced to a mailbox's calendar and its
// Chore type to a To Do list, both ways, through the one engine; publish/unpublish, filter in/out, a
// field map change, refused mappings, and a crash at every checkpoint of a run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContentMapping } from '../../shared/content-mappings';
import { CHECKPOINTS, type Checkpoint, type SyncResult } from '../../server/src/sync/run-types';
import { assertNoDuplicates, graphTime, isoTime, resultFor, totalChanges, useSyncWorld } from './sync-support';
import { UID } from '../../shared/plugin';

const MEETING = 'api::meeting.meeting';
const CHORE = 'api::chore.chore';
const world = useSyncWorld({ integrations: { calendar: true, tasks: true, email: false } });

type Row = Record<string, any>;
const service = () => world.strapi.plugin('microsoft-365').service('contentMappings');
const meetings = () => world.strapi.documents(MEETING as never);
const chores = () => world.strapi.documents(CHORE as never);

function meetingMapping(address: string, overrides: Partial<ContentMapping> = {}): ContentMapping {
  return {
    id: 'meetings',
    uid: MEETING,
    resource: 'calendar',
    mailbox: { address },
    direction: 'bidirectional',
    conflictResolution: 'newest-wins',
    fields: {
      subject: { attribute: 'title' },
      body: { attribute: 'description' },
      start: { attribute: 'startsAt' },
      end: { attribute: 'endsAt' },
      location: { attribute: 'venue' },
      showAs: { attribute: 'state', values: { confirmed: 'busy', tentative: 'tentative', cancelled: 'free' } },
    },
    filters: { audience: { $eq: 'public' } },
    ...overrides,
  };
}

function choreMapping(address: string): ContentMapping {
  return {
    id: 'chores',
    uid: CHORE,
    resource: 'tasks',
    mailbox: { address },
    direction: 'bidirectional',
    conflictResolution: 'newest-wins',
    fields: {
      title: { attribute: 'name' },
      body: { attribute: 'notes' },
      status: { attribute: 'done', values: { true: 'completed', false: 'notStarted' } },
      dueDate: { attribute: 'due' },
      listName: { value: 'Chores' },
    },
  };
}

async function sync(address: string, resource: 'calendar' | 'tasks' = 'calendar'): Promise<SyncResult> {
  const run = await world.sync.run({ mailboxes: [address], resources: [resource] });
  const result = resultFor(run, address, resource);
  assert.deepEqual(result.errors, [], `the run reported errors: ${JSON.stringify(result.errors)}`);
  assert.equal(run.status, 'succeeded');
  return result;
}

const blocks = (text: string, bold: string) => [{ type: 'paragraph', children: [{ type: 'text', text }, { type: 'text', text: bold, bold: true }] }];
const publishedMeetings = async (): Promise<Row[]> => (await meetings().findMany({ status: 'published', sort: 'title:asc' } as never)) as Row[];
const meetingTitled = async (title: string): Promise<Row | undefined> => (await publishedMeetings()).find((m) => m.title === title);
const eventTitled = (address: string, subject: string) => world.remoteEvents(address).find((e) => e.subject === subject);

async function validationErrors(work: () => Promise<unknown>): Promise<Array<{ path: string[]; message: string }>> {
  const error = (await work().then(
    () => null,
    (e: unknown) => e,
  )) as { name?: string; details?: { errors?: Array<{ path: string[]; message: string }> } } | null;
  assert.ok(error, 'the mapping was accepted');
  assert.equal(error.name, 'ValidationError');
  return error.details?.errors ?? [];
}

describe('content mappings', () => {
  test('bad mappings are refused naming the field, and nothing is stored', async () => {
    const { address } = await world.newMailbox('refused');
    const wrongType = meetingMapping(address, { fields: { ...meetingMapping(address).fields, start: { attribute: 'venue' } } });
    let errors = await validationErrors(() => service().replace({ mappings: [wrongType] }));
    assert.deepEqual(errors.map((e) => e.path.join('.')), ['mappings.0.fields.start.attribute']);
    assert.match(errors[0]!.message, /venue is a string attribute; start takes datetime, date/);

    errors = await validationErrors(() => service().replace({ mappings: [meetingMapping(address, { uid: 'api::nothing.nothing', mailbox: { address: 'nobody@example.com' } })] }));
    assert.deepEqual(errors.map((e) => e.path.join('.')), ['mappings.0.uid', 'mappings.0.mailbox.address']);

    errors = await validationErrors(() => service().replace({ mappings: [meetingMapping(address, { fields: { ...meetingMapping(address).fields, showAs: { attribute: 'state' } } })] }));
    assert.deepEqual(errors.map((e) => e.path.join('.')), ['mappings.0.fields.showAs.values']);

    errors = await validationErrors(() => service().replace({ mappings: [meetingMapping(address, { filters: { nowhere: { $eq: 1 } } })] }));
    assert.deepEqual(errors.map((e) => e.path.join('.')), ['mappings.0.filters']);

    assert.deepEqual(await service().list(), []);
  });

  test('a saved mapping cannot change its content type', async () => {
    const { address } = await world.newMailbox('typechange');
    await service().replace({ mappings: [meetingMapping(address)] });
    const changed = { ...choreMapping(address), id: 'meetings', resource: 'calendar' as const };
    const errors = await validationErrors(() => service().replace({ mappings: [changed] }));
    assert.ok(errors.some((e) => e.path.join('.') === 'mappings.0.uid' && /cannot change \(it syncs api::meeting\.meeting\)/.test(e.message)), JSON.stringify(errors));
    assert.equal((await service().list())[0].uid, MEETING);
    await service().replace({ mappings: [] });
  });

  test('meetings and Outlook events, both ways, with Draft & Publish and the filter', async () => {
    const mailbox = await world.newMailbox('meetings');
    const { address } = mailbox;
    await service().replace({ mappings: [meetingMapping(address)] });

    // Strapi → Outlook: a published meeting goes, a draft waits for its publication.
    const board = (await meetings().create({ data: { title: 'Board', description: blocks('Agenda: ', 'budget'), startsAt: isoTime(24), endsAt: isoTime(25), venue: 'Room 1', state: 'tentative' }, status: 'published' } as never)) as Row;
    const draft = (await meetings().create({ data: { title: 'Offsite', startsAt: isoTime(48), endsAt: isoTime(50) } } as never)) as Row;
    let result = await sync(address);
    assert.equal(result.pushed.created, 1);
    const sent = eventTitled(address, 'Board')!;
    assert.ok(sent, 'the published meeting is in Outlook');
    assert.equal(sent.showAs, 'tentative');
    assert.equal((sent.location as Row).displayName, 'Room 1');
    assert.match(String((sent.body as Row).content), /<p>Agenda: <strong>budget<\/strong><\/p>/);
    assert.equal(eventTitled(address, 'Offsite'), undefined, 'a draft is not synced');
    await meetings().publish({ documentId: draft.documentId } as never);
    result = await sync(address);
    assert.equal(result.pushed.created, 1);
    assert.ok(eventTitled(address, 'Offsite'));

    // Outlook → Strapi: a new event becomes a published meeting inside the filter.
    world.outlookCreate(address, 'Lunch', 30, { body: { contentType: 'html', content: '<p>Bring <b>food</b></p>' }, location: { displayName: 'Canteen' }, showAs: 'busy' });
    result = await sync(address);
    assert.equal(result.pulled.created, 1);
    const lunch = (await meetingTitled('Lunch'))!;
    assert.ok(lunch, 'the event is a published meeting');
    assert.equal(lunch.venue, 'Canteen');
    assert.equal(lunch.state, 'confirmed');
    assert.equal(lunch.audience, 'public');
    assert.deepEqual(lunch.description, blocks('Bring ', 'food'));

    // Nothing changed: nothing to do (both sides read the same through the field map).
    assert.equal(totalChanges(await sync(address)), 0);

    // Edits both ways.
    world.emulator.control.updateEvent(address, String(eventTitled(address, 'Lunch')!.id), { subject: 'Team lunch' });
    await meetings().update({ documentId: board.documentId, data: { title: 'Board meeting', state: 'cancelled' }, status: 'published' } as never);
    result = await sync(address);
    assert.equal(result.pulled.updated, 1);
    assert.equal(result.pushed.updated, 1);
    assert.ok(await meetingTitled('Team lunch'));
    assert.equal(eventTitled(address, 'Board meeting')?.showAs, 'free');

    // A draft edit of a published meeting waits for publication.
    await meetings().update({ documentId: board.documentId, data: { title: 'Board (draft)' } } as never);
    assert.equal(totalChanges(await sync(address)), 0);
    assert.ok(eventTitled(address, 'Board meeting'));

    // Unpublishing and leaving the filter are leaving the scope: nothing deleted in Outlook.
    await meetings().unpublish({ documentId: draft.documentId } as never);
    await meetings().update({ documentId: lunch.documentId, data: { audience: 'internal' }, status: 'published' } as never);
    result = await sync(address);
    assert.equal(result.pushed.deleted, 0);
    assert.ok(eventTitled(address, 'Offsite'), 'an unpublished meeting stays in Outlook');
    assert.ok(eventTitled(address, 'Team lunch'), 'a meeting outside the filter stays in Outlook');

    // Out of scope, the link is kept: an Outlook edit meanwhile makes no second meeting, and back in
    // scope (published again, inside the filter again) each is the same Outlook event, never a second.
    world.emulator.control.updateEvent(address, String(eventTitled(address, 'Team lunch')!.id), { subject: 'Team lunch (moved)' });
    result = await sync(address);
    assert.equal(result.pulled.created, 0, 'no second meeting for an event whose meeting is out of scope');
    assert.equal(await world.strapi.db.query(MEETING as never).count({ where: { title: { $startsWith: 'Team lunch' } } }), 2, 'the one meeting (draft and published rows)');
    await meetings().publish({ documentId: draft.documentId } as never);
    await meetings().update({ documentId: lunch.documentId, data: { audience: 'public', venue: 'Roof' }, status: 'published' } as never);
    result = await sync(address);
    assert.equal(result.pushed.created, 0, 'back in scope is not new');
    assert.equal(world.remoteEvents(address).filter((e) => String(e.subject).startsWith('Offsite')).length, 1);
    assert.equal(world.remoteEvents(address).filter((e) => String(e.subject).startsWith('Team lunch')).length, 1);
    // Both sides changed meanwhile: newest wins, and the Strapi edit is the newer.
    assert.equal((eventTitled(address, 'Team lunch')!.location as Row).displayName, 'Roof', 'the edit made back in scope reaches the same event');
    assert.equal(totalChanges(await sync(address)), 0);

    // Deletes both ways.
    world.emulator.control.deleteEvent(address, String(eventTitled(address, 'Board meeting')!.id));
    result = await sync(address);
    assert.equal(result.pulled.deleted, 1);
    assert.equal((await meetings().findMany({ filters: { documentId: board.documentId } } as never)).length, 0, 'the meeting is deleted, draft and all');
    world.outlookCreate(address, 'Retro', 60);
    await sync(address);
    const retro = (await meetingTitled('Retro'))!;
    await meetings().delete({ documentId: retro.documentId } as never);
    result = await sync(address);
    assert.equal(result.pushed.deleted, 1);
    assert.equal(eventTitled(address, 'Retro'), undefined);
    assert.equal(totalChanges(await sync(address)), 0);

    // A field map change: the location is no longer mapped; Outlook keeps it when the meeting changes.
    world.outlookCreate(address, 'Review', 70, { location: { displayName: 'Room 9' } });
    await sync(address);
    const { location: _location, ...withoutLocation } = meetingMapping(address).fields;
    await service().replace({ mappings: [meetingMapping(address, { fields: withoutLocation })] });
    const review = (await meetingTitled('Review'))!;
    await meetings().update({ documentId: review.documentId, data: { title: 'Review 2' }, status: 'published' } as never);
    result = await sync(address);
    // The edited meeting, and Team lunch, whose location left its hash: a PATCH of its mapped properties only.
    assert.equal(result.pushed.updated, 2);
    assert.equal((eventTitled(address, 'Review 2')!.location as Row).displayName, 'Room 9', 'an unmapped field is never cleared in Outlook');
    assert.equal((eventTitled(address, 'Team lunch')!.location as Row).displayName, 'Roof');
    assert.equal(totalChanges(await sync(address)), 0);

    // The plugin's own type holds nothing of this mailbox: the mapping took its place.
    assert.deepEqual(await world.localEvents(address), []);
    await service().replace({ mappings: [] });
    await world.strapi.db.query(MEETING as never).deleteMany({ where: {} });
  });

  test('chores and a To Do list, both ways', async () => {
    const { address } = await world.newMailbox('chores');
    await service().replace({ mappings: [choreMapping(address)] });
    const other = world.emulator.control.todoLists(address)[0]!;
    world.emulator.control.createTask(address, String(other.id), { title: 'Not a chore' });
    const dishes = (await chores().create({ data: { name: 'Dishes', notes: 'After dinner', due: '2026-12-20' } } as never)) as Row;
    let result = await sync(address, 'tasks');
    assert.equal(result.pushed.created, 1);
    assert.equal(result.pulled.created, 0, "only the mapping's list syncs");
    const list = world.emulator.control.todoLists(address).find((l) => l.displayName === 'Chores')!;
    assert.ok(list, 'the Chores list was created in To Do');
    const [task] = world.emulator.control.listTasks(address, String(list.id));
    assert.equal(task?.title, 'Dishes');
    assert.equal(((task!.body as Row).content as string).trim(), 'After dinner');

    world.emulator.control.updateTask(address, String(task!.id), { status: 'completed' });
    world.emulator.control.createTask(address, String(list.id), { title: 'Laundry' });
    result = await sync(address, 'tasks');
    assert.equal(result.pulled.updated, 1);
    assert.equal(result.pulled.created, 1);
    assert.equal(((await chores().findOne({ documentId: dishes.documentId } as never)) as Row).done, true);
    const laundry = ((await chores().findMany({ filters: { name: 'Laundry' } } as never)) as Row[])[0]!;
    assert.equal(laundry.done, false);
    assert.equal(totalChanges(await sync(address, 'tasks')), 0);

    await chores().delete({ documentId: dishes.documentId } as never);
    result = await sync(address, 'tasks');
    assert.equal(result.pushed.deleted, 1);
    assert.deepEqual(world.emulator.control.listTasks(address, String(list.id)).map((t) => t.title), ['Laundry']);
    assert.equal(world.emulator.control.listTasks(address, String(other.id)).length, 1, 'other lists are untouched');
    await service().replace({ mappings: [] });
    await world.strapi.db.query(CHORE as never).deleteMany({ where: {} });
  });

  test("chores of two mailboxes, each entry's mailbox named by its assignee", async () => {
    const [a, b] = [await world.newMailbox('assignee-a'), await world.newMailbox('assignee-b')];
    await service().replace({ mappings: [{ ...choreMapping(a.address), mailbox: { attribute: 'assignee' } }] });
    const mine = (await chores().create({ data: { name: 'Water plants', assignee: a.address } } as never)) as Row;
    await chores().create({ data: { name: 'Take out bins', assignee: b.address.toUpperCase() } } as never);
    await chores().create({ data: { name: 'Nobody’s chore' } } as never);
    const run = await world.sync.run({ resources: ['tasks'], mailboxes: [a.address, b.address] });
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    const titlesIn = (address: string) => {
      const list = world.emulator.control.todoLists(address).find((l) => l.displayName === 'Chores');
      return list ? world.emulator.control.listTasks(address, String(list.id)).map((t) => String(t.title)).sort() : [];
    };
    assert.deepEqual(titlesIn(a.address), ['Water plants']);
    assert.deepEqual(titlesIn(b.address), ['Take out bins']);

    // A task made in B's To Do is a chore assigned to B.
    const listB = world.emulator.control.todoLists(b.address).find((l) => l.displayName === 'Chores')!;
    world.emulator.control.createTask(b.address, String(listB.id), { title: 'Feed the cat' });
    await sync(b.address, 'tasks');
    const cat = ((await chores().findMany({ filters: { name: 'Feed the cat' } } as never)) as Row[])[0]!;
    assert.equal(cat.assignee, b.address);

    // Reassigned to B: it leaves A's scope (A's task stays) and is created in B's list.
    await chores().update({ documentId: mine.documentId, data: { assignee: b.address } } as never);
    const left = await sync(a.address, 'tasks');
    assert.equal(left.pushed.deleted, 0);
    await sync(b.address, 'tasks');
    assert.deepEqual(titlesIn(a.address), ['Water plants'], "reassigning is not a delete in A's To Do");
    assert.deepEqual(titlesIn(b.address), ['Feed the cat', 'Take out bins', 'Water plants']);
    await service().replace({ mappings: [] });
    await world.strapi.db.query(CHORE as never).deleteMany({ where: {} });
  });

  test('an i18n type syncs the one locale its mapping names', async () => {
    const SESSION = 'api::session.session';
    const sessions = () => world.strapi.documents(SESSION as never);
    const { address } = await world.newMailbox('sessions');
    await world.strapi.plugin('i18n').service('locales').create({ code: 'fr', name: 'French (fr)' });
    const mapping = { id: 'sessions', uid: SESSION, resource: 'calendar' as const, mailbox: { address }, direction: 'bidirectional' as const, conflictResolution: 'newest-wins' as const, fields: { subject: { attribute: 'title' }, start: { attribute: 'startsAt' }, end: { attribute: 'endsAt' } } };
    const errors = await validationErrors(() => service().replace({ mappings: [mapping] }));
    assert.deepEqual(errors.map((e) => e.path.join('.')), ['mappings.0.locale']);
    await service().replace({ mappings: [{ ...mapping, locale: 'fr' }] });

    const keynote = (await sessions().create({ data: { title: 'Keynote', startsAt: isoTime(24), endsAt: isoTime(25) }, locale: 'en' } as never)) as Row;
    await sessions().update({ documentId: keynote.documentId, locale: 'fr', data: { title: 'Discours d’ouverture', startsAt: isoTime(24), endsAt: isoTime(25) } } as never);
    await sessions().create({ data: { title: 'Workshop', startsAt: isoTime(30), endsAt: isoTime(31) }, locale: 'en' } as never);
    let result = await sync(address);
    assert.equal(result.pushed.created, 1);
    assert.deepEqual(world.remoteEvents(address).map((e) => e.subject), ['Discours d’ouverture']);

    world.outlookCreate(address, 'Atelier', 40);
    result = await sync(address);
    assert.equal(result.pulled.created, 1);
    const [atelier] = (await sessions().findMany({ filters: { title: 'Atelier' }, locale: 'fr' } as never)) as Row[];
    assert.ok(atelier, 'the Outlook event is a French session');
    assert.equal(((await sessions().findMany({ filters: { title: 'Atelier' }, locale: 'en' } as never)) as Row[]).length, 0);

    // Deleting the French version deletes the Outlook event; the English one stays.
    await sessions().delete({ documentId: keynote.documentId, locale: 'fr' } as never);
    result = await sync(address);
    assert.equal(result.pushed.deleted, 1);
    assert.equal(((await sessions().findMany({ filters: { documentId: keynote.documentId }, locale: 'en' } as never)) as Row[]).length, 1);
    assert.equal(totalChanges(await sync(address)), 0);
    await service().replace({ mappings: [] });
  });

  test('a crash at any checkpoint of a run loses and duplicates nothing', async () => {
    const points = CHECKPOINTS.filter((p): p is Checkpoint => p.startsWith('pull:') || p.startsWith('push:'));
    for (const point of points) {
      const { address } = await world.newMailbox(`crash-${point.replace(/[^a-z]/g, '')}`);
      await service().replace({ mappings: [meetingMapping(address)] });
      for (const n of [1, 2]) {
        await meetings().create({ data: { title: `${point} local ${n}`, startsAt: isoTime(24 + n), endsAt: isoTime(25 + n) }, status: 'published' } as never);
        world.emulator.control.createEvent(address, { subject: `${point} remote ${n}`, start: graphTime(40 + n), end: graphTime(41 + n) });
      }
      assert.ok(await world.crashAt(address, point), `the run reached ${point}`);
      await sync(address);
      assert.equal(totalChanges(await sync(address)), 0, `after a crash at ${point}, a second run has nothing to do`);
      const titles = (await publishedMeetings()).map((m) => String(m.title)).filter((t) => t.startsWith(point));
      const subjects = world.remoteEvents(address).map((e) => String(e.subject));
      assertNoDuplicates(titles, 'Strapi');
      assertNoDuplicates(subjects, 'Outlook');
      assert.deepEqual([...titles].sort(), [...subjects].sort(), `both sides hold the same meetings after a crash at ${point}`);
      assert.equal(titles.length, 4);
      const mappings = await world.strapi.db.query(UID.syncMapping as never).findMany({ where: { mailbox: address } });
      assert.equal(mappings.length, 4, 'one mapping per item');
      await service().replace({ mappings: [] });
      await world.strapi.db.query(MEETING as never).deleteMany({ where: {} });
    }
  });
});
