import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiOf, decidedCase, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseOption } from './antd.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const PERMIT = '建筑工程施工许可证核发';

async function permitId(page: Page): Promise<string> {
  return (await (await page.request.get(`/api/items?q=${encodeURIComponent(PERMIT)}`)).json()).items
    .find((i: { name: string; center: { name: string } }) => i.name === PERMIT && i.center.name.startsWith('海南省')).id as string;
}

async function putDraft(manager: Page, id: string, content: unknown) {
  const me = await (await manager.request.get('/api/auth/me')).json();
  const r = await manager.request.put(`/api/admin/items/${id}/draft`, { data: { content }, headers: { 'x-csrf-token': me.csrfToken } });
  assert.equal(r.status(), 200, await r.text());
}

test('the department chief cancels the payment notice with a reason and reissues it with a new payment code', { timeout: 180_000 }, async () => {
  const [applicant, clerk, approver, chief, manager] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(applicant, '91460100MA5T00010J');
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  await signInPage(manager, 'manager');
  // The permit gets a computable fee (a new version published today), so its cases wait for payment.
  const admin = await apiOf(manager);
  const permit = await permitId(applicant);
  const current = (await admin.get(`/api/admin/items/${permit}`)).current;
  await admin.post(`/api/admin/items/${permit}/draft`, {});
  await putDraft(manager, permit, { ...current.content, fees: [{ item: '工本费', standard: '12.30元', basis: '《收费标准》', code: 'GBF', fiscalAccount: 'HN-NONTAX', charge: { mode: 'fixed', amountFen: 1230 } }] });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await admin.post(`/api/admin/items/${permit}/publish`, { validFrom: today });

  const id = await decidedCase(applicant, clerk, approver, chief);
  await (await apiOf(chief)).post(`/api/cases/${id}/actions`, { action: 'handover' });
  const chiefApi = await apiOf(chief);

  // The applicant has no cancel / reissue block on their own page.
  await applicant.goto(`/my/cases/${id}`);
  await applicant.getByTestId('payment-notice').waitFor();
  assert.equal(await applicant.getByTestId('notice-staff-actions').count(), 0);

  await chief.goto(`/workbench/cases/${id}`);
  await chief.getByTestId('notice-staff-actions').waitFor();
  const oldCode = await chief.getByTestId('notice-code').innerText();
  assert.match(oldCode, /^\d{20}$/);
  assert.equal(await chief.getByTestId('notice-status').innerText(), '待缴款');

  // No reason: refused in the form, nothing sent.
  await chief.getByTestId('notice-cancel').click();
  await chief.getByText('请填写理由（至少2个字）').waitFor();
  const before = (await chiefApi.get(`/api/cases/${id}/payment-notices`)).notices;
  assert.equal(before.length, 1);
  assert.equal(before[0].status, 'issued');

  await chief.getByTestId('notice-reason').fill('缴款人名称有误');
  await chief.getByTestId('notice-cancel').click();
  await chief.waitForFunction(() => document.querySelector('[data-testid="notice-status"]')?.textContent === '已作废');
  await chief.getByTestId('notice-cancel').waitFor({ state: 'detached' });
  const cancelled = (await chiefApi.get(`/api/cases/${id}/payment-notices`)).notices[0];
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.cancelReason, '缴款人名称有误');
  await e.shot(chief, 'notice-cancelled');

  // Reissue: a new notice, recomputed, with a new payment code, replacing the cancelled one.
  await chief.getByTestId('notice-reason').fill('更正缴款人后重开');
  await chief.getByTestId('notice-reissue').click();
  await chief.waitForFunction((old) => {
    const code = document.querySelector('[data-testid="notice-code"]')?.textContent;
    return !!code && code !== old && document.querySelector('[data-testid="notice-status"]')?.textContent === '待缴款';
  }, oldCode);
  const newCode = await chief.getByTestId('notice-code').innerText();
  assert.match(newCode, /^\d{20}$/);
  assert.notEqual(newCode, oldCode);
  assert.equal(await chief.getByTestId('notice-amount').innerText(), '¥12.30');
  const after = (await chiefApi.get(`/api/cases/${id}/payment-notices`)).notices as { id: string; noticeNo: string; status: string; replacesId: string | null }[];
  assert.equal(after.length, 2);
  const fresh = after.find((n) => n.noticeNo === newCode)!;
  assert.equal(fresh.status, 'issued');
  assert.equal(fresh.replacesId, cancelled.id);
  await e.shot(chief, 'notice-reissued');
});

test('the manager edits a fee into a per-unit standard in 元, the server refuses a wrong one, and fen are saved', { timeout: 180_000 }, async () => {
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  const admin = await apiOf(manager);
  const permit = await permitId(manager);
  const loaded = await admin.get(`/api/admin/items/${permit}`);
  if (!loaded.draft) await admin.post(`/api/admin/items/${permit}/draft`, {});
  const draft = (await admin.get(`/api/admin/items/${permit}`)).draft.content;
  // The form gets a number field for the quantity; the fee starts as the fixed 12.30 元.
  const formFields = [...(draft.formFields ?? []), { key: 'areaSqm', label: '建筑面积', labelEn: 'Floor area', type: 'number', required: false }];
  await putDraft(manager, permit, { ...draft, formFields, fees: [{ item: '工本费', standard: '12.30元', basis: '《收费标准》', code: 'GBF', fiscalAccount: 'HN-NONTAX', charge: { mode: 'fixed', amountFen: 1230 } }] });

  await manager.goto(`/admin/items/${permit}`);
  await manager.getByTestId('fee-standard-fields-0').waitFor();
  assert.equal(await manager.getByTestId('fee-amount-0').inputValue(), '12.30');

  await chooseOption(manager, 'fee-mode-0', '按数量计费');
  await manager.getByTestId('fee-unit-0').fill('平方米');
  await manager.getByTestId('fee-standard-0').fill('每平方米0.35元');
  // Three decimals of 元: refused in the form.
  await manager.getByTestId('fee-unit-price-0').fill('0.355');
  await manager.getByTestId('fee-quantity-field-0').fill('contactName');
  await manager.getByTestId('save-draft').click();
  await manager.getByText('金额以元为单位，最多两位小数').waitFor();

  // A quantity that is not a number field of the form: the server's refusal is shown.
  await manager.getByTestId('fee-unit-price-0').fill('0.35');
  await manager.getByTestId('save-draft').click();
  await manager.locator('[data-testid="error-alert"][data-code="FEE_STANDARD_INVALID"]').waitFor();
  assert.equal((await admin.get(`/api/admin/items/${permit}`)).draft.content.fees[0].charge.mode, 'fixed');

  await manager.getByTestId('fee-quantity-field-0').fill('areaSqm');
  const put = manager.waitForResponse((r) => r.url().endsWith(`/api/admin/items/${permit}/draft`) && r.request().method() === 'PUT');
  await manager.getByTestId('save-draft').click();
  assert.equal((await put).status(), 200);
  const saved = (await admin.get(`/api/admin/items/${permit}`)).draft.content as { fees: { charge: unknown; standard: string; code: string }[] };
  assert.deepEqual(saved.fees[0].charge, { mode: 'per_unit', unit: '平方米', quantityField: 'areaSqm', unitFen: 35 });
  assert.equal(saved.fees[0].standard, '每平方米0.35元');
  assert.equal(saved.fees[0].code, 'GBF');
  await e.shot(manager, 'fee-editor-per-unit');
});
