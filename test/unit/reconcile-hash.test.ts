import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson, hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';

describe('canonicalJson', () => {
  test('sorts keys at every depth', () => {
    assert.equal(
      canonicalJson({ subject: 'Standup', attendees: [{ name: 'Ann', email: 'ann@contoso.com' }], body: { type: 'text', content: 'hi' } }),
      '{"attendees":[{"email":"ann@contoso.com","name":"Ann"}],"body":{"content":"hi","type":"text"},"subject":"Standup"}',
    );
  });

  test('drops undefined properties but keeps null', () => {
    assert.equal(canonicalJson({ location: undefined, body: null, subject: 's' }), '{"body":null,"subject":"s"}');
  });

  test('keeps array order and array slots', () => {
    assert.equal(canonicalJson({ categories: ['b', 'a', undefined, null] }), '{"categories":["b","a",null,null]}');
  });

  test('writes Dates as ISO strings and escapes strings as JSON', () => {
    assert.equal(
      canonicalJson({ start: new Date(Date.UTC(2024, 4, 1, 10)), subject: 'say "hi"\n' }),
      '{"start":"2024-05-01T10:00:00.000Z","subject":"say \\"hi\\"\\n"}',
    );
  });

  test('refuses values whose JSON form would lose data', () => {
    const refused: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, new Date('nope'), new Map([['a', 1]]), () => 1, Symbol('s'), 1n];
    for (const value of refused) {
      assert.throws(() => canonicalJson({ field: value } as unknown as SyncedFields), TypeError, String(typeof value));
    }
  });
});

describe('hashSyncedFields', () => {
  test('is the sha256 hex of the canonical JSON', () => {
    const fields = { title: 'Buy milk', status: 'notStarted', dueDate: null };
    const expected = createHash('sha256').update('{"dueDate":null,"status":"notStarted","title":"Buy milk"}').digest('hex');
    assert.equal(hashSyncedFields(fields), expected);
    assert.match(hashSyncedFields(fields), /^[0-9a-f]{64}$/);
  });

  test('equal content in any key order gives an equal hash', () => {
    const fromStrapi = { title: 'Buy milk', importance: 'high', categories: ['home'], reminderAt: undefined };
    const fromGraph = { categories: ['home'], importance: 'high', title: 'Buy milk' };
    assert.equal(hashSyncedFields(fromStrapi), hashSyncedFields(fromGraph));
  });

  test('null, absent, empty and reordered values are different content', () => {
    const hashes = [
      { body: null },
      {},
      { body: '' },
      { body: 'null' },
      { categories: ['a', 'b'] },
      { categories: ['b', 'a'] },
      { n: 1 },
      { n: '1' },
      { flag: false },
      { nested: { a: 1 } },
      { 'nested.a': 1 },
    ].map((fields) => hashSyncedFields(fields as SyncedFields));
    assert.equal(new Set(hashes).size, hashes.length);
  });
});
