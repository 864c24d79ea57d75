import { createHash } from 'node:crypto';

/**
 * Content hash of an item's synced fields. Resource adapters reduce both the Strapi entry and the
 * Graph item to the same plain "synced fields" object, so equal content gives an equal hash no
 * matter which side it came from or in which order the fields were filled in.
 *
 * Canonical form: JSON with object keys sorted (by UTF-16 code unit, as Array#sort does), object
 * properties that are undefined dropped (an absent field and an undefined one are the same content),
 * null kept (a cleared field differs from an absent one), arrays kept in order (undefined array slots
 * become null, as in JSON, so positions stay meaningful), Dates as their ISO string.
 * Strings are hashed as given: adapters normalise whatever Graph rewrites (HTML bodies, time formats).
 */
export type SyncedValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | readonly SyncedValue[]
  | { readonly [field: string]: SyncedValue };

export type SyncedFields = { readonly [field: string]: SyncedValue };

export function canonicalJson(value: SyncedValue): string {
  return serialise(value, 'fields');
}

/** sha256 hex of the canonical JSON. */
export function hashSyncedFields(fields: SyncedFields): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

function serialise(value: SyncedValue, path: string): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // NaN and ±Infinity cannot round-trip through JSON; failing loudly beats hashing them as null.
      if (!Number.isFinite(value)) throw new TypeError(`${path}: non-finite number cannot be hashed`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`${path}: ${typeof value} is not a synced value`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => serialise(item, `${path}[${index}]`)).join(',')}]`;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`${path}: invalid Date cannot be hashed`);
    return JSON.stringify(value.toISOString());
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // Maps, Sets, class instances: their JSON form loses data, so the adapter must flatten them.
    throw new TypeError(`${path}: only plain objects, arrays, Dates and scalars can be hashed`);
  }
  const record = value as { readonly [field: string]: SyncedValue };
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${serialise(member, `${path}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}
