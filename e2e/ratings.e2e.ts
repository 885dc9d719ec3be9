import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, decidedCase, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const ENTERPRISE = '91460100MA5T00010J';

test('a completed case invites a rating; the bad review becomes a task the department rectifies, and the person rates the fix', async () => {
  const [desk, clerk, approver, chief, delivery] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(desk, ENTERPRISE);
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  await signInPage(delivery, 'delivery1');
  const id = await decidedCase(desk, clerk, approver, chief);
  const ready = (await (await apiOf(chief)).post(`/api/cases/${id}/actions`, { action: 'handover' })).case;
  await (await apiOf(delivery)).post(`/api/cases/${id}/delivery/pickup`, { verification: { kind: 'query_code', receiptNo: ready.receiptNo, queryCode: ready.queryCode }, collector: { kind: 'holder' } });

  // On a phone: the delivered case offers "rate this service"; the completion stage is open for rating.
  const applicant = await e.newPage({ mobile: true });
  await applicant.goto(`/login?next=${encodeURIComponent(`/my/cases/${id}`)}`);
  await applicant.getByTestId('login-name').fill(ENTERPRISE);
  await applicant.getByTestId('login-password').fill('Demo@2026');
  await applicant.getByTestId('login-submit').click();
  await applicant.waitForURL((u) => u.pathname === `/my/cases/${id}`);
  await applicant.getByTestId('case-rate').click();
  await applicant.getByTestId('rating-page').waitFor();
  await applicant.getByTestId('rating-levels').getByText('非常不满意', { exact: true }).click();
  await applicant.locator('#rating-comment').fill('<b>等了两个小时</b>');
  await e.shot(applicant, 'rating-form-phone');
  await applicant.getByTestId('rating-submit').click();
  await applicant.getByTestId('rating-given').waitFor();
  const task = applicant.getByTestId('rating-task');
  await task.waitFor();
  assert.equal(await task.getAttribute('data-status'), 'open');
  // Free text is shown as text, never as markup.
  assert.ok((await applicant.getByTestId('rating-given').innerText()).includes('<b>等了两个小时</b>'));

  // The department: the task is on its list; callback (real-name), verification, rectification.
  await approver.goto('/workbench/rectifications');
  await approver.getByTestId('rect-page').waitFor();
  await approver.getByRole('link', { name: ready.receiptNo }).click();
  const detail = approver.getByTestId('rect-detail');
  await detail.waitFor();
  assert.ok((await approver.getByTestId('rect-comment').innerText()).includes('<b>等了两个小时</b>'));
  assert.equal(await approver.getByTestId('rect-step-verify').count(), 0, 'a real-name review is verified only after the callback');
  for (const [step, status, note] of [['call_back', 'called_back', '已电话回访'], ['verify', 'verified', '情况属实'], ['rectify', 'rectified', '高峰时段增开窗口']] as const) {
    await approver.locator('#rect-note').fill(note);
    await approver.getByTestId(`rect-step-${step}`).click();
    await approver.waitForFunction((s) => document.querySelector('[data-testid="rect-detail"]')?.getAttribute('data-status') === s, status);
  }
  await e.shot(approver, 'rectification-done');

  // The person is told and rates the fix on the same page.
  await applicant.goto(`/my/ratings/${id}/completion`);
  await applicant.waitForFunction(() => document.querySelector('[data-testid="rating-task"]')?.getAttribute('data-status') === 'rectified');
  assert.ok((await task.innerText()).includes('高峰时段增开窗口'));
  await task.getByText('满意', { exact: true }).click();
  await applicant.getByTestId('rating-fix-submit').click();
  await applicant.waitForFunction(() => document.querySelector('[data-testid="rating-task"]')?.getAttribute('data-status') === 'rated_by_person');
  await e.shot(applicant, 'rating-fix-rated-phone');
});
