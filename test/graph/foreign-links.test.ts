// Links from Graph are followed only on the configured Graph host: the delta pager refuses a page whose
// nextLink/deltaLink points elsewhere before handing it out, and every client the gateway makes
// refuses a request to another origin before sending it (the SDK's PageIterator, getClient().api()).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PageIterator } from '@microsoft/microsoft-graph-client';
import { isGatewayError, type DeltaPage } from '../../server/src/graph';
import { DEMO, demoGateway, rejectionOf, useTestEmulator } from './support';

const FOREIGN = 'https://graph.evil.example';
const MAILBOX = DEMO.mailboxes[0];

function windowUrl(): string {
  const from = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 19);
  const to = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 19);
  return `/users/${MAILBOX}/calendarView/delta?startDateTime=${from}Z&endDateTime=${to}Z`;
}

const assertForeign = (error: unknown) => {
  assert.ok(isGatewayError(error), `expected a GatewayError, got ${String(error)}`);
  assert.equal(error.code, 'foreign_link');
  assert.match(error.message, /graph\.evil\.example/);
};

describe('links to a foreign host', () => {
  const emulator = useTestEmulator();

  test('the delta pager hands out no page whose nextLink or deltaLink is on another host', async () => {
    emulator.control.setLinkOrigin(FOREIGN);
    try {
      for (const maxPageSize of [2, 1000]) {
        const pages: DeltaPage[] = [];
        const error = await rejectionOf(async () => {
          for await (const page of demoGateway(emulator).deltaPages({ url: windowUrl(), maxPageSize, prefetch: true })) pages.push(page);
        });
        assertForeign(error);
        assert.deepEqual(pages, [], `maxPageSize ${maxPageSize}: a page was handed out`);
      }
    } finally {
      emulator.control.setLinkOrigin(null);
    }
  });

  test('a stored link on another host is refused before any request', async () => {
    const before = emulator.control.requests().length;
    const pages = demoGateway(emulator).deltaPages({ url: `${FOREIGN}/v1.0/users/${MAILBOX}/calendarView/delta?$deltatoken=x` });
    assertForeign(await rejectionOf(() => pages.next()));
    assert.equal(emulator.control.requests().length, before);
  });

  test("getClient(): the SDK's PageIterator and api() never reach another host", async () => {
    const client = demoGateway(emulator).getClient();
    emulator.control.setLinkOrigin(FOREIGN);
    let first: Record<string, unknown>;
    try {
      first = await client.api(windowUrl()).header('Prefer', 'odata.maxpagesize=2').get();
    } finally {
      emulator.control.setLinkOrigin(null);
    }
    assert.ok(String(first['@odata.nextLink']).startsWith(FOREIGN));
    const seen: unknown[] = [];
    const iterator = new PageIterator(client, first as never, (item) => {
      seen.push(item);
      return true;
    });
    assertForeign(await rejectionOf(() => iterator.iterate()));
    assert.equal(seen.length, 2, 'only the first page, which came from Graph, was read');
    assertForeign(await rejectionOf(() => client.api(`${FOREIGN}/v1.0/users`).get()));
    assertForeign(await rejectionOf(() => demoGateway(emulator).request({ method: 'GET', url: `${FOREIGN}/v1.0/users` })));
  });
});
