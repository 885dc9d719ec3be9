import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { decidedCase, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const queueRow = (page: Page, id: string) => page.locator(`[data-testid="cancellation-queue-row"][data-case-id="${id}"]`);
const statusOf = (page: Page) => page.getByTestId('cancellation-status').getAttribute('data-status');

test('cancellation (注销): the holder asks on the case page, the chief finds it in the queue and cancels, the holder gets the decision document', async () => {
  const [applicant, clerk, approver, chief] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(applicant, '91460100MA5T00010J');
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  const id = await decidedCase(applicant, clerk, approver, chief);
  const reason = `企业停止该项目建设 ${id.slice(0, 8)}`;

  // The holder asks on their case page.
  await applicant.goto(`/my/cases/${id}`);
  await applicant.getByTestId('cancellation-form').waitFor();
  await applicant.getByTestId('cancellation-reason').fill(reason);
  await applicant.getByTestId('cancellation-request').click();
  await applicant.getByTestId('cancellation-status').waitFor();
  assert.equal(await statusOf(applicant), 'requested');
  assert.equal(await applicant.getByTestId('cancellation-request').count(), 0, 'one request at a time');
  await e.shot(applicant, 'cancellation-requested');

  // The chief's queue, on the handover page, with the reason; another department's chief does not see it.
  await chief.goto('/workbench/handover?tab=cancellations');
  await queueRow(chief, id).waitFor();
  assert.equal(await chief.getByTestId('handover-page').getAttribute('data-tab'), 'cancellations');
  assert.match(await queueRow(chief, id).innerText(), new RegExp(reason.split(' ')[1]!));
  await e.shot(chief, 'cancellation-queue');
  const other = await e.newPage();
  await signInPage(other, 'chief.market');
  await other.goto('/workbench/handover?tab=cancellations');
  await other.getByTestId('cancellation-queue-table').waitFor();
  await other.waitForFunction(() => !document.querySelector('[data-testid="cancellation-queue-table"] .ant-spin-spinning'));
  assert.equal(await queueRow(other, id).count(), 0, "another department's chief");

  // On a phone, in English: cards, no sideways scroll.
  const phone = await e.newPage({ mobile: true });
  const queueUrl = '/workbench/handover?tab=cancellations';
  await phone.goto(`/login?next=${encodeURIComponent(queueUrl)}`);
  await phone.getByTestId('login-name').fill('chief.housing');
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.waitForURL((u) => u.pathname === '/workbench/handover');
  await queueRow(phone, id).waitFor();
  assert.match(await queueRow(phone, id).innerText(), /注销理由/);
  await phone.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await phone.reload();
  await queueRow(phone, id).waitFor();
  assert.match(await phone.getByTestId('handover-tab-cancellations').innerText(), /Cancellation requests/);
  assert.match(await queueRow(phone, id).innerText(), /Reason/);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no sideways scroll on a phone (${width}px)`);
  await e.shot(phone, 'cancellation-queue-phone');

  // The chief opens the case from the queue and cancels the licence.
  await queueRow(chief, id).getByTestId('cancellation-queue-link').click();
  await chief.getByTestId('wb-case-page').waitFor();
  await chief.getByTestId('cancellation-grant').waitFor();
  await chief.getByTestId('cancellation-reason').fill('经核查，项目已终止，依法注销');
  await chief.getByTestId('cancellation-grant').click();
  await chief.waitForFunction(() => document.querySelector('[data-testid="cancellation-status"]')?.getAttribute('data-status') === 'cancelled');
  await chief.goto('/workbench/handover?tab=cancellations');
  await chief.getByTestId('cancellation-queue-table').waitFor();
  await chief.waitForFunction((cid) => !document.querySelector(`[data-testid="cancellation-queue-row"][data-case-id="${cid}"]`) && !document.querySelector('[data-testid="cancellation-queue-table"] .ant-spin-spinning'), id);

  // The holder sees the answer and the cancellation decision document.
  await applicant.reload();
  await applicant.getByTestId('doc-link-cancellation').waitFor();
  assert.equal(await statusOf(applicant), 'cancelled');
  assert.match(await applicant.getByTestId('case-cancellation').innerText(), /依法注销/);
  const href = await applicant.getByTestId('doc-link-cancellation').getAttribute('href');
  assert.ok(href);
  const pdf = await applicant.request.get(href);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  await e.shot(applicant, 'cancellation-decided');
});
