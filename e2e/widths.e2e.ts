import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decidedCase, signInPage, startE2E, submittedPermitCase, type E2E } from './harness.ts';
import { settle } from './axe.ts';

/**
 * Issue 14, staff tables that fit 1366-pixel screens (docs/accessibility.md): each staff page with a
 * wide table, opened at 1366×768, has no page-level horizontal scroll — a table wider than its box
 * scrolls inside the box, never the page. In Chinese and in English (English labels are longer).
 */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

interface Visit { name: string; path: string; ready: string; rows?: boolean }

const FACES: Array<{ login: string; visits: Visit[] }> = [
  { login: 'window1', visits: [
    { name: 'workbench inbox', path: '/workbench', ready: '[data-testid="inbox-page"] .ant-table-row', rows: true },
    { name: 'handover', path: '/workbench/handover', ready: '[data-testid="handover-page"]' },
    { name: 'window queue panel', path: '/workbench/queue', ready: '[data-testid="queue-panel"]' },
  ] },
  { login: 'supervisor', visits: [
    { name: 'supervision cases', path: '/supervision/cases', ready: '[data-testid="sup-cases-page"]' },
    { name: 'supervision performance by department', path: '/supervision/performance?by=department', ready: '[data-testid="sup-perf-page"] .ant-table-row', rows: true },
    { name: 'supervision performance by staff', path: '/supervision/performance?by=staff', ready: '[data-testid="sup-perf-page"] .ant-table-row', rows: true },
  ] },
  { login: 'manager', visits: [
    { name: 'manager items', path: '/admin/items', ready: '[data-testid="admin-items-page"] .ant-table-row', rows: true },
    { name: 'manager requests', path: '/admin/requests', ready: '[data-testid="requests-page"]' },
    { name: 'hall configuration', path: '/admin/hall', ready: '[data-testid="hall-config"]' },
    { name: 'hall figures', path: '/admin/hall-figures', ready: '[data-testid="hall-figures"]' },
    { name: 'hall queue', path: '/admin/hall-queue', ready: '[data-testid="hall-queue-list"]' },
  ] },
  { login: 'finance', visits: [
    { name: 'finance notices', path: '/workbench/finance?tab=notices', ready: '[data-testid="fin-page"]' },
    { name: 'finance payments', path: '/workbench/finance?tab=payments', ready: '[data-testid="fin-page"]' },
    { name: 'finance refunds', path: '/workbench/finance?tab=refunds', ready: '[data-testid="fin-page"]' },
    { name: 'finance notifications', path: '/workbench/finance?tab=notifications', ready: '[data-testid="fin-page"]' },
    { name: 'reconciliation', path: '/workbench/reconciliation', ready: '[data-testid="recon-page"]' },
  ] },
  { login: 'hotline1', visits: [
    { name: 'hotline console', path: '/workbench/hotline', ready: '[data-testid="hotline-console"]' },
  ] },
  { login: 'approver.housing', visits: [
    { name: 'hotline work orders', path: '/workbench/workorders', ready: '[data-testid="workorders-page"]' },
  ] },
];

test('every staff page with a wide table fits a 1366×768 screen without page-level horizontal scroll, in Chinese and English', async () => {
  // Rows in the tables: two cases waiting in the inbox and a decided one for the performance figures.
  const applicant = await e.newPage();
  await signInPage(applicant, '91460100MA5T00010J');
  const staff = await Promise.all(['window1', 'approver.housing', 'chief.housing'].map(async (login) => {
    const p = await e.newPage();
    await signInPage(p, login);
    return p;
  }));
  await decidedCase(applicant, staff[0]!, staff[1]!, staff[2]!);
  await submittedPermitCase(applicant);
  await submittedPermitCase(applicant);
  for (const p of [applicant, ...staff]) await p.context().close();

  const failures: string[] = [];
  let checked = 0;
  for (const face of FACES) {
    const page = await e.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInPage(page, face.login);
    for (const lang of ['zh', 'en'] as const) {
      await page.evaluate((l) => localStorage.setItem('ow.lang', l), lang);
      for (const v of face.visits) {
        await page.goto(v.path);
        await page.waitForFunction((l) => document.documentElement.lang === (l === 'zh' ? 'zh-CN' : 'en'), lang);
        await settle(page, v.ready);
        const m = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
        checked++;
        if (v.rows) assert.ok(await page.locator(`${v.ready}`).count() > 0, `${v.name} shows rows`);
        if (m.scroll > m.inner) failures.push(`${v.name} (${lang}): page ${m.scroll}px wide in a ${m.inner}px window`);
        if (lang === 'zh') await e.shot(page, `widths-${v.name.replace(/\W+/g, '-')}-1366`);
      }
    }
    await page.evaluate(() => localStorage.setItem('ow.lang', 'zh'));
    await page.context().close();
  }
  assert.ok(checked >= 32, `${checked} pages checked`);
  assert.deepEqual(failures, [], failures.join('\n'));
});
