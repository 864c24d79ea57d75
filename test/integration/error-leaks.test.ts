// Errors never carry SQL, bound values or item content (issue 9 §5). An email whose row the database
// refuses (a trigger planted by the test, on each database) carries a sentinel string in its subject
// and body; on SQLite and MySQL knex puts the refused INSERT with its bound values into the error's
// message. The sentinel must reach none of the sinks: logs, mailbox.lastError, the run's results,
// eventHub payloads, and the HTTP answers of /sync, /sync/runs, /sync/status and /mailboxes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AdminApi, registerSuperAdmin } from '../helpers/admin-api';
import { EMAIL_UID, useSyncWorld } from './sync-support';

const SENTINEL = `sentinel-${randomBytes(6).toString('hex')}`;
const TRIGGER = 'ms365_test_refuse_sentinel';

describe(`no leaks through errors (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld({ integrations: { calendar: false, tasks: false, email: true } });
  let admin: AdminApi;
  let table: string;
  const client = () => (world.strapi.db.dialect as unknown as { client: string }).client;

  before(async () => {
    admin = await registerSuperAdmin(world.playground.url);
    await world.strapi.plugin('microsoft-365').service('settings').update({ email: { folders: ['inbox'], initialDays: 30 } });
    table = (world.strapi.db.metadata.get(EMAIL_UID as never) as unknown as { tableName: string }).tableName;
    const knex = world.strapi.db.connection;
    // The database itself refuses the row, as it would a value its column cannot hold.
    if (client() === 'sqlite') {
      await knex.raw(`CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON ${table} WHEN NEW.subject LIKE '%${SENTINEL}%' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`);
    } else if (client() === 'postgres') {
      await knex.raw(`CREATE OR REPLACE FUNCTION ${TRIGGER}() RETURNS trigger AS $$ BEGIN IF NEW.subject LIKE '%${SENTINEL}%' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await knex.raw(`CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${TRIGGER}()`);
    } else {
      await knex.raw(`CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON ${table} FOR EACH ROW BEGIN IF NEW.subject LIKE '%${SENTINEL}%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test trigger'; END IF; END`);
    }
  });

  after(async () => {
    const knex = world.strapi?.db?.connection;
    if (!knex) return;
    await knex.raw(client() === 'postgres' ? `DROP TRIGGER IF EXISTS ${TRIGGER} ON ${table}` : `DROP TRIGGER IF EXISTS ${TRIGGER}`).catch(() => undefined);
  });

  test('an item the database refuses: the sentinel reaches no log, no stored error, no event, no answer', async () => {
    const mailbox = await world.newMailbox('leak');
    world.emulator.control.createMessage(mailbox.address, 'inbox', {
      subject: `Quarterly numbers ${SENTINEL}`,
      from: { emailAddress: { address: 'sender@fabrikam.com', name: 'Sender' } },
      body: { contentType: 'text', content: `Confidential body ${SENTINEL}` },
      receivedDateTime: new Date(Date.now() - 60_000).toISOString(),
    });

    // Every sink, captured while the run goes.
    const logged: string[] = [];
    const events: string[] = [];
    const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
    const capture = (stream: 'stdout' | 'stderr') =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        logged.push(String(chunk));
        return (writes[stream] as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    const level = world.strapi.log.level;
    world.strapi.log.level = 'debug';
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    const unsubscribe = world.strapi.eventHub.subscribe(async (name: string, ...args: unknown[]) => {
      events.push(`${name} ${JSON.stringify(args)}`);
    });
    let answer: { status: number; body: any };
    try {
      answer = await admin.post('/microsoft-365/sync?wait=true', { mailboxes: [mailbox.address], resources: ['email'] });
    } finally {
      unsubscribe();
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
      world.strapi.log.level = level;
    }

    assert.equal(answer.status, 200);
    const run = answer.body.data;
    // The row really was refused (nothing stored), so an error was recorded; whether it failed the page or
    // was quarantined, it must name what failed without its content.
    assert.equal((await world.localMessages(mailbox.address)).filter((m) => String(m.subject).includes(SENTINEL)).length, 0);
    const errors = run.results.flatMap((r: { errors: Array<{ code: string; message: string }> }) => r.errors);
    assert.ok(errors.length > 0 || events.some((e) => e.includes('quarantine')), `the refusal was recorded: ${JSON.stringify(run.results)}`);
    for (const error of errors) {
      assert.doesNotMatch(error.message, /insert into|values \(|select .* from/i, `an error carries SQL: ${error.message}`);
      assert.equal(error.code, 'database_error');
      assert.match(error.message, /the database refused the write/);
    }

    const stored = await world.strapi.db.query('plugin::microsoft-365.mailbox' as never).findOne({ where: { address: mailbox.address } });
    const sinks: Record<string, string> = {
      logs: logged.join(''),
      events: events.join('\n'),
      'POST /sync?wait=true': JSON.stringify(answer.body),
      'mailbox.lastError': String((stored as { lastError?: string } | null)?.lastError ?? ''),
      'GET /sync/runs': JSON.stringify((await admin.get('/microsoft-365/sync/runs?pageSize=100')).body),
      'GET /sync/runs/:id': JSON.stringify((await admin.get(`/microsoft-365/sync/runs/${run.id}`)).body),
      'GET /sync/status': JSON.stringify((await admin.get('/microsoft-365/sync/status')).body),
      'GET /mailboxes': JSON.stringify((await admin.get('/microsoft-365/mailboxes')).body),
      'stored run row': JSON.stringify(await world.strapi.db.query('plugin::microsoft-365.sync-run' as never).findMany({})),
    };
    assert.ok(sinks.logs.length > 0, 'debug logging produced output to inspect');
    assert.match(sinks['mailbox.lastError'], /the database refused the write/);
    for (const [sink, text] of Object.entries(sinks)) {
      assert.ok(!text.includes(SENTINEL), `the sentinel reached ${sink}`);
      assert.ok(!/insert into/i.test(text), `SQL reached ${sink}`);
    }
  });
});
