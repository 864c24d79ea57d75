// What a Document Service write does to a to-one relation (a mailbox's owner, an entry's mailbox), from
// the forms the Document Service accepts: an id, a documentId, an object with either, { connect | set | disconnect }.
export type Reference = { id: number } | { documentId: string };
/** What a write does to a to-one relation: leaves it, clears it, or points it at an entry. */
export type RelationChange = { kind: 'unchanged' } | { kind: 'none' } | { kind: 'to'; ref: Reference };

function referenceOf(value: unknown): Reference | null {
  if (typeof value === 'string' && value !== '') return { documentId: value };
  if (typeof value === 'number') return { id: value };
  if (value && typeof value === 'object') {
    const { documentId, id } = value as { documentId?: unknown; id?: unknown };
    if (typeof documentId === 'string') return { documentId };
    if (typeof id === 'number') return { id };
  }
  return null;
}

/** Reads the relation the way the Document Service accepts it: an id, a documentId, { connect | set | disconnect }. */
export function relationChange(value: unknown): RelationChange {
  if (value === undefined) return { kind: 'unchanged' };
  if (value === null) return { kind: 'none' };
  if (Array.isArray(value)) return value.length === 0 ? { kind: 'none' } : toReference(value[value.length - 1]);
  if (typeof value === 'object' && ('connect' in value || 'set' in value || 'disconnect' in value)) {
    const { connect, set, disconnect } = value as { connect?: unknown; set?: unknown; disconnect?: unknown };
    const target = [set, connect].find((list) => list !== undefined && !(Array.isArray(list) && list.length === 0));
    if (target !== undefined) return relationChange(target);
    if (set !== undefined || (Array.isArray(disconnect) && disconnect.length > 0)) return { kind: 'none' };
    return { kind: 'unchanged' };
  }
  return toReference(value);
}

function toReference(value: unknown): RelationChange {
  const ref = referenceOf(value);
  // Something the Document Service will refuse anyway; checked as "no mailbox" so it never passes here.
  return ref ? { kind: 'to', ref } : { kind: 'none' };
}
