// Content mappings on the Microsoft Settings page, in headless Chromium against the playground Strapi and
// the Graph emulator: an admin builds a mapping of the playground's Meeting type to a mailbox's calendar
// (only attributes of a fitting type are offered; the state enumeration's values mapped to "show as"),
// previews the first meetings as Outlook would receive them, saves; a run sends them to Outlook, and an
// event made in Outlook shows up in the Content Manager's list of meetings.
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
  screenshotWholePage,
  type Credentials,
} from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Grace', lastname: 'Hopper', email: 'grace@example.com', password: 'Str0ngPassw0rd!' };
const MEETING = 'api::meeting.meeting';
const MAILBOX = `meetings@${DEMO.tenantDomain}`;
const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

describe('Content mappings on the Microsoft Settings page (Chromium)', { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator());
    emulator.control.addUser({ tenantId: DEMO.tenantId, address: MAILBOX, displayName: 'Meetings' });
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  const mappings = () => page.getByRole('region', { name: 'Content mappings', exact: true });
  const choose = async (name: string, option: string) => {
    await mappings().getByRole('combobox', { name, exact: true }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  test('an admin maps Meeting to a calendar, previews three meetings and saves', async () => {
    const meetings = playground.strapi.documents(MEETING as never);
    for (const [n, title] of ['Board review', 'Hiring panel', 'Quarterly planning', 'Offsite (draft)'].entries()) {
      await meetings.create({ data: { title, description: paragraph(`Agenda of ${title}`), startsAt: isoTime(24 + 2 * n), endsAt: isoTime(25 + 2 * n), state: 'confirmed' }, ...(title.includes('draft') ? {} : { status: 'published' }) } as never);
    }
    await registerFirstAdmin(page, playground.url, ADMIN);
    await openMicrosoftSettings(page);
    await page.getByRole('region', { name: 'Microsoft 365 integrations', exact: true }).getByRole('checkbox', { name: 'Calendar' }).check({ force: true });
    await saveDemoTenantOnPage(page, { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret });
    await addMailboxOnPage(page, { address: MAILBOX });
    await mappings().getByText('No content mappings').waitFor();

    await mappings().getByRole('button', { name: 'Add a content mapping' }).click();
    await choose('Content type', 'Meeting (published entries only)');
    // Only attributes of a fitting type are offered: a start takes datetimes and dates, not text.
    await mappings().getByRole('combobox', { name: 'Start', exact: true }).click();
    const startOptions = await page.getByRole('option').allTextContents();
    assert.deepEqual(startOptions, ['Not synced', 'startsAt (datetime)', 'endsAt (datetime)']);
    await page.getByRole('option', { name: 'startsAt (datetime)' }).click();
    await choose('Subject', 'title (string)');
    await choose('End', 'endsAt (datetime)');
    await choose('Body', 'description (blocks)');
    await choose('Location', 'venue (string)');
    await choose('Show as', 'state (enumeration)');
    await choose('Show as: confirmed', 'busy');
    await choose('Show as: cancelled', 'free');

    await mappings().getByRole('button', { name: 'Preview' }).click();
    const preview = mappings().getByRole('region', { name: 'How the first entries would appear in Outlook' });
    await preview.waitFor({ timeout: 5000 }).catch(async (error: unknown) => {
      await screenshotSection(page, mappings(), 'content-mappings-debug.png');
      throw error;
    });
    const rows = await preview.getByRole('row').allTextContents();
    assert.equal(rows.length, 4, 'three entries and the header');
    assert.match(rows[1]!, /Board review.*Agenda of Board review/);
    assert.ok(!rows.some((row) => row.includes('Offsite')), 'a draft is not in scope');
    await screenshotSection(page, mappings(), 'content-mappings-preview.png');

    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/microsoft-365/content-mappings'));
    await mappings().getByRole('button', { name: 'Save mapping' }).click();
    assert.equal((await saved).status(), 200);
    await mappings().getByRole('row', { name: /Meeting.*Calendar events.*meetings@/ }).waitFor();
    await screenshotSection(page, mappings(), 'content-mappings-saved.png');
    const [mapping] = await playground.strapi.plugin('microsoft-365').service('contentMappings').list();
    assert.deepEqual(mapping.fields.showAs, { attribute: 'state', values: { confirmed: 'busy', cancelled: 'free' } });
  });

  test('a run syncs the meetings both ways; the Outlook event is in the Content Manager', async () => {
    emulator.control.createEvent(MAILBOX, { subject: 'Customer visit', body: { contentType: 'html', content: '<p>Tour <b>the plant</b></p>' }, start: graphTime(50), end: graphTime(52), location: { displayName: 'Lobby' } });
    const run = await playground.strapi.plugin('microsoft-365').service('sync').run({ trigger: 'api', mailboxes: [MAILBOX], resources: ['calendar'] });
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    const subjects = emulator.control.listEvents(MAILBOX).map((e) => String(e.subject)).sort();
    assert.deepEqual(subjects, ['Board review', 'Customer visit', 'Hiring panel', 'Quarterly planning']);

    const visit = (await playground.strapi.documents(MEETING as never).findMany({ filters: { title: 'Customer visit' }, status: 'published' } as never)) as Array<Record<string, unknown>>;
    assert.equal(visit.length, 1);
    assert.equal(visit[0]!.venue, 'Lobby');
    assert.equal(visit[0]!.state, 'confirmed', `Outlook's "busy" is the host's "confirmed": ${JSON.stringify(emulator.control.listEvents(MAILBOX).find((e) => e.subject === 'Customer visit')?.showAs)}`);
    await page.goto(`${playground.url}/admin/content-manager/collection-types/${MEETING}`);
    await page.getByRole('gridcell', { name: 'Customer visit' }).waitFor();
    await screenshotWholePage(page, 'content-mappings-meetings-list.png');
    await page.getByRole('gridcell', { name: 'Customer visit' }).click();
    await page.getByText('Tour').first().waitFor();
    await screenshotWholePage(page, 'content-mappings-meeting-edit.png');
  });
});
