// The mapping index's journal (sync/store.ts): a page whose transaction rolls back puts every mapping it
// changed, added or removed back as it was, in the index too, so the page can be tried item by item.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MappingIndex, type Mapping } from '../../server/src/sync/store';

function mapping(id: number | undefined, remoteId: string | null, localId: string | null, extra: Partial<Mapping> = {}): Mapping {
  return {
    ...(id === undefined ? {} : { id }),
    mailbox: 'a@contoso.com',
    resource: 'calendar',
    scope: 'calendar',
    localId,
    remoteId,
    remoteParentId: null,
    localHash: 'l',
    remoteHash: 'r',
    changeKey: 'ck',
    pendingCreateId: null,
    awaitingDelta: false,
    viaReference: false,
    syncedAt: null,
    ...extra,
  };
}

/** Mirrors context.ts patchMapping: touch, change, re-index. */
function patch(index: MappingIndex, m: Mapping, change: Partial<Mapping>): void {
  const before = { remoteId: m.remoteId, localId: m.localId, pendingCreateId: m.pendingCreateId };
  index.touch(m);
  Object.assign(m, change);
  index.reindex(m, before);
}

describe('mapping index journal', () => {
  test('rollback undoes changes, additions and removals, and the lookups follow', () => {
    const kept = mapping(1, 'R1', 'L1');
    const removed = mapping(2, 'R2', 'L2');
    const pending = mapping(3, null, 'L3', { pendingCreateId: 'tx-3' });
    const index = new MappingIndex([kept, removed, pending]);

    index.mark();
    patch(index, kept, { remoteId: 'R1b', localHash: 'changed', held: { side: 'strapi', state: 'staged', at: new Date(0), title: 'x' } });
    index.remove(removed);
    patch(index, pending, { remoteId: 'R3', pendingCreateId: null });
    const added = mapping(undefined, 'R4', 'L4');
    patch(index, added, { id: 99 });
    // The new row takes over an id the removed one had.
    const takeover = mapping(undefined, 'R2', 'L9');
    patch(index, takeover, {});
    assert.equal(index.size, 4);

    index.rollback();
    assert.equal(index.size, 3);
    assert.deepEqual(kept, mapping(1, 'R1', 'L1'));
    assert.equal(index.byRemoteId('R1'), kept);
    assert.equal(index.byRemoteId('R1b'), undefined);
    assert.equal(index.byRemoteId('R2'), removed);
    assert.equal(index.byLocalId('L2'), removed);
    assert.equal(index.byRemoteId('R3'), undefined);
    assert.equal(index.pendingByTransactionId('tx-3'), pending);
    assert.equal(index.byRemoteId('R4'), undefined);
    assert.equal(index.byLocalId('L9'), undefined);
    assert.deepEqual(new Set(index.all()), new Set([kept, removed, pending]));
  });

  test('commit keeps the changes and stops journaling', () => {
    const m = mapping(1, 'R1', 'L1');
    const index = new MappingIndex([m]);
    index.mark();
    patch(index, m, { localHash: 'new' });
    index.commit();
    patch(index, m, { localHash: 'newer' });
    index.rollback();
    assert.equal(m.localHash, 'newer');
    assert.equal(index.byRemoteId('R1'), m);
  });
});
