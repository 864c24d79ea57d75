// The Microsoft Settings page in headless Chromium against the real playground Strapi:
// first admin, the page from the Settings menu, save and reload, validation at the field
// (client and server), unsaved-changes warnings, and the read-only view.
// The steps share one browser session and build on each other, so they run in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, Request } from 'playwright-core';
import { startPlayground, type Playground } from '../helpers/playground';
import {
  assertBrowserPrerequisites,
  createAdminWithActions,
  launchChromium,
  logIn,
  openMicrosoftSettings,
  registerFirstAdmin,
  screenshotWholePage,
  type Credentials,
  openAdminTab,
} from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', password: 'Str0ngPassw0rd!' };
const READER: Credentials = { firstname: 'Rita', lastname: 'Reader', email: 'rita@example.com', password: 'An0therStr0ngOne!' };
const OUTSIDER: Credentials = { firstname: 'Otto', lastname: 'Outsider', email: 'otto@example.com', password: 'Y3tAnotherStr0ng!' };
const TENANT = 'contoso.onmicrosoft.com';
const CLIENT_ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const FOLDER_ID = 'AAMkAGI2TG93AAA=';
const SECRET = 'Zx8~e2e.Secret-Value_0123456789';
const MAILBOX = { address: 'adele.vance@contoso.com', displayName: 'Adele Vance' };

const settingsPuts = (requests: Request[]) => requests.filter((r) => r.method() === 'PUT' && r.url().endsWith('/microsoft-365/settings'));

describe('Microsoft Settings page (Chromium)', { timeout: 240_000 }, () => {
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];

  before(async () => {
    assertBrowserPrerequisites();
    playground = await startPlayground({ database: 'sqlite' });
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser, requests));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
  });

  const section = (name: string) => page.getByRole('region', { name, exact: true });
  // Strapi's toast notifications, found by their text.
  const notification = (text: string) => page.getByText(text, { exact: true }).first();

  test('registers the first admin and opens the page from Settings > Integrations', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await openMicrosoftSettings(page);
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    assert.deepEqual(
      headings.filter((text) => !text.includes('Settings')),
      ['Azure Active Directory application', 'Microsoft 365 integrations', 'Synchronization', 'Calendar synchronization', 'Tasks synchronization', 'Email', 'Alerts', 'Mailboxes', 'Content mappings', 'Status'],
    );
    for (const permission of ['Calendars.ReadWrite', 'Tasks.ReadWrite.All', 'Mail.Read', 'Mail.Send', 'User.Read.All']) {
      await section('Azure Active Directory application').getByText(permission, { exact: true }).waitFor();
    }
    // No sync has run (the status route may not even exist yet): the empty state shows.
    await section('Status').getByText('No synchronization has run yet').waitFor();
  });

  test('fills and saves the form', async () => {
    const azure = section('Azure Active Directory application');
    await azure.getByLabel('Directory (tenant) ID').fill(TENANT);
    await azure.getByLabel('Application (client) ID').fill(CLIENT_ID);
    await azure.getByLabel('Client secret').fill(SECRET);

    const integrations = section('Microsoft 365 integrations');
    for (const name of ['Email', 'Calendar', 'Tasks']) await integrations.getByRole('checkbox', { name }).check({ force: true });

    await section('Synchronization').getByLabel('Interval (minutes)').fill('15');

    const calendar = section('Calendar synchronization');
    await calendar.getByRole('combobox', { name: 'Sync direction' }).click();
    await page.getByRole('option', { name: 'Microsoft to Strapi' }).click();
    // Only a bidirectional sync can conflict: the policy is disabled otherwise.
    assert.equal(await calendar.getByRole('combobox', { name: 'Conflict resolution' }).isDisabled(), true);
    await calendar.getByLabel('Past days').fill('7');
    const invitations = calendar.getByRole('checkbox', { name: 'Send invitations for events created in Strapi' });
    assert.equal(await invitations.isChecked(), false, 'attendees are not mailed unless the admin says so');
    await invitations.check({ force: true });

    const tasks = section('Tasks synchronization');
    await tasks.getByRole('combobox', { name: 'Conflict resolution' }).click();
    await page.getByRole('option', { name: 'Newest wins' }).click();

    const email = section('Email');
    await email.getByRole('combobox', { name: 'Add a well-known folder' }).click();
    await page.getByRole('option', { name: 'Archive (archive)' }).click();
    await email.getByLabel('…or a folder ID').fill(FOLDER_ID);
    await email.getByLabel('…or a folder ID').press('Enter');
    await email.getByRole('button', { name: 'Remove Sent Items' }).click();

    const before = settingsPuts(requests).length;
    await page.getByRole('button', { name: 'Save' }).click();
    await notification('Settings saved').waitFor();
    assert.equal(settingsPuts(requests).length, before + 1);

    const stored = await playground.strapi.plugin('microsoft-365').service('settings').get();
    assert.equal(stored.azure.tenantId, TENANT);
    assert.equal(stored.azure.clientId, CLIENT_ID);
    assert.equal(stored.azure.clientSecretSet, true);
    assert.deepEqual(stored.integrations, { email: true, calendar: true, tasks: true });
    assert.equal(stored.sync.intervalMinutes, 15);
    assert.equal(stored.calendar.direction, 'microsoft-to-strapi');
    assert.equal(stored.calendar.pastDays, 7);
    assert.equal(stored.calendar.sendInvitations, true);
    assert.equal(stored.tasks.conflictResolution, 'newest-wins');
    assert.deepEqual(stored.email.folders, ['inbox', 'archive', FOLDER_ID]);
  });

  test('adds a mailbox with an owner chosen among the admin users', async () => {
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a mailbox' });
    await dialog.getByLabel('Address').fill(MAILBOX.address);
    await dialog.getByLabel('Display name').fill(MAILBOX.displayName);
    await dialog.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: `${ADMIN.firstname} ${ADMIN.lastname} <${ADMIN.email}>` }).click();
    await dialog.getByRole('checkbox', { name: 'Tasks' }).uncheck({ force: true });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await notification('Mailbox added').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const row = section('Mailboxes').getByRole('row').filter({ hasText: MAILBOX.address });
    await row.getByText(MAILBOX.displayName).waitFor();
    await row.getByText(`${ADMIN.firstname} ${ADMIN.lastname}`).waitFor();
    const synced = await row.getByRole('list', { name: 'Synchronizes' }).getByRole('listitem').allInnerTexts();
    assert.deepEqual(synced.map((text) => text.trim()), ['Calendar', 'Email']);
  });

  test('edits a mailbox in its modal', async () => {
    await page.getByRole('button', { name: `Edit ${MAILBOX.address}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit mailbox' });
    assert.equal(await dialog.getByLabel('Address').inputValue(), MAILBOX.address);
    await dialog.getByLabel('Display name').fill('Adele V.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await notification('Mailbox saved').waitFor();
    await section('Mailboxes').getByRole('row').filter({ hasText: MAILBOX.address }).getByText('Adele V.').waitFor();
    await page.getByRole('button', { name: `Edit ${MAILBOX.address}` }).click();
    await dialog.getByLabel('Display name').fill(MAILBOX.displayName);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  test('after a reload the values are there and the secret shows only as stored', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Azure Active Directory application' }).waitFor();
    const azure = section('Azure Active Directory application');
    assert.equal(await azure.getByLabel('Directory (tenant) ID').inputValue(), TENANT);
    assert.equal(await azure.getByLabel('Application (client) ID').inputValue(), CLIENT_ID);
    const secret = azure.getByLabel('Client secret');
    assert.equal(await secret.inputValue(), '••••••• stored');
    assert.equal(await secret.isDisabled(), true);
    assert.equal((await page.content()).includes(SECRET), false, 'the secret must never reach the page');
    // Replacing reveals an empty password input; keeping restores the stored state and changes nothing.
    await azure.getByRole('button', { name: 'Replace' }).click();
    assert.equal(await azure.getByLabel('Client secret').getAttribute('type'), 'password');
    assert.equal(await azure.getByLabel('Client secret').inputValue(), '');
    await azure.getByRole('button', { name: 'Keep the stored secret' }).click();
    assert.equal(await azure.getByLabel('Client secret').inputValue(), '••••••• stored');
    assert.equal(await page.getByRole('button', { name: 'Save' }).isDisabled(), true, 'nothing to save');

    for (const name of ['Email', 'Calendar', 'Tasks']) {
      assert.equal(await section('Microsoft 365 integrations').getByRole('checkbox', { name }).isChecked(), true, name);
    }
    assert.equal(await section('Synchronization').getByLabel('Interval (minutes)').inputValue(), '15');
    await section('Calendar synchronization').getByRole('combobox', { name: 'Sync direction' }).filter({ hasText: 'Microsoft to Strapi' }).waitFor();
    await section('Tasks synchronization').getByRole('combobox', { name: 'Conflict resolution' }).filter({ hasText: 'Newest wins' }).waitFor();
    const folders = await section('Email').getByRole('list', { name: 'Folders' }).getByRole('listitem').allInnerTexts();
    assert.deepEqual(folders.map((text) => text.trim()), ['Inbox', 'Archive', FOLDER_ID]);
    await section('Mailboxes').getByRole('row').filter({ hasText: MAILBOX.address }).waitFor();
    await screenshotWholePage(page, 'settings-page.png');
  });

  test('a client-side validation error shows at its field and nothing is sent', async () => {
    const interval = section('Synchronization').getByLabel('Interval (minutes)');
    await interval.fill('0');
    const clientId = section('Azure Active Directory application').getByLabel('Application (client) ID');
    await clientId.fill('not-a-guid');
    const before = settingsPuts(requests).length;
    await page.getByRole('button', { name: 'Save' }).click();
    await section('Synchronization').getByText('Must be a whole number from 1 to 1440').waitFor();
    await section('Azure Active Directory application').getByText('Must be an application (client) ID').waitFor();
    assert.equal(await interval.getAttribute('aria-invalid'), 'true');
    // The first bad field (above, out of view) gets the focus.
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'azure.clientId');
    assert.equal(settingsPuts(requests).length, before, 'an invalid form is not sent');
    // Editing the field clears its error.
    await interval.fill('20');
    await section('Synchronization').getByText('Must be a whole number from 1 to 1440').waitFor({ state: 'hidden' });
  });

  test('warns before leaving with unsaved changes, in the app and on reload', async () => {
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog')).filter({ hasText: 'unsaved changes' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.match(page.url(), /\/settings\/microsoft-365$/);

    // The browser's own prompt on reload (beforeunload); dismissing it keeps the edits.
    const prompt = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await page.evaluate(() => window.location.reload());
    assert.equal(await prompt, 'beforeunload');
    assert.equal(await section('Synchronization').getByLabel('Interval (minutes)').inputValue(), '20');

    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await dialog.getByRole('button', { name: 'Leave' }).click();
    await page.waitForURL(/\/settings\/application-infos$/);
    await page.getByRole('link', { name: 'Microsoft Settings' }).click();
    assert.equal(await section('Synchronization').getByLabel('Interval (minutes)').inputValue(), '15', 'leaving dropped the edit');
  });

  test('a server error shows at its field: a duplicate mailbox address', async () => {
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a mailbox' });
    // Valid for the client; the server knows the address is taken (it compares case-insensitively).
    await dialog.getByLabel('Address').fill(MAILBOX.address.toUpperCase());
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('This mailbox is already added').waitFor();
    assert.equal(await dialog.getByLabel('Address').getAttribute('aria-invalid'), 'true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const mailboxes = await playground.strapi.plugin('microsoft-365').service('mailboxes').list();
    assert.equal(mailboxes.length, 1);
  });

  test('an admin with settings.read only sees everything read-only', async () => {
    await createAdminWithActions(playground.strapi, READER, ['plugin::microsoft-365.settings.read']);
    const { context: readerContext, page: reader } = await openAdminTab(browser);
    try {
      await logIn(reader, playground.url, READER);
      await openMicrosoftSettings(reader);
      const region = (name: string) => reader.getByRole('region', { name, exact: true });
      await reader.getByText('You can view these settings but not change them.').waitFor();
      assert.equal(await region('Azure Active Directory application').getByLabel('Directory (tenant) ID').inputValue(), TENANT);
      assert.equal(await region('Azure Active Directory application').getByLabel('Directory (tenant) ID').isDisabled(), true);
      assert.equal(await region('Synchronization').getByLabel('Interval (minutes)').isDisabled(), true);
      assert.equal(await region('Microsoft 365 integrations').getByRole('checkbox', { name: 'Email' }).isDisabled(), true);
      assert.equal(await region('Calendar synchronization').getByRole('combobox', { name: 'Sync direction' }).isDisabled(), true);
      await region('Mailboxes').getByRole('row').filter({ hasText: MAILBOX.address }).waitFor();
      for (const name of ['Save', 'Replace', 'Add mailbox', `Edit ${MAILBOX.address}`, `Remove ${MAILBOX.address}`]) {
        assert.equal(await reader.getByRole('button', { name, exact: true }).count(), 0, `no "${name}" button`);
      }
      assert.equal(await region('Email').getByRole('combobox', { name: 'Add a well-known folder' }).count(), 0);
      await screenshotWholePage(reader, 'settings-page-read-only.png');
    } finally {
      await readerContext.close();
    }
  });

  test('an admin without settings.read is not shown the page', async () => {
    await createAdminWithActions(playground.strapi, OUTSIDER, []);
    const { context: outsiderContext, page: outsider } = await openAdminTab(browser);
    try {
      await logIn(outsider, playground.url, OUTSIDER);
      await outsider.goto(`${playground.url}/admin/settings/microsoft-365`);
      await outsider.getByText("You don't have the permissions to access that content").waitFor();
      assert.equal(await outsider.getByRole('heading', { name: 'Azure Active Directory application' }).count(), 0);
      assert.equal(await outsider.getByText(TENANT).count(), 0);
    } finally {
      await outsiderContext.close();
    }
  });

  test('removing a mailbox asks first and says synced entries stay', async () => {
    await page.getByRole('button', { name: `Remove ${MAILBOX.address}` }).click();
    const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog')).filter({ hasText: 'stay in Strapi' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notification('Mailbox removed').waitFor();
    await section('Mailboxes').getByText('No mailbox yet').waitFor();
  });
});
