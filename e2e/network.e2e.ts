import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { makeIdNumber } from '../server/src/lib/identity.ts';
import { axeViolations, describeViolation, settle } from './axe.ts';
import { apiOf, itemIdByName, signInPage, startE2E, type E2E } from './harness.ts';

/**
 * Issue 17: the provincial supervisor drills from the province to a township case — province →
 * Haikou City → Longhua District → Zhongshan Subdistrict → its center → the case — on the network
 * board of the supervision center, at desktop width and at phone width.
 */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('the provincial supervisor drills from the province to a township case', async () => {
  // A walk-in case registered and accepted at the township's window.
  const clerk = await e.newPage();
  await signInPage(clerk, 'zs.window1');
  const api = await apiOf(clerk);
  const itemId = await itemIdByName(clerk, '老年人优待证办理', '龙华区中山街道');
  const def = await api.get(`/api/items/${itemId}/form`);
  const form: Record<string, string> = {};
  for (const f of def.fields.filter((x: { required: boolean }) => x.required)) form[f.key] = f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  for (const m of def.materials.filter((x: { requirement: string }) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await api.upload() });
  const created = await api.post('/api/counter/cases', {
    itemId, form, materials, idempotencyKey: randomUUID(),
    applicant: { kind: 'person', name: '王老伯', idNumber: makeIdNumber('460106', '19580307', '031'), phone: '13976000031' },
  });
  const caseId = created.case.id as string;
  const accepted = await api.post(`/api/cases/${caseId}/actions`, { action: 'accept' });
  const receiptNo = accepted.case.receiptNo as string;
  assert.ok(receiptNo);

  for (const mobile of [false, true]) {
    const page = await e.newPage({ mobile });
    if (mobile) {
      // On a phone the header folds its user menu: sign in straight into the page.
      await page.goto(`/login?next=${encodeURIComponent('/supervision/network')}`);
      await page.getByTestId('login-name').fill('supervisor');
      await page.getByTestId('login-password').fill('Demo@2026');
      await page.getByTestId('login-submit').click();
    } else {
      await signInPage(page, 'supervisor');
      await page.goto('/supervision');
      await page.getByRole('link', { name: '全省网络' }).first().click();
    }
    await page.waitForURL(/\/supervision\/network/);
    const board = page.getByTestId('net-board');
    await board.and(page.locator('[data-region="460000"]')).waitFor();
    if (!mobile) await e.shot(page, 'network-province');
    for (const code of ['460100', '460106', '460106001']) {
      await page.locator(`[data-testid="net-child-row"][data-code="${code}"]`).getByTestId('net-child-link').click();
      await page.locator(`[data-testid="net-board"][data-region="${code}"]`).waitFor();
    }
    // The township's trail starts at the province and shows every level on the way.
    assert.deepEqual(await page.getByTestId('net-trail').locator('li').allInnerTexts().then((x) => x.map((s) => s.replace(/\s*\/\s*$/, '').trim()).filter(Boolean)),
      ['海南省', '海口市', '龙华区', '中山街道']);
    if (!mobile) {
      await settle(page, '[data-testid="net-chart"]');
      // The pointer rests where the last link was clicked: a hovered link has the lighter hover colour, not the page's.
      await page.mouse.move(0, 0);
      await e.shot(page, 'network-township');
      const violations = await axeViolations(page, 'network-township');
      assert.deepEqual(violations.map(describeViolation), []);
    }
    await page.getByTestId('net-center-link').filter({ hasText: '中山街道便民服务中心' }).click();
    const row = page.locator(`[data-testid="net-case-row"][data-case-id="${caseId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /老年人优待证办理/);
    assert.match(await row.innerText(), /王\*/, 'the applicant is masked');
    if (mobile) {
      // Usable at phone width: nothing wider than the screen but the table's own scroller.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      await e.shot(page, 'network-center-phone');
    }
    await row.getByTestId('net-case-link').click();
    await page.locator(`[data-testid="sup-case-page"][data-case-id="${caseId}"]`).waitFor();
    await page.getByText(receiptNo).first().waitFor();
    if (!mobile) await e.shot(page, 'network-case');
    await page.context().close();
  }
});

test('a township manager sees the township and the village point below, never the county above', async () => {
  const page = await e.newPage({ locale: 'en-US' });
  await signInPage(page, 'zs.manager');
  await page.goto('/supervision/network');
  await page.locator('[data-testid="net-board"][data-region="460106001"]').waitFor();
  assert.equal(await page.getByTestId('net-trail-link').count(), 0, 'no link above the township');
  await page.locator('[data-testid="net-child-row"][data-code="460106001001"]').waitFor();
  await page.goto('/supervision/network?region=460106');
  await page.getByRole('alert').first().waitFor();
  await page.goto('/supervision/network-items?q=%E8%80%81%E5%B9%B4%E4%BA%BA');
  const impl = page.locator('[data-testid="net-item-row"]').first().getByTestId('net-impl');
  await impl.first().waitFor();
  assert.equal(await impl.count(), 1, 'only the township\'s own implementation');
  await page.context().close();
});
