import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mailboxChange } from '../../server/src/rbac-writes';

describe('the mailbox an entry is written into', () => {
  test('every form the Document Service accepts for a relation', () => {
    assert.deepEqual(mailboxChange(undefined), { kind: 'unchanged' });
    assert.deepEqual(mailboxChange({ connect: [], disconnect: [] }), { kind: 'unchanged' });
    assert.deepEqual(mailboxChange(null), { kind: 'none' });
    assert.deepEqual(mailboxChange([]), { kind: 'none' });
    assert.deepEqual(mailboxChange({ set: [] }), { kind: 'none' });
    assert.deepEqual(mailboxChange({ connect: [], disconnect: [{ id: 3 }] }), { kind: 'none' });
    assert.deepEqual(mailboxChange('abc123'), { kind: 'to', ref: { documentId: 'abc123' } });
    assert.deepEqual(mailboxChange(7), { kind: 'to', ref: { id: 7 } });
    assert.deepEqual(mailboxChange({ documentId: 'abc' }), { kind: 'to', ref: { documentId: 'abc' } });
    assert.deepEqual(mailboxChange({ connect: [{ id: 4, documentId: 'def' }], disconnect: [{ id: 3 }] }), { kind: 'to', ref: { documentId: 'def' } });
    assert.deepEqual(mailboxChange({ set: [{ id: 9 }] }), { kind: 'to', ref: { id: 9 } });
    assert.deepEqual(mailboxChange(['x', 'y']), { kind: 'to', ref: { documentId: 'y' } });
  });

  test('a value it cannot read counts as no mailbox, so it never passes as "mine"', () => {
    assert.deepEqual(mailboxChange({ connect: [{ foo: 1 }] }), { kind: 'none' });
    assert.deepEqual(mailboxChange(true), { kind: 'none' });
  });
});
