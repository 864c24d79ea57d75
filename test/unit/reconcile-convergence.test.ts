import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  reconcile,
  CONFLICT_RESOLUTIONS,
  DIRECTIONS,
  type ConflictResolution,
  type Decision,
  type Direction,
  type MappingSnapshot,
} from '../../server/src/sync/reconcile';
import { hashSyncedFields } from '../../server/src/sync/hash';

/*
 * Random histories of user edits on both sides, with syncs (some of them crashing half-way) in
 * between, driven through `reconcile` and an in-memory model of Strapi, Microsoft and the mapping
 * table. The model's runner applies decisions the way the real runner must: it records a pending
 * create before creating (README "What a run does") and, on the next run,
 * finds the created item by its key (Graph's transactionId for events) so a crash duplicates nothing.
 */

const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 1000);
const EPOCH = Date.UTC(2024, 4, 1);

type SideName = 'local' | 'remote';

interface LocalEntry { key: string; content: string; tick: number }
interface RemoteItem { key: string; content: string; tick: number; changeKey: string }

/** A mapping row; `pending` is written before a create and resolved on the next run after a crash. */
interface MappingRow {
  key: string;
  localId: string | null;
  remoteId: string | null;
  snapshot: MappingSnapshot | null;
  pending?: { side: SideName; ifCreated: MappingSnapshot };
}

class Crash extends Error {}

/** Each side's contents are the synced fields `{ text }`, hashed like the adapters will. */
const hashCache = new Map<string, string>();
function hashOf(content: string): string {
  let hash = hashCache.get(content);
  if (hash === undefined) {
    hash = hashSyncedFields({ text: content });
    hashCache.set(content, hash);
  }
  return hash;
}

/** Strapi writes 3 fractional digits, Graph 7: newest-wins must compare instants, not strings. */
function strapiTime(tick: number): string {
  return new Date(EPOCH + tick * 1000).toISOString();
}
function graphTime(tick: number): string {
  return strapiTime(tick).replace(/\.(\d{3})Z$/, '.$10000Z');
}

interface PlanEntry { row: MappingRow | null; localId: string | null; remoteId: string | null }
interface Expectation { key: string; local: string | null; remote: string | null; editBeatsDelete: boolean }
interface SyncResult { decisions: Decision[]; writes: Record<SideName, number>; crashed: boolean }

class World {
  readonly local = new Map<string, LocalEntry>();
  readonly remote = new Map<string, RemoteItem>();
  rows: MappingRow[] = [];
  tick = 0;
  private nextId = 0;

  constructor(readonly direction: Direction, readonly policy: ConflictResolution) {}

  freshId(prefix: string): string {
    this.nextId += 1;
    return `${prefix}${this.nextId}`;
  }

  /* ---------- user activity ---------- */

  userCreate(side: SideName, content: string, key = this.freshId('k')): void {
    if (side === 'local') this.local.set(this.freshId('L'), { key, content, tick: this.tick });
    else this.remote.set(this.freshId('R'), { key, content, tick: this.tick, changeKey: this.freshId('ck') });
  }

  userEdit(side: SideName, pick: number, content: string | null): void {
    const store: Map<string, LocalEntry | RemoteItem> = side === 'local' ? this.local : this.remote;
    const ids = [...store.keys()];
    if (ids.length === 0) return;
    const item = store.get(ids[pick % ids.length])!;
    item.content = content ?? item.content; // null: saved without a change, which still moves Graph's changeKey
    item.tick = this.tick;
    if ('changeKey' in item) item.changeKey = this.freshId('ck');
  }

  userDelete(side: SideName, pick: number): void {
    const store: Map<string, unknown> = side === 'local' ? this.local : this.remote;
    const ids = [...store.keys()];
    if (ids.length > 0) store.delete(ids[pick % ids.length]);
  }

  /* ---------- the runner ---------- */

  /** Finish creates a crashed run left pending: find the created item by key, or fall back. */
  private resolvePending(): void {
    const mappedLocal = new Set(this.rows.map((row) => row.localId));
    const mappedRemote = new Set(this.rows.map((row) => row.remoteId));
    const kept: MappingRow[] = [];
    for (const row of this.rows) {
      if (row.pending) {
        const { side, ifCreated } = row.pending;
        const store: Map<string, { key: string }> = side === 'local' ? this.local : this.remote;
        const mapped = side === 'local' ? mappedLocal : mappedRemote;
        const createdId = [...store.entries()].find(([id, item]) => item.key === row.key && !mapped.has(id))?.[0];
        delete row.pending;
        if (createdId !== undefined) {
          if (side === 'local') row.localId = createdId;
          else row.remoteId = createdId;
          mapped.add(createdId);
          row.snapshot = ifCreated;
        } else if (!row.snapshot) {
          continue; // the create never happened and nothing was synced before: no mapping at all
        }
      }
      kept.push(row);
    }
    this.rows = kept;
  }

  private plan(): PlanEntry[] {
    this.resolvePending();
    const entries: PlanEntry[] = this.rows.map((row) => ({ row, localId: row.localId, remoteId: row.remoteId }));
    const mappedLocal = new Set(this.rows.map((row) => row.localId));
    const mappedRemote = new Set(this.rows.map((row) => row.remoteId));
    const unmappedRemoteByKey = new Map<string, string>();
    for (const [id, item] of this.remote) if (!mappedRemote.has(id)) unmappedRemoteByKey.set(item.key, id);
    for (const [id, entry] of this.local) {
      if (mappedLocal.has(id)) continue;
      // First sync of items that already exist on both sides: link them by key.
      const remoteId = unmappedRemoteByKey.get(entry.key) ?? null;
      if (remoteId !== null) unmappedRemoteByKey.delete(entry.key);
      entries.push({ row: null, localId: id, remoteId });
    }
    for (const remoteId of unmappedRemoteByKey.values()) entries.push({ row: null, localId: null, remoteId });
    return entries;
  }

  /** What the sync rules say each planned item must look like after a completed run. */
  expectations(entries: PlanEntry[]): Expectation[] {
    const oneWaySource: SideName | null =
      this.direction === 'microsoft-to-strapi' ? 'remote' : this.direction === 'strapi-to-microsoft' ? 'local' : null;
    const writable = (side: SideName) => oneWaySource !== side;
    return entries.map(({ row, localId, remoteId }) => {
      const local = localId === null ? undefined : this.local.get(localId);
      const remote = remoteId === null ? undefined : this.remote.get(remoteId);
      const key = (local ?? remote)?.key ?? row!.key;
      const snapshot = row?.snapshot ?? null;
      const localChanged = !!local && (!snapshot || hashOf(local.content) !== snapshot.localHash);
      const remoteChanged = !!remote && (!snapshot || hashOf(remote.content) !== snapshot.remoteHash);
      const both = (content: string | null) => ({ key, local: content, remote: content, editBeatsDelete: false });
      if (local && remote) {
        if (oneWaySource) return both(oneWaySource === 'local' ? local.content : remote.content);
        if (localChanged !== remoteChanged) return both(localChanged ? local.content : remote.content);
        const localWins =
          this.policy === 'strapi-wins' || (this.policy === 'newest-wins' && local.tick >= remote.tick);
        return both(localWins || local.content === remote.content ? local.content : remote.content);
      }
      const [present, presentSide, changed] = local ? [local, 'local' as const, localChanged] : remote ? [remote, 'remote' as const, remoteChanged] : [null, null, false];
      if (!present || !presentSide) return both(null);
      const otherSide: SideName = presentSide === 'local' ? 'remote' : 'local';
      const sideOf = (content: string | null, other: string | null) =>
        presentSide === 'local' ? { local: content, remote: other } : { local: other, remote: content };
      if (!snapshot || changed) {
        // New on one side, or edited there while deleted on the other: copy where allowed, never drop.
        const copy = writable(otherSide) ? present.content : null;
        return { key, ...sideOf(present.content, copy), editBeatsDelete: !!snapshot };
      }
      // Unchanged here, deleted there: the delete wins unless this is the one-way source (then restore).
      return both(oneWaySource === presentSide ? present.content : null);
    });
  }

  sync(crashAfter: number | null = null): SyncResult {
    const result: SyncResult = { decisions: [], writes: { local: 0, remote: 0 }, crashed: false };
    const wrote = (side: SideName) => {
      result.writes[side] += 1;
      if (crashAfter !== null && result.writes.local + result.writes.remote > crashAfter) throw new Crash();
    };
    try {
      for (const entry of this.plan()) {
        const local = entry.localId === null ? undefined : this.local.get(entry.localId);
        const remote = entry.remoteId === null ? undefined : this.remote.get(entry.remoteId);
        const decision = reconcile({
          mapping: entry.row?.snapshot,
          local: local && { hash: hashOf(local.content), modifiedAt: strapiTime(local.tick) },
          remote: remote && { hash: hashOf(remote.content), modifiedAt: graphTime(remote.tick), changeKey: remote.changeKey },
          direction: this.direction,
          conflictResolution: this.policy,
        });
        result.decisions.push(decision);
        this.apply(decision, entry, local, remote, wrote);
      }
    } catch (error) {
      if (!(error instanceof Crash)) throw error;
      result.crashed = true;
    }
    return result;
  }

  private apply(
    decision: Decision,
    entry: PlanEntry,
    local: LocalEntry | undefined,
    remote: RemoteItem | undefined,
    wrote: (side: SideName) => void,
  ): void {
    const rowFor = (): MappingRow => {
      if (entry.row) return entry.row;
      const key = (local ?? remote)!.key;
      const row: MappingRow = { key, localId: entry.localId, remoteId: entry.remoteId, snapshot: null };
      this.rows.push(row);
      entry.row = row;
      return row;
    };
    const store = (row: MappingRow, l: LocalEntry, r: RemoteItem) => {
      row.snapshot = { localHash: hashOf(l.content), remoteHash: hashOf(r.content), changeKey: r.changeKey };
    };
    const drop = () => {
      if (entry.row) this.rows = this.rows.filter((row) => row !== entry.row);
    };
    switch (decision.action.kind) {
      case 'none':
        return;
      case 'link':
        return store(rowFor(), local!, remote!);
      case 'forget':
        return drop();
      case 'create-local': {
        const row = rowFor();
        const hash = hashOf(remote!.content);
        row.pending = { side: 'local', ifCreated: { localHash: hash, remoteHash: hash, changeKey: remote!.changeKey } };
        const id = this.freshId('L');
        const created = { key: remote!.key, content: remote!.content, tick: this.tick };
        this.local.set(id, created);
        wrote('local');
        delete row.pending;
        row.localId = id;
        return store(row, created, remote!);
      }
      case 'create-remote': {
        const row = rowFor();
        const hash = hashOf(local!.content);
        row.pending = { side: 'remote', ifCreated: { localHash: hash, remoteHash: hash, changeKey: null } };
        const id = this.freshId('R');
        const created = { key: local!.key, content: local!.content, tick: this.tick, changeKey: this.freshId('ck') };
        this.remote.set(id, created);
        wrote('remote');
        delete row.pending;
        row.remoteId = id;
        return store(row, local!, created);
      }
      case 'update-local':
        local!.content = remote!.content;
        local!.tick = this.tick;
        wrote('local');
        return store(rowFor(), local!, remote!);
      case 'update-remote':
        remote!.content = local!.content;
        remote!.tick = this.tick;
        remote!.changeKey = this.freshId('ck');
        wrote('remote');
        return store(rowFor(), local!, remote!);
      case 'delete-local':
        this.local.delete(entry.localId!);
        wrote('local');
        return drop();
      case 'delete-remote':
        this.remote.delete(entry.remoteId!);
        wrote('remote');
        return drop();
    }
  }

  /** Sync and check every item against the sync rules, unless the run crashed. */
  checkedSync(crashAfter: number | null = null): SyncResult {
    const beforePlan = this.cloneForOracle();
    const expected = beforePlan.expectations(beforePlan.plan());
    const result = this.sync(crashAfter);
    if (this.direction === 'microsoft-to-strapi') assert.equal(result.writes.remote, 0, 'microsoft-to-strapi wrote to Microsoft');
    if (this.direction === 'strapi-to-microsoft') assert.equal(result.writes.local, 0, 'strapi-to-microsoft wrote to Strapi');
    this.assertNoDuplicates();
    if (result.crashed) return result;
    for (const want of expected) {
      const got = { local: this.contentByKey('local', want.key), remote: this.contentByKey('remote', want.key) };
      const what = want.editBeatsDelete ? 'an edit was lost to a delete' : 'item not synced as the sync rules say';
      assert.deepEqual(got, { local: want.local, remote: want.remote }, `${what}: key ${want.key}`);
    }
    return result;
  }

  private cloneForOracle(): World {
    const copy = new World(this.direction, this.policy);
    for (const [id, entry] of this.local) copy.local.set(id, { ...entry });
    for (const [id, item] of this.remote) copy.remote.set(id, { ...item });
    copy.rows = this.rows.map((row) => ({ ...row, pending: row.pending && { ...row.pending } }));
    return copy;
  }

  private contentByKey(side: SideName, key: string): string | null {
    const store: Map<string, { key: string; content: string }> = side === 'local' ? this.local : this.remote;
    for (const item of store.values()) if (item.key === key) return item.content;
    return null;
  }

  assertNoDuplicates(): void {
    for (const side of ['local', 'remote'] as const) {
      const keys = [...(side === 'local' ? this.local : this.remote).values()].map((item) => item.key);
      assert.equal(new Set(keys).size, keys.length, `duplicate item on the ${side} side: ${keys.join(',')}`);
    }
  }

  /** After a quiet sync: the mapping table is exact and the sides agree as the direction demands. */
  assertConverged(): void {
    const mappedLocal = new Set<string>();
    const mappedRemote = new Set<string>();
    for (const row of this.rows) {
      assert.equal(row.pending, undefined, 'pending create left behind');
      const local = this.local.get(row.localId ?? '');
      const remote = this.remote.get(row.remoteId ?? '');
      assert.ok(local && remote, `mapping ${row.key} points at a missing item`);
      assert.ok(!mappedLocal.has(row.localId!) && !mappedRemote.has(row.remoteId!), `item mapped twice: ${row.key}`);
      mappedLocal.add(row.localId!);
      mappedRemote.add(row.remoteId!);
      assert.equal(local.content, remote.content, `mapped pair ${row.key} differs`);
      assert.deepEqual(
        row.snapshot,
        { localHash: hashOf(local.content), remoteHash: hashOf(remote.content), changeKey: remote.changeKey },
        `mapping ${row.key} is stale`,
      );
    }
    const unmappedLocal = [...this.local.keys()].filter((id) => !mappedLocal.has(id));
    const unmappedRemote = [...this.remote.keys()].filter((id) => !mappedRemote.has(id));
    // One-way: every source item is mirrored; the target may keep items the source never had.
    if (this.direction !== 'microsoft-to-strapi') assert.deepEqual(unmappedLocal, [], 'Strapi entries not in Microsoft');
    if (this.direction !== 'strapi-to-microsoft') assert.deepEqual(unmappedRemote, [], 'Microsoft items not in Strapi');
    if (this.direction === 'bidirectional') {
      const contents = (store: Map<string, { content: string }>) => [...store.values()].map((item) => item.content).sort();
      assert.deepEqual(contents(this.local), contents(this.remote), 'the two sides hold different contents');
    }
  }

  snapshot(): string {
    return JSON.stringify({ local: [...this.local], remote: [...this.remote], rows: this.rows, tick: this.tick });
  }
}

/* ---------- random histories ---------- */

type Command =
  | { op: 'create'; side: SideName; content: string; advance: number }
  | { op: 'create-both'; local: string; remote: string; advance: number }
  | { op: 'edit'; side: SideName; pick: number; content: string | null; advance: number }
  | { op: 'delete'; side: SideName; pick: number; advance: number }
  | { op: 'sync'; crashAfter: number | null };

// Few distinct contents, so edits to identical content and equal items on both sides are common;
// `advance` 0 puts two edits at the same instant, so newest-wins ties happen.
const side = fc.constantFrom<SideName>('local', 'remote');
const content = fc.constantFrom('a', 'b', 'c');
const advance = fc.integer({ min: 0, max: 2 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('create' as const), side, content, advance }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('create-both' as const), local: content, remote: content, advance }) },
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('edit' as const), side, pick: fc.nat(20), content: fc.option(content, { nil: null, freq: 4 }), advance }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), side, pick: fc.nat(20), advance }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('sync' as const), crashAfter: fc.option(fc.nat(3), { nil: null, freq: 3 }) }) },
);
const history = fc.array(command, { maxLength: 40, size: 'medium' });

function play(world: World, commands: readonly Command[]): void {
  for (const cmd of commands) {
    if (cmd.op === 'sync') {
      world.checkedSync(cmd.crashAfter);
      continue;
    }
    world.tick += cmd.advance;
    if (cmd.op === 'create') world.userCreate(cmd.side, cmd.content);
    else if (cmd.op === 'create-both') {
      const key = world.freshId('k');
      world.userCreate('local', cmd.local, key);
      world.userCreate('remote', cmd.remote, key);
    } else if (cmd.op === 'edit') world.userEdit(cmd.side, cmd.pick, cmd.content);
    else world.userDelete(cmd.side, cmd.pick);
  }
  // The final quiet sync must converge; a second one right after must find nothing to do.
  const final = world.checkedSync();
  assert.equal(final.crashed, false);
  world.assertConverged();
  const before = world.snapshot();
  const again = world.sync();
  const busy = again.decisions.filter((decision) => decision.action.kind !== 'none');
  assert.deepEqual(busy, [], 'a sync right after a quiet sync still acted (echo)');
  assert.equal(world.snapshot(), before, 'a no-op sync changed state');
}

describe(`reconcile convergence (${RUNS} random histories per direction × policy)`, () => {
  for (const direction of DIRECTIONS) {
    for (const policy of CONFLICT_RESOLUTIONS) {
      test(`${direction} / ${policy}`, () => {
        fc.assert(
          fc.property(history, (commands) => {
            play(new World(direction, policy), commands);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }

  test('the model and its checks are live: a history with every kind of step syncs as expected', () => {
    const world = new World('bidirectional', 'newest-wins');
    world.userCreate('local', 'a');
    world.userCreate('remote', 'b');
    const first = world.checkedSync();
    assert.deepEqual(first.decisions.map((d) => d.action.kind).sort(), ['create-local', 'create-remote']);
    world.tick += 1;
    world.userEdit('local', 0, 'c'); // L1 now 'c'
    world.userDelete('remote', 1); // the copy of L1 on Microsoft
    const crashed = world.checkedSync(0);
    assert.equal(crashed.crashed, true);
    world.checkedSync(); // the crash left a pending create: resolved, not duplicated
    world.assertConverged();
    assert.deepEqual([...world.remote.values()].map((item) => item.content).sort(), ['b', 'c']);
  });
});
