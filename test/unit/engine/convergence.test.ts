// The convergence property on the real engine: random histories of edits, creates and deletes on both
// sides (Strapi in memory, Outlook in the emulator behind the real gateway), with runs in between, some
// of them stopped at a random checkpoint as a crash would. After the history and a final run, both
// sides hold the same events, none twice, one mapping each, and a further run changes nothing.
// (reconcile-convergence.test.ts checks the reconciler's rules alone, over many more histories.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CHECKPOINTS } from '../../../server/src/sync/run-types';
import { useTestEmulator } from '../../graph/support';
import { changesOf, engineWorld, localEvent, newCalendarMailbox, NO_CHANGES, remoteEvent, runCalendar, subjects } from './support';

const RUNS = Number(process.env.ENGINE_CONVERGENCE_RUNS ?? 200);
const STOPS = CHECKPOINTS.filter((point) => point !== 'run:finishing' && point !== 'revert:fetched');

type Command =
  | { kind: 'create'; side: 'strapi' | 'outlook' }
  | { kind: 'edit' | 'delete'; side: 'strapi' | 'outlook'; pick: number }
  | { kind: 'sync'; stopAt: number | null };

const side = fc.constantFrom('strapi' as const, 'outlook' as const);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), side }),
  fc.record({ kind: fc.constantFrom('edit' as const, 'delete' as const), side, pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('sync' as const), stopAt: fc.option(fc.nat(STOPS.length - 1), { nil: null }) }),
);

describe('convergence of the real engine', () => {
  const emulator = useTestEmulator();

  test(`${RUNS} random histories on both sides converge, with nothing lost twice or duplicated`, async () => {
    const world = engineWorld(emulator);
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
        const { address, local } = newCalendarMailbox(world);
        let made = 0;
        for (const c of commands) {
          if (c.kind === 'sync') {
            await runCalendar(world, address, local, c.stopAt === null ? {} : { crashAt: STOPS[c.stopAt] });
          } else if (c.kind === 'create') {
            made++;
            if (c.side === 'strapi') local.put(localEvent(`s${made}`, 24 + made));
            else emulator.control.createEvent(address, remoteEvent(`o${made}`, 24 + made));
          } else if (c.side === 'strapi') {
            const entries = [...local.entries.values()];
            const entry = entries[c.pick % Math.max(1, entries.length)];
            if (!entry) continue;
            if (c.kind === 'delete') local.remove(entry.documentId);
            else local.put({ subject: `${String(entry.subject)}+s${++made}` }, entry.documentId);
          } else {
            const events = emulator.control.listEvents(address) as Array<{ id: string; subject: string }>;
            const event = events[c.pick % Math.max(1, events.length)];
            if (!event) continue;
            if (c.kind === 'delete') emulator.control.deleteEvent(address, event.id);
            else emulator.control.updateEvent(address, event.id, { subject: `${event.subject}+o${++made}` });
          }
        }
        await runCalendar(world, address, local);
        const both = subjects(world, address, local);
        assert.deepEqual(both.strapi, both.outlook, 'both sides hold the same events');
        assert.equal(new Set(both.strapi).size, both.strapi.length, 'no event twice');
        assert.equal(local.mappings().length, both.strapi.length, 'one mapping per event');
        const again = await runCalendar(world, address, local);
        assert.deepEqual(changesOf(again.result), NO_CHANGES, 'a further run has nothing to do');
        assert.ok(again.result.graphRequests > 0, 'the run asked Outlook');
        checked += both.strapi.length;
      }),
      { numRuns: RUNS, seed: 20261207, endOnFailure: true },
    );
    assert.ok(checked > RUNS, `the histories left events to compare (${checked})`);
  });
});
