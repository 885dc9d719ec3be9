import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoViolations } from './axe.ts';
import { openAllDay, provinceKiosk, serveWithoutRating, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/** A ticket taken at the kiosk: its number and the slip's rating code (the QR code's address and the printed code). */
async function takeTicket(kiosk: Page) {
  await kiosk.getByTestId('kiosk-zone-A').click();
  const number = (await kiosk.getByTestId('kiosk-number').innerText()).trim();
  const slip = kiosk.getByTestId('slip-rating');
  await slip.getByTestId('slip-qr').waitFor();
  const url = new URL((await slip.getAttribute('data-url'))!);
  const code = (await slip.getByTestId('slip-code').innerText()).trim();
  assert.match(url.pathname, /^\/rate\/[0-9A-HJKMNP-TV-Z]{20}$/);
  assert.equal(code.replace(/-/g, ''), url.pathname.slice('/rate/'.length), 'the printed code is the QR code\'s token');
  await kiosk.getByTestId('kiosk-done').click();
  await kiosk.getByTestId('kiosk-zone-A').waitFor();
  return { number, path: url.pathname, code };
}


test('扫码评价: the slip\'s QR code opens the rating page on a phone (375 px), the finished visit is rated 满意 once', async () => {
  await openAllDay(e);
  const kiosk = await provinceKiosk(e);
  const slip = await takeTicket(kiosk);

  // Before the visit is done the page says so and offers no choices.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(slip.path);
  await phone.getByTestId('token-rating-visit').filter({ hasText: slip.number }).waitFor();
  await phone.locator('[data-testid="token-rating"][data-state="not_finished"]').waitFor();
  assert.equal(await phone.getByTestId('rating-levels').count(), 0);

  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await serveWithoutRating(clerk, slip.number);

  await phone.reload();
  await phone.locator('[data-testid="token-rating"][data-state="open"]').waitFor();
  // Large touch targets, and nothing wider than the phone.
  const box = (await phone.getByTestId('rating-levels').locator('label').filter({ hasText: /^满意$/ }).boundingBox())!;
  assert.ok(box.height >= 48, `choice ${box.height}px high`);
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 375 px');
  await e.shot(phone, 'rate-slip-phone');
  await assertNoViolations(phone, '[data-testid="token-rating"]', 'rate-slip');
  await phone.getByText('满意', { exact: true }).click();
  await phone.getByTestId('token-rating-comment').fill('扫码很方便');
  await phone.getByTestId('token-rating-submit').click();
  await phone.getByTestId('token-rating-thanks').waitFor();

  const row = await e.db().selectFrom('ratings as r').innerJoin('hall_tickets as t', 't.id', 'r.ticket_id')
    .select(['r.level', 'r.channel', 'r.comment', 'r.rater_id']).where('t.number', '=', slip.number).orderBy('t.issued_at', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual(row, { level: 4, channel: 'slip', comment: '扫码很方便', rater_id: null });
  // Once: opened again, the page says it is rated and offers nothing.
  await phone.reload();
  await phone.locator('[data-testid="token-rating"][data-state="rated"]').waitFor();
  assert.equal(await phone.getByTestId('rating-levels').count(), 0);
  // In English, the same page says so in English.
  await phone.getByTestId('lang-switch').click();
  await phone.getByTestId('token-rating-state').filter({ hasText: 'This visit has already been rated' }).waitFor();
  await phone.getByRole('heading', { level: 1, name: 'Rate your visit' }).waitFor();
});

test('the kiosk\'s 评价 step: the code typed (as a scanner types it), the same form, thanks, back to the start; an unknown code is refused', async () => {
  const kiosk = await provinceKiosk(e);
  const slip = await takeTicket(kiosk);
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await serveWithoutRating(clerk, slip.number);

  await kiosk.getByTestId('kiosk-rate').click();
  await kiosk.getByTestId('kiosk-rate-code').fill('ABCD-EFGH-JKMN-PQRS-TVWX');
  await kiosk.getByTestId('kiosk-rate-code').press('Enter');
  await kiosk.locator('[data-testid="error-alert"][data-code="RATING_TOKEN_UNKNOWN"]').waitFor();
  await kiosk.getByTestId('kiosk-rate-back').click();

  await kiosk.getByTestId('kiosk-rate').click();
  // The scanner types the QR code's whole address and presses Enter.
  await kiosk.getByTestId('kiosk-rate-code').fill(`http://any.example${slip.path}`);
  await kiosk.getByTestId('kiosk-rate-code').press('Enter');
  await kiosk.getByTestId('token-rating-visit').filter({ hasText: slip.number }).waitFor();
  await kiosk.getByText('非常满意', { exact: true }).click();
  await kiosk.getByTestId('token-rating-submit').click();
  await kiosk.getByTestId('token-rating-thanks').waitFor();
  await kiosk.getByTestId('token-rating-close').click();
  await kiosk.getByTestId('kiosk-zone-A').waitFor();
  const row = await e.db().selectFrom('ratings as r').innerJoin('hall_tickets as t', 't.id', 'r.ticket_id')
    .select(['r.level', 'r.channel']).where('t.number', '=', slip.number).orderBy('t.issued_at', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual(row, { level: 5, channel: 'kiosk' });
});
