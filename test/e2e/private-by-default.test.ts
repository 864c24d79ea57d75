// Synced content is private by default, seen in a browser: on a fresh install Strapi's Editor finds no
// synced type in the Content Manager, and the role editor offers "In a mailbox I own" on the synced types
// (the screenshot the README's security section shows).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { OWN_MAILBOX_CONDITION, SYNCED_UIDS } from '../../server/src/rbac';
import { login } from '../helpers/admin-api';
import { REPO_ROOT, startPlayground, type Playground } from '../helpers/playground';
import { OUTPUT_DIR, assertBrowserPrerequisites, launchChromium, logIn, openAdminTab, registerFirstAdmin, screenshotWholePage, type Credentials } from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', password: 'Str0ngPassw0rd!' };
const EDITOR: Credentials = { firstname: 'Eddie', lastname: 'Editor', email: 'eddie@example.com', password: 'An0therStr0ngOne!' };
/** How the Content Manager's menu names the synced types (their displayName). */
const SYNCED_LABELS = ['Mailbox', 'Calendar event', 'Task', 'Email message'];
const README_IMAGE = path.join(REPO_ROOT, 'docs', 'images', 'role-editor-condition.png');

/** A screenshot of the smallest page area holding all of `parts` (a dialog and its open drop-down, say). */
async function screenshotAround(page: Page, parts: Locator[], name: string): Promise<string> {
  const boxes = await Promise.all(parts.map(async (part) => (await part.boundingBox())!));
  const x = Math.min(...boxes.map((b) => b.x)) - 8;
  const y = Math.min(...boxes.map((b) => b.y)) - 8;
  const width = Math.max(...boxes.map((b) => b.x + b.width)) - x + 8;
  const height = Math.max(...boxes.map((b) => b.y + b.height)) - y + 8;
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, name);
  await page.screenshot({ path: file, clip: { x: Math.max(0, x), y: Math.max(0, y), width, height } });
  return file;
}

describe('private by default, in the admin panel (Chromium)', { timeout: 180_000 }, () => {
  let playground: Playground;
  let browser: Browser;
  let adminPage: Page;

  before(async () => {
    assertBrowserPrerequisites();
    playground = await startPlayground();
    browser = await launchChromium();
    ({ page: adminPage } = await openAdminTab(browser));
    await registerFirstAdmin(adminPage, playground.url, ADMIN);
  });
  after(async () => {
    await browser?.close();
    await playground?.stop();
  });

  const contentManagerMenu = (page: Page) => page.getByRole('navigation', { name: 'Content Manager' });

  test('the Super Admin finds the four synced types in the Content Manager', async () => {
    await adminPage.getByRole('link', { name: 'Content Manager', exact: true }).click();
    for (const label of SYNCED_LABELS) await contentManagerMenu(adminPage).getByRole('link', { name: label, exact: true }).waitFor();
  });

  test('an Editor on a fresh install sees no synced type in the Content Manager, and is refused one by its address', async () => {
    const editorRole = await playground.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    await playground.strapi.service('admin::user').create({ ...EDITOR, isActive: true, registrationToken: null, roles: [editorRole!.id] });
    const { page } = await openAdminTab(browser);
    await logIn(page, playground.url, EDITOR);
    await page.getByRole('link', { name: 'Content Manager', exact: true }).click();
    await page.waitForURL(/\/admin\/content-manager/);
    // The menu is there (the editor has the Content Manager), with none of the synced types in it.
    await page.getByRole('heading', { name: 'Content Manager' }).first().waitFor();
    for (const label of SYNCED_LABELS) {
      assert.equal(await page.getByRole('link', { name: label, exact: true }).count(), 0, `the Editor is not offered "${label}"`);
    }
    await screenshotWholePage(page, 'private-by-default-editor-content-manager.png');

    await page.goto(`${playground.url}/admin/content-manager/collection-types/${SYNCED_UIDS[3]}`);
    await page.getByText("You don't have the permissions to access that content").waitFor();
    await screenshotWholePage(page, 'private-by-default-editor-email-messages.png');
  });

  test('the role editor: Read on Task limited to "In a mailbox I own", as the README shows it', async () => {
    const api = await login(playground.url, ADMIN.email, ADMIN.password);
    const role = await api.post<{ data: { id: number } }>('/admin/roles', { name: 'Mailbox owners', description: 'Read the mailboxes they own' });
    assert.equal(role.status, 201);

    // What an admin does: Settings → Roles → the role → Collection Types, tick Read on Task, then the
    // row's Settings (cog) → "Can Read when" → "In a mailbox I own" → Apply → Save.
    await adminPage.goto(`${playground.url}/admin/settings/roles/${role.body.data.id}`);
    await adminPage.getByRole('heading', { name: 'Edit a role' }).waitFor();
    const collectionTypes = adminPage.getByRole('tabpanel');
    for (const label of ['Calendar-event', 'Email-message', 'Mailbox', 'Task']) await collectionTypes.getByText(label, { exact: true }).waitFor();
    await collectionTypes.getByRole('checkbox', { name: 'Select Read Task permission' }).click();
    await collectionTypes.getByText('Task', { exact: true }).hover();
    await collectionTypes.getByRole('button', { name: 'Settings', exact: true }).last().click();
    const dialog = adminPage.getByRole('dialog');
    await dialog.getByText('Conditions', { exact: true }).waitFor();
    await dialog.getByRole('combobox').first().click();
    await adminPage.getByRole('option', { name: 'In a mailbox I own' }).click();
    // The open list shows the choice under its category; the closed field only says "1 currently selected".
    const options = adminPage.getByRole('listbox');
    await options.getByText('Microsoft 365').first().scrollIntoViewIfNeeded();
    // While the list is open the rest is aria-hidden, so the dialog is found by its attribute, not its role.
    const file = await screenshotAround(adminPage, [adminPage.locator('[role="dialog"]'), options], 'role-editor-condition.png');
    mkdirSync(path.dirname(README_IMAGE), { recursive: true });
    copyFileSync(file, README_IMAGE);
    await adminPage.keyboard.press('Escape');
    await dialog.getByText('1 currently selected').waitFor();
    await dialog.getByRole('button', { name: 'Apply' }).click();

    const saved = adminPage.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/admin/roles/${role.body.data.id}/permissions`));
    await adminPage.getByRole('button', { name: 'Save', exact: true }).click();
    assert.equal((await saved).status(), 200);
    await screenshotWholePage(adminPage, 'role-editor-saved.png');
    const permissions = (await playground.strapi.db.query('admin::permission').findMany({ where: { role: { id: role.body.data.id }, subject: { $in: SYNCED_UIDS } } })) as Array<{ action: string; subject: string; conditions: string[] }>;
    assert.deepEqual(
      permissions.map(({ action, subject, conditions }) => ({ action, subject, conditions })),
      [{ action: 'plugin::content-manager.explorer.read', subject: SYNCED_UIDS[2], conditions: [OWN_MAILBOX_CONDITION] }],
    );
  });
});
