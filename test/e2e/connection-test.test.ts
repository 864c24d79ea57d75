// "Test connection" on the Microsoft Settings page, in headless Chromium against the real playground
// Strapi wired to the Graph emulator: the saved demo tenant passes every check; a wrong secret typed
// in the form (not saved) fails the token check by name and skips the rest; nothing unsaved is stored.
// The steps share one browser session and build on each other, so they run in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator } from '../helpers/emulated-playground';
import type { Playground } from '../helpers/playground';
import {
  addMailboxOnPage,
  assertBrowserPrerequisites,
  launchChromium,
  openMicrosoftSettings,
  registerFirstAdmin,
  saveDemoTenantOnPage,
  screenshotSection,
  screenshotWholePage,
  type Credentials,
  openAdminTab,
} from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', password: 'Str0ngPassw0rd!' };
const WRONG_SECRET = 'Wr0ng~secret.typed-in-the-form_42';
type CheckName = 'token' | 'calendar' | 'tasks' | 'mail';

describe('Test connection on the Microsoft Settings page (Chromium)', { timeout: 240_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator());
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser, requests));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  const azure = () => page.getByRole('region', { name: 'Azure Active Directory application', exact: true });
  const checkRows = () => azure().getByRole('list', { name: 'Connection checks' }).getByRole('listitem');
  const checkRow = (name: CheckName) => azure().locator(`li[data-check="${name}"]`);
  const connectionTests = () => requests.filter((r) => r.method() === 'POST' && r.url().endsWith('/microsoft-365/connection/test'));
  const settingsPuts = () => requests.filter((r) => r.method() === 'PUT' && r.url().endsWith('/microsoft-365/settings'));

  /** Clicks the button and waits for the answer, so each step reads the result of its own test. */
  async function testConnection(): Promise<void> {
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/microsoft-365/connection/test'));
    await azure().getByRole('button', { name: 'Test connection' }).click();
    assert.equal((await answered).status(), 200);
  }

  async function statesOf(rows: Locator): Promise<Record<string, string | null>> {
    const entries = await Promise.all((await rows.all()).map(async (row) => [await row.getAttribute('data-check'), await row.getAttribute('data-state')] as const));
    return Object.fromEntries(entries.map(([name, state]) => [String(name), state]));
  }

  test('with the demo tenant saved and a demo mailbox added, every check is green', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await openMicrosoftSettings(page);
    await saveDemoTenantOnPage(page, { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret });
    await addMailboxOnPage(page, { address: DEMO.mailboxes[0], displayName: DEMO.displayNames[0] });

    // The mailbox select offers the configured mailbox, chosen by default (the server's default too).
    await azure().getByRole('combobox', { name: 'Mailbox to test' }).filter({ hasText: DEMO.mailboxes[0] }).waitFor();
    const before = connectionTests().length;
    await testConnection();
    assert.equal(connectionTests().length, before + 1);

    await azure().getByText(`Connection works: every check passed for ${DEMO.mailboxes[0]}`).waitFor();
    assert.deepEqual(await statesOf(checkRows()), { token: 'passed', calendar: 'passed', tasks: 'passed', mail: 'passed' });
    for (const [name, label] of [['token', 'Access token'], ['calendar', 'Calendar'], ['tasks', 'To Do'], ['mail', 'Mail']] as const) {
      const row = checkRow(name);
      await row.getByText(label, { exact: true }).waitFor();
      await row.getByText('Passed', { exact: true }).waitFor();
    }
    await checkRow('token').getByText(`Signed in as application ${DEMO.clientId}`).waitFor();
    await checkRow('calendar').getByText(`The calendar of ${DEMO.mailboxes[0]} can be read.`).waitFor();
    await checkRow('tasks').getByText(`The To Do lists of ${DEMO.mailboxes[0]} can be read.`).waitFor();
    await checkRow('mail').getByText(`The inbox of ${DEMO.mailboxes[0]} can be read.`).waitFor();

    // What a person does to the emulator shows: the checks really went to (emulated) Microsoft.
    const log = emulator.control.requests();
    assert.ok(log.some((r) => r.kind === 'token' && r.status === 200), 'a token was issued by the identity platform');
    assert.ok(log.filter((r) => r.kind === 'graph' && r.mailbox === DEMO.mailboxes[0]).length >= 3, 'calendar, To Do and mail were read');

    await screenshotSection(page, azure(), 'connection-test-ok.png');
  });

  test('a wrong secret typed in the form (unsaved) fails the token check by name and skips the rest', async () => {
    const putsBefore = settingsPuts().length;
    await azure().getByRole('button', { name: 'Replace' }).click();
    await azure().getByLabel('Client secret').fill(WRONG_SECRET);
    await testConnection();

    await azure().getByText('Connection failed: 1 check failed').waitFor();
    assert.deepEqual(await statesOf(checkRows()), { token: 'failed', calendar: 'skipped', tasks: 'skipped', mail: 'skipped' });
    const token = checkRow('token');
    await token.getByText('Failed', { exact: true }).waitFor();
    await token.getByText(`The client secret for application ${DEMO.clientId} is wrong (AADSTS7000215).`, { exact: false }).waitFor();
    await token.getByText('Code: invalid_secret').waitFor();
    for (const name of ['calendar', 'tasks', 'mail'] as const) {
      await checkRow(name).getByText('Skipped', { exact: true }).waitFor();
      await checkRow(name).getByText(/^Skipped: no access token/).waitFor();
    }
    // The secret went to the server in the test's body only: never saved, never shown back.
    const sent = connectionTests().at(-1)!.postDataJSON() as { azure?: { clientSecret?: string } };
    assert.equal(sent.azure?.clientSecret, WRONG_SECRET);
    assert.equal(settingsPuts().length, putsBefore, 'testing does not save');
    assert.equal((await azure().textContent())?.includes(WRONG_SECRET), false, 'the typed secret is not echoed in the results');
    const stored = await playground.strapi.plugin('microsoft-365').service('settings').get();
    assert.equal(stored.azure.clientSecretSet, true);

    await screenshotSection(page, azure(), 'connection-test-wrong-secret.png');
  });

  test('a result is marked stale when the form changes, and the stored secret passes again', async () => {
    await azure().getByRole('button', { name: 'Keep the stored secret' }).click();
    await azure().getByText('The settings or the mailbox changed since this test').waitFor();
    await testConnection();
    await azure().getByText(`Connection works: every check passed for ${DEMO.mailboxes[0]}`).waitFor();
    assert.equal(await azure().getByText('The settings or the mailbox changed since this test').count(), 0);
    const sent = connectionTests().at(-1)!.postDataJSON() as { azure?: { clientSecret?: string } };
    assert.equal(sent.azure?.clientSecret, undefined, 'without a typed secret the stored one is used');
  });

  test('a malformed application ID shows at its field and no test is sent', async () => {
    const before = connectionTests().length;
    await azure().getByLabel('Application (client) ID').fill('not-a-guid');
    await azure().getByRole('button', { name: 'Test connection' }).click();
    await azure().getByText('Must be an application (client) ID').waitFor();
    assert.equal(await azure().getByLabel('Application (client) ID').getAttribute('aria-invalid'), 'true');
    assert.equal(connectionTests().length, before);
    await screenshotWholePage(page, 'connection-test-page.png');
  });
});
