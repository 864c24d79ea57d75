// Mail against the docs: "message: delta" / "Get incremental changes to messages in a folder"
// ($select, $top / odata.maxpagesize, $filter=receivedDateTime ge, changeType), "Get mailFolder"
// (well-known names), "Get message", "user: sendMail".
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from './index';
import { graph, getToken } from './testClient';
import { useDemoEmulator } from './demoSuite';

const { em, g } = useDemoEmulator();
const [adele, alex, support] = DEMO.mailboxes;

async function drain(url: string, prefer = 'odata.maxpagesize=2'): Promise<{ items: any[]; deltaLink: string; pages: number }> {
  const items: any[] = [];
  let next: string | undefined = url;
  let deltaLink = '';
  let pages = 0;
  while (next) {
    const res = await g(next, { headers: { prefer } });
    assert.equal(res.status, 200, res.text);
    pages++;
    items.push(...res.body.value);
    next = res.body['@odata.nextLink'];
    deltaLink = res.body['@odata.deltaLink'] ?? deltaLink;
  }
  return { items, deltaLink, pages };
}

describe('mail folders', () => {
  test('well-known names resolve to folders; unknown → 404', async () => {
    for (const name of ['inbox', 'sentitems', 'drafts', 'deleteditems', 'archive', 'junkemail', 'Inbox']) {
      const res = await g(`/users/${adele}/mailFolders/${name}`);
      assert.equal(res.status, 200, name);
      assert.ok(res.body.id && res.body.displayName);
    }
    const inbox = await g(`/users/${adele}/mailFolders/inbox`);
    assert.equal(inbox.body.displayName, 'Inbox');
    assert.equal(inbox.body.totalItemCount, 3);
    assert.equal(inbox.body.unreadItemCount, 2);
    const list = await g(`/users/${adele}/mailFolders`);
    assert.equal(list.body.value.length, 6);
    assert.equal((await g(`/users/${adele}/mailFolders/nosuch`)).status, 404);
  });
});

describe('message delta', () => {
  test('$select, odata.maxpagesize and $filter=receivedDateTime ge; next round sees new, changed, moved and deleted', async () => {
    const since = new Date(Date.now() - 30 * 86400000).toISOString();
    const first = await g(`/users/${adele}/mailFolders/inbox/messages/delta?$select=subject,receivedDateTime,from&$filter=receivedDateTime+ge+${since}`, { headers: { prefer: 'odata.maxpagesize=1' } });
    assert.equal(first.status, 200);
    assert.equal(first.headers['preference-applied'], 'odata.maxpagesize=1');
    assert.equal(first.body.value.length, 1);
    assert.deepEqual(Object.keys(first.body.value[0]).sort(), ['@odata.etag', '@odata.type', 'from', 'id', 'receivedDateTime', 'subject']);
    assert.ok(!first.body['@odata.nextLink'].includes('$select'), 'query baked into the token');
    const rest = await drain(first.body['@odata.nextLink'], 'odata.maxpagesize=1');
    const all = [...first.body.value, ...rest.items];
    assert.deepEqual(all.map((m) => m.subject).sort(), ['Invoice 2041', 'Welcome to Contoso'], 'the 45-day-old message is filtered out');

    const welcome = all.find((m) => m.subject === 'Welcome to Contoso');
    const invoice = all.find((m) => m.subject === 'Invoice 2041');
    em.control.updateMessage(adele, welcome.id, { isRead: true });
    em.control.moveMessage(adele, invoice.id, 'archive');
    const fresh = em.control.createMessage(adele, 'inbox', { subject: 'Fresh', receivedDateTime: new Date().toISOString() });
    const round2 = await drain(rest.deltaLink);
    const byId = new Map(round2.items.map((m) => [m.id, m]));
    assert.equal(round2.items.length, 3);
    assert.equal(byId.get(welcome.id).subject, 'Welcome to Contoso');
    assert.equal(byId.get(welcome.id).isRead, undefined, '$select still applies in later rounds');
    assert.deepEqual(byId.get(invoice.id)['@removed'], { reason: 'deleted' });
    assert.equal(byId.get(fresh.id).subject, 'Fresh');
    em.control.deleteMessage(adele, String(fresh.id));
    const round3 = await drain(round2.deltaLink);
    assert.deepEqual(round3.items, [{ '@odata.type': '#microsoft.graph.message', id: fresh.id, '@removed': { reason: 'deleted' } }]);
  });

  test('$top sets the page size; changeType=created limits the round', async () => {
    em.control.seedMessages(support, 'inbox', 25, { newest: new Date().toISOString() });
    const r = await g(`/users/${support}/mailFolders/inbox/messages/delta?$top=10`);
    assert.equal(r.body.value.length, 10);
    const all = await drain(`/users/${support}/mailFolders/inbox/messages/delta?changeType=created`, 'odata.maxpagesize=100');
    assert.equal(all.items.length, 26);
    em.control.updateMessage(support, String(all.items[0].id), { isRead: true });
    em.control.createMessage(support, 'inbox', { subject: 'only this' });
    const next = await drain(all.deltaLink);
    assert.deepEqual(next.items.map((m) => m.subject), ['only this']);
  });

  test('unsupported $filter → 400; expired token → 410 syncStateNotFound with Location', async () => {
    const bad = await g(`/users/${adele}/mailFolders/inbox/messages/delta?$filter=subject eq 'x'`);
    assert.equal(bad.status, 400);
    const badOrder = await g(`/users/${adele}/mailFolders/inbox/messages/delta?$orderby=subject`);
    assert.equal(badOrder.status, 400);
    const newest = em.control.listMessages(adele, 'inbox')[0];
    const gt = await drain(`/users/${adele}/mailFolders/inbox/messages/delta?$filter=receivedDateTime gt ${newest.receivedDateTime}&$orderby=receivedDateTime desc`);
    assert.equal(gt.items.length, 0, 'gt excludes the boundary');
    const ge = await drain(`/users/${adele}/mailFolders/inbox/messages/delta?$filter=receivedDateTime ge ${newest.receivedDateTime}`);
    assert.equal(ge.items.length, 1, 'ge includes it');
    const round = await drain(`/users/${adele}/mailFolders/inbox/messages/delta?$select=subject`);
    em.control.expireDeltaTokens(adele);
    const gone = await g(round.deltaLink);
    assert.equal(gone.status, 410);
    assert.equal(gone.body.error.code, 'syncStateNotFound');
    assert.match(gone.headers.location, /\/messages\/delta\?\$select=subject$/);
  });
});

describe('messages and sendMail', () => {
  test('GET message and its attachments', async () => {
    const invoice = em.control.listMessages(adele, 'inbox').find((m) => m.subject === 'Invoice 2041')!;
    const res = await g(`/users/${adele}/messages/${invoice.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.hasAttachments, true);
    assert.equal(res.body.from.emailAddress.address, 'megan.bowen@fabrikam.example');
    assert.match(res.body.receivedDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const expanded = await g(`/users/${adele}/messages/${invoice.id}?$select=subject&$expand=attachments($select=name,size)`);
    assert.deepEqual(Object.keys(expanded.body.attachments[0]).sort(), ['@odata.mediaContentType', '@odata.type', 'id', 'name', 'size']);
    const viaDelta = await drain(`/users/${adele}/mailFolders/inbox/messages/delta?$select=subject&$expand=attachments`, 'odata.maxpagesize=10');
    assert.equal(viaDelta.items.find((m) => m.id === invoice.id).attachments[0].name, 'invoice-2041.pdf');
    assert.deepEqual(viaDelta.items.find((m) => m.subject === 'Welcome to Contoso').attachments, []);
    const att = await g(`/users/${adele}/messages/${invoice.id}/attachments`);
    assert.equal(att.body.value[0]['@odata.type'], '#microsoft.graph.fileAttachment');
    assert.equal(att.body.value[0].name, 'invoice-2041.pdf');
  });

  test('sendMail → 202, copy in Sent Items and in a hosted recipient inbox', async () => {
    const res = await g(`/users/${adele}/sendMail`, {
      method: 'POST',
      body: { message: { subject: 'Lunch?', body: { contentType: 'Text', content: 'At noon' }, toRecipients: [{ emailAddress: { address: alex } }] }, saveToSentItems: true },
    });
    assert.equal(res.status, 202);
    assert.equal(res.text, '');
    assert.ok(em.control.listMessages(adele, 'sentitems').some((m) => m.subject === 'Lunch?'));
    assert.ok(em.control.listMessages(alex, 'inbox').some((m) => m.subject === 'Lunch?' && (m.from as any).emailAddress.address === adele));
  });

  test('sendMail over 4 MB → 413 RequestEntityTooLarge', async () => {
    const big = Buffer.alloc(3_200_000, 7).toString('base64');
    const res = await g(`/users/${adele}/sendMail`, {
      method: 'POST',
      body: { message: { subject: 'big', toRecipients: [{ emailAddress: { address: alex } }], attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'big.bin', contentType: 'application/octet-stream', contentBytes: big }] } },
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'RequestEntityTooLarge');
    assert.ok(!em.control.listMessages(adele, 'sentitems').some((m) => m.subject === 'big'));
  });

  test('sendMail: unknown sender → 404 ErrorInvalidUser; without Mail.Send → 403; no recipients → 400', async () => {
    const unknown = await g('/users/ghost@contoso.onmicrosoft.com/sendMail', { method: 'POST', body: { message: { subject: 'x', toRecipients: [{ emailAddress: { address: alex } }] } } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'ErrorInvalidUser');
    const empty = await g(`/users/${adele}/sendMail`, { method: 'POST', body: { message: { subject: 'x' } } });
    assert.equal(empty.status, 400);
    em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: 'd0d0d0d0-0000-0000-0000-000000000001', secret: 'm', permissions: ['Mail.Read'] }] });
    const readOnly = graph(em, await getToken(em, DEMO.tenantId, 'd0d0d0d0-0000-0000-0000-000000000001', 'm'));
    const denied = await readOnly(`/users/${adele}/sendMail`, { method: 'POST', body: { message: { subject: 'x', toRecipients: [{ emailAddress: { address: alex } }] } } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'ErrorAccessDenied');
  });
});

describe('bulk seeding', () => {
  test('20,000 messages and 20,000 events seed and page through delta quickly', async () => {
    const t0 = Date.now();
    em.control.seedMessages(alex, 'inbox', 20_000);
    em.control.seedEvents(alex, 20_000, { start: '2030-01-01T00:00:00Z', spacingMinutes: 15 });
    const seedMs = Date.now() - t0;
    assert.ok(seedMs < 5000, `seeding took ${seedMs} ms`);
    const t1 = Date.now();
    const mail = await drain(`/users/${alex}/mailFolders/inbox/messages/delta?$select=subject`, 'odata.maxpagesize=1000');
    assert.equal(mail.items.length, 20_001);
    assert.equal(new Set(mail.items.map((m) => m.id)).size, 20_001);
    const cal = await drain(`/users/${alex}/calendarView/delta?startDateTime=2030-01-01T00:00:00Z&endDateTime=2031-01-01T00:00:00Z`, 'odata.maxpagesize=1000');
    assert.equal(cal.items.filter((e) => String(e.subject).startsWith('Seeded event')).length, 20_000);
    const pageMs = Date.now() - t1;
    assert.ok(pageMs < 15000, `paging took ${pageMs} ms`);
    console.log(`# bulk: seeded 40,000 items in ${seedMs} ms; paged them through delta (1000/page) in ${pageMs} ms`);
  });
});
