import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openAroundTheClock, signInPage, signInPhone, startE2E, type E2E } from './harness.ts';
import { chooseOption } from './antd.ts';

/** The manager's queue page (docs/hall.md "The manager's queue"): a waiting ticket transferred, another cancelled, a refusal shown. */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/** A ticket taken at the province's kiosk (no sign-in: the kiosk is known by its token). */
async function kioskTicket(zoneId: string) {
  const r = await fetch(`${e.baseUrl}/api/hall/kiosk/tickets`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-kiosk-token': 'demo-kiosk-province' }, body: JSON.stringify({ zoneId }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()) as { id: string; number: string };
}

test('a manager sees the waiting tickets of a zone, transfers one and cancels another; the clerk sees the transfer; a refusal is shown as the API words it', async () => {
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  await openAroundTheClock(manager);
  const cfg = await (await manager.request.get('/api/admin/hall')).json() as { zones: Array<{ id: string; prefix: string }> };
  const zoneOf = (prefix: string) => cfg.zones.find((z) => z.prefix === prefix)!.id;
  // Zone B is served by window 3 only: window1's clerk does not see its queue until a ticket comes into zone A.
  const [b1, b2] = [await kioskTicket(zoneOf('B')), await kioskTicket(zoneOf('B'))];

  // From the console's navigation to the queue page, zone B.
  await manager.goto('/admin/items');
  await manager.getByRole('link', { name: '排队管理' }).first().click();
  await manager.getByTestId('hall-queue').waitFor();
  await manager.getByTestId('hall-queue-zone-B').click();
  const row = (number: string) => manager.locator(`[data-testid="hall-queue-ticket"][data-number="${number}"]`);
  await row(b1.number).waitFor();
  await row(b2.number).waitFor();
  await e.shot(manager, 'hall-queue');

  // b1 goes to zone A.
  await row(b1.number).getByTestId('hall-queue-transfer').click();
  await chooseOption(manager, 'hall-queue-to-zone', 'A · 企业开办区');
  await manager.getByTestId('hall-queue-transfer-ok').click();
  await row(b1.number).waitFor({ state: 'detached' });
  // b2 is cancelled after the confirmation.
  await row(b2.number).getByTestId('hall-queue-cancel').click();
  await manager.getByTestId('hall-queue-cancel-ok').click();
  await row(b2.number).waitFor({ state: 'detached' });

  // The clerk of window 1 (zones A and D) now has b1 in their queue; the API says where each ticket is.
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await clerk.goto('/workbench/queue');
  await clerk.getByTestId('queue-list').getByText(b1.number, { exact: true }).waitFor();
  const ticket = async (id: string) => (await (await manager.request.get(`/api/my/hall/tickets/${id}`)).json()) as { status: string; zone: { prefix: string } };
  assert.deepEqual([(await ticket(b1.id)).status, (await ticket(b1.id)).zone.prefix], ['waiting', 'A']);
  assert.equal((await ticket(b2.id)).status, 'cancelled');

  // Zone A on the manager's page lists b1; the clerk calls it meanwhile, so the manager's cancel is refused, in the API's words.
  await manager.getByTestId('hall-queue-zone-A').click();
  await row(b1.number).waitFor();
  await clerk.getByTestId('queue-call-next').click();
  await clerk.getByTestId('queue-current').filter({ hasText: b1.number }).waitFor();
  await row(b1.number).getByTestId('hall-queue-cancel').click();
  await manager.getByTestId('hall-queue-cancel-ok').click();
  const alert = manager.locator('.ant-modal [data-testid="error-alert"]');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('data-code'), 'HALL_TICKET_NOT_AT_WINDOW');
  assert.equal((await ticket(b1.id)).status, 'called');
  // The list shows the queue as it now is: b1 is no longer waiting.
  await row(b1.number).waitFor({ state: 'detached' });
});

test('the queue page in English on a phone: complete texts, no sideways scrolling, zones reached by keyboard', async () => {
  const manager = await e.newPage({ mobile: true });
  await signInPhone(manager, 'manager');
  await manager.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await manager.goto('/admin/hall-queue');
  await manager.getByTestId('hall-queue-zone-A').waitFor();
  const text = await manager.getByTestId('hall-queue').innerText();
  assert.match(text, /Today's waiting tickets of each zone/);
  assert.doesNotMatch(text, /hallq\./);
  assert.ok(await manager.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'the queue page fits a phone');
  // The zones are tabs: focus one and move with the arrow keys.
  const tabs = manager.getByRole('tab');
  assert.ok(await tabs.count() >= 4);
  await tabs.first().focus();
  await manager.keyboard.press('ArrowRight');
  await manager.keyboard.press('Enter');
  await manager.getByRole('tab', { selected: true }).filter({ hasText: 'B ·' }).waitFor();
});

test("the day's appointments on the hall setup page: the next page and back again", async () => {
  // Fifty-five appointments today at the province's zone A (cancelled ones: a person may hold several), one more than a page of 50.
  const db = e.db();
  const { sql } = await import('kysely');
  const today = (await sql<{ day: string }>`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS day`.execute(db)).rows[0]!.day;
  const zone = (await sql<{ id: string; center_id: string }>`SELECT z.id, z.center_id FROM hall_zones z JOIN centers c ON c.id = z.center_id WHERE c.name LIKE '海南省%' AND z.prefix = 'A'`.execute(db)).rows[0]!;
  const person = (await sql<{ id: string }>`SELECT id FROM users WHERE kind = 'person' ORDER BY id LIMIT 1`.execute(db)).rows[0]!.id;
  await sql`INSERT INTO hall_appointments (center_id, zone_id, person_id, day, slot_start, slot_end, status, created_at, updated_at)
    SELECT ${zone.center_id}::uuid, ${zone.id}::uuid, ${person}::uuid, ${today}::date, make_time(8 + g / 6, (g % 6) * 10, 0), make_time(8 + g / 6, (g % 6) * 10 + 9, 0), 'cancelled', now(), now()
    FROM generate_series(0, 54) g`.execute(db);

  const manager = await e.newPage({ timezoneId: 'Asia/Shanghai' });
  await signInPage(manager, 'manager');
  await manager.goto('/admin/hall');
  const card = manager.getByTestId('day-appointments');
  const rows = card.getByTestId('day-appointment');
  await card.getByTestId('day-appointments-next').waitFor();
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid="day-appointment"]').length === 50);
  assert.equal(await card.getByTestId('day-appointments-prev').isDisabled(), true, 'no page before the first');
  const firstOfPage1 = await rows.first().getAttribute('data-id');

  await card.getByTestId('day-appointments-next').click();
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid="day-appointment"]').length === 5);
  assert.equal(await card.getByTestId('day-appointments-next').isDisabled(), true, 'the last page');
  assert.notEqual(await rows.first().getAttribute('data-id'), firstOfPage1);

  await card.getByTestId('day-appointments-prev').click();
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid="day-appointment"]').length === 50);
  assert.equal(await rows.first().getAttribute('data-id'), firstOfPage1, 'back on the first page');
  assert.equal(await card.getByTestId('day-appointments-next').textContent(), '下一页');
});
