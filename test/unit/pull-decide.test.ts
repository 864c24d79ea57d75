// The pull's decide phase without Strapi or Graph: gathered entries and the page's local entries in,
// local writes and mapping changes out. planItems and decideItems take a DecideContext (no strapi, no
// gateway), so these run on the real adapter, the real mapping index and the real reconciler alone.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { calendarAdapter, CALENDAR_SCOPE } from '../../server/src/sync/resources/calendar';
import { hashOf, localSide, type DecideContext } from '../../server/src/sync/context';
import { decideItems, planItems } from '../../server/src/sync/pull-decide';
import type { Page, PlannedItem } from '../../server/src/sync/pull-page';
import type { LocalEntry } from '../../server/src/sync/local-entries';
import { emptyMappingChanges, MappingIndex, type Mapping } from '../../server/src/sync/store';
import { emptyResult } from '../../server/src/sync/run-types';
import { Quarantine, type ItemFailure } from '../../server/src/sync/quarantine';
import type { ConflictResolution, Direction } from '../../shared/settings';
import type { RemoteEntry } from '../../server/src/sync/resources/types';

const MAILBOX = { id: 7, address: 'adele.vance@contoso.com' };
const NOW = new Date('2026-12-01T10:00:00Z');

function graphEvent(id: string, subject: string, changeKey: string, modified = '2026-11-30T09:00:00Z'): RemoteEntry {
  return {
    id,
    changeKey,
    lastModifiedDateTime: modified,
    subject,
    body: { contentType: 'html', content: `<p>${subject}</p>` },
    start: { dateTime: '2026-12-02T09:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-12-02T10:00:00.0000000', timeZone: 'UTC' },
    location: { displayName: 'Room 1' },
    isAllDay: false,
    showAs: 'busy',
    importance: 'normal',
    sensitivity: 'normal',
    categories: [],
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    attendees: [],
    type: 'singleInstance',
  };
}

function context(direction: Direction = 'bidirectional', conflictResolution: ConflictResolution = 'strapi-wins', mappings: Mapping[] = []): DecideContext {
  return {
    adapter: calendarAdapter,
    settings: { direction, conflictResolution },
    mailbox: MAILBOX,
    mappings: new MappingIndex(mappings),
    result: emptyResult(MAILBOX.address, 'calendar'),
    handedOver: new Set(),
    fetchedReferences: new Set(),
    scopes: [CALENDAR_SCOPE],
    unknownRemovals: false,
    quarantine: new Quarantine(),
  };
}

const snapshotOf = (entry: RemoteEntry) => calendarAdapter.fromRemote(entry, CALENDAR_SCOPE)!;

/** A Strapi entry holding what the event looked like, as the last sync stored it. */
function storedEntry(documentId: string, entry: RemoteEntry, updatedAt = '2026-11-30T09:00:00Z'): LocalEntry {
  return { id: 1, documentId, updatedAt, ...calendarAdapter.toLocalData(snapshotOf(entry).fields, CALENDAR_SCOPE) } as LocalEntry;
}

/** The mapping the last sync left between `local` and `remote`. */
function syncedMapping(local: LocalEntry, remote: RemoteEntry): Mapping {
  const snapshot = snapshotOf(remote);
  return {
    mailbox: MAILBOX.address,
    resource: 'calendar',
    scope: CALENDAR_SCOPE.key,
    localId: local.documentId,
    remoteId: remote.id,
    remoteParentId: null,
    localHash: localSide({ adapter: calendarAdapter }, local).hash,
    remoteHash: hashOf(snapshot.fields),
    changeKey: snapshot.changeKey,
    pendingCreateId: null,
    awaitingDelta: false,
    viaReference: false,
    syncedAt: new Date('2026-11-30T09:00:00Z'),
  };
}

function planned(entry: RemoteEntry, mapping: Mapping | undefined): PlannedItem {
  const snapshot = entry['@removed'] ? null : snapshotOf(entry);
  return { remoteId: entry.id, snapshot, remoteHash: snapshot ? hashOf(snapshot.fields) : null, mapping };
}

function decide(ctx: DecideContext, items: PlannedItem[], locals: LocalEntry[] = []) {
  const changes = emptyMappingChanges();
  const failures = new Map<string, ItemFailure>();
  const plan = decideItems(ctx, { scope: CALENDAR_SCOPE, items, locals: new Map(locals.map((l) => [l.documentId, l])), failures, changes, now: NOW });
  return { ...plan, changes, failures };
}

describe('pull decide phase (no Strapi, no Graph)', () => {
  test('an event new to Strapi becomes one create and one new mapping, finished once the entry is written', () => {
    const ctx = context();
    const event = graphEvent('AAMk-new', 'Kick-off', 'ck1');
    const { writes, afterWrite, changes } = decide(ctx, [planned(event, undefined)]);
    assert.equal(writes.create.length, 1);
    assert.equal(writes.create[0]!.data.subject, 'Kick-off');
    assert.deepEqual([writes.update.length, writes.remove.length], [0, 0]);
    assert.equal(changes.insert.length, 1);
    assert.deepEqual(afterWrite.get('AAMk-new'), { mapping: changes.insert[0], remoteHash: hashOf(snapshotOf(event).fields), remoteAudienceHash: null, changeKey: 'ck1', scope: CALENDAR_SCOPE });
    assert.equal(changes.insert[0]!.remoteReadOnly, false);
    assert.equal(ctx.result.pulled.created, 1);
  });

  test('an invitation (isOrganizer: false) is marked read-only; edited on both sides, Outlook\'s version wins over strapi-wins and is counted', () => {
    const invitation = { ...graphEvent('AAMk-inv', 'Quarterly review', 'ck1'), isOrganizer: false };
    const fresh = context();
    const { afterWrite } = decide(fresh, [planned(invitation, undefined)]);
    assert.equal(afterWrite.get('AAMk-inv')?.mapping.remoteReadOnly, true);

    const local = storedEntry('doc-inv', invitation);
    const mapping = { ...syncedMapping(local, invitation), remoteReadOnly: true };
    const ctx = context('bidirectional', 'strapi-wins', [mapping]);
    const moved = { ...invitation, subject: 'Moved by the organizer', changeKey: 'ck2', lastModifiedDateTime: '2026-11-30T10:00:00Z' };
    const { writes } = decide(ctx, [planned(moved, mapping)], [{ ...local, subject: 'Taken over', updatedAt: '2026-11-30T11:00:00Z' } as LocalEntry]);
    assert.equal(writes.update.length, 1);
    assert.equal(writes.update[0]!.data.subject, 'Moved by the organizer');
    assert.equal(ctx.handedOver.size, 0, 'nothing handed to the push');
    assert.deepEqual(ctx.result.refused, { 'not-organizer': 1 });

    const accepted = { ...moved, isOrganizer: true, changeKey: 'ck3' };
    const again = context('bidirectional', 'strapi-wins', [mapping]);
    decide(again, [planned(accepted, mapping)], [local]);
    assert.equal(mapping.remoteReadOnly, false, 'an answer that says isOrganizer: true clears it');
  });

  test('an edit in Outlook over an unchanged entry updates the entry; the same event again changes nothing', () => {
    const before = graphEvent('AAMk-1', 'Review', 'ck1');
    const local = storedEntry('doc-1', before);
    const ctx = context('bidirectional', 'strapi-wins', [syncedMapping(local, before)]);
    const edited = graphEvent('AAMk-1', 'Review (moved)', 'ck2', '2026-12-01T08:00:00Z');
    const { writes } = decide(ctx, [planned(edited, ctx.mappings.byRemoteId('AAMk-1'))], [local]);
    assert.equal(writes.update.length, 1);
    assert.equal(writes.update[0]!.data.subject, 'Review (moved)');

    const quiet = context('bidirectional', 'strapi-wins', [syncedMapping(local, before)]);
    const again = decide(quiet, [planned(before, quiet.mappings.byRemoteId('AAMk-1'))], [local]);
    assert.deepEqual([again.writes.create.length, again.writes.update.length, again.changes.update.length], [0, 0, 0]);
  });

  test('edited on both sides, Strapi wins: counted as a conflict, no local write, handed to the push with Outlook’s change key', () => {
    const before = graphEvent('AAMk-2', 'Budget', 'ck1');
    const stored = storedEntry('doc-2', before);
    const mapping = syncedMapping(stored, before);
    const localEdit = { ...stored, subject: 'Budget (Strapi)', updatedAt: '2026-12-01T09:00:00Z' } as LocalEntry;
    const ctx = context('bidirectional', 'strapi-wins', [mapping]);
    const remoteEdit = graphEvent('AAMk-2', 'Budget (Outlook)', 'ck2', '2026-12-01T08:00:00Z');
    const { writes } = decide(ctx, [planned(remoteEdit, ctx.mappings.byRemoteId('AAMk-2'))], [localEdit]);
    assert.deepEqual([writes.create.length, writes.update.length], [0, 0]);
    assert.equal(ctx.result.conflicts, 1);
    const handed = [...ctx.handedOver];
    assert.equal(handed.length, 1);
    assert.equal(handed[0]!.changeKey, 'ck2', 'the push sends If-Match on what Outlook has now');
  });

  test('deleted in Outlook: the Strapi entry is not deleted here but staged for the deletion breaker', () => {
    const event = graphEvent('AAMk-3', 'Offsite', 'ck1');
    const local = storedEntry('doc-3', event);
    const ctx = context('bidirectional', 'strapi-wins', [syncedMapping(local, event)]);
    const { writes, changes } = decide(ctx, [planned({ id: 'AAMk-3', '@removed': { reason: 'deleted' } }, ctx.mappings.byRemoteId('AAMk-3'))], [local]);
    assert.equal(writes.remove.length, 0);
    const mapping = ctx.mappings.byRemoteId('AAMk-3')!;
    assert.equal(mapping.held?.side, 'strapi');
    assert.equal(mapping.held?.state, 'staged');
    assert.equal(mapping.held?.title, 'Offsite');
    assert.deepEqual(changes.update, [mapping]);
  });

  test('Microsoft → Strapi only: a Strapi edit is overwritten by Outlook’s version, never handed to the push', () => {
    const before = graphEvent('AAMk-4', 'Standup', 'ck1');
    const stored = storedEntry('doc-4', before);
    const mapping = syncedMapping(stored, before);
    const localEdit = { ...stored, subject: 'Standup (Strapi)', updatedAt: '2026-12-01T09:00:00Z' } as LocalEntry;
    const ctx = context('microsoft-to-strapi', 'microsoft-wins', [mapping]);
    const remoteEdit = graphEvent('AAMk-4', 'Standup (Outlook)', 'ck2', '2026-12-01T08:00:00Z');
    const { writes } = decide(ctx, [planned(remoteEdit, ctx.mappings.byRemoteId('AAMk-4'))], [localEdit]);
    assert.equal(writes.update.length, 1);
    assert.equal(writes.update[0]!.data.subject, 'Standup (Outlook)');
    assert.equal(ctx.handedOver.size, 0);
  });

  test('an entry the adapter cannot read is set aside for quarantine; the rest of the page is planned', () => {
    const ctx = context();
    const page: Page = { scope: CALENDAR_SCOPE, options: {}, movedTo: new Map(), gathered: new Map() };
    const broken = { ...graphEvent('AAMk-6', 'Broken', 'ck1'), start: { dateTime: 'next tuesday', timeZone: 'UTC' } };
    const failures = new Map<string, ItemFailure>();
    const items = planItems(ctx, page, [graphEvent('AAMk-5', 'Fine', 'ck1'), broken], failures);
    assert.deepEqual(items.map((i) => i.remoteId), ['AAMk-5']);
    assert.deepEqual([...failures.keys()], ['AAMk-6']);
    assert.equal(failures.get('AAMk-6')!.side, 'pull');
    assert.equal(failures.get('AAMk-6')!.code, 'calendar.invalid-time');
  });

  test('a create whose answer was lost (crash after sending) is claimed by its transactionId, not stored twice', () => {
    const local = storedEntry('doc-7', graphEvent('x', 'Launch', 'ck0'));
    const pending: Mapping = { ...syncedMapping(local, graphEvent('x', 'Launch', 'ck0')), remoteId: null, remoteHash: null, changeKey: null, pendingCreateId: 'txn-7' };
    const ctx = context('bidirectional', 'strapi-wins', [pending]);
    const page: Page = { scope: CALENDAR_SCOPE, options: {}, movedTo: new Map(), gathered: new Map() };
    const created = { ...graphEvent('AAMk-7', 'Launch', 'ck1'), transactionId: 'txn-7' };
    const [item] = planItems(ctx, page, [created], new Map());
    assert.equal(item!.mapping, pending);
    assert.equal(item!.claimed, true);
    assert.deepEqual([pending.remoteId, pending.pendingCreateId, pending.changeKey], ['AAMk-7', null, 'ck1']);
    const { writes, changes } = decide(ctx, [item!], [local]);
    assert.deepEqual([writes.create.length, writes.update.length], [0, 0], 'nothing new in Strapi');
    assert.deepEqual(changes.insert, []);
    assert.deepEqual(changes.update, [pending]);
  });
});
