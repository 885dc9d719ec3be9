import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, decidedCase, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('an applicant pays a fee online through the simulated bank\'s cashier and the case becomes ready', { timeout: 180_000 }, async () => {
  const [applicant, clerk, approver, chief, manager] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(applicant, '91460100MA5T00010J');
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  await signInPage(manager, 'manager');
  // The permit gets a computable fee (a new version, published today), so its cases wait for payment.
  const admin = await apiOf(manager);
  const permit = (await (await applicant.request.get(`/api/items?q=${encodeURIComponent('建筑工程施工许可证核发')}`)).json()).items
    .find((i: { name: string; center: { name: string } }) => i.name === '建筑工程施工许可证核发' && i.center.name.startsWith('海南省')).id as string;
  const current = (await admin.get(`/api/admin/items/${permit}`)).current;
  await admin.post(`/api/admin/items/${permit}/draft`, {});
  const content = { ...current.content, fees: [{ item: '工本费', standard: '12.30元', basis: '《收费标准》', code: 'GBF', fiscalAccount: 'HN-NONTAX', charge: { mode: 'fixed', amountFen: 1230 } }] };
  const saved = await manager.request.put(`/api/admin/items/${permit}/draft`, { data: { content }, headers: { 'x-csrf-token': (await (await manager.request.get('/api/auth/me')).json()).csrfToken } });
  assert.equal(saved.status(), 200, await saved.text());
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await admin.post(`/api/admin/items/${permit}/publish`, { validFrom: today });

  const id = await decidedCase(applicant, clerk, approver, chief);
  await (await apiOf(chief)).post(`/api/cases/${id}/actions`, { action: 'handover' });

  // The applicant's case page: the fee, its payment code, "pay online".
  await applicant.goto(`/my/cases/${id}`);
  await applicant.getByTestId('case-payment').waitFor();
  assert.equal(await applicant.getByTestId('pay-amount').innerText(), '¥12.30');
  await e.shot(applicant, 'payment-notice');
  await applicant.getByTestId('pay-online').click();

  // The simulated bank's own cashier page. The payer first cancels there: back on the case page the
  // order shows closed (the bank's 'closed' notification, or our query of the order) and "pay online"
  // at once opens a new order with a new cashier page.
  await applicant.waitForURL(/\/sim-bank\/cashier\//);
  const firstCashier = applicant.url();
  assert.equal(await applicant.getByTestId('amount').innerText(), '¥12.30');
  await applicant.getByRole('button', { name: /取消/ }).click();
  await applicant.waitForURL(new RegExp(`/my/cases/${id}\\?payment=`));
  await applicant.locator('[data-testid="payment-status"][data-status="closed"]').waitFor({ timeout: 30_000 });
  await applicant.getByTestId('pay-online').click();
  await applicant.waitForURL(/\/sim-bank\/cashier\//);
  assert.notEqual(applicant.url(), firstCashier, 'a new order, a new cashier page');
  assert.equal(await applicant.getByTestId('amount').innerText(), '¥12.30');
  assert.match(await applicant.getByTestId('payee').innerText(), /.+/);
  await e.shot(applicant, 'payment-cashier');
  await applicant.getByRole('button', { name: /确认支付/ }).click();

  // Back on the case page: paid once the bank's signed notification (posted by its job) arrives.
  await applicant.waitForURL(new RegExp(`/my/cases/${id}\\?payment=`));
  await applicant.locator('[data-testid="payment-status"][data-status="paid"]').waitFor({ timeout: 60_000 });
  await applicant.waitForFunction(() => !document.querySelector('[data-testid="pay-online"]'));
  const c = await (await apiOf(applicant)).get(`/api/cases/${id}`);
  assert.equal(c.status, 'ready');
  await e.shot(applicant, 'payment-paid');
});
