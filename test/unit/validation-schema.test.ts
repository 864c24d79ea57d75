// The declarative rules every validator of the plugin is built from (shared/validation/schema.ts):
// what each builder accepts and refuses, where unknown keys are reported, paths of nested problems,
// and an own __proto__ key, which must be reported like any other unknown key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  anything,
  boolean,
  custom,
  list,
  notBlank,
  nullable,
  number,
  object,
  oneOf,
  optional,
  required,
  text,
  validator,
  withDefault,
  type Rule,
} from '../../shared/validation/schema';

const MESSAGES = {
  body: 'Must be an object',
  unknown: 'Unknown',
  boolean: 'Must be true or false',
  integer: 'Whole number from {min} to {max}',
  number: 'Number from {min} to {max}',
  enum: 'One of {values}',
  text: 'Must be text',
  'too-long': 'At most {max}',
  empty: 'Must not be empty',
  required: 'Is required',
  list: 'Must be a list',
  few: 'At least {min}',
  many: 'At most {max} items',
  duplicate: 'Twice',
  odd: 'Must be odd',
};

/** The codes a rule finds for `value`, each with its path. */
function problems(rule: Rule<unknown>, value: unknown): string[] {
  return validator(rule, MESSAGES, { codes: true }).call(null, value).issues.map((i) => `${i.path.join('.') || '-'}:${i.code}`);
}

const valueOf = <T>(rule: Rule<T>, input: unknown): T | undefined => validator(rule, MESSAGES, { codes: true })(input).value;

describe('validation rules', () => {
  test('leaves accept their type and refuse the rest with their code', () => {
    assert.deepEqual(problems(boolean(), true), []);
    assert.deepEqual(problems(boolean(), 'true'), ['-:boolean']);
    assert.deepEqual(problems(number({ min: 1, max: 5, integer: true }), 5), []);
    assert.deepEqual(problems(number({ min: 1, max: 5, integer: true }), 2.5), ['-:integer']);
    assert.deepEqual(problems(number({ min: 1, max: 5, integer: true }), 6), ['-:integer']);
    assert.deepEqual(problems(number({ min: 0, max: 1 }), 0.5), []);
    assert.deepEqual(problems(number({ min: 0, max: 1 }), Number.NaN), ['-:number']);
    assert.deepEqual(problems(number({ min: 0, max: 1 }), '0.5'), ['-:number']);
    assert.deepEqual(problems(oneOf(['a', 'b']), 'b'), []);
    assert.deepEqual(problems(oneOf(['a', 'b']), 'c'), ['-:enum']);
    assert.deepEqual(problems(anything(), { any: 'thing' }), []);
    assert.deepEqual(problems(custom((v) => (typeof v === 'number' && v % 2 === 1 ? { value: v } : { code: 'odd' })), 2), ['-:odd']);
  });

  test('text: type, trimming, emptiness, length and its own check, in that order', () => {
    const name = text({ max: 5, trim: true, empty: 'empty', check: (v) => (v.includes('!') ? { code: 'odd' } : null) });
    assert.equal(valueOf(name, '  abc  '), 'abc');
    assert.deepEqual(problems(name, 7), ['-:text']);
    assert.deepEqual(problems(name, '   '), ['-:empty']);
    assert.deepEqual(problems(name, 'abcdef'), ['-:too-long']);
    assert.deepEqual(problems(name, 'ab!'), ['-:odd']);
    // Untrimmed, the length counts the spaces.
    assert.deepEqual(problems(text({ max: 3 }), ' ab '), ['-:too-long']);
  });

  test('messages take their params; codes and params are left out when the validator says so', () => {
    const rule = number({ min: 1, max: 9, integer: true });
    assert.deepEqual(validator(rule, MESSAGES, { codes: true, params: true })(0).issues, [{ path: [], code: 'integer', params: { min: 1, max: 9 }, message: 'Whole number from 1 to 9' }]);
    assert.deepEqual(validator(rule, MESSAGES, { codes: true })(0).issues, [{ path: [], code: 'integer', message: 'Whole number from 1 to 9' }]);
    assert.deepEqual(validator(rule, MESSAGES, { codes: false })(0).issues, [{ path: [], message: 'Whole number from 1 to 9' }]);
    assert.throws(() => validator(boolean('nope'), MESSAGES, { codes: true })(1), /no message for the validation code 'nope'/);
  });

  test('lists: the list itself, then each item at its index, duplicates where they recur', () => {
    const names = list(text({ trim: true }), {
      code: 'list',
      tooFew: { count: 1, problem: { code: 'few', params: { min: 1 } } },
      tooMany: { count: 3, problem: { code: 'many', params: { max: 3 } } },
      unique: { key: (v) => v.toLowerCase(), code: 'duplicate' },
    });
    assert.deepEqual(valueOf(names, [' a', 'b ']), ['a', 'b']);
    assert.deepEqual(problems(names, 'a'), ['-:list']);
    assert.deepEqual(problems(names, []), ['-:few']);
    assert.deepEqual(problems(names, ['a', 'b', 'c', 'd']), ['-:many']);
    assert.deepEqual(problems(names, ['a', 'A', 3]), ['1:duplicate', '2:text']);
    assert.deepEqual(problems(names, [3, 'a', 'A']), ['0:text', '2:duplicate']);
  });

  test('nullable, optional and notBlank', () => {
    assert.deepEqual(problems(nullable(boolean()), null), []);
    assert.deepEqual(problems(nullable(boolean()), 1), ['-:boolean']);
    assert.deepEqual(problems(optional(object({}, { unknownKeys: 'first', notObject: 'body' })), undefined), []);
    assert.deepEqual(problems(optional(object({}, { unknownKeys: 'first', notObject: 'body' })), null), []);
    assert.deepEqual(problems(optional(object({}, { unknownKeys: 'first', notObject: 'body' })), 'x'), ['-:body']);
    const name = notBlank(text({ max: 9 }), 'required');
    assert.deepEqual(problems(name, null), ['-:required']);
    assert.deepEqual(problems(name, ''), ['-:required']);
    assert.deepEqual(problems(name, 'x'), []);
  });

  const fields = { a: boolean(), b: required(boolean(), { code: 'required' }), c: withDefault(oneOf(['x', 'y']), 'x') };

  test('unknown keys are reported inline, first or last, in input or sorted order', () => {
    const body = { z: 1, a: 'no', y: 2, b: true };
    assert.deepEqual(problems(object(fields, { unknownKeys: 'inline', notObject: 'body' }), body), ['z:unknown', 'a:boolean', 'y:unknown']);
    assert.deepEqual(problems(object(fields, { unknownKeys: 'first', notObject: 'body' }), body), ['z:unknown', 'y:unknown', 'a:boolean']);
    assert.deepEqual(problems(object(fields, { unknownKeys: 'first', sortUnknown: true, notObject: 'body' }), body), ['y:unknown', 'z:unknown', 'a:boolean']);
    assert.deepEqual(problems(object(fields, { unknownKeys: 'last', notObject: 'body' }), body), ['a:boolean', 'z:unknown', 'y:unknown']);
  });

  test('fields left out: required is reported, a default is filled, the rest stay out', () => {
    const rule = object(fields, { unknownKeys: 'first', notObject: 'body' });
    assert.deepEqual(problems(rule, {}), ['b:required']);
    assert.deepEqual(valueOf(rule, { b: false }), { b: false, c: 'x' });
    assert.deepEqual(valueOf(object(fields, { unknownKeys: 'first', notObject: 'body', absent: (v) => v === '' }), { b: true, c: '' }), { b: true, c: 'x' });
  });

  test('not an object: its own problem, or read as {} so every required field is reported', () => {
    assert.deepEqual(problems(object(fields, { unknownKeys: 'last', notObject: 'body' }), [true]), ['-:body']);
    assert.deepEqual(problems(object(fields, { unknownKeys: 'last', notObject: 'as-empty' }), 'text'), ['b:required']);
    assert.deepEqual(problems(object(fields, { unknownKeys: 'last', notObject: 'as-empty' }), null), ['b:required']);
  });

  test('nested problems carry the whole path', () => {
    const rule = object({ outer: object({ inner: list(boolean(), { code: 'list' }) }, { unknownKeys: 'inline', notObject: 'body' }) }, { unknownKeys: 'inline', notObject: 'body' });
    assert.deepEqual(problems(rule, { outer: { inner: [true, 'no'], extra: 1 } }), ['outer.inner.1:boolean', 'outer.extra:unknown']);
    assert.deepEqual(problems(rule, { outer: 3 }), ['outer:body']);
  });

  test("an own __proto__ key is an unknown key, and never reaches the checked value's prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": true, "b": true}') as unknown;
    const rule = object(fields, { unknownKeys: 'inline', notObject: 'body' });
    assert.deepEqual(problems(rule, input), ['__proto__:unknown']);
    const clean = valueOf(object(fields, { unknownKeys: 'first', notObject: 'body' }), JSON.parse('{"a": true, "b": true}'));
    assert.equal(Object.getPrototypeOf(clean), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
