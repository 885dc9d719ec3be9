import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, decidedCase, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseIdentityCheck } from './deliver.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const ENTERPRISE = '91460100MA5T00010J';

test('pickup at the delivery window: a wrong identity is refused with its reason, the holder\'s credit code hands the result over', async () => {
  const [applicant, clerk, approver, chief, delivery] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(applicant, ENTERPRISE);
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  await signInPage(delivery, 'delivery1');
  const id = await decidedCase(applicant, clerk, approver, chief);
  await (await apiOf(chief)).post(`/api/cases/${id}/actions`, { action: 'handover' });

  await delivery.goto(`/workbench/cases/${id}`);
  await delivery.getByTestId('wb-case-page').waitFor();
  await delivery.getByTestId('action-deliver').click();
  const form = delivery.getByTestId('deliver-pickup-form');
  await form.waitFor();
  assert.equal(await delivery.getByTestId('deliver-choice').getAttribute('data-method'), 'pickup', 'no choice: pickup at the window');
  await (await chooseIdentityCheck(delivery)).fill('460100199001011234');
  await delivery.getByTestId('deliver-pickup-submit').click();
  const alert = delivery.getByTestId('deliver-dialog-body').getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /证件号码与申请人不符/);
  await e.shot(delivery, 'delivery-identity-refused');
  assert.equal((await (await apiOf(applicant)).get(`/api/cases/${id}`)).status, 'ready', 'nothing handed over');

  await delivery.getByTestId('deliver-identity-number').fill(ENTERPRISE);
  await delivery.getByTestId('deliver-pickup-submit').click();
  await form.waitFor({ state: 'detached' });
  await delivery.waitForFunction(() => document.querySelector('[data-testid="case-header"]')?.getAttribute('data-status') === 'delivered');

  await applicant.goto(`/my/cases/${id}`);
  await applicant.getByTestId('delivery-history').waitFor();
  assert.equal(await applicant.locator('[data-testid="delivery-history"] li').first().getAttribute('data-status'), 'delivered');
  assert.equal(await applicant.getByTestId('delivery-change').count(), 0, 'no change once delivered');
});

test('the applicant chooses post on the case page; the delivery window posts it to that address', async () => {
  const [desk, clerk, approver, chief, delivery] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(desk, ENTERPRISE);
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  await signInPage(delivery, 'delivery1');
  const id = await decidedCase(desk, clerk, approver, chief);

  // On a phone: the applicant signs in from the case link and changes the delivery there.
  const applicant = await e.newPage({ mobile: true });
  await applicant.goto(`/login?next=${encodeURIComponent(`/my/cases/${id}`)}`);
  await applicant.getByTestId('login-name').fill(ENTERPRISE);
  await applicant.getByTestId('login-password').fill('Demo@2026');
  await applicant.getByTestId('login-submit').click();
  await applicant.waitForURL((u) => u.pathname === `/my/cases/${id}`);
  await applicant.getByTestId('delivery-change').click();
  await applicant.getByTestId('delivery-form').waitFor();
  await applicant.getByTestId('case-delivery-post').click();
  await applicant.getByTestId('case-delivery-name').fill('王五');
  await applicant.getByTestId('case-delivery-phone').fill('13900139000');
  await applicant.getByTestId('case-delivery-region').fill('460100');
  await applicant.getByTestId('case-delivery-address').fill('海口市美兰区国兴大道9号');
  await applicant.getByTestId('delivery-save').click();
  await applicant.getByTestId('delivery-form').waitFor({ state: 'detached' });
  await applicant.waitForFunction(() => document.querySelector('[data-testid="delivery-method"]')?.getAttribute('data-method') === 'post');
  assert.match(await applicant.getByTestId('delivery-address').innerText(), /国兴大道9号/);
  const width = await applicant.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(width <= 1, 'no sideways scroll on a phone');
  await e.shot(applicant, 'delivery-post-chosen');

  await (await apiOf(chief)).post(`/api/cases/${id}/actions`, { action: 'handover' });
  await delivery.goto(`/workbench/cases/${id}`);
  await delivery.getByTestId('action-deliver').click();
  await delivery.getByTestId('deliver-post-form').waitFor();
  assert.match(await delivery.getByTestId('deliver-post-address').innerText(), /王五.*国兴大道9号/);
  await delivery.getByTestId('deliver-post-tracking').fill('EA123456785CN'); // EMS (the default carrier), UPU S10 with its check digit
  await delivery.getByTestId('deliver-post-submit').click();
  await delivery.getByTestId('deliver-post-form').waitFor({ state: 'detached' });

  await applicant.reload();
  await applicant.getByTestId('delivery-current').waitFor();
  assert.match(await applicant.getByTestId('delivery-current').innerText(), /EA123456785CN/);
  assert.equal(await applicant.getByTestId('delivery-change').count(), 0, 'no change while the parcel is out');
});
