// Input validation declared once, in one style: a rule per value, built from the small set below, and
// a validator that turns the problems into the ValidationError entries the API answers with (path,
// English message, and for the settings page the code and params it translates).
//
// Why not zod or yup: the API's error entries are a published contract (each code, its params, and the
// order entries come in, which the settings page and the tests read), and an own `__proto__` key in a
// JSON body must be refused as unknown. zod drops such a key silently and both libraries bring their
// own codes and order, so every leaf would need a custom check anyway; these few builders are that.

export type Params = Record<string, string | number>;

/** What a rule finds wrong with a value: a code of the validator's message table, with its params. */
export interface Problem {
  code: string;
  params?: Params;
}

/** One problem with the path of the value it is about. */
export interface Issue extends Problem {
  path: string[];
}

const INVALID: unique symbol = Symbol('invalid');
type Invalid = typeof INVALID;

/**
 * A rule for one value: reads it into its checked form, or pushes its problems and answers INVALID.
 * `whenAbsent` says what an object field left out becomes (a default, a problem, or nothing).
 */
export interface Rule<T> {
  read(value: unknown, path: string[], issues: Issue[]): T | Invalid;
  whenAbsent?: { value: T } | Problem;
}

/** A leaf: one check, one problem at the value's own path. */
export function custom<T>(check: (value: unknown) => { value: T } | Problem): Rule<T> {
  return {
    read(value, path, issues) {
      const outcome = check(value);
      if ('code' in outcome) {
        issues.push({ path, ...outcome });
        return INVALID;
      }
      return outcome.value;
    },
  };
}

export const anything = (): Rule<unknown> => custom((value) => ({ value }));

export const boolean = (code = 'boolean'): Rule<boolean> => custom<boolean>((value) => (typeof value === 'boolean' ? { value } : { code }));

/** A finite number in [min, max]; `integer` also requires a whole number. Params: min, max. */
export function number(options: { min: number; max: number; integer?: boolean; code?: string }): Rule<number> {
  const { min, max } = options;
  const code = options.code ?? (options.integer ? 'integer' : 'number');
  return custom<number>((value) =>
    typeof value === 'number' && Number.isFinite(value) && (!options.integer || Number.isInteger(value)) && value >= min && value <= max ? { value } : { code, params: { min, max } },
  );
}

/** One of `values`. Params: values, joined by commas. */
export function oneOf<V extends string>(values: readonly V[], code = 'enum'): Rule<V> {
  return custom<V>((value) => ((values as readonly unknown[]).includes(value) ? { value: value as V } : { code, params: { values: values.join(', ') } }));
}

export interface TextOptions {
  /** At most this many characters (after trimming when `trim`); too long is 'too-long' with params max. */
  max?: number;
  trim?: boolean;
  /** A text that is empty (after trimming when `trim`) is this problem. */
  empty?: string;
  /** Further checks of the (trimmed) text. */
  check?: (text: string) => Problem | null;
  code?: string;
}

export function text(options: TextOptions): Rule<string> {
  return custom<string>((value) => {
    if (typeof value !== 'string') return { code: options.code ?? 'text' };
    const checked = options.trim ? value.trim() : value;
    if (options.empty && checked === '') return { code: options.empty };
    if (options.max !== undefined && checked.length > options.max) return { code: 'too-long', params: { max: options.max } };
    return options.check?.(checked) ?? { value: checked };
  });
}

export interface ListOptions<T> {
  /** The problem when the value is no list. */
  code: string;
  tooFew?: { count: number; problem: Problem };
  tooMany?: { count: number; problem: Problem };
  /** Items are told apart by `key`; one whose key came before is `code`, at its own index. */
  unique?: { key: (item: T) => string; code: string };
}

/** A list whose items follow `item`; each item's problems carry its index in their path, in index order. */
export function list<T>(item: Rule<T>, options: ListOptions<T>): Rule<T[]> {
  return {
    read(value, path, issues) {
      if (!Array.isArray(value)) return fail(issues, path, { code: options.code });
      if (options.tooFew && value.length < options.tooFew.count) return fail(issues, path, options.tooFew.problem);
      if (options.tooMany && value.length > options.tooMany.count) return fail(issues, path, options.tooMany.problem);
      const before = issues.length;
      const seen = new Set<string>();
      const items = value.map((v, index) => {
        const at = [...path, String(index)];
        const read = item.read(v, at, issues);
        if (read === INVALID || !options.unique) return read;
        const key = options.unique.key(read);
        if (seen.has(key)) issues.push({ path: at, code: options.unique.code });
        seen.add(key);
        return read;
      });
      return issues.length > before ? INVALID : (items as T[]);
    },
  };
}

/** `rule`, or null as it is. */
export function nullable<T>(rule: Rule<T>): Rule<T | null> {
  return { read: (value, path, issues) => (value === null ? null : rule.read(value, path, issues)) };
}

/** `rule`, with null and '' refused as `code` (a value that must be given, and was blanked). */
export function notBlank<T>(rule: Rule<T>, code: string): Rule<T> {
  return { ...rule, read: (value, path, issues) => (value === null || value === '' ? fail(issues, path, { code }) : rule.read(value, path, issues)) };
}

/** An object field that must be given: left out, it is `problem` (the rule's own code by default). */
export function required<T>(rule: Rule<T>, problem: Problem): PresentRule<T> {
  return { read: rule.read, whenAbsent: problem };
}

/** An object field that takes `value` when left out. */
export function withDefault<T>(rule: Rule<T>, value: T): PresentRule<T> {
  return { read: rule.read, whenAbsent: { value } };
}

type Fields = Record<string, Rule<unknown>>;
type Read<R> = R extends Rule<infer T> ? T : never;
/** An object's checked value: fields with a default or required are always there, the others may be left out. */
export type ObjectValue<F extends Fields> = { [K in keyof F]: undefined extends F[K]['whenAbsent'] ? Read<F[K]> | undefined : Read<F[K]> };

/** A rule that always yields a value in an object: it has a default, or being left out is a problem. */
export interface PresentRule<T> extends Rule<T> {
  whenAbsent: { value: T } | Problem;
}
export type Infer<R> = Read<R>;

export interface ObjectOptions {
  /** Where keys without a rule are reported: in input order among the others, all before, or all after the fields. */
  unknownKeys: 'inline' | 'first' | 'last';
  /** Report unknown keys in sorted order rather than input order. */
  sortUnknown?: boolean;
  unknownCode?: string;
  /** A value that is not an object: this problem, or 'as-empty' to read it as {} (every required field then reported). */
  notObject: string | 'as-empty';
  /** Values that count as left out (undefined always does). */
  absent?: (value: unknown) => boolean;
}

export function object<F extends Fields>(fields: F, options: ObjectOptions): Rule<ObjectValue<F>> {
  const unknownCode = options.unknownCode ?? 'unknown';
  const isAbsent = (value: unknown) => value === undefined || (options.absent?.(value) ?? false);
  return {
    read(value, path, issues) {
      let input: Record<string, unknown>;
      if (isObject(value, options.notObject === 'as-empty')) input = value;
      else if (options.notObject === 'as-empty') input = {};
      else return fail(issues, path, { code: options.notObject });
      const before = issues.length;
      const out: Record<string, unknown> = {};
      const given = Object.keys(input);
      const unknown = given.filter((key) => !Object.hasOwn(fields, key));
      if (options.sortUnknown) unknown.sort();
      const reportUnknown = (key: string) => issues.push({ path: [...path, key], code: unknownCode });
      const readField = (key: string) => {
        const rule = fields[key]!;
        const raw = input[key];
        if (!isAbsent(raw)) {
          const read = rule.read(raw, [...path, key], issues);
          if (read !== INVALID) out[key] = read;
        } else if (rule.whenAbsent && 'value' in rule.whenAbsent) out[key] = rule.whenAbsent.value;
        else if (rule.whenAbsent) issues.push({ path: [...path, key], ...rule.whenAbsent });
      };
      if (options.unknownKeys === 'inline') {
        // Input order, then the fields left out that have something to say.
        for (const key of given) (Object.hasOwn(fields, key) ? readField : reportUnknown)(key);
        for (const key of Object.keys(fields)) if (!Object.hasOwn(input, key) && fields[key]!.whenAbsent) readField(key);
      } else {
        if (options.unknownKeys === 'first') unknown.forEach(reportUnknown);
        for (const key of Object.keys(fields)) readField(key);
        if (options.unknownKeys === 'last') unknown.forEach(reportUnknown);
      }
      return issues.length > before ? INVALID : (out as ObjectValue<F>);
    },
  };
}

/** `rule`, or undefined and null as nothing given. */
export function optional<T>(rule: Rule<T>): Rule<T | undefined> {
  return { read: (value, path, issues) => (value === undefined || value === null ? undefined : rule.read(value, path, issues)) };
}

export interface ValidatorOptions {
  /** Put each entry's code (and params) in what the validator returns: the settings page translates them. */
  codes: boolean;
  params?: boolean;
}

export interface Validated<T> {
  value: T | undefined;
  issues: Array<{ path: string[]; message: string; code?: string; params?: Params }>;
}

/**
 * Validates against `rule`; each problem's message is its code's entry in `messages`, with `{name}`
 * replaced by the problem's param of that name.
 */
export function validator<T, Code extends string>(rule: Rule<T>, messages: Record<Code, string>, options: ValidatorOptions) {
  return (input: unknown): Validated<T> => {
    const found: Issue[] = [];
    const value = rule.read(input, [], found);
    const issues = found.map(({ path, code, params }) => {
      const message = messageOf(messages, code, params);
      if (!options.codes) return { path, message };
      return options.params && params ? { path, code, params, message } : { path, code, message };
    });
    return { value: value === INVALID ? undefined : value, issues };
  };
}

function messageOf(messages: Record<string, string>, code: string, params: Params | undefined): string {
  const template = messages[code];
  if (template === undefined) throw new Error(`no message for the validation code '${code}'`);
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params?.[key] ?? ''));
}

function fail(issues: Issue[], path: string[], problem: Problem): Invalid {
  issues.push({ path, ...problem });
  return INVALID;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isObject(value, false);
}

function isObject(value: unknown, arraysToo: boolean): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (arraysToo || !Array.isArray(value));
}
