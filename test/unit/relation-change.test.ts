import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { relationChange } from '../../server/src/utils/relation-change';

describe('the mailbox an entry is written into', () => {
  test('every form the Document Service accepts for a relation', () => {
    assert.deepEqual(relationChange(undefined), { kind: 'unchanged' });
    assert.deepEqual(relationChange({ connect: [], disconnect: [] }), { kind: 'unchanged' });
    assert.deepEqual(relationChange(null), { kind: 'none' });
    assert.deepEqual(relationChange([]), { kind: 'none' });
    assert.deepEqual(relationChange({ set: [] }), { kind: 'none' });
    assert.deepEqual(relationChange({ connect: [], disconnect: [{ id: 3 }] }), { kind: 'none' });
    assert.deepEqual(relationChange('abc123'), { kind: 'to', ref: { documentId: 'abc123' } });
    assert.deepEqual(relationChange(7), { kind: 'to', ref: { id: 7 } });
    assert.deepEqual(relationChange({ documentId: 'abc' }), { kind: 'to', ref: { documentId: 'abc' } });
    assert.deepEqual(relationChange({ connect: [{ id: 4, documentId: 'def' }], disconnect: [{ id: 3 }] }), { kind: 'to', ref: { documentId: 'def' } });
    assert.deepEqual(relationChange({ set: [{ id: 9 }] }), { kind: 'to', ref: { id: 9 } });
    assert.deepEqual(relationChange(['x', 'y']), { kind: 'to', ref: { documentId: 'y' } });
  });

  test('a value it cannot read counts as no mailbox, so it never passes as "mine"', () => {
    assert.deepEqual(relationChange({ connect: [{ foo: 1 }] }), { kind: 'none' });
    assert.deepEqual(relationChange(true), { kind: 'none' });
  });
});
