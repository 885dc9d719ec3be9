import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PERSON } from '../server/src/seed/seed.ts';
import { apiOf, itemIdByName, samplePdf, signInPage, startE2E, type E2E } from './harness.ts';
import { deliverToHolder } from './deliver.ts';
import { chooseOption } from './antd.ts';

/**
 * 通办 (issue 17, docs/network.md): an applicant hands in Longhua's 老年人优待证办理 (province-wide)
 * at the Donghu service point and collects the result at the Zhongshan center. Donghu's window accepts
 * it, Longhua's civil affairs bureau decides it, Zhongshan's window hands it out; a clerk of an
 * unrelated center can neither open nor accept it.
 */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/** Picks an option of a select of the 通办 choice; a dropdown still closing from the select before is waited out, before and after. */
async function choose(page: Page, testid: string, text: string) {
  const select = page.getByTestId('apply-tongban').locator('.ant-form-item').filter({ has: page.getByTestId(testid) }).locator('.ant-select');
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
  await chooseOption(page, select, text);
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
}

const status = (page: Page) => page.getByTestId('case-status').first().getAttribute('data-status');

test('apply at the Donghu service point, decided in Longhua, collected at Zhongshan', async () => {
  const applicant = await e.newPage();
  await signInPage(applicant, DEMO_PERSON.idNumber);
  const itemId = await itemIdByName(applicant, '老年人优待证办理', '海口市龙华区');

  // The guide says where the item may be handed in and collected.
  await applicant.goto(`/items/${itemId}`);
  const scope = applicant.getByTestId('guide-across-regions');
  await scope.waitFor();
  assert.equal(await scope.getAttribute('data-scope'), 'province');
  assert.match(await scope.innerText(), /全省通办/);
  await applicant.getByTestId('apply-button').click();
  await applicant.getByTestId('apply-form').waitFor();

  const def = await (await applicant.request.get(`/api/items/${itemId}/form`)).json();
  for (const f of def.fields.filter((x: { required: boolean }) => x.required)) {
    const input = applicant.getByTestId(`apply-field-${f.key}`);
    if (f.type === 'date') {
      await input.click();
      await input.fill('1958-03-07');
      await input.press('Enter');
    } else await input.fill(f.key === 'contactPhone' ? '13800138000' : '测试填写');
  }
  for (const m of def.materials.filter((x: { requirement: string }) => x.requirement === 'required')) {
    await applicant.getByTestId(`apply-material-${m.key}`).locator('input[type=file]').setInputFiles(samplePdf());
    await applicant.getByTestId(`apply-material-${m.key}-file`).first().waitFor();
  }
  await applicant.getByTestId('apply-tongban').waitFor();
  await choose(applicant, 'apply-tongban-receiving', '东湖社区便民服务站');
  await choose(applicant, 'apply-tongban-delivery', '中山街道便民服务中心');
  await e.shot(applicant, 'tongban-apply');
  await applicant.getByTestId('apply-submit').click();
  await applicant.getByTestId('my-case-page').waitFor();
  const caseId = (await applicant.getByTestId('my-case-page').getAttribute('data-case-id'))!;
  const mine = `/my/cases/${caseId}`;
  assert.match(await applicant.getByTestId('case-tongban-received').innerText(), /东湖社区便民服务站/);
  assert.match(await applicant.getByTestId('case-tongban-delivery').innerText(), /中山街道便民服务中心/);
  assert.match(await applicant.getByTestId('case-center').innerText(), /龙华区政务服务中心/, 'decided in Longhua');

  // A clerk of an unrelated center (the province's) neither opens nor accepts it; nothing changes.
  const stranger = await e.newPage();
  await signInPage(stranger, 'window1');
  const csrf = (await (await stranger.request.get('/api/auth/me')).json()).csrfToken as string;
  assert.equal((await stranger.request.get(`/api/cases/${caseId}`)).status(), 403);
  assert.equal((await stranger.request.post(`/api/cases/${caseId}/actions`, { data: { action: 'accept' }, headers: { 'x-csrf-token': csrf } })).status(), 403);
  assert.equal((await (await apiOf(applicant)).get(`/api/cases/${caseId}`)).status, 'submitted');

  // The Donghu service point's window finds it in its intake box and accepts it for Longhua.
  const donghu = await e.newPage();
  await signInPage(donghu, 'dh.window1');
  await donghu.goto('/workbench?box=intake');
  await donghu.locator(`[data-testid="inbox-row"][data-case-id="${caseId}"]`).first().click();
  await donghu.getByTestId('wb-case-page').waitFor();
  assert.match(await donghu.getByTestId('case-center').innerText(), /龙华区政务服务中心/);
  assert.equal(await donghu.getByTestId('action-review').count(), 0, 'the receiving window only answers the application');
  await donghu.getByTestId('action-accept').click();
  await donghu.getByTestId('action-form').waitFor();
  await donghu.getByTestId('action-submit').click();
  await donghu.getByTestId('action-form').waitFor({ state: 'hidden' });
  await donghu.waitForFunction(() => document.querySelector('[data-testid="case-header"]')?.getAttribute('data-status') === 'accepted');
  await e.shot(donghu, 'tongban-accepted-at-donghu');

  // Longhua's civil affairs bureau reviews and decides it, and hands the result over.
  const approver = await e.newPage();
  await signInPage(approver, 'lh.approver.civil');
  const chief = await e.newPage();
  await signInPage(chief, 'lh.chief.civil');
  const a = await apiOf(approver);
  while ((await a.get(`/api/cases/${caseId}`)).allowedActions.includes('review')) {
    await a.post(`/api/cases/${caseId}/actions`, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
  }
  const c = await apiOf(chief);
  await c.post(`/api/cases/${caseId}/actions`, { action: 'decide', result: 'approved', reason: '符合《海南省老年人优待办法》规定的条件' });
  await c.post(`/api/cases/${caseId}/actions`, { action: 'handover' });

  // The result waits at Zhongshan's delivery window, which hands it to the holder.
  const zhongshan = await e.newPage();
  await signInPage(zhongshan, 'zs.window1');
  await zhongshan.goto('/workbench?box=delivery');
  await zhongshan.locator(`[data-testid="inbox-row"][data-case-id="${caseId}"]`).first().click();
  await zhongshan.getByTestId('wb-case-page').waitFor();
  await deliverToHolder(zhongshan, DEMO_PERSON.idNumber);
  await zhongshan.waitForFunction(() => document.querySelector('[data-testid="case-header"]')?.getAttribute('data-status') === 'delivered');

  await applicant.goto(mine);
  await applicant.getByTestId('case-header').waitFor();
  assert.equal(await status(applicant), 'delivered');
  await e.shot(applicant, 'tongban-delivered');
});
