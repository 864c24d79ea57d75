// The real engine over an in-memory Strapi side and the emulator behind the real gateway: a crash at
// every checkpoint loses and duplicates nothing, mass deletions are held, an item the database refuses
// is quarantined while the rest goes on. (The same properties on a real Strapi: test/integration/
// sync-crash, deletion-breaker and quarantine tests.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHECKPOINTS } from '../../../server/src/sync/run-types';
import { useTestEmulator } from '../../graph/support';
import { CALENDAR_KIT, changesOf, engineWorld, newCalendarMailbox, newMailbox, NO_CHANGES, remoteEvent, runCalendar, runResource, subjects, TASKS_KIT, titlesOf, type EngineWorld } from './support';

// Passed by a run of one resource; 'run:finishing' is the runner's (all resources) and 'revert:fetched'
// is passed only by a one-way run, tested on its own below.
const RESOURCE_CHECKPOINTS = CHECKPOINTS.filter((point) => point !== 'run:finishing' && point !== 'revert:fetched');

describe('the engine over in-memory sides', () => {
  const emulator = useTestEmulator();
  let world: EngineWorld;
  const setUp = () => (world ??= engineWorld(emulator));

  for (const kit of [CALENDAR_KIT, TASKS_KIT]) {
    for (const point of RESOURCE_CHECKPOINTS) {
      test(`${kit.adapter.resource}: a crash at ${point} loses nothing and duplicates nothing`, async () => {
        setUp();
        const { address, local } = newMailbox(world, kit.adapter);
        const run = (options: Parameters<typeof runResource>[4] = {}) => runResource(world, kit.adapter, address, local, options);
        const outlook = ['A', 'B', 'C'].map((title, i) => kit.create(world, address, title, i));
        const strapi = ['L1', 'L2'].map((title, i) => local.put(kit.localItem(title, 10 + i)));
        await run();
        assert.deepEqual(titlesOf(world, kit, address, local), { strapi: ['A', 'B', 'C', 'L1', 'L2'], outlook: ['A', 'B', 'C', 'L1', 'L2'] });

        // Changes on both sides, then a run that stops at the checkpoint.
        kit.rename(world, address, outlook[0]!.id, 'A2');
        kit.remove(world, address, outlook[1]!.id);
        kit.create(world, address, 'D', 5);
        local.put({ [kit.title]: 'L1b' }, strapi[0]!.documentId);
        local.remove(strapi[1]!.documentId);
        local.put(kit.localItem('L3', 20));
        const crashed = await run({ crashAt: point });
        assert.equal(crashed.stoppedAt, point, `the run passes ${point}`);

        await run();
        const wanted = ['A2', 'C', 'D', 'L1b', 'L3'];
        assert.deepEqual(titlesOf(world, kit, address, local), { strapi: wanted, outlook: wanted });
        assert.equal(local.mappings().filter((m) => m.localId).length, wanted.length, 'one mapping per item');
        const again = await run();
        assert.deepEqual(changesOf(again.result), NO_CHANGES, 'a further run has nothing to do');
      });
    }
  }

  test('a one-way run stopped at revert:fetched puts Outlook\'s version back on the next run', async () => {
    setUp();
    const { address, local } = newCalendarMailbox(world);
    emulator.control.createEvent(address, remoteEvent('Board', 24));
    await runCalendar(world, address, local);
    const [entry] = [...local.entries.values()];
    local.put({ subject: 'Edited in Strapi' }, entry!.documentId);
    const oneWay = { settings: (s: { calendar: { direction: string } }) => void (s.calendar.direction = 'microsoft-to-strapi') };
    assert.equal((await runCalendar(world, address, local, { ...oneWay, crashAt: 'revert:fetched' })).stoppedAt, 'revert:fetched');
    assert.deepEqual(subjects(world, address, local).strapi, ['Edited in Strapi'], 'nothing written before the stop');
    await runCalendar(world, address, local, oneWay);
    assert.deepEqual(subjects(world, address, local), { strapi: ['Board'], outlook: ['Board'] });
  });

  test('a mass delete on either side is held: nothing deleted until approved; discarded, the items come back', async () => {
    setUp();
    const { address, local } = newCalendarMailbox(world);
    const events = Array.from({ length: 30 }, (_, i) => emulator.control.createEvent(address, remoteEvent(`E${String(i).padStart(2, '0')}`, 24 + i)) as { id: string });
    await runCalendar(world, address, local);
    assert.equal(local.entries.size, 30);

    // Outlook loses 25 of 30: Strapi keeps them, held for review.
    for (const event of events.slice(0, 25)) emulator.control.deleteEvent(address, event.id);
    const held = await runCalendar(world, address, local);
    assert.equal(local.entries.size, 30, 'no entry deleted');
    assert.equal(held.result.pulled.deleted, 0);
    assert.equal(local.mappings().filter((m) => m.held?.side === 'strapi' && m.held.state === 'held').length, 25);
    assert.ok(held.result.errors.some((e) => /held/i.test(e.message)), 'the run says deletions are held');

    // Strapi loses the 5 left and 20 of the held ones' entries stay: Strapi-side deletes of 5 of 5 synced
    // items trip the breaker too (more than half), but 5 is under its 20-item floor, so they go ahead.
    const remaining = local.mappings().filter((m) => !m.held);
    assert.equal(remaining.length, 5);
    for (const m of remaining) local.remove(m.localId!);
    const small = await runCalendar(world, address, local);
    assert.equal(small.result.pushed.deleted, 5, 'a delete under the floor is not held');
    assert.equal(emulator.control.listEvents(address).length, 0);
  });

  test('Strapi deleting most entries is held; approved, Outlook deletes them; discarded, Strapi gets them back', async () => {
    setUp();
    const { address, local } = newCalendarMailbox(world);
    for (let i = 0; i < 30; i++) emulator.control.createEvent(address, remoteEvent(`E${String(i).padStart(2, '0')}`, 24 + i));
    await runCalendar(world, address, local);
    const entries = [...local.entries.values()];
    for (const entry of entries.slice(0, 24)) local.remove(entry.documentId);
    const held = await runCalendar(world, address, local);
    assert.equal(held.result.pushed.deleted, 0);
    assert.equal(emulator.control.listEvents(address).length, 30, 'nothing deleted in Outlook');
    const heldMappings = local.mappings().filter((m) => m.held?.side === 'microsoft' && m.held.state === 'held');
    assert.equal(heldMappings.length, 24);

    // The review (services/deletions.ts) records the decision on the mappings: approve 12, discard 12.
    const index = await local.loadMappings();
    const decided = index.all().filter((m) => m.held?.state === 'held');
    decided.forEach((m, i) => (m.held = { ...m.held!, state: i < 12 ? 'approved' : 'restore' }));
    await local.saveMappings({ insert: [], update: decided, remove: [] });
    const after = await runCalendar(world, address, local);
    assert.equal(after.result.pushed.deleted, 12, 'the approved deletions are sent');
    assert.equal(emulator.control.listEvents(address).length, 18);
    assert.equal(local.entries.size, 18, 'the discarded ones are back in Strapi');
    assert.deepEqual(subjects(world, address, local).strapi, subjects(world, address, local).outlook);
  });

  test('an item the database refuses is quarantined; the rest and the cursor go on; it leaves once stored', async () => {
    setUp();
    const { address, local } = newCalendarMailbox(world);
    for (const [i, s] of ['Good 1', 'Refused', 'Good 2'].entries()) emulator.control.createEvent(address, remoteEvent(s, 24 + i));
    local.refuse = (data) => (data.subject === 'Refused' ? 'subject' : null);
    const first = await runCalendar(world, address, local);
    assert.deepEqual(subjects(world, address, local).strapi, ['Good 1', 'Good 2']);
    const [item] = local.quarantined();
    assert.equal(local.quarantined().length, 1);
    assert.equal(item!.side, 'pull');
    assert.equal(item!.field, 'subject');
    assert.ok(first.result.errors.some((e) => /quarantined/.test(e.message)));
    assert.ok((await local.loadCursors()).get('calendar')?.link, 'the cursor moved past the page');

    const second = await runCalendar(world, address, local);
    assert.equal(local.quarantined()[0]!.attempts, 2, 'tried again by the next run');
    assert.equal(second.result.pulled.created, 0);

    local.refuse = null;
    await runCalendar(world, address, local);
    assert.deepEqual(subjects(world, address, local).strapi, ['Good 1', 'Good 2', 'Refused']);
    assert.equal(local.quarantined().length, 0, 'released once stored');
  });
});
