// Quarantined items on the Microsoft Settings page, in headless Chromium against the playground Strapi
// and the Graph emulator: a Strapi event Outlook cannot take (it ends before it starts) and a message
// whose attachment list Graph refuses are kept aside by a run, the page lists them under their mailbox
// with the field and the reason and a link to the Strapi entry; once fixed, the next run syncs them and
// the section goes away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator } from '../helpers/emulated-playground';
import type { Playground } from '../helpers/playground';
import { graphTime, isoTime } from '../integration/sync-support';
import {
  addMailboxOnPage,
  assertBrowserPrerequisites,
  launchChromium,
  openAdminTab,
  openMicrosoftSettings,
  registerFirstAdmin,
  saveDemoTenantOnPage,
  screenshotSection,
  type Credentials,
} from './settings-page.helpers';
import { UID } from '../../shared/plugin';

const ADMIN: Credentials = { firstname: 'Katherine', lastname: 'Johnson', email: 'katherine@example.com', password: 'Str0ngPassw0rd!' };
const EVENT_UID = UID.calendarEvent;
const MAILBOX = `quarantine@${DEMO.tenantDomain}`;

describe('Quarantined items on the Microsoft Settings page (Chromium)', { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator());
    emulator.control.addUser({ tenantId: DEMO.tenantId, address: MAILBOX, displayName: 'Quarantine' });
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  const section = (name: string) => page.getByRole('region', { name, exact: true });
  const quarantine = () => section('Quarantined items');
  const sync = () => playground.strapi.plugin('microsoft-365').service('sync');
  let invalidEntry = '';

  test('a run keeps an invalid entry and a refused message aside; the page lists them with field and reason', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await openMicrosoftSettings(page);
    const integrations = section('Microsoft 365 integrations');
    for (const name of ['Calendar', 'Email']) await integrations.getByRole('checkbox', { name }).check({ force: true });
    await saveDemoTenantOnPage(page, { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret });
    await addMailboxOnPage(page, { address: MAILBOX });
    assert.equal(await quarantine().count(), 0, 'no section while nothing is quarantined');

    const mailbox = (await playground.strapi.db.query('plugin::microsoft-365.mailbox' as never).findOne({ where: { address: MAILBOX } })) as { documentId: string };
    const entry = (await playground.strapi.documents(EVENT_UID as never).create({
      data: { subject: 'Board meeting', start: isoTime(30), end: isoTime(29), mailbox: mailbox.documentId } as never,
    })) as { documentId: string };
    invalidEntry = entry.documentId;
    emulator.control.createEvent(MAILBOX, { subject: 'Standup', start: graphTime(24), end: graphTime(25) });
    const message = emulator.control.createMessage(MAILBOX, 'inbox', {
      subject: 'Invoice 42',
      from: { emailAddress: { address: 'billing@fabrikam.com', name: 'Billing' } },
      receivedDateTime: new Date(Date.now() - 3_600_000).toISOString(),
      attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'invoice-42.pdf', contentType: 'application/pdf', contentBytes: Buffer.from('%PDF').toString('base64') }],
    }) as { id: string };
    emulator.control.createMessage(MAILBOX, 'inbox', { subject: 'Welcome', from: { emailAddress: { address: 'hr@fabrikam.com', name: 'HR' } }, receivedDateTime: new Date(Date.now() - 7_200_000).toISOString() });
    emulator.control.addFault({ pathPattern: `/messages/${message.id}/attachments`, status: 400, code: 'ErrorInvalidRequest', message: 'The request is invalid.', times: 1_000 });

    const run = await sync().run({ trigger: 'api', mailboxes: [MAILBOX], resources: ['calendar', 'email'] });
    assert.equal(run.status, 'partial');

    await page.reload();
    await quarantine().waitFor();
    const group = quarantine().getByRole('article', { name: `2 items quarantined: ${MAILBOX}` });
    await group.getByRole('row', { name: /calendar.*To Microsoft 365.*end/ }).waitFor();
    await group.getByRole('row', { name: /email.*From Microsoft 365.*attachments/ }).waitFor();
    await group.getByText('The event cannot be sent to Outlook: end: not before start.').waitFor();
    const link = group.getByRole('link', { name: 'Open the entry' });
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`/content-manager/collection-types/${EVENT_UID}/${invalidEntry}$`));
    await screenshotSection(page, quarantine(), 'quarantine-section.png');
    emulator.control.clearFaults();
  });

  test('once the entry is fixed and Graph answers, the next run syncs both and the section goes away', async () => {
    await playground.strapi.documents(EVENT_UID as never).update({ documentId: invalidEntry, data: { end: isoTime(31) } as never });
    const run = await sync().run({ trigger: 'api', mailboxes: [MAILBOX], resources: ['calendar', 'email'] });
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    await page.reload();
    await section('Mailboxes').waitFor();
    assert.equal(await quarantine().count(), 0);
    assert.ok(emulator.control.listEvents(MAILBOX).some((e) => e.subject === 'Board meeting'));
  });
});
