// Database errors as the drivers raise them, with a bound value in them: the plain message keeps the
// column or constraint and never the value, the SQL or the driver's text around it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDatabaseError, safeError, safeLogMessage } from '../../server/src/sync/safe-errors';

const SECRET = 'the-body-of-a-mail';
const dbError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

const CASES: Array<[string, Error, RegExp]> = [
  [
    'MySQL: data too long',
    dbError(`insert into \`ms365_email_messages\` (\`subject\`) values ('${SECRET}') - Data too long for column 'subject' at row 1`, { code: 'ER_DATA_TOO_LONG', errno: 1406, sqlMessage: "Data too long for column 'subject' at row 1", sql: `insert into x values ('${SECRET}')` }),
    /value too long for subject$/,
  ],
  [
    'MySQL: duplicate entry quotes the value',
    dbError(`insert into x values ('${SECRET}') - Duplicate entry '${SECRET}' for key 'ms365_sync_mappings_key'`, { code: 'ER_DUP_ENTRY', errno: 1062, sqlMessage: `Duplicate entry '${SECRET}' for key 'ms365_sync_mappings_key'` }),
    /duplicate value for ms365_sync_mappings_key$/,
  ],
  [
    'MySQL: incorrect string value quotes the bytes',
    dbError(`insert into x values ('${SECRET}') - Incorrect string value: '\\xF0\\x9F${SECRET}' for column 'body' at row 1`, { code: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', errno: 1366, sqlMessage: `Incorrect string value: '\\xF0\\x9F${SECRET}' for column 'body' at row 1` }),
    /a value the column cannot hold in body$/,
  ],
  ['PostgreSQL: value too long', dbError('insert into "x" ("subject") values ($1) - value too long for type character varying(255)', { code: '22001', severity: 'ERROR', routine: 'varchar' }), /value too long$/],
  ['PostgreSQL: not null names its column', dbError('insert into "x" - null value in column "document_id" violates not-null constraint', { code: '23502', severity: 'ERROR', column: 'document_id' }), /missing value for document_id$/],
  ['SQLite: unique', dbError(`insert into \`x\` (\`a\`) values ('${SECRET}') - SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: ms365_sync_mappings.remote_id`, { code: 'SQLITE_CONSTRAINT_UNIQUE', errno: 2067 }), /duplicate value for ms365_sync_mappings.remote_id$/],
  ['SQLite: trigger', dbError(`insert into \`x\` values ('${SECRET}') - refused`, { code: 'SQLITE_CONSTRAINT_TRIGGER' }), /the database refused the statement$/],
  ['knex text without a code', new Error(`update \`x\` set \`body\` = '${SECRET}' where \`id\` = 1 - SQLITE_BUSY: database is locked`), /busy|refused/],
];

describe('safe errors', () => {
  for (const [name, error, reason] of CASES) {
    test(name, () => {
      assert.ok(isDatabaseError(error));
      const safe = safeError(error, 'item AAMk1');
      assert.equal(safe.code, 'database_error');
      assert.match(safe.message, /^the database refused the write of item AAMk1: /);
      assert.match(safe.message, reason);
      for (const text of [safe.message, safeLogMessage(error)]) {
        assert.ok(!text.includes(SECRET), text);
        assert.doesNotMatch(text, /insert into|update `|values/i);
      }
    });
  }

  test('other errors keep their message, cut when they would carry a whole value', () => {
    assert.deepEqual(safeError(Object.assign(new Error('Graph event start is not a date-time.'), { code: 'calendar.invalid-time' }), 'item x'), { code: 'calendar.invalid-time', message: 'item x: Graph event start is not a date-time.' });
    assert.ok(safeError(new Error(`Invalid dateTime '${'x'.repeat(100_000)}'`)).message.length < 600);
    assert.equal(isDatabaseError(new Error('the sync lease was lost')), false);
  });
});
