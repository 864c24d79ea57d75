import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FullResyncRequired, GatewayError, createRequestCounter, type DeltaPage } from '../../server/src/graph';
import { DEMO, demoGateway, rejectionOf, useTestEmulator } from './support';
import type { Gateway } from '../../server/src/graph';

const MAILBOX = DEMO.mailboxes[1];

function windowUrl(): string {
  const from = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 19);
  const to = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 19);
  return `/users/${MAILBOX}/calendarView/delta?startDateTime=${from}Z&endDateTime=${to}Z`;
}

async function createEvents(gateway: Gateway, n: number, tag: string): Promise<void> {
  const day = Date.now() + 2 * 86400_000;
  const responses = await gateway.batch(
    Array.from({ length: n }, (_, i) => ({
      id: `${tag}${i}`,
      method: 'POST',
      url: `/users/${MAILBOX}/events`,
      body: {
        subject: `${tag} ${i}`,
        start: { dateTime: new Date(day + i * 3600_000).toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: new Date(day + i * 3600_000 + 1800_000).toISOString().slice(0, 19), timeZone: 'UTC' },
      },
    })),
  );
  assert.ok(responses.every((r) => r.status === 201));
}

async function collect(pages: AsyncGenerator<DeltaPage>): Promise<DeltaPage[]> {
  const out: DeltaPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('delta pager against the emulator', () => {
  const emulator = useTestEmulator({ resetEachTest: true });

  test('pages honour odata.maxpagesize on every page, end with a deltaLink, and resume from it', async () => {
    const gateway = demoGateway(emulator);
    await createEvents(gateway, 7, 'paging');
    const counter = createRequestCounter();
    const pages = await collect(gateway.deltaPages({ url: windowUrl(), maxPageSize: 3 }, counter));
    const total = pages.reduce((n, p) => n + p.items.length, 0);
    assert.ok(total >= 7, `only ${total} items`);
    assert.equal(pages.length, Math.ceil(total / 3));
    for (const page of pages.slice(0, -1)) {
      assert.equal(page.items.length, 3, 'a later page lost the Prefer header');
      assert.ok(page.nextLink && !page.deltaLink);
    }
    const last = pages[pages.length - 1];
    assert.ok(last.deltaLink && !last.nextLink);
    assert.equal(counter.requests, pages.length);

    // nothing changed: the stored deltaLink gives an empty round
    const again = await collect(gateway.deltaPages({ url: last.deltaLink!, maxPageSize: 3 }));
    assert.equal(again.reduce((n, p) => n + p.items.length, 0), 0);
    // one change: exactly that item comes back
    await createEvents(gateway, 1, 'late');
    const changed = await collect(gateway.deltaPages({ url: again[again.length - 1].deltaLink!, maxPageSize: 3 }));
    const subjects = changed.flatMap((p) => p.items.map((i) => i.subject));
    assert.deepEqual(subjects, ['late 0']);
  });

  test('the caller pulls page by page: nothing is fetched before it asks', async () => {
    const gateway = demoGateway(emulator);
    const pager = gateway.deltaPages({ url: windowUrl(), maxPageSize: 2 });
    const first = await pager.next();
    assert.equal(first.done, false);
    const graphCalls = () => emulator.control.requests().filter((r) => r.kind === 'graph').length;
    assert.equal(graphCalls(), 1);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(graphCalls(), 1);
    // resuming from a stored nextLink works like continuing the generator
    const resumed = await collect(gateway.deltaPages({ url: (first.value as DeltaPage).nextLink!, maxPageSize: 2 }));
    assert.ok(resumed[resumed.length - 1].deltaLink);
    await pager.return();
  });

  test('an expired delta token (410 Gone) is FullResyncRequired', async () => {
    const gateway = demoGateway(emulator);
    const pages = await collect(gateway.deltaPages({ url: windowUrl(), maxPageSize: 50 }));
    const deltaLink = pages[pages.length - 1].deltaLink!;
    emulator.control.expireDeltaTokens();
    const err = await rejectionOf(() => collect(gateway.deltaPages({ url: deltaLink })));
    assert.ok(err instanceof FullResyncRequired);
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'resync_required');
    assert.equal(err.status, 410);
  });

  test('syncStateNotFound and resyncRequired codes mean a full resync too; other errors do not', async () => {
    const gateway = demoGateway(emulator);
    emulator.control.addFault({ pathPattern: 'calendarView/delta', status: 400, code: 'resyncRequired', times: 1 });
    assert.ok((await rejectionOf(() => collect(gateway.deltaPages({ url: windowUrl() })))) instanceof FullResyncRequired);
    emulator.control.addFault({ pathPattern: 'calendarView/delta', status: 404, code: 'SyncStateNotFound', times: 1 });
    assert.ok((await rejectionOf(() => collect(gateway.deltaPages({ url: windowUrl() })))) instanceof FullResyncRequired);
    emulator.control.addFault({ pathPattern: 'calendarView/delta', status: 403, times: 1 });
    const denied = await rejectionOf(() => collect(gateway.deltaPages({ url: windowUrl() })));
    assert.ok(denied instanceof GatewayError && !(denied instanceof FullResyncRequired));
    assert.equal(denied.code, 'missing_permission');
    assert.equal(denied.permission, 'Calendars.ReadWrite');
  });

  test('a throttled page is retried in place and paging goes on', async () => {
    const gateway = demoGateway(emulator);
    emulator.control.addFault({ pathPattern: 'skiptoken', status: 429, retryAfterSeconds: 0, times: 1 });
    const counter = createRequestCounter();
    const pages = await collect(gateway.deltaPages({ url: windowUrl(), maxPageSize: 2 }, counter));
    assert.ok(pages.length > 1);
    assert.equal(counter.retries, 1);
    assert.ok(pages[pages.length - 1].deltaLink);
  });
});
