import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, signInPage, startE2E, type E2E } from './harness.ts';

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
  // Issue 10: a basic item's limits cannot go below a local implementation's (Haikou promises 3 days): 5.
  await page.getByTestId('item-promised-days').fill('5');
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
  assert.match(await portal.getByTestId('guide-promised-days').innerText(), /^5\D/);
  await e.shot(portal, 'manager-portal-new-version');
});

/**
 * Issue 10: the editor has no input for some content fields (a material's requiredWhen and e-licence
 * types, a special procedure's legal basis, …). Saving the draft in the editor keeps them as loaded.
 */
test('saving a draft in the editor keeps the content fields it has no input for', async () => {
  const page = await e.newPage();
  await signInPage(page, 'manager');
  const api = await apiOf(page);
  const listed = await api.get('/api/admin/items?q=' + encodeURIComponent('建筑工程施工许可证核发'));
  const itemId = listed.items[0].id as string;
  const loaded = await api.get(`/api/admin/items/${itemId}`);
  if (!loaded.draft) await api.post(`/api/admin/items/${itemId}/draft`, {});
  const before = (await api.get(`/api/admin/items/${itemId}`)).draft.content;
  const [first, ...rest] = before.materials;
  const content = {
    ...before,
    processingMode: 'instant',
    windowDecisionByChiefRepresentative: true,
    materials: [{
      ...first, requirement: 'conditional', condition: '委托他人办理的', requiredWhen: { field: 'contactName' },
      eLicenceAccepted: true, eLicenceTypes: ['营业执照'],
    }, ...rest],
    specialProcedures: [{ kind: 'expert_review', description: '专家评审', legalBasis: '《行政许可法》第四十五条', maxWorkdays: 10 }],
  };
  const me = await (await page.request.get('/api/auth/me')).json();
  const put = await page.request.put(`/api/admin/items/${itemId}/draft`, { data: { content }, headers: { 'x-csrf-token': me.csrfToken } });
  assert.equal(put.status(), 200, await put.text());

  const saveAndRead = async () => {
    await page.getByTestId('save-draft').click();
    await page.locator('.ant-message-success').first().waitFor();
    await page.locator('.ant-message-success').first().waitFor({ state: 'detached' });
    return (await api.get(`/api/admin/items/${itemId}`)).draft.content;
  };

  await page.goto(`/admin/items/${itemId}`);
  await page.getByTestId('item-editor').waitFor();
  // The chief representative's exception has its checkbox on an instant item.
  const windowDecision = page.getByRole('checkbox', { name: '首席代表窗口即办' });
  assert.equal(await windowDecision.isChecked(), true);
  await page.getByTestId('material-name-0').fill(`${first.name}（新）`);
  let saved = await saveAndRead();
  assert.equal(saved.materials[0].name, `${first.name}（新）`, 'the edit is saved');
  assert.deepEqual(saved.materials[0].requiredWhen, { field: 'contactName' });
  assert.deepEqual(saved.materials[0].eLicenceTypes, ['营业执照']);
  assert.equal(saved.specialProcedures[0].legalBasis, '《行政许可法》第四十五条');
  assert.equal(saved.specialProcedures[0].maxWorkdays, 10);
  assert.equal(saved.windowDecisionByChiefRepresentative, true);

  await windowDecision.uncheck();
  saved = await saveAndRead();
  assert.equal(saved.windowDecisionByChiefRepresentative, false, 'the checkbox is saved');
  assert.deepEqual(saved.materials[0].requiredWhen, { field: 'contactName' }, 'still kept on the second save');
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
