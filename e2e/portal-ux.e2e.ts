import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { itemIdByName, samplePdf, signInPage, startE2E, type E2E } from './harness.ts';

/**
 * Issue 14, the portal people prefer (docs/portal.md), in Chromium: the enterprise's data pre-filled
 * in the restaurant life event (each shared field asked once), a draft (暂存) saved with its upload
 * and resumed from My cases, and the phone guide's sticky "apply online" button.
 */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const ENTERPRISE = '91460100MA5T00010J';
const COMPANY = '海南椰风示例餐饮有限公司';

async function haikouCenterId(page: Page): Promise<string> {
  const facets = await (await page.request.get('/api/catalog/facets')).json();
  const c = facets.centers.find((x: { name: string }) => x.name.startsWith('海口'));
  assert.ok(c, 'the Haikou demo center');
  return c.id as string;
}

test("the restaurant life event's merged form is pre-filled with the enterprise's data, each field once", async () => {
  const page = await e.newPage();
  await signInPage(page, ENTERPRISE);
  const haikou = await haikouCenterId(page);
  await page.goto(`/life-events/${haikou}/open-restaurant?q_entity=company&q_large=no&q_sewage=no&step=2`);
  await page.getByTestId('joint-fields').waitFor();
  await page.getByTestId('prefill-notice').waitFor();
  const value = (key: string) => page.getByTestId(`joint-field-${key}`).inputValue();
  assert.deepEqual(
    [await value('entityName'), await value('legalRep'), await value('creditCode'), await value('contactName'), await value('contactPhone')],
    [COMPANY, '李四', ENTERPRISE, '李四', '13900005678'],
  );
  for (const key of ['entityName', 'legalRep', 'creditCode', 'contactName', 'contactPhone']) {
    assert.equal(await page.getByTestId(`joint-field-${key}`).count(), 1, `${key} asked once`);
  }
  // Something the account does not know stays for the applicant to fill in.
  assert.equal(await value('premises'), '');
  await e.shot(page, 'portal-prefill-restaurant');
  await page.context().close();
});

test('a draft is saved with its upload, listed under My cases · Drafts and resumed as it was', async () => {
  const page = await e.newPage();
  await signInPage(page, ENTERPRISE);
  const itemId = await itemIdByName(page, '建筑工程施工许可证核发', '海南省');
  await page.goto(`/apply/${itemId}`);
  await page.getByTestId('apply-form').waitFor();
  // The contact fields come pre-filled from the account.
  await page.waitForFunction(() => (document.querySelector('[data-testid="apply-field-contactName"]') as HTMLInputElement | null)?.value === '李四');
  await page.getByTestId('apply-field-contactPhone').fill('13976000009');
  const material = page.getByTestId('apply-material-row').first();
  const key = (await material.getAttribute('data-key'))!;
  await page.getByTestId(`apply-material-${key}`).locator('input[type=file]').setInputFiles(samplePdf());
  await page.locator(`[data-testid="apply-material-${key}"][data-file-count="1"]`).waitFor();
  const fileId = await page.getByTestId(`apply-material-${key}`).getAttribute('data-file-id');
  await page.getByTestId('draft-save').click();
  await page.getByTestId('draft-saved-at').waitFor();

  await page.goto('/my/cases?tab=drafts');
  const row = page.locator(`[data-testid="my-draft-row"][data-target-id="${itemId}"]`);
  await row.waitFor();
  // The tab's count comes from its own query, which may answer after the list's: wait for it.
  await page.getByTestId('my-tab-drafts').filter({ hasText: /草稿 \(1\)/ }).waitFor({ timeout: 10_000 });
  assert.match(await page.getByTestId('my-tab-drafts').innerText(), /草稿 \(1\)/);
  await e.shot(page, 'portal-my-drafts');
  await row.getByTestId('my-draft-resume').click();

  await page.getByTestId('draft-restored').waitFor();
  assert.equal(await page.getByTestId('apply-field-contactPhone').inputValue(), '13976000009', 'what was typed, not the account phone');
  const restored = page.getByTestId(`apply-material-${key}`);
  assert.equal(await restored.getAttribute('data-file-count'), '1');
  assert.equal(await restored.getAttribute('data-file-id'), fileId, 'the same upload, kept with the draft');
  await page.context().close();
});

test("on a phone the long guide's apply button stays on screen after scrolling; the life event's steps start above the fold", async () => {
  const context = await e.browser.newContext({ baseURL: e.baseUrl, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const itemId = await itemIdByName(page, '建筑工程施工许可证核发', '海南省');
  await page.goto(`/items/${itemId}`);
  await page.getByTestId('guide-title').waitFor();
  const sticky = page.getByTestId('sticky-apply-button');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height > 844 * 2, `a long guide (${height} px)`);
  for (const y of [900, Math.floor(height / 2)]) {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    await page.waitForFunction((to) => Math.abs(window.scrollY - to) < 2, y);
    const box = await sticky.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 844 + 1, `the apply button is on screen at ${y} px (${JSON.stringify(box)})`);
    const head = await page.getByTestId('apply-button').boundingBox();
    assert.ok(!head || head.y + head.height < 0, 'the head button scrolled away');
  }
  await e.shot(page, 'portal-phone-guide-sticky');
  await sticky.click();
  await page.waitForURL(`**/apply/${itemId}`);

  await page.goto(`/life-events/${await haikouCenterId(page)}/open-restaurant`);
  const steps = await page.getByTestId('life-event-steps').boundingBox();
  assert.ok(steps && steps.y + steps.height <= 844, `the steps start above the fold (${JSON.stringify(steps)})`);
  await e.shot(page, 'portal-phone-life-event');
  await context.close();
});

test('the home browses services by department, by person · enterprise and by theme in tabs, each opening the filtered list (zh, en, 390 px)', async () => {
  const page = await e.newPage({ mobile: true });
  await page.goto('/');
  const tabs = page.getByTestId('browse-tabs');
  await tabs.getByRole('tab').first().waitFor();
  assert.equal(await tabs.getByRole('tab').count(), 3, 'three real tabs');
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the home fits 390 px (${overflow}px)`);

  // By department (the first tab, selected): the tile's count is the list's total.
  const deptTab = tabs.getByRole('tab', { name: /部门/ });
  assert.equal(await deptTab.getAttribute('aria-selected'), 'true');
  // Twelve departments first, all of them on request (the demo has more than twelve).
  const facets = await (await page.request.get('/api/catalog/facets')).json();
  assert.ok(facets.departments.length > 12);
  await page.getByTestId('browse-department').first().waitFor();
  assert.equal(await page.getByTestId('browse-department').count(), 12);
  const more = page.getByTestId('browse-departments-all');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  await more.click();
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.getByTestId('browse-department').count(), facets.departments.length);
  const dept = page.getByTestId('browse-department').first();
  const deptId = (await dept.getAttribute('data-id'))!;
  const deptCount = Number((await dept.locator('.ow-tile-count').innerText()).match(/\d+/)![0]);
  await dept.click();
  await page.getByTestId('results-page').waitFor();
  assert.match(page.url(), new RegExp(`departmentId=${deptId}`));
  await page.getByTestId('result-row').first().waitFor();
  const api = await (await page.request.get(`/api/items?departmentId=${deptId}&pageSize=1`)).json();
  assert.equal(api.total, deptCount, 'the tile counts what the list holds');

  // By theme: open the tab, then a theme.
  await page.goto('/');
  await deptTab.waitFor();
  const themeTab = tabs.getByRole('tab', { name: /主题/ });
  await themeTab.click();
  assert.equal(await themeTab.getAttribute('aria-selected'), 'true');
  const theme = page.getByTestId('browse-theme').first();
  await theme.waitFor();
  await e.shot(page, 'portal-browse-tabs-phone');
  const key = (await theme.getAttribute('data-key'))!;
  await theme.click();
  await page.getByTestId('results-page').waitFor();
  assert.match(page.url(), new RegExp(`theme=${key}`));
  await page.getByTestId('result-row').first().waitFor();

  // By service object, in English.
  await page.goto('/');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const objectTab = tabs.getByRole('tab', { name: /Person · Enterprise/ });
  await objectTab.click();
  assert.equal(await objectTab.getAttribute('aria-selected'), 'true');
  await page.getByTestId('browse-enterprise').click();
  await page.getByTestId('results-page').waitFor();
  assert.match(page.url(), /audience=enterprise/);
  await e.shot(page, 'portal-browse-phone');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.context().close();
});
