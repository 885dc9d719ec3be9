import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeIdNumber } from '../server/src/lib/identity.ts';
import { samplePdf, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const FOOD = '食品经营许可';
const HYGIENE = '公共场所卫生许可';

/** Opens an Ant Design Select by its test id, types to narrow it when asked, and clicks the option holding `text`. */
async function choose(page: Page, testid: string, text: string, type = false) {
  await page.getByTestId(testid).click();
  if (type) await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
}

/** The JSON API as the page's signed-in user (same cookies), with the CSRF token on writes. */
async function apiOf(page: Page) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies checked by the assertions that use them
  const check = async (r: Awaited<ReturnType<Page['request']['post']>>, what: string): Promise<any> => {
    const body = await r.json().catch(() => null);
    assert.ok(r.ok(), `${what}: ${r.status()} ${JSON.stringify(body)}`);
    return body;
  };
  return {
    me: me.user as { id: string; centerId: string },
    get: async (url: string) => check(await page.request.get(url), url),
    post: async (url: string, data: unknown) => check(await page.request.post(url, { data, headers }), url),
    upload: async () => (await check(await page.request.post('/api/files', {
      headers, multipart: { file: { name: 'material.pdf', mimeType: 'application/pdf', buffer: fs.readFileSync(samplePdf()) } },
    }), 'upload')).id as string,
  };
}

/** A walk-in case of a Haikou item registered and accepted at the window through the API; returns its id. */
async function acceptedCase(clerk: Page, itemName: string, applicantName: string, seq: string) {
  const api = await apiOf(clerk);
  const found = await api.get(`/api/items?q=${encodeURIComponent(itemName)}&centerId=${api.me.centerId}`);
  const itemId = found.items.find((i: { name: string }) => i.name === itemName).id as string;
  const def = await api.get(`/api/items/${itemId}/form`);
  const form: Record<string, string> = {};
  for (const f of def.fields.filter((x: { required: boolean }) => x.required)) form[f.key] = f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  for (const m of def.materials.filter((x: { requirement: string }) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await api.upload() });
  const created = await api.post('/api/counter/cases', {
    itemId, form, materials, idempotencyKey: randomUUID(),
    applicant: { kind: 'person', name: applicantName, idNumber: makeIdNumber('460106', '19910202', seq), phone: '13976000003' },
  });
  await api.post(`/api/cases/${created.case.id}/actions`, { action: 'accept' });
  return created.case.id as string;
}

test('a manager defines and publishes a joint matter of two Haikou items in the editor, and the portal lists it', async () => {
  const page = await e.newPage();
  await signInPage(page, 'hk.manager');
  await page.goto('/admin/joint');
  await page.getByTestId('jm-page').waitFor();
  await page.getByTestId('jm-new').click();
  await page.locator('[data-testid="jm-edit-page"][data-status="new"]').waitFor();

  await page.getByTestId('jm-key').fill('e2e-restaurant');
  await page.getByTestId('jm-name').fill('开餐馆一件事（测试）');
  await page.getByTestId('jm-name-en').fill('Opening a restaurant (test)');

  // One question; the hygiene licence applies only when the answer is "yes".
  await page.getByTestId('jm-question-add').click();
  await page.getByTestId('jm-question-0-key').fill('has_lodging');
  await page.getByTestId('jm-question-0-label').fill('是否同时提供住宿');
  await page.getByTestId('jm-question-0-label-en').fill('Do you also offer lodging?');

  await choose(page, 'jm-item-0', FOOD, true);
  await choose(page, 'jm-item-1', HYGIENE, true);
  await page.getByTestId('jm-item-1-when-conditional').click();
  await choose(page, 'jm-item-1-when-anyof', '是');
  await page.keyboard.press('Escape');
  await choose(page, 'jm-lead', '海口市市场监督管理局');
  await page.getByTestId('jm-promised-days').fill('15');

  // One shared form field and one shared material, each standing for both items'.
  await page.getByTestId('jm-field-add').click();
  await page.getByTestId('jm-field-0-key').fill('companyName');
  await page.getByTestId('jm-field-0-label').fill('单位名称');
  await choose(page, 'jm-field-0-source-0-item', FOOD);
  await choose(page, 'jm-field-0-source-0-field', '单位名称');
  await page.getByTestId('jm-field-0-source-add').click();
  await choose(page, 'jm-field-0-source-1-item', HYGIENE);
  await choose(page, 'jm-field-0-source-1-field', '单位名称');

  await page.getByTestId('jm-material-add').click();
  await page.getByTestId('jm-material-0-key').fill('licence');
  await page.getByTestId('jm-material-0-name').fill('营业执照');
  await choose(page, 'jm-material-0-source-0-item', FOOD);
  await choose(page, 'jm-material-0-source-0-material', '营业执照');
  await page.getByTestId('jm-material-0-source-add').click();
  await choose(page, 'jm-material-0-source-1-item', HYGIENE);
  await choose(page, 'jm-material-0-source-1-material', '营业执照');
  await e.shot(page, 'staffjoint-editor');

  await page.getByTestId('jm-save').click();
  await page.locator('[data-testid="jm-edit-page"][data-status="draft"]').waitFor();
  const matterId = await page.getByTestId('jm-edit-page').getAttribute('data-matter-id');
  assert.match(matterId ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(new URL(page.url()).pathname, `/admin/joint/${matterId}`);

  await page.getByTestId('jm-publish').click();
  await page.getByTestId('jm-publish-confirm').click();
  await page.locator('[data-testid="jm-edit-page"][data-status="published"]').waitFor();
  await e.shot(page, 'staffjoint-published');

  const api = await apiOf(page);
  const listed = await api.get(`/api/joint/matters?centerId=${api.me.centerId}`);
  const m = listed.matters.find((x: { id: string }) => x.id === matterId);
  assert.ok(m, 'the published matter is on the portal list');
  assert.equal(m.key, 'e2e-restaurant');
  assert.equal(m.itemCount, 2);
  assert.equal(m.leadDepartment.name, '海口市市场监督管理局');
  const detail = await api.get(`/api/joint/matters/${matterId}`);
  assert.equal(detail.promisedDays, 15);
  assert.deepEqual(detail.items.map((i: { name: string }) => i.name), [FOOD, HYGIENE]);
  assert.deepEqual(detail.items[1].when, { question: 'has_lodging', anyOf: ['yes'] });

  await page.goto('/admin/joint');
  const row = page.locator(`[data-testid="jm-row"][data-matter-id="${matterId}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'published');
  await e.shot(page, 'staffjoint-matters');
});

test('a manager puts a case on the green channel with a coordinator, and it leads the approver\'s inbox with the green mark', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  const a = await acceptedCase(clerk, FOOD, '甘绿一', '031');
  const b = await acceptedCase(clerk, FOOD, '甘绿二', '032');

  const approver = await e.newPage();
  await signInPage(approver, 'hk.approver.market');
  await approver.goto('/workbench?box=review');
  await approver.locator(`[data-testid="inbox-row"][data-case-id="${a}"]`).waitFor();
  await approver.locator(`[data-testid="inbox-row"][data-case-id="${b}"]`).waitFor();
  const before = await approver.getByTestId('inbox-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
  // The case the server lists later of the two goes on the green channel.
  const target = before.indexOf(a) > before.indexOf(b) ? a : b;
  assert.notEqual(before[0], target);
  assert.equal(await approver.locator('[data-testid="inbox-row"][data-green="true"]').count(), 0);

  const manager = await e.newPage();
  await signInPage(manager, 'hk.manager');
  await manager.goto(`/workbench/cases/${target}`);
  await manager.getByTestId('case-header').waitFor();
  await manager.getByTestId('green-mark').click();
  await manager.getByTestId('green-form').waitFor();
  await choose(manager, 'green-coordinator', '梁审批');
  await manager.getByTestId('green-reason').fill('省重点招商项目，加快办理');
  await e.shot(manager, 'staffjoint-green-dialog');
  await manager.getByTestId('green-submit').click();
  await manager.getByTestId('case-green-tag').waitFor();
  await manager.locator('[data-testid="case-kind-bar"][data-green="true"]').waitFor();
  await manager.getByTestId('case-green-coordinator').filter({ hasText: '梁审批' }).waitFor();
  assert.equal(await manager.getByTestId('green-mark').count(), 0, 'a green case offers unmarking, not marking');
  await manager.getByTestId('green-unmark').waitFor();
  await e.shot(manager, 'staffjoint-green-case');

  // The manager's green-channel box lists it.
  await manager.goto('/workbench?box=green');
  await manager.locator(`[data-testid="inbox-row"][data-case-id="${target}"][data-green="true"]`).waitFor();

  await approver.goto('/workbench?box=review');
  const first = approver.getByTestId('inbox-row').first();
  await approver.locator(`[data-testid="inbox-row"][data-case-id="${target}"]`).waitFor();
  assert.equal(await first.getAttribute('data-case-id'), target);
  assert.equal(await first.getAttribute('data-green'), 'true');
  assert.equal(await first.getByTestId('inbox-green-tag').count(), 1);
  assert.equal(await approver.getByTestId('inbox-green-tag').count(), 1, 'only the marked case carries the tag');
  // The coordinator sees the green-channel box too.
  await approver.getByTestId('inbox-tab-green').waitFor();
  await e.shot(approver, 'staffjoint-green-inbox');

  // At phone width the rows are cards, in the same order, the green one marked.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/login?next=${encodeURIComponent('/workbench?box=review')}`);
  await phone.getByTestId('login-name').fill('hk.approver.market');
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.getByTestId('inbox-list').waitFor();
  await phone.locator(`[data-testid="inbox-row"][data-case-id="${target}"][data-green="true"]`).waitFor();
  assert.equal(await phone.getByTestId('inbox-row').first().getAttribute('data-case-id'), target);
  await e.shot(phone, 'staffjoint-green-inbox-phone');
});
