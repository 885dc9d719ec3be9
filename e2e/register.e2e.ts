import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeIdNumber } from '../server/src/lib/identity.ts';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('sign up with a bad ID number, see which rule failed, then with a good one, and sign in', async () => {
  const good = makeIdNumber('460107', '19950621', '314');
  const bad = good.slice(0, 17) + (good[17] === '5' ? '6' : '5');
  const page = await e.newPage();
  await page.goto('/register');
  await page.getByTestId('register-form-person').waitFor();
  await page.getByTestId('register-name').fill('海小南');
  await page.getByTestId('register-id-number').fill(bad);
  await page.getByTestId('register-phone').fill('13912345678');
  await page.getByTestId('register-password').fill('Hainan2026');
  await page.getByTestId('register-password2').fill('Hainan2026');
  await page.getByTestId('register-submit').click();
  const alert = page.getByTestId('error-alert');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('data-code'), 'ID_NUMBER_CHECK_DIGIT');
  assert.match(await alert.innerText(), /校验/);
  assert.equal(await page.locator('.ant-form-item-has-error').filter({ has: page.getByTestId('register-id-number') }).count(), 1);
  await e.shot(page, 'register-bad-id');

  await page.getByTestId('register-id-number').fill(good);
  await page.getByTestId('register-submit').click();
  await page.getByTestId('login-page').waitFor();
  await page.getByTestId('register-success').waitFor();
  await page.getByTestId('login-name').fill(good);
  await page.getByTestId('login-password').fill('Hainan2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').first().waitFor();
  assert.match(await page.getByTestId('user-name').first().innerText(), /海小南/);
  await e.shot(page, 'register-signed-in');
});
