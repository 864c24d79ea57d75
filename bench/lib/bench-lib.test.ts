// The bench's pure parts: lower bounds as issue 6 defines them, flag parsing, statement classes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chainsBound, noChangeBound, perItemRatio, pullBound, pushBound, ratio, throttledPullBound } from './lower-bound';
import { DEFAULT_OPTIONS, parseArgs } from './cli';
import { statementKind, writtenTable } from './db-counter';

describe('lower bounds', () => {
  test('a pull is ceil(N / page size) sequential requests × latency', () => {
    const bound = pullBound(10_000, 100, 20);
    assert.equal(bound.requests, 100);
    assert.equal(bound.timeMs, 2_000);
    assert.equal(pullBound(10_001, 100, 20).requests, 101);
    assert.equal(pullBound(0, 100, 20).requests, 1, 'an empty round still takes one request');
  });

  test('a push is ceil(N / 20) batches; its parts run 4 at a time per mailbox', () => {
    const bound = pushBound(1_000, 20);
    assert.equal(bound.requests, 50);
    assert.equal(bound.timeMs, 250 * 20);
  });

  test('no change: one request per mailbox and resource', () => {
    assert.equal(noChangeBound(3, 20).requests, 3);
  });

  test('parallel chains: the longest chain, or the total over the cap, whichever is larger', () => {
    assert.equal(chainsBound([2, 2, 1, 1], 16, 20).timeMs, 40);
    const many = chainsBound(Array<number>(300).fill(2), 16, 20);
    assert.equal(many.requests, 600);
    assert.equal(many.timeMs, Math.ceil(600 / 16) * 20);
  });

  test('under a storm of every 5th request throttled, throttled requests are sent again and waited for', () => {
    const bound = throttledPullBound(100, 5, 1_000, 20);
    // 124 sent, every 5th of them (24) throttled, 100 answered.
    assert.equal(bound.requests, 124);
    assert.equal(bound.throttled, 24);
    assert.equal(bound.requests - bound.throttled, 100);
    assert.equal(bound.timeMs, 124 * 20 + 24 * 1_000);
  });

  test('ratios: none without a base; per item when the naive way covered fewer items', () => {
    assert.equal(ratio(3, 0), null);
    assert.equal(ratio(3, 2), 1.5);
    // naive: 1,001 round trips for 1,000 items; ours: 100 for 10,000 → 100.1× per item.
    assert.ok(Math.abs(perItemRatio(1_001, 1_000, 100, 10_000)! - 100.1) < 1e-9);
  });
});

describe('flags', () => {
  const root = '/repo';
  test('defaults are issue 6 sizes, every scenario, latency 20 ms, SQLite', () => {
    const options = parseArgs([], root);
    assert.deepEqual(options.scenarios, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(options.latencyMs, DEFAULT_OPTIONS.latencyMs);
    assert.equal(options.events, 10_000);
    assert.equal(options.database, 'sqlite');
    assert.equal(options.out, path.join(root, 'bench', 'results', 'latest.json'));
  });

  test('scenarios by number or name, repeatable, in order; sizes scale down', () => {
    const options = parseArgs(['--scenario', 'storm', '--scenario=1', '--scenario', 'push,7', '--events', '500', '--latency=0', '--postgres'], root);
    assert.deepEqual(options.scenarios, [1, 3, 6, 7]);
    assert.equal(options.events, 500);
    assert.equal(options.latencyMs, 0);
    assert.equal(options.database, 'postgres');
  });

  test('unknown scenarios, flags and bad numbers are refused', () => {
    assert.throws(() => parseArgs(['--scenario', 'nine'], root), /unknown scenario/);
    assert.throws(() => parseArgs(['--fast'], root), /unknown flag/);
    assert.throws(() => parseArgs(['--events', '0'], root), /positive integer/);
    assert.throws(() => parseArgs(['--events'], root), /needs a value/);
  });
});

describe('statement classes', () => {
  test('reads, writes and transaction control', () => {
    assert.equal(statementKind('select `t0`.* from `ms365_calendar_events`'), 'read');
    assert.equal(statementKind('insert into "ms365_sync_mappings" ("a") values (?)'), 'write');
    assert.equal(statementKind('BEGIN;'), 'transaction');
    assert.equal(statementKind('SAVEPOINT trx2'), 'transaction');
  });

  test('the table a write touches, quoted either way', () => {
    assert.equal(writtenTable('insert into `ms365_calendar_events` (`subject`) values (?)'), 'ms365_calendar_events');
    assert.equal(writtenTable('update "public"."ms365_sync_states" set "delta_link" = $1'), 'ms365_sync_states');
    assert.equal(writtenTable('delete from "ms365_sync_mappings" where "id" in ($1)'), 'ms365_sync_mappings');
    assert.equal(writtenTable('select 1'), null);
  });
});
