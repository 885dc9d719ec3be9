import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const TEN = ['name', 'basis', 'procedure', 'conditions', 'materials', 'limits', 'progress', 'fee-items', 'fee-standards', 'fee-basis'];

test('search 施工证 from the home page and open the guide with its ten public items', async () => {
  const page = await e.newPage();
  await page.goto('/');
  await page.getByTestId('home-page').waitFor();
  await page.getByTestId('search-input').fill('施工证');
  await page.getByTestId('search-button').click();
  await page.getByTestId('results-page').waitFor();
  const row = page.getByTestId('result-link').filter({ hasText: '建筑工程施工许可证核发' }).first();
  await row.waitFor();
  await e.shot(page, 'catalog-search-results');
  await row.click();
  await page.getByTestId('guide-page').waitFor();
  assert.equal(await page.getByTestId('guide-item-name').innerText(), '建筑工程施工许可证核发');
  for (const s of TEN) assert.ok(await page.getByTestId(`guide-section-${s}`).isVisible(), `section ${s}`);
  assert.ok(await page.getByTestId('material-row').count() >= 3);
  const template = page.getByTestId('material-template-link').first();
  const href = await template.getAttribute('href');
  assert.match(href ?? '', /^\/api\/files\/[0-9a-f-]{36}$/);
  const pdf = await page.request.get(href!);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  assert.match(await page.getByTestId('guide-statutory-days').innerText(), /7/);
  await e.shot(page, 'catalog-guide');

  await page.getByTestId('guide-print-link').click();
  await page.getByTestId('print-view').waitFor();
  assert.equal(await page.getByTestId('guide-item-name').innerText(), '建筑工程施工许可证核发');
  assert.equal(await page.getByTestId('portal-nav').count(), 0, 'the print view has no navigation');
  await e.shot(page, 'catalog-print');
});

test("a guide opened by its address asks for its read beside the page's scripts, once (web/src/landing.ts)", async () => {
  const page = await e.newPage();
  await page.goto('/items?q=' + encodeURIComponent('施工许可'));
  const href = await page.getByTestId('result-link').first().getAttribute('href');
  assert.match(href ?? '', /^\/items\/[0-9a-f-]{36}$/);
  const fresh = await e.newPage();
  const events: string[] = [];
  fresh.on('request', (r) => { if (r.url().endsWith(`/api${href}/guide`)) events.push('guide read sent'); });
  fresh.on('requestfinished', (r) => { if (/\/GuidePage[^/]*\.js$/.test(r.url())) events.push('guide chunk arrived'); });
  await fresh.goto(href!);
  await fresh.getByTestId('guide-item-name').waitFor();
  assert.deepEqual(events, ['guide read sent', 'guide chunk arrived'], 'sent before the page\'s chunk arrived, and the page took it instead of asking again');
});

test('on a phone the guide fits the screen', async () => {
  const page = await e.newPage({ mobile: true });
  await page.goto('/items?q=' + encodeURIComponent('施工许可'));
  await page.getByTestId('results-list').waitFor();
  await page.getByTestId('result-row').first().click();
  await page.getByTestId('guide-page').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
  await e.shot(page, 'catalog-guide-phone');
});

test('browse by department and by life event', async () => {
  const page = await e.newPage();
  await page.goto('/');
  const dept = page.getByTestId('browse-department').first();
  await dept.waitFor();
  const deptId = await dept.getAttribute('data-id');
  await dept.click();
  await page.getByTestId('results-page').waitFor();
  assert.match(page.url(), new RegExp(`departmentId=${deptId}`));
  await page.getByTestId('result-row').first().waitFor();
  await page.goto('/');
  const life = page.getByTestId('browse-life-event').first();
  const key = await life.getAttribute('data-key');
  await life.click();
  await page.getByTestId('results-page').waitFor();
  assert.match(page.url(), new RegExp(`lifeEvent=${key}`));
  await page.getByTestId('result-row').first().waitFor();
});
