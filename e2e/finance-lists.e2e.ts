import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { apiOf, ARTIFACTS, decidedCase, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseOption } from './antd.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('the finance clerk sees a notice and its bank-window payment in the fee lists; a window clerk is refused', { timeout: 300_000 }, async () => {
  const [applicant, clerk, approver, chief, manager, bank] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(applicant, '91460100MA5T00010J');
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  await signInPage(manager, 'manager');
  await signInPage(bank, 'bank1');
  // The permit gets a computable fee (a new version, published today), so its cases get a payment notice.
  const admin = await apiOf(manager);
  const permit = (await (await applicant.request.get(`/api/items?q=${encodeURIComponent('建筑工程施工许可证核发')}`)).json()).items
    .find((i: { name: string; center: { name: string } }) => i.name === '建筑工程施工许可证核发' && i.center.name.startsWith('海南省')).id as string;
  const current = (await admin.get(`/api/admin/items/${permit}`)).current;
  await admin.post(`/api/admin/items/${permit}/draft`, {});
  const content = { ...current.content, fees: [{ item: '工本费', standard: '45.60元', basis: '《收费标准》', code: 'GBF', fiscalAccount: 'HN-NONTAX', charge: { mode: 'fixed', amountFen: 4560 } }] };
  const saved = await manager.request.put(`/api/admin/items/${permit}/draft`, { data: { content }, headers: { 'x-csrf-token': (await (await manager.request.get('/api/auth/me')).json()).csrfToken } });
  assert.equal(saved.status(), 200, await saved.text());
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await admin.post(`/api/admin/items/${permit}/publish`, { validFrom: today });

  const id = await decidedCase(applicant, clerk, approver, chief);
  await (await apiOf(chief)).post(`/api/cases/${id}/actions`, { action: 'handover' });
  const notice = (await (await apiOf(applicant)).get(`/api/cases/${id}/payment-notices`)).notices[0] as { id: string; noticeNo: string; totalFen: number };
  assert.equal(notice.totalFen, 4560);

  // The finance clerk: the nav entry, the notice not yet paid, its PDF.
  const finance = await e.newPage();
  await signInPage(finance, 'finance');
  await finance.goto('/workbench');
  await finance.getByTestId('wb-nav-finance').click();
  await finance.waitForURL((u) => u.pathname === '/workbench/finance');
  const noticeRow = finance.locator(`[data-testid="fin-notice-row"][data-notice-no="${notice.noticeNo}"]`);
  await noticeRow.waitFor();
  assert.equal(await noticeRow.getAttribute('data-status'), 'issued');
  assert.equal(await noticeRow.getByTestId('fin-notice-amount').innerText(), '45.60');
  const pdfHref = await noticeRow.getByTestId('fin-notice-pdf').getAttribute('href');
  assert.equal(pdfHref, `/api/payment-notices/${notice.id}/pdf`);
  const pdf = await finance.request.get(pdfHref);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');

  const second = await decidedCase(applicant, clerk, approver, chief);
  await (await apiOf(chief)).post(`/api/cases/${second}/actions`, { action: 'handover' });
  // Keyset pages (a second case's notice makes two): one notice a page, "older" asks for the page after with the server's cursor, "newer" comes back.
  await finance.goto('/workbench/finance?pageSize=1');
  await finance.locator('[data-testid="fin-notice-row"]').first().waitFor();
  const newest = await finance.locator('[data-testid="fin-notice-row"]').first().getAttribute('data-notice-no');
  assert.equal(await finance.getByTestId('fin-notices-newer').isDisabled(), true);
  const older = finance.waitForResponse((r) => r.url().includes('/api/finance/notices') && new URL(r.url()).searchParams.has('cursor'));
  await finance.getByTestId('fin-notices-older').click();
  assert.equal((await older).status(), 200);
  await finance.locator(`[data-testid="fin-notice-row"][data-notice-no="${newest}"]`).waitFor({ state: 'detached' });
  await finance.getByTestId('fin-notices-newer').click();
  await finance.locator(`[data-testid="fin-notice-row"][data-notice-no="${newest}"]`).waitFor();
  await finance.goto('/workbench/finance');
  await noticeRow.waitFor();

  // The status filter goes to the server: "paid" hides the unpaid notice.
  const paidOnly = finance.waitForResponse((r) => r.url().includes('/api/finance/notices') && new URL(r.url()).searchParams.get('status') === 'paid');
  await chooseOption(finance, 'fin-filter-status', '已缴款');
  assert.equal((await paidOnly).status(), 200);
  await noticeRow.waitFor({ state: 'detached' });

  // The bank clerk takes the money at the hall's window.
  await (await apiOf(bank)).post(`/api/bank-window/notices/${notice.noticeNo}/payments`, { amountFen: 4560, idempotencyKey: randomUUID() });

  // Now the notice is paid (shown under the "paid" filter) and its payment is in the payments list.
  await finance.reload();
  await noticeRow.waitFor();
  assert.equal(await noticeRow.getAttribute('data-status'), 'paid');
  await finance.getByTestId('fin-tab-payments').click();
  const payRow = finance.locator(`[data-testid="fin-payment-row"][data-notice-no="${notice.noticeNo}"]`);
  await payRow.waitFor();
  assert.equal(await payRow.getAttribute('data-channel'), 'bank_window');
  assert.equal(await payRow.getByTestId('fin-payment-amount').innerText(), '45.60');
  // Nothing given back of it yet: no refund shown under it.
  assert.equal(await payRow.getAttribute('data-refunds'), '0');
  assert.equal(await finance.locator('[data-testid="fin-payment-refunds"]').count(), 0);
  // Filtering on the other channel leaves it out.
  const online = finance.waitForResponse((r) => r.url().includes('/api/finance/payments') && new URL(r.url()).searchParams.get('channel') === 'sim_bank');
  await chooseOption(finance, 'fin-filter-channel', '网上缴费（模拟银行）');
  const onlineRows = (await (await online).json()).rows as { noticeNo: string }[];
  assert.ok(!onlineRows.some((r) => r.noticeNo === notice.noticeNo), 'the server filtered on the channel');
  await payRow.waitFor({ state: 'detached' });
  assert.equal(new URL(finance.url()).searchParams.get('channel'), 'sim_bank');
  await e.shot(finance, 'finance-payments');

  // Reconciliation: the bank's statement says its window took 5.00 more than the payment we recorded.
  // Resolved "refund" in the dialog, the anomaly shows the refund it wrote (its number, what it gives
  // back in words, its status), and the refunds list shows it with its kind.
  const payment = ((await (await apiOf(finance)).get('/api/finance/payments?channel=bank_window&pageSize=100')).rows as { id: string; noticeNo: string; channelTxnId: string; paidAt: string }[])
    .find((r) => r.noticeNo === notice.noticeNo)!;
  const paidChina = new Date(Date.parse(payment.paidAt) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  const file = path.join(ARTIFACTS, `statement-bank-window-${paidChina.slice(0, 10)}.csv`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(file, `channel_txn_id,notice_no,amount_fen,paid_at\n${payment.channelTxnId},${notice.noticeNo},5060,${paidChina}\n`);
  await finance.goto('/workbench/reconciliation');
  await finance.getByTestId('recon-import').waitFor();
  await chooseOption(finance, 'recon-import-channel', '大厅银行窗口');
  await finance.getByTestId('recon-import-day').fill(paidChina.slice(0, 10));
  await finance.getByTestId('recon-import-file').setInputFiles(file);
  await finance.getByTestId('recon-import-submit').click();
  await finance.getByTestId('recon-day').waitFor();
  await finance.getByTestId('recon-run').click();
  await finance.locator('[data-testid="recon-day"][data-runs="1"]').waitFor();
  const anomaly = finance.locator(`[data-testid="recon-anomaly-row"][data-txn="${payment.channelTxnId}"]`);
  await anomaly.waitFor();
  assert.equal(await anomaly.getAttribute('data-kind'), 'amount_mismatch');
  assert.equal(await anomaly.getByTestId('recon-anomaly-refund').count(), 0);
  await anomaly.getByTestId('recon-resolve-open').click();
  await chooseOption(finance, 'recon-resolve-outcome', '退还款项');
  await finance.getByTestId('recon-resolve-reason').fill('银行窗口多收 5 元，原路退还');
  await finance.getByTestId('recon-resolve-submit').click();
  await finance.getByTestId('recon-resolve-reason').waitFor({ state: 'detached' });
  const refundCell = finance.locator(`[data-testid="recon-anomaly-row"][data-txn="${payment.channelTxnId}"][data-status="resolved"]`).getByTestId('recon-anomaly-refund');
  await refundCell.waitFor();
  const refundId = (await refundCell.getAttribute('data-refund-id'))!;
  assert.deepEqual([await refundCell.getAttribute('data-kind'), await refundCell.getAttribute('data-status')], ['excess', 'requested']);
  const shown = await refundCell.innerText();
  assert.ok(shown.includes(refundId.slice(0, 8)) && shown.includes('退还多收部分') && shown.includes('5.00') && shown.includes('已申请'), shown);
  await e.shot(finance, 'reconciliation-refund');

  await finance.goto('/workbench/finance?tab=refunds');
  const refundRow = finance.locator(`[data-testid="fin-refund-row"][data-refund-id="${refundId}"]`);
  await refundRow.waitFor();
  assert.deepEqual([await refundRow.getAttribute('data-kind'), await refundRow.getAttribute('data-notice-no')], ['excess', notice.noticeNo]);
  assert.equal(await refundRow.getByTestId('fin-refund-kind').innerText(), '退还多收部分');
  assert.ok((await refundRow.innerText()).includes(refundId.slice(0, 8)));

  // The payments tab shows it under its payment, in the same words: what was given back of each payment.
  await finance.getByTestId('fin-tab-payments').click();
  assert.equal(await finance.locator(`[data-testid="fin-payment-row"][data-payment-id="${payment.id}"]`).getAttribute('data-refunds'), '1');
  const refunded = finance.locator(`[data-testid="fin-payment-refunds"][data-payment-id="${payment.id}"]`).getByTestId('fin-payment-refund');
  await refunded.waitFor();
  assert.deepEqual([await refunded.getAttribute('data-refund-id'), await refunded.getAttribute('data-kind'), await refunded.getAttribute('data-status')], [refundId, 'excess', 'requested']);
  const line = await refunded.innerText();
  assert.ok(line.includes(refundId.slice(0, 8)) && line.includes('退还多收部分') && line.includes('5.00 元') && line.includes('已申请'), line);
  await e.shot(finance, 'finance-payment-refund');

  // On a phone, in English: the page fits the screen, the table scrolls inside it.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/login?next=${encodeURIComponent('/workbench/finance?tab=payments')}`);
  await phone.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await phone.reload(); // the language is read when the app starts
  await phone.getByTestId('login-name').fill('finance');
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.waitForURL((u) => u.pathname === '/workbench/finance');
  await phone.locator(`[data-testid="fin-payment-row"][data-notice-no="${notice.noticeNo}"]`).waitFor();
  assert.match(await phone.getByTestId('fin-tab-payments').innerText(), /Payments/);
  // The refund line under the payment stays within the screen (the table scrolls sideways, it does not).
  const phoneRefund = phone.locator(`[data-testid="fin-payment-refunds"][data-payment-id="${payment.id}"]`).getByTestId('fin-payment-refund');
  const phoneLine = await phoneRefund.innerText();
  assert.ok(phoneLine.includes('The excess over the payment') && phoneLine.includes('CNY 5.00') && phoneLine.includes('Requested'), phoneLine);
  const box = (await phoneRefund.boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 375 + 1, `the refund reads on the phone's screen (${box.x}+${box.width})`);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375 + 1, `no sideways scroll on a phone (${width})`);
  await e.shot(phone, 'finance-phone-en');

  // A window clerk has no such entry and is refused the page and the API.
  await clerk.goto('/workbench');
  await clerk.getByTestId('wb-nav-inbox').waitFor();
  assert.equal(await clerk.getByTestId('wb-nav-finance').count(), 0);
  await clerk.goto('/workbench/finance');
  await clerk.getByTestId('forbidden').waitFor();
  assert.equal((await clerk.request.get('/api/finance/notices')).status(), 403);
});
