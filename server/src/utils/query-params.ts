// Validation of a route's query string: every parameter a route takes is declared with its rule, anything
// else is refused. A bad or unknown parameter answers 400 (ValidationError, one entry per parameter),
// never a database error from a value such as page=1e18.
import { validationError } from './validation-error';

export type QueryRule =
  | { kind: 'integer'; min: number; max: number; default: number }
  | { kind: 'boolean'; default: boolean }
  /** One of the given values; absent when not given. */
  | { kind: 'oneOf'; values: readonly string[] }
  /** Free text up to maxLength characters, trimmed; absent when not given. */
  | { kind: 'text'; maxLength: number };

type Value<Rule> = Rule extends { kind: 'integer' } ? number : Rule extends { kind: 'boolean' } ? boolean : Rule extends { kind: 'oneOf'; values: readonly (infer V)[] } ? V | undefined : string | undefined;
type Values<R extends Record<string, QueryRule>> = { [K in keyof R]: Value<R[K]> };

const DIGITS = /^[0-9]{1,16}$/;

export function parseQuery<R extends Record<string, QueryRule>>(query: Record<string, unknown> | undefined, rules: R): Values<R> {
  const issues: Array<{ path: string[]; message: string; code: string }> = [];
  const out: Record<string, number | boolean | string | undefined> = {};
  const given = query ?? {};
  for (const name of Object.keys(given).sort()) {
    if (!Object.hasOwn(rules, name)) issues.push({ path: [name], message: 'Is not a known query parameter', code: 'unknown' });
  }
  for (const [name, rule] of Object.entries(rules)) {
    const raw = given[name];
    if (raw === undefined || raw === '') {
      out[name] = 'default' in rule ? rule.default : undefined;
      continue;
    }
    // A parameter given twice arrives as an array: refused rather than guessed.
    const text = typeof raw === 'string' ? raw : null;
    if (rule.kind === 'oneOf') {
      if (text !== null && rule.values.includes(text)) out[name] = text;
      else issues.push({ path: [name], message: `Must be one of ${rule.values.join(', ')}`, code: 'oneOf' });
    } else if (rule.kind === 'text') {
      const trimmed = text?.trim() ?? '';
      if (text !== null && trimmed.length <= rule.maxLength) out[name] = trimmed || undefined;
      else issues.push({ path: [name], message: `Must be text of at most ${rule.maxLength} characters`, code: 'text' });
    } else if (rule.kind === 'integer') {
      const n = text !== null && DIGITS.test(text) ? Number(text) : NaN;
      if (Number.isSafeInteger(n) && n >= rule.min && n <= rule.max) out[name] = n;
      else issues.push({ path: [name], message: `Must be a whole number from ${rule.min} to ${rule.max}`, code: 'integer' });
    } else {
      const value = text?.toLowerCase();
      if (value === 'true' || value === '1') out[name] = true;
      else if (value === 'false' || value === '0') out[name] = false;
      else issues.push({ path: [name], message: 'Must be true or false', code: 'boolean' });
    }
  }
  if (issues.length > 0) throw validationError(issues);
  return out as Values<R>;
}
