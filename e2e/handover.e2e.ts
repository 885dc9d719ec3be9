import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { decidedCase, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const row = (page: Page, id: string) => page.locator(`[data-testid="handover-row"][data-case-id="${id}"]`);
const currentStep = (page: Page) => page.locator('[data-testid="case-stepper"] ol > li[aria-current="step"]');

test('the handover box, the delivery window\'s coming list and the stepper, from the decision to the window', async () => {
  const [applicant, clerk, approver, chief] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(applicant, '91460100MA5T00010J');
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  const id = await decidedCase(applicant, clerk, approver, chief);

  // The window sees it coming, and why it is not there yet.
  await clerk.goto('/workbench/handover');
  await clerk.getByTestId('handover-page').waitFor();
  assert.equal(await clerk.getByTestId('handover-page').getAttribute('data-tab'), 'coming');
  await row(clerk, id).waitFor();
  assert.equal(await row(clerk, id).locator('[data-reason]').first().getAttribute('data-reason'), 'not_handed_over');
  assert.match(await row(clerk, id).innerText(), /部门尚未移交/);
  await e.shot(clerk, 'handover-coming');

  // The department's handover box: the case, its light, a link to the case.
  await chief.goto('/workbench/handover');
  assert.equal(await chief.getByTestId('handover-page').getAttribute('data-tab'), 'box');
  await row(chief, id).waitFor();
  assert.equal(await row(chief, id).getAttribute('data-light'), 'green');
  await e.shot(chief, 'handover-box');
  await row(chief, id).getByTestId('handover-link').click();
  await chief.getByTestId('wb-case-page').waitFor();

  // The stepper: an ordered list, the current step marked for assistive technology.
  await currentStep(chief).waitFor();
  assert.equal(await currentStep(chief).count(), 1);
  assert.equal(await currentStep(chief).getAttribute('data-step'), 'handover');
  assert.match(await currentStep(chief).innerText(), /移交出件窗口/);
  assert.equal(await chief.locator('[data-testid="case-step"][data-step="decide"]').getAttribute('data-state'), 'done');
  await chief.getByTestId('action-handover').click();
  await chief.getByTestId('action-form').waitFor();
  await chief.getByTestId('action-submit').click();
  await chief.getByTestId('action-form').waitFor({ state: 'hidden' });
  await chief.waitForFunction(() => document.querySelector('[data-testid="case-stepper"] li[aria-current="step"]')?.getAttribute('data-step') === 'deliver');
  assert.equal(await chief.locator('[data-testid="case-step"][data-step="handover"] [data-testid="case-step-light"]').getAttribute('data-completion'), 'on_time');
  // A decided case says it was completed on time, not "not timed".
  assert.equal(await chief.getByTestId('case-light').first().getAttribute('data-completion'), 'on_time');
  assert.match(await chief.getByTestId('case-light').first().innerText(), /按时办结/);

  await chief.goto('/workbench/handover');
  await chief.getByTestId('handover-page').waitFor();
  await chief.waitForFunction((cid) => !document.querySelector(`[data-testid="handover-row"][data-case-id="${cid}"]`) && !!document.querySelector('[data-testid="handover-table"]'), id);
  await clerk.goto('/workbench/handover?tab=coming');
  await clerk.getByTestId('handover-table').waitFor();
  assert.equal(await row(clerk, id).count(), 0, 'at the window: no longer coming');

  // The applicant on a phone, in Chinese then English: the same steps, the current one marked.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/login?next=${encodeURIComponent(`/my/cases/${id}`)}`);
  await phone.getByTestId('login-name').fill('91460100MA5T00010J');
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.waitForURL((u) => u.pathname === `/my/cases/${id}`);
  await currentStep(phone).waitFor();
  assert.equal(await currentStep(phone).getAttribute('data-step'), 'deliver');
  assert.match(await currentStep(phone).innerText(), /领取送达/);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no sideways scroll on a phone (${width}px)`);
  await e.shot(phone, 'handover-stepper-phone');
  await phone.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await phone.reload();
  await currentStep(phone).waitFor();
  assert.match(await currentStep(phone).innerText(), /Delivery/);
  assert.match(await phone.getByTestId('case-stepper').innerText(), /To the delivery window/);
  assert.match(await phone.getByTestId('case-light').first().innerText(), /Completed on time/);
});
