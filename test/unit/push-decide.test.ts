// The push's decide phase without Strapi or Graph: a Strapi entry and its mapping in, Graph writes and
// mapping changes out. decidePush takes a DecideContext (no strapi, no gateway), so these run on the
// real adapters, the real mapping index and the real reconciler alone.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { calendarAdapter, CALENDAR_SCOPE } from '../../server/src/sync/resources/calendar';
import { taskAdapter } from '../../server/src/sync/resources/tasks';
import { localSide, type DecideContext } from '../../server/src/sync/context';
import { decidePush, type PushBook } from '../../server/src/sync/push-decide';
import type { LocalEntry } from '../../server/src/sync/local-entries';
import { emptyMappingChanges, MappingIndex, type Mapping } from '../../server/src/sync/store';
import { emptyResult } from '../../server/src/sync/run-types';
import { Quarantine } from '../../server/src/sync/quarantine';
import type { ConflictResolution, Direction } from '../../shared/settings';
import type { ResourceAdapter, Scope } from '../../server/src/sync/resources/types';

const MAILBOX = { id: 7, address: 'adele.vance@contoso.com' };
const SHOPPING: Scope = { key: 'AAMkShopping', remoteParentId: 'AAMkShopping', label: 'Shopping' };
const GARDEN: Scope = { key: 'AAMkGarden', remoteParentId: 'AAMkGarden', label: 'Garden' };

function context(adapter: ResourceAdapter, scopes: Scope[], mappings: Mapping[] = [], direction: Direction = 'bidirectional', conflictResolution: ConflictResolution = 'strapi-wins'): DecideContext {
  return {
    adapter,
    settings: { direction, conflictResolution },
    mailbox: MAILBOX,
    mappings: new MappingIndex(mappings),
    result: emptyResult(MAILBOX.address, adapter.resource),
    handedOver: new Set(),
    fetchedReferences: new Set(),
    scopes,
    unknownRemovals: false,
    quarantine: new Quarantine(),
  };
}

const book = (): PushBook => ({ plans: [], reverts: [], changes: emptyMappingChanges(), now: new Date('2026-12-01T10:00:00Z') });

function calendarEntry(documentId: string, subject: string, updatedAt = '2026-12-01T09:00:00Z'): LocalEntry {
  return {
    id: 1,
    documentId,
    updatedAt,
    subject,
    body: '<p>Agenda</p>',
    bodyType: 'html',
    start: '2026-12-02T09:00:00.000Z',
    end: '2026-12-02T10:00:00.000Z',
    timeZone: 'UTC',
    isAllDay: false,
    attendees: [],
    showAs: 'busy',
    importance: 'normal',
    sensitivity: 'normal',
    categories: [],
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
  } as LocalEntry;
}

function taskEntry(documentId: string, title: string, listName: string): LocalEntry {
  return { id: 2, documentId, updatedAt: '2026-12-01T09:00:00Z', title, listName, taskStatus: 'notStarted', importance: 'normal', body: '', categories: [] } as LocalEntry;
}

/** The mapping the last sync left for `entry`, in step on both sides. */
function synced(adapter: ResourceAdapter, entry: LocalEntry, remoteId: string, scope: Scope, changeKey = 'ck1'): Mapping {
  const hash = localSide({ adapter }, entry).hash;
  return {
    mailbox: MAILBOX.address,
    resource: adapter.resource,
    scope: scope.key,
    localId: entry.documentId,
    remoteId,
    remoteParentId: scope.remoteParentId ?? null,
    localHash: hash,
    remoteHash: hash,
    changeKey,
    pendingCreateId: null,
    awaitingDelta: false,
    viaReference: false,
    syncedAt: new Date('2026-11-30T09:00:00Z'),
  };
}

describe('push decide phase (no Strapi, no Graph)', () => {
  test('a new Strapi event is planned as a create carrying a transactionId, stored first as a pending mapping', () => {
    const ctx = context(calendarAdapter, [CALENDAR_SCOPE]);
    const b = book();
    assert.equal(decidePush(ctx, b, undefined, calendarEntry('doc-1', 'Kick-off')), null);
    assert.equal(b.plans.length, 1);
    const [plan] = b.plans;
    assert.equal(plan!.kind, 'create');
    assert.equal(plan!.write.method, 'POST');
    const sent = plan!.write.body as { transactionId: string; subject: string };
    assert.equal(sent.subject, 'Kick-off');
    assert.deepEqual(b.changes.insert, [plan!.mapping]);
    assert.equal(plan!.mapping.pendingCreateId, sent.transactionId, 'the pending mapping names the id Graph de-duplicates by');
    assert.equal(plan!.mapping.remoteId, null);
  });

  test('after a crash, the pending create is sent again with the same transactionId and no second mapping', () => {
    const entry = calendarEntry('doc-2', 'Launch');
    const pending: Mapping = { ...synced(calendarAdapter, entry, 'x', CALENDAR_SCOPE), remoteId: null, remoteHash: null, changeKey: null, pendingCreateId: 'txn-2' };
    const ctx = context(calendarAdapter, [CALENDAR_SCOPE], [pending]);
    const b = book();
    decidePush(ctx, b, pending, entry);
    assert.equal(b.plans.length, 1);
    assert.equal((b.plans[0]!.write.body as { transactionId: string }).transactionId, 'txn-2');
    assert.equal(b.plans[0]!.mapping, pending);
    assert.deepEqual(b.changes.insert, []);
  });

  test('an edit in Strapi becomes a PATCH with If-Match on the change key of the last sync', () => {
    const before = calendarEntry('doc-3', 'Review');
    const mapping = synced(calendarAdapter, before, 'AAMk-3', CALENDAR_SCOPE, 'ck7');
    const ctx = context(calendarAdapter, [CALENDAR_SCOPE], [mapping]);
    const b = book();
    decidePush(ctx, b, mapping, { ...before, subject: 'Review (moved)' } as LocalEntry);
    assert.equal(b.plans.length, 1);
    assert.equal(b.plans[0]!.kind, 'update');
    assert.equal(b.plans[0]!.write.method, 'PATCH');
    assert.equal(b.plans[0]!.write.headers?.['If-Match'], 'W/"ck7"');
  });

  test('deleted in Strapi: a guarded DELETE (the deletion breaker counts it); unchanged: nothing', () => {
    const entry = calendarEntry('doc-4', 'Offsite');
    const mapping = synced(calendarAdapter, entry, 'AAMk-4', CALENDAR_SCOPE);
    const ctx = context(calendarAdapter, [CALENDAR_SCOPE], [mapping]);
    const b = book();
    decidePush(ctx, b, mapping, undefined);
    assert.deepEqual(b.plans.map((p) => [p.kind, p.write.method, p.guarded]), [['delete', 'DELETE', true]]);

    const quiet = book();
    decidePush(context(calendarAdapter, [CALENDAR_SCOPE], [mapping]), quiet, mapping, entry);
    assert.deepEqual([quiet.plans.length, quiet.changes.update.length, quiet.reverts.length], [0, 0, 0]);
  });

  test('a meeting another mailbox organizes: a Strapi edit or delete is never planned; two-way puts it back, one-way to Microsoft counts it', () => {
    const before = calendarEntry('doc-9', 'Quarterly review');
    const mapping = { ...synced(calendarAdapter, before, 'AAMk-9', CALENDAR_SCOPE), remoteReadOnly: true };
    for (const entry of [{ ...before, subject: 'Taken over' } as LocalEntry, undefined]) {
      const twoWay = context(calendarAdapter, [CALENDAR_SCOPE], [mapping]);
      const b = book();
      decidePush(twoWay, b, mapping, entry);
      assert.deepEqual([b.plans.length, b.reverts], [0, [mapping]], entry ? 'edit' : 'delete');
      assert.equal(twoWay.result.refused, undefined, 'counted where the revert applies it (pull-decide)');

      const oneWay = context(calendarAdapter, [CALENDAR_SCOPE], [mapping], 'strapi-to-microsoft');
      const o = book();
      decidePush(oneWay, o, mapping, entry);
      assert.deepEqual([o.plans.length, o.reverts.length], [0, 0]);
      assert.deepEqual(oneWay.result.refused, { 'not-organizer': 1 });
    }
  });

  test('Microsoft → Strapi only: a Strapi edit is put back from Microsoft, never sent', () => {
    const before = calendarEntry('doc-5', 'Standup');
    const mapping = synced(calendarAdapter, before, 'AAMk-5', CALENDAR_SCOPE);
    const ctx = context(calendarAdapter, [CALENDAR_SCOPE], [mapping], 'microsoft-to-strapi', 'microsoft-wins');
    const b = book();
    decidePush(ctx, b, mapping, { ...before, subject: 'Standup (Strapi)' } as LocalEntry);
    assert.deepEqual([b.plans.length, b.reverts.length], [0, 1]);
    assert.equal(b.reverts[0], mapping);
  });

  test('a task moved to another list: created in the new list, deleted from the old (Graph cannot move it)', () => {
    const before = taskEntry('doc-6', 'Buy seeds', 'Shopping');
    const mapping = synced(taskAdapter, before, 'AAMkShopping/t6', SHOPPING);
    const ctx = context(taskAdapter, [SHOPPING, GARDEN], [mapping]);
    const b = book();
    decidePush(ctx, b, mapping, { ...before, listName: 'Garden' } as LocalEntry);
    assert.deepEqual(b.plans.map((p) => [p.kind, p.scope.key]), [['delete', 'AAMkShopping'], ['create', 'AAMkGarden']]);
    assert.equal(b.plans[0]!.write.url, '/users/adele.vance%40contoso.com/todo/lists/AAMkShopping/tasks/t6');
    assert.equal(mapping.scope, 'AAMkGarden');
    assert.ok(mapping.pendingCreateId, 'the entry is a pending create in its new list');
  });

  test('a new task naming a list To Do does not have: the decision asks for the list and changes nothing', () => {
    const ctx = context(taskAdapter, [SHOPPING]);
    const b = book();
    const entry = taskEntry('doc-7', 'Prune roses', 'Garden');
    const wanted = decidePush(ctx, b, undefined, entry);
    assert.deepEqual(wanted, { fields: taskAdapter.fromLocal(entry), conflict: false });
    assert.deepEqual([b.plans.length, b.changes.insert.length, ctx.mappings.size], [0, 0, 0]);
    // Once the list exists (the push creates it), the same decision plans the create there.
    ctx.scopes.push(GARDEN);
    assert.equal(decidePush(ctx, b, undefined, entry), null);
    assert.deepEqual(b.plans.map((p) => [p.kind, p.scope.key]), [['create', 'AAMkGarden']]);
  });

  test('an entry the adapter cannot turn into a Graph write is quarantined on its own; the others are planned', () => {
    const ctx = context(calendarAdapter, [CALENDAR_SCOPE]);
    const b = book();
    const broken = { ...calendarEntry('doc-8', 'Backwards'), end: '2026-12-02T08:00:00.000Z' } as LocalEntry;
    decidePush(ctx, b, undefined, broken);
    decidePush(ctx, b, undefined, calendarEntry('doc-9', 'Fine'));
    assert.deepEqual(b.plans.map((p) => p.mapping.localId), ['doc-9']);
    assert.deepEqual([...ctx.quarantine.pushFailures.keys()], ['doc-8']);
    assert.equal(ctx.quarantine.pushFailures.get('doc-8')!.field, 'end');
  });
});
