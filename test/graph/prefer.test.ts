import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergePreferHeader, withPreference } from '../../server/src/graph/prefer';
import { deltaPreferHeader } from '../../server/src/graph/delta-pager';

test('preferences merge by name and never replace what the caller asked for', () => {
  assert.equal(withPreference(undefined, 'IdType="ImmutableId"'), 'IdType="ImmutableId"');
  assert.equal(withPreference('outlook.timezone="UTC"', 'IdType="ImmutableId"'), 'outlook.timezone="UTC", IdType="ImmutableId"');
  assert.equal(withPreference('odata.maxpagesize=5', 'odata.maxpagesize=50, IdType="ImmutableId"'), 'odata.maxpagesize=5, IdType="ImmutableId"');
  assert.deepEqual(mergePreferHeader({ prefer: 'a=1', 'If-Match': 'x' }, 'IdType="ImmutableId"'), { 'If-Match': 'x', Prefer: 'a=1, IdType="ImmutableId"' });
  assert.equal(deltaPreferHeader({ maxPageSize: 25 }), 'odata.maxpagesize=25, IdType="ImmutableId"');
  assert.equal(deltaPreferHeader({ immutableIds: false }), undefined);
});
