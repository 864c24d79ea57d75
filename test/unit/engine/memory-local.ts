// An in-memory LocalSide: the engine's Strapi side as plain maps, with real transactions (a throw inside
// one puts every map back as it was), so the engine's unit tests run it without Strapi or a database.
// It keeps what a database keeps: copies, never the engine's own objects.
import { isNewImport, MappingIndex, type Cursor, type Mapping, type MappingChanges } from '../../../server/src/sync/store';
import { Quarantine, type QuarantinedItem } from '../../../server/src/sync/quarantine';
import type { LocalEntry, LocalWrites } from '../../../server/src/sync/local-entries';
import type { LocalSide } from '../../../server/src/sync/sides/types';

interface State {
  entries: Map<string, LocalEntry>;
  mappings: Map<number, Mapping>;
  cursors: Map<string, Cursor>;
  quarantine: Map<number, QuarantinedItem>;
}

/** A database-like refusal (the shape isDatabaseError reads): an item failure, as a too-long value would be. */
export class RefusedRow extends Error {
  readonly code = 'SQLITE_CONSTRAINT_CHECK';
  constructor(readonly attribute: string) {
    super(`SQLITE_CONSTRAINT_CHECK: CHECK constraint failed: ${attribute}`);
  }
}

export interface MemoryLocal extends LocalSide {
  /** The entries as stored, by documentId. */
  readonly entries: ReadonlyMap<string, LocalEntry>;
  readonly mappings: () => Mapping[];
  readonly quarantined: () => QuarantinedItem[];
  readonly announced: Array<{ event: string; documentId: string }>;
  /** An entry made or changed the way an admin would, outside the engine. */
  put(data: Record<string, unknown>, documentId?: string): LocalEntry;
  remove(documentId: string): void;
  /** Writes whose data this returns an attribute for are refused like a database refuses a row. */
  refuse: ((data: Record<string, unknown>) => string | null) | null;
}

const copy = <T>(value: T): T => structuredClone(value);

export function memoryLocal(fields: readonly string[]): MemoryLocal {
  let state: State = { entries: new Map(), mappings: new Map(), cursors: new Map(), quarantine: new Map() };
  let nextId = 1;
  let depth = 0;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  // Every write is a later instant than the one before, as a database clock would give.
  const now = () => new Date((clock += 1000)).toISOString();

  const entryOf = (id: number, documentId: string, data: Record<string, unknown>): LocalEntry => ({
    ...Object.fromEntries(fields.map((f) => [f, null])),
    ...copy(data),
    id,
    documentId,
    updatedAt: now(),
  });
  const byId = (id: number) => [...state.entries.values()].find((e) => e.id === id);

  const side: MemoryLocal = {
    get entries() {
      return state.entries;
    },
    mappings: () => [...state.mappings.values()].map(copy),
    quarantined: () => [...state.quarantine.values()].map(copy),
    announced: [],
    refuse: null,

    put(data, documentId) {
      const existing = documentId ? state.entries.get(documentId) : undefined;
      const id = nextId++;
      const entry = existing ? { ...existing, ...copy(data), updatedAt: now() } : entryOf(id, documentId ?? `doc-${id}`, data);
      state.entries.set(entry.documentId, entry);
      return copy(entry);
    },
    remove(documentId) {
      state.entries.delete(documentId);
    },

    async *pages(pageSize) {
      const all = [...state.entries.values()].sort((a, b) => a.id - b.id);
      for (let i = 0; i < all.length; i += pageSize) yield new Map(all.slice(i, i + pageSize).map((e) => [e.documentId, copy(e)]));
    },
    async find(documentIds) {
      const found = new Map<string, LocalEntry>();
      for (const id of documentIds) {
        const entry = state.entries.get(id);
        if (entry) found.set(id, copy(entry));
      }
      return found;
    },
    async elsewhere() {
      return new Set(); // one mailbox: no entry can have moved to another
    },
    async apply(writes: LocalWrites) {
      return side.transaction(async () => {
        const written = new Map<string, LocalEntry>();
        for (const { id } of writes.remove) {
          const entry = byId(id);
          if (entry) state.entries.delete(entry.documentId);
        }
        for (const { key, id, data } of writes.update) {
          const refused = side.refuse?.(data);
          if (refused) throw new RefusedRow(refused);
          const entry = byId(id);
          if (!entry) continue;
          const updated = { ...entry, ...copy(data), updatedAt: now() };
          state.entries.set(entry.documentId, updated);
          written.set(key, copy(updated));
        }
        for (const { key, data } of writes.create) {
          const refused = side.refuse?.(data);
          if (refused) throw new RefusedRow(refused);
          const id = nextId++;
          const entry = entryOf(id, `doc-${id}`, data);
          state.entries.set(entry.documentId, entry);
          written.set(key, copy(entry));
        }
        return written;
      });
    },
    async withValues(attribute, values) {
      const wanted = new Set(values);
      return [...state.entries.values()].flatMap((e) => (wanted.has(String(e[attribute])) ? [{ documentId: e.documentId, value: String(e[attribute]) }] : []));
    },
    attributeAtFault: (data) => side.refuse?.(data) ?? null,

    async loadMappings() {
      return new MappingIndex(side.mappings());
    },
    async saveMappings(changes: MappingChanges) {
      await side.transaction(async () => {
        const removed = new Set(changes.remove);
        for (const m of changes.remove) if (typeof m.id === 'number') state.mappings.delete(m.id);
        for (const m of new Set(changes.update)) if (typeof m.id === 'number' && !removed.has(m)) state.mappings.set(m.id, copy(m));
        for (const m of new Set(changes.insert)) {
          if (typeof m.id === 'number' || removed.has(m)) continue;
          m.announcePending ??= isNewImport(m);
          m.id = nextId++;
          state.mappings.set(m.id, copy(m));
        }
      });
    },
    async loadCursors() {
      return new Map([...state.cursors].map(([key, cursor]) => [key, copy(cursor)]));
    },
    async saveCursor(cursor) {
      await side.transaction(async () => {
        cursor.id ??= nextId++;
        state.cursors.set(cursor.scope, copy(cursor));
      });
    },
    async loadQuarantine() {
      return new Quarantine(side.quarantined());
    },
    async saveQuarantine({ remove, update, create }) {
      return side.transaction(async () => {
        for (const item of remove) state.quarantine.delete(item.id);
        for (const item of update) state.quarantine.set(item.id, copy(item));
        return create.map((item) => {
          const id = nextId++;
          state.quarantine.set(id, { ...copy(item), id });
          return id;
        });
      });
    },

    async transaction(work) {
      if (depth > 0) return work();
      const before = copy(state);
      depth++;
      try {
        return await work();
      } catch (error) {
        state = before;
        throw error;
      } finally {
        depth--;
      }
    },
    async announce(event, entry) {
      side.announced.push({ event, documentId: entry.documentId });
    },
    warn: () => undefined,
  };
  return side;
}
