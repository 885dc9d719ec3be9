import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/** Yesterday in China: a bank's statement comes the morning after. */
const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);

test('the finance clerk imports a statement with anomalies, resolves them in the dialog, and locks the day; figures with their tables', async () => {
  // A statement of the simulated bank naming a payment code no notice has, listed twice.
  const file = path.join(ARTIFACTS, `statement-${yesterday}.csv`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const line = `SBE2E${Date.now()},4600009999999999,2500,${yesterday} 10:15:00`;
  fs.writeFileSync(file, `channel_txn_id,notice_no,amount_fen,paid_at\n${line}\n${line}\nTOTAL,2,5000\n`);

  const page = await e.newPage();
  await signInPage(page, 'finance');
  await page.goto('/workbench/reconciliation');
  await page.getByTestId('recon-import').waitFor();
  await page.getByTestId('recon-import-day').fill(yesterday);
  await page.getByTestId('recon-import-file').setInputFiles(file);
  await page.getByTestId('recon-import-submit').click();

  // The day opens; the run finds the unknown code and the repeated line.
  await page.getByTestId('recon-day').waitFor();
  await page.getByTestId('recon-run').click();
  await page.locator('[data-testid="recon-day"][data-runs="1"]').waitFor();
  assert.equal(await page.getByTestId('recon-day').getAttribute('data-open'), '2');
  const rows = page.getByTestId('recon-anomaly-row');
  await rows.nth(1).waitFor();
  const kinds = (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))).sort();
  assert.deepEqual(kinds, ['duplicate_line', 'unknown_code']);
  await e.shot(page, 'reconciliation-anomalies');

  // Locking with open anomalies is refused with its message.
  await page.getByTestId('recon-lock').click();
  await page.getByText('尚有 2 个未处理的对账差异').waitFor();

  // Resolve each in the dialog, with a reason.
  for (let i = 0; i < 2; i++) {
    await page.locator('[data-testid="recon-anomaly-row"][data-status="open"]').first().getByTestId('recon-resolve-open').click();
    await page.getByTestId('recon-resolve-reason').fill('已与银行核实：该笔为银行测试交易，予以核销');
    await page.getByTestId('recon-resolve-submit').click();
    await page.getByTestId('recon-resolve-reason').waitFor({ state: 'detached' });
  }
  await page.locator('[data-testid="recon-day"][data-open="0"]').waitFor();
  assert.equal(await page.locator('[data-testid="recon-anomaly-row"][data-status="resolved"]').count(), 2);

  await page.getByTestId('recon-lock').click();
  await page.locator('[data-testid="recon-day"][data-status="locked"]').waitFor();
  assert.equal(await page.getByTestId('recon-resolve-open').count(), 0, 'a locked day offers no resolution');
  await e.shot(page, 'reconciliation-locked');

  // Figures: the chart has its numbers beside it as a table and a sentence.
  await page.getByTestId('recon-tab-figures').click();
  await page.getByTestId('recon-figures-summary').waitFor();
  assert.match(await page.getByTestId('recon-figures-summary').innerText(), /待处理差异 0 个/);
  await page.getByTestId('recon-figures-days').waitFor();

  // In English, on a phone: the page reads in English and fits the screen.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/login?next=${encodeURIComponent('/workbench/reconciliation')}`);
  await phone.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await phone.reload(); // the language is read when the app starts
  await phone.getByTestId('login-name').fill('finance');
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.waitForURL((u) => u.pathname === '/workbench/reconciliation');
  await phone.locator('[data-testid="recon-day-row"]').first().waitFor();
  assert.match(await phone.getByTestId('recon-tab-days').innerText(), /By day/);
  assert.match(await phone.getByTestId('recon-days').innerText(), /Locked/);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375 + 1, `no sideways scroll on a phone (${width})`);
  await e.shot(phone, 'reconciliation-phone-en');

  // Another role is refused the page.
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await clerk.goto('/workbench/reconciliation');
  await clerk.getByTestId('forbidden').waitFor();
});
