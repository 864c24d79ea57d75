// The engine's two sides. A run of one mailbox × resource reaches Strapi only through a LocalSide and
// Microsoft only through a RemoteSide; nothing else in sync/ knows either (README.md). The runner
// builds the real ones (strapi-local.ts, graph-remote.ts); the engine's unit tests run it over an
// in-memory LocalSide (test/unit/engine/).
import type { BatchRequest, BatchResponse, DeltaPage, DeltaPagesOptions, GraphRequest } from '../../graph';
import type { LocalEntry, LocalWrites } from '../local-entries';
import type { Quarantine, QuarantinedItem } from '../quarantine';
import type { Cursor, MappingChanges, MappingIndex } from '../store';
import type { Row } from '../db';

export interface LocalSide {
  // The resource's entries in this mailbox.
  /** Every entry, `pageSize` at a time in a stable order (an entry created meanwhile comes in a later page or run). */
  pages(pageSize: number): AsyncGenerator<Map<string, LocalEntry>, void, void>;
  /** The given entries of the mailbox, read fresh. */
  find(documentIds: Iterable<string>): Promise<Map<string, LocalEntry>>;
  /** Which of the given entries exist outside this mailbox (moved to another, or to none). */
  elsewhere(documentIds: Iterable<string>): Promise<Set<string>>;
  /**
   * An entry that left the scope keeps its link, and nothing of it syncs until it is back (a host type's
   * entry unpublished or filtered out: republished, it is the same item again, never a second one).
   * Absent: the link is forgotten and the item is new wherever it goes (the plugin's own types).
   */
  readonly parksEntriesThatLeave?: true;
  /** Writes creates, updates and deletes; answers the written entries, read back, by the writes' keys. */
  apply(writes: LocalWrites): Promise<Map<string, LocalEntry>>;
  /** Entries of the mailbox whose `attribute` is one of `values`: their documentId and that value. */
  withValues(attribute: string, values: readonly string[]): Promise<Array<{ documentId: string; value: string }>>;
  /** The attribute a refused write of `data` is likely refused for (too long for its column, not in its enumeration). */
  attributeAtFault(data: Row): string | null;

  // What the sync keeps of the mailbox × resource.
  loadMappings(): Promise<MappingIndex>;
  saveMappings(changes: MappingChanges): Promise<void>;
  loadCursors(): Promise<Map<string, Cursor>>;
  /** Stores a cursor; gives a new one its id. */
  saveCursor(cursor: Cursor): Promise<void>;
  loadQuarantine(): Promise<Quarantine>;
  /** Records new quarantined items (answering their ids), updates known ones, drops released ones. */
  saveQuarantine(change: { remove: readonly QuarantinedItem[]; update: readonly QuarantinedItem[]; create: ReadonlyArray<Omit<QuarantinedItem, 'id'>> }): Promise<number[]>;

  /** Runs `work` in one transaction (fenced by the run's lease): all its writes land, or none does. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Emits the host app's event about a new entry (microsoft-365.email.received); a listener's error is thrown. */
  announce(event: string, entry: LocalEntry): Promise<void>;
  warn(message: string): void;
}

export interface RemoteSide {
  /** A delta round's pages from `url` (a delta link or an initial URL), each page's links as Graph gave them. */
  deltaPages<T>(options: DeltaPagesOptions): AsyncIterable<DeltaPage<T>>;
  /** Requests sent in $batch envelopes; one answer per request, in order. */
  batch(requests: BatchRequest[], options?: { retryUnsafe?: boolean }): Promise<BatchResponse[]>;
  request<T>(request: GraphRequest): Promise<T>;
  /** Graph requests this side sent so far. */
  readonly requests: number;
}
