// Validation of a route's query string: every parameter a route takes is declared with its rule, anything
// else is refused. A bad or unknown parameter answers 400 (ValidationError, one entry per parameter),
// never a database error from a value such as page=1e18.
import { custom, object, oneOf as oneOfRule, validator, withDefault, type ObjectValue, type Rule } from '../../../shared/validation/schema';
import { validationError } from './validation-error';

const MESSAGES = {
  unknown: 'Is not a known query parameter',
  oneOf: 'Must be one of {values}',
  text: 'Must be text of at most {max} characters',
  integer: 'Must be a whole number from {min} to {max}',
  boolean: 'Must be true or false',
};

const DIGITS = /^[0-9]{1,16}$/;

// Query values arrive as strings; a parameter given twice arrives as an array and is refused, not guessed.
export const query = {
  integer: (limits: { min: number; max: number }, byDefault: number) =>
    withDefault(
      custom<number>((raw) => {
        const n = typeof raw === 'string' && DIGITS.test(raw) ? Number(raw) : NaN;
        return Number.isSafeInteger(n) && n >= limits.min && n <= limits.max ? { value: n } : { code: 'integer', params: limits };
      }),
      byDefault,
    ),
  boolean: (byDefault: boolean) =>
    withDefault(
      custom<boolean>((raw) => {
        const value = typeof raw === 'string' ? raw.toLowerCase() : null;
        if (value === 'true' || value === '1') return { value: true };
        return value === 'false' || value === '0' ? { value: false } : { code: 'boolean' };
      }),
      byDefault,
    ),
  /** One of the given values; absent when not given. */
  oneOf: <V extends string>(values: readonly V[]) => oneOfRule(values, 'oneOf'),
  /** Free text up to maxLength characters, trimmed; absent when not given or blank. */
  text: (maxLength: number) =>
    custom<string | undefined>((raw) => {
      const trimmed = typeof raw === 'string' ? raw.trim() : null;
      return trimmed !== null && trimmed.length <= maxLength ? { value: trimmed || undefined } : { code: 'text', params: { max: maxLength } };
    }),
};

/** The route's parameters, read and checked; throws a ValidationError naming each bad or unknown one. */
export function parseQuery<F extends Record<string, Rule<unknown>>>(given: Record<string, unknown> | undefined, rules: F): ObjectValue<F> {
  const validate = validator(object(rules, { unknownKeys: 'first', sortUnknown: true, notObject: 'as-empty', absent: (value) => value === '' }), MESSAGES, { codes: true });
  const { value, issues } = validate(given ?? {});
  if (issues.length > 0 || !value) throw validationError(issues);
  return value;
}
