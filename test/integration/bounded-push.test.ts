// Bounded cost of the step after the pull (issue 9 §4): email, imported only, never runs a push; the
// push of calendar and tasks reads the mailbox's entries a page at a time (never one unbounded query).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Checkpoint } from '../../server/src/sync/run-types';
import { EMAIL_UID, EVENT_UID, resultFor, useSyncWorld } from './sync-support';

interface Sql {
  sql: string;
}

describe(`bounded push (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld({ integrations: { calendar: true, tasks: false, email: true } });

  const tableOf = (uid: string) => (world.strapi.db.metadata.get(uid as never) as unknown as { tableName: string }).tableName;

  /** The SQL of every statement `work` runs. */
  async function statements(work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const listener = (q: Sql) => seen.push(q.sql.toLowerCase());
    world.strapi.db.connection.on('query', listener);
    try {
      await work();
    } finally {
      world.strapi.db.connection.off('query', listener);
    }
    return seen;
  }

  /** Reads of the mailbox's entries from `table`: each must be a page (limit) or a lookup by ids (in). */
  function entryReads(sql: string[], table: string): { paged: string[]; unbounded: string[] } {
    // Postgres names the schema: from "public"."table".
    const from = new RegExp(`\\bfrom (?:[\`"]\\w+[\`"]\\.)?[\`"]${table}[\`"]`);
    const reads = sql.filter((s) => s.startsWith('select') && from.test(s));
    return { paged: reads.filter((s) => /\blimit\b/.test(s)), unbounded: reads.filter((s) => !/\blimit\b/.test(s) && !/\bin \(/.test(s)) };
  }

  test('email never runs a push: no push checkpoint, nothing planned for Microsoft, and entries read in pages', async () => {
    const mailbox = await world.newMailbox('no-push');
    for (let i = 0; i < 5; i++) {
      world.emulator.control.createMessage(mailbox.address, 'inbox', { subject: `Mail ${i}`, body: { contentType: 'text', content: 'x' }, receivedDateTime: new Date(Date.now() - 60_000 * (i + 1)).toISOString() });
    }
    const points: string[] = [];
    const run = await world.sync.run({ mailboxes: [mailbox.address], resources: ['email', 'calendar'], onCheckpoint: (at: Checkpoint, detail: { resource?: string }) => void points.push(`${detail.resource}:${at}`) });
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    assert.deepEqual(points.filter((p) => p.startsWith('email:push')), []);
    assert.ok(points.includes('calendar:push:planned'), `the calendar pushed: ${points.join(', ')}`);
    assert.deepEqual(resultFor(run, mailbox.address, 'email').pushed, { created: 0, updated: 0, deleted: 0 });

    const sql = await statements(() => world.sync.run({ mailboxes: [mailbox.address], resources: ['email'] }));
    const reads = entryReads(sql, tableOf(EMAIL_UID));
    assert.deepEqual(reads.unbounded, [], 'a query read every message of the mailbox at once');
    assert.ok(reads.paged.length >= 1);
  });

  test('the calendar push reads local entries a page at a time, in id order', async () => {
    const mailbox = await world.newMailbox('paged-push');
    const total = 230; // pageSize 100: three pages
    world.emulator.control.seedEvents(mailbox.address, total, { start: new Date(Date.now() + 86_400_000).toISOString() });
    await world.syncMailbox(mailbox.address);
    const [first] = await world.localEvents(mailbox.address);
    await world.strapiUpdate(first!.documentId, { subject: 'Edited in Strapi' });

    let run: Awaited<ReturnType<typeof world.syncMailbox>> | undefined;
    const sql = await statements(async () => (run = await world.syncMailbox(mailbox.address)));
    assert.equal(resultFor(run!, mailbox.address).pushed.updated, 1);
    const reads = entryReads(sql, tableOf(EVENT_UID));
    assert.deepEqual(reads.unbounded, [], 'a query read every entry of the mailbox at once');
    const pages = reads.paged.filter((s) => /order by/.test(s));
    assert.equal(pages.length, Math.ceil(total / 100) + (total % 100 === 0 ? 1 : 0), pages.join('\n'));
    assert.equal(world.remoteEvents(mailbox.address).filter((e) => e.subject === 'Edited in Strapi').length, 1);
  });
});
