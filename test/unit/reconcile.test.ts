import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  reconcile,
  CONFLICT_RESOLUTIONS,
  DIRECTIONS,
  type ConflictResolution,
  type Direction,
  type MappingSnapshot,
  type ReconcileActionKind,
  type ReconcileInput,
  type SideState,
} from '../../server/src/sync/reconcile';

// The decision table of README "How a conflict is settled", one row per item state. Each row names
// the expected action for every direction; where the policy matters, one action per policy.

type ByPolicy = Readonly<Record<ConflictResolution, ReconcileActionKind>>;
type Expected = ReconcileActionKind | ByPolicy;

interface Row {
  state: string;
  mapping?: MappingSnapshot;
  local?: SideState;
  remote?: SideState;
  conflict: boolean;
  expect: Readonly<Record<Direction, Expected>>;
}

/** Action per policy, in the order strapi-wins, microsoft-wins, newest-wins. */
function byPolicy(strapiWins: ReconcileActionKind, microsoftWins: ReconcileActionKind, newestWins: ReconcileActionKind): ByPolicy {
  return { 'strapi-wins': strapiWins, 'microsoft-wins': microsoftWins, 'newest-wins': newestWins };
}

function everywhere(kind: ReconcileActionKind): Row['expect'] {
  return { bidirectional: kind, 'microsoft-to-strapi': kind, 'strapi-to-microsoft': kind };
}

const synced: MappingSnapshot = { localHash: 'h0', remoteHash: 'h0', changeKey: 'ck0' };
const OLDER = '2024-05-01T09:00:00.000Z';
const NEWER_GRAPH = '2024-05-01T10:00:00.0000000Z'; // Graph's lastModifiedDateTime precision

const rows: Row[] = [
  // Both present, mapping stored.
  { state: 'unchanged on both sides', mapping: synced, local: { hash: 'h0' }, remote: { hash: 'h0', changeKey: 'ck0' }, conflict: false, expect: everywhere('none') },
  { state: 'remote without changeKey, unchanged', mapping: synced, local: { hash: 'h0' }, remote: { hash: 'h0' }, conflict: false, expect: everywhere('none') },
  { state: 'only the remote changeKey moved (echo / no-op save)', mapping: synced, local: { hash: 'h0' }, remote: { hash: 'h0', changeKey: 'ck1' }, conflict: false, expect: everywhere('link') },
  {
    state: 'changed in Strapi only',
    mapping: synced, local: { hash: 'h1' }, remote: { hash: 'h0', changeKey: 'ck0' }, conflict: false,
    expect: { bidirectional: 'update-remote', 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed in Strapi, remote changeKey moved without content change',
    mapping: synced, local: { hash: 'h1' }, remote: { hash: 'h0', changeKey: 'ck1' }, conflict: false,
    expect: { bidirectional: 'update-remote', 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed in Microsoft only',
    mapping: synced, local: { hash: 'h0' }, remote: { hash: 'h1', changeKey: 'ck1' }, conflict: false,
    expect: { bidirectional: 'update-local', 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed on both sides, Strapi newer',
    mapping: synced, local: { hash: 'h1', modifiedAt: '2024-05-01T11:00:00.000Z' }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: NEWER_GRAPH }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-remote'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed on both sides, Microsoft newer',
    mapping: synced, local: { hash: 'h1', modifiedAt: OLDER }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: NEWER_GRAPH }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-local'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed on both sides at the same instant, written with different precision (tie → Strapi)',
    mapping: synced, local: { hash: 'h1', modifiedAt: '2024-05-01T10:00:00.000Z' }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: NEWER_GRAPH }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-remote'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    // As strings "12:00+02:00" sorts after "10:30Z"; as instants it is 10:00Z, half an hour older.
    state: 'changed on both sides, times compared as instants across offsets',
    mapping: synced, local: { hash: 'h1', modifiedAt: '2024-05-01T12:00:00+02:00' }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: '2024-05-01T10:30:00.0000000Z' }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-local'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed on both sides, Strapi time missing (counts as oldest)',
    mapping: synced, local: { hash: 'h1', modifiedAt: null }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: OLDER }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-local'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed on both sides, Microsoft time unparsable (counts as oldest)',
    mapping: synced, local: { hash: 'h1', modifiedAt: OLDER }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: 'not a date' }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-remote'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'changed on both sides to the same content (no conflict)',
    mapping: synced, local: { hash: 'h1', modifiedAt: OLDER }, remote: { hash: 'h1', changeKey: 'ck1', modifiedAt: NEWER_GRAPH }, conflict: false,
    expect: everywhere('link'),
  },
  {
    state: 'sides diverged although neither changed since the mapping',
    mapping: { localHash: 'h1', remoteHash: 'h2', changeKey: 'ck0' }, local: { hash: 'h1', modifiedAt: OLDER }, remote: { hash: 'h2', changeKey: 'ck0', modifiedAt: NEWER_GRAPH }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-local'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  // One side gone, mapping stored.
  {
    state: 'deleted in Strapi, unchanged in Microsoft',
    mapping: synced, remote: { hash: 'h0', changeKey: 'ck0' }, conflict: false,
    expect: { bidirectional: 'delete-remote', 'microsoft-to-strapi': 'create-local', 'strapi-to-microsoft': 'delete-remote' },
  },
  {
    state: 'deleted in Strapi, only the remote changeKey moved',
    mapping: synced, remote: { hash: 'h0', changeKey: 'ck1' }, conflict: false,
    expect: { bidirectional: 'delete-remote', 'microsoft-to-strapi': 'create-local', 'strapi-to-microsoft': 'delete-remote' },
  },
  {
    state: 'deleted in Strapi, edited in Microsoft (edit beats delete)',
    mapping: synced, remote: { hash: 'h1', changeKey: 'ck1' }, conflict: false,
    expect: { bidirectional: 'create-local', 'microsoft-to-strapi': 'create-local', 'strapi-to-microsoft': 'forget' },
  },
  {
    state: 'unchanged in Strapi, deleted in Microsoft',
    mapping: synced, local: { hash: 'h0' }, conflict: false,
    expect: { bidirectional: 'delete-local', 'microsoft-to-strapi': 'delete-local', 'strapi-to-microsoft': 'create-remote' },
  },
  {
    state: 'edited in Strapi, deleted in Microsoft (edit beats delete)',
    mapping: synced, local: { hash: 'h1' }, conflict: false,
    expect: { bidirectional: 'create-remote', 'microsoft-to-strapi': 'forget', 'strapi-to-microsoft': 'create-remote' },
  },
  { state: 'deleted on both sides', mapping: synced, conflict: false, expect: everywhere('forget') },
  // No mapping.
  {
    state: 'new in Strapi',
    local: { hash: 'h1' }, conflict: false,
    expect: { bidirectional: 'create-remote', 'microsoft-to-strapi': 'none', 'strapi-to-microsoft': 'create-remote' },
  },
  {
    state: 'new in Microsoft',
    remote: { hash: 'h1', changeKey: 'ck1' }, conflict: false,
    expect: { bidirectional: 'create-local', 'microsoft-to-strapi': 'create-local', 'strapi-to-microsoft': 'none' },
  },
  { state: 'nothing on either side', conflict: false, expect: everywhere('none') },
  { state: 'unlinked pair with equal content', local: { hash: 'h1' }, remote: { hash: 'h1', changeKey: 'ck1' }, conflict: false, expect: everywhere('link') },
  {
    state: 'unlinked pair with different content, Microsoft newer',
    local: { hash: 'h1', modifiedAt: OLDER }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: NEWER_GRAPH }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-local'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
  {
    state: 'unlinked pair with different content, Strapi newer',
    local: { hash: 'h1', modifiedAt: '2024-05-02T00:00:00.000Z' }, remote: { hash: 'h2', changeKey: 'ck1', modifiedAt: NEWER_GRAPH }, conflict: true,
    expect: { bidirectional: byPolicy('update-remote', 'update-local', 'update-remote'), 'microsoft-to-strapi': 'update-local', 'strapi-to-microsoft': 'update-remote' },
  },
];

function expectedKind(expected: Expected, policy: ConflictResolution): ReconcileActionKind {
  return typeof expected === 'string' ? expected : expected[policy];
}

function inputOf(row: Row, direction: Direction, conflictResolution: ConflictResolution): ReconcileInput {
  return { mapping: row.mapping, local: row.local, remote: row.remote, direction, conflictResolution };
}

describe('reconcile decision table', () => {
  for (const row of rows) {
    describe(row.state, () => {
      for (const direction of DIRECTIONS) {
        for (const policy of CONFLICT_RESOLUTIONS) {
          const kind = expectedKind(row.expect[direction], policy);
          test(`${direction} / ${policy} → ${kind}`, () => {
            const decision = reconcile(inputOf(row, direction, policy));
            assert.equal(decision.action.kind, kind, decision.reason);
            assert.equal(decision.conflict, row.conflict, `conflict flag (${decision.reason})`);
            assert.ok(decision.reason.length > 0, 'a decision explains itself');
          });
        }
      }
    });
  }
});

describe('reconcile inputs', () => {
  test('null and undefined mean the same absent mapping or item', () => {
    for (const row of rows) {
      for (const direction of DIRECTIONS) {
        for (const policy of CONFLICT_RESOLUTIONS) {
          const withNulls: ReconcileInput = {
            mapping: row.mapping ?? null,
            local: row.local ?? null,
            remote: row.remote ?? null,
            direction,
            conflictResolution: policy,
          };
          assert.equal(reconcile(withNulls).action.kind, expectedKind(row.expect[direction], policy), `${row.state} / ${direction} / ${policy}`);
        }
      }
    }
  });

  test('the table covers every side state with a mapping and without', () => {
    const seen = new Set(rows.map((row) => `${row.mapping ? 'M' : '-'}${row.local ? 'L' : '-'}${row.remote ? 'R' : '-'}`));
    assert.deepEqual([...seen].sort(), ['---', '--R', '-L-', '-LR', 'M--', 'M-R', 'ML-', 'MLR']);
  });

  test('an unknown direction or policy is refused, not guessed', () => {
    const base = { local: { hash: 'h1' }, remote: { hash: 'h2' } };
    assert.throws(
      () => reconcile({ ...base, direction: 'sideways' as Direction, conflictResolution: 'strapi-wins' }),
      /unknown sync direction: sideways/,
    );
    assert.throws(
      () => reconcile({ ...base, direction: 'bidirectional', conflictResolution: 'coin-toss' as ConflictResolution }),
      /unknown conflict resolution: coin-toss/,
    );
  });

  test('the decision is a fresh value: callers may keep or mutate it', () => {
    const input: ReconcileInput = { local: { hash: 'h1' }, direction: 'bidirectional', conflictResolution: 'strapi-wins' };
    const first = reconcile(input);
    first.action.kind = 'none';
    assert.equal(reconcile(input).action.kind, 'create-remote');
  });
});
