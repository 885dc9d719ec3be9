import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('a manager drafts, publishes and versions an item, and the portal shows the new version', async () => {
  const page = await e.newPage();
  await page.goto('/login');
  await page.getByTestId('login-name').fill('manager');
  await page.getByTestId('login-password').fill('Demo@2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('admin-items-page').waitFor();

  await page.getByTestId('admin-items-search').fill('建筑工程施工许可证核发');
  await page.getByTestId('admin-items-search-button').click();
  const link = page.getByTestId('admin-item-link').filter({ hasText: '建筑工程施工许可证核发' });
  await link.first().waitFor();
  assert.equal(await link.count(), 1, 'only the own center\'s item is listed');
  await link.click();
  await page.getByTestId('item-detail-page').waitFor();
  const itemId = await page.getByTestId('item-detail-page').getAttribute('data-item-id');
  await e.shot(page, 'manager-item');

  await page.getByTestId('new-draft').click();
  await page.getByTestId('item-promised-days').waitFor();
  await page.getByTestId('item-promised-days').fill('2');
  await page.getByTestId('save-draft').click();
  await page.locator('.ant-message-success').first().waitFor();
  await page.getByTestId('publish-button').click();
  await page.getByTestId('publish-form').waitFor();
  await e.shot(page, 'manager-publish-dialog');
  await page.getByTestId('publish-confirm').click();
  await page.getByTestId('new-draft').waitFor();

  await page.getByTestId('tab-versions').click();
  const v2 = page.locator('[data-testid="version-row"][data-version="2"]');
  await v2.waitFor();
  assert.equal(await v2.getAttribute('data-status'), 'published');
  assert.equal(await page.locator('[data-testid="version-row"][data-version="1"]').getAttribute('data-status'), 'published');
  await page.getByTestId('tab-history').click();
  await page.locator('[data-testid="history-row"][data-action="item.published"]').first().waitFor();
  await e.shot(page, 'manager-versions');

  // Version 1 stays readable and unchanged.
  await page.goto(`/admin/items/${itemId}/versions/1`);
  await page.getByTestId('version-view-page').waitFor();
  assert.match(await page.getByTestId('guide-promised-days').innerText(), /3/);
  assert.equal(await page.locator('input, textarea').count(), 0, 'a published version has no inputs');

  const portal = await e.newPage();
  await portal.goto(`/items/${itemId}`);
  await portal.getByTestId('guide-page').waitFor();
  assert.match(await portal.getByTestId('guide-version').innerText(), /2/);
  assert.match(await portal.getByTestId('guide-promised-days').innerText(), /^2\D/);
  await e.shot(portal, 'manager-portal-new-version');
});

test('a signed-in applicant gets the 403 page in the console', async () => {
  const page = await e.newPage();
  await page.goto('/login');
  await page.getByTestId('login-name').fill('460100199003071237');
  await page.getByTestId('login-password').fill('Demo@2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').first().waitFor();
  await page.goto('/admin/items');
  await page.getByTestId('forbidden').waitFor();
});
