import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { makeCreditCode, makeIdNumber } from '../server/src/lib/identity.ts';
import { DEMO_PERSON } from '../server/src/seed/seed.ts';
import { itemIdByName, openAllDay, provinceKiosk, serveWithoutRating, samplePdf, signInPage, signInPhone, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('a person takes a ticket at the kiosk, the window calls it, the display shows it, the case is registered from the ticket', async () => {
  const manager = await openAllDay(e);
  const centers = (await (await manager.request.get('/api/hall/centers')).json()).centers as Array<{ id: string; name: string }>;
  const province = centers.find((c) => c.name.startsWith('海南省'))!.id;

  // The hall display, open before the call: pushed over SSE; a second one whose stream is blocked polls.
  const display = await e.newPage();
  const asked: string[] = [];
  display.on('request', (r) => { asked.push(new URL(r.url()).pathname); });
  await display.goto(`/queue/display/${province}`);
  await display.getByTestId('queue-display').waitFor();
  const polled = await e.newPage();
  await polled.route('**/display/stream', (r) => r.abort());
  await polled.goto(`/queue/display/${province}`);
  await polled.getByTestId('queue-display').waitFor();

  // The kiosk: set up once with its token, large buttons per zone; the ticket shows its number and place.
  const kiosk = await provinceKiosk(e);
  await kiosk.getByTestId('kiosk-id').fill(makeIdNumber('460100', '19500101', '561'));
  await kiosk.getByTestId('kiosk-zone-A').click();
  const number = (await kiosk.getByTestId('kiosk-number').innerText()).trim();
  assert.match(number, /^A\d{3}$/);
  assert.match(await kiosk.getByTestId('kiosk-ahead').innerText(), /前面还有 0 人/);
  await e.shot(kiosk, 'queue-kiosk-ticket');
  // Nothing of the person stays on the screen for the next one.
  await kiosk.getByTestId('kiosk-done').click();
  await kiosk.getByTestId('kiosk-zone-A').waitFor();
  assert.equal(await kiosk.getByTestId('kiosk-id').inputValue(), '');

  // The window calls it.
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await clerk.goto('/workbench/queue');
  await clerk.getByTestId('queue-panel').waitFor();
  await clerk.getByTestId('queue-call-next').click();
  await clerk.getByTestId('queue-current').filter({ hasText: number }).waitFor();
  await e.shot(clerk, 'queue-window-panel');

  // The display shows it (pushed over SSE; polled with the ETag where the stream fails).
  await display.getByTestId('display-number').filter({ hasText: number }).waitFor();
  await e.shot(display, 'queue-display');
  assert.ok(asked.includes(`/api/hall/centers/${province}/display/stream`), asked.join(' '));
  assert.ok(!asked.includes(`/api/hall/centers/${province}/display`), 'the streamed display does not poll');
  await polled.getByTestId('display-number').filter({ hasText: number }).waitFor();

  // The case is registered at the counter from the ticket: the ticket is linked to it.
  await clerk.getByTestId('queue-register').click();
  await clerk.getByTestId('counter-item-search').fill('建筑工程施工许可证核发');
  await clerk.getByTestId('counter-item-search-button').click();
  await clerk.getByTestId('counter-item-option').filter({ hasText: '建筑工程施工许可证核发' }).first().getByTestId('counter-item-choose').click();
  await clerk.getByTestId('counter-form').waitFor();
  // The permit serves enterprises only (服务对象): the ticket holder applies for their company, a person cannot be chosen.
  await clerk.getByTestId('counter-credit-code').waitFor();
  assert.equal(await clerk.locator('.ant-segmented-item-disabled').filter({ has: clerk.getByTestId('counter-kind-person') }).count(), 1);
  await clerk.getByTestId('counter-name').fill('海南取号建设有限公司');
  await clerk.getByTestId('counter-credit-code').fill(makeCreditCode('9', '1', '460100', 'MA5TQ561'));
  await clerk.getByTestId('counter-legal-rep').fill('王取号');
  await clerk.getByTestId('counter-phone').fill('13976000561');
  const itemId = await itemIdByName(clerk, '建筑工程施工许可证核发', '海南省');
  const form = await (await clerk.request.get(`/api/items/${itemId}/form`)).json();
  for (const f of form.fields.filter((x: { required: boolean }) => x.required)) {
    await clerk.getByTestId(`counter-field-${f.key}`).fill(f.key === 'contactPhone' ? '13800138000' : `测试填写${randomUUID().slice(0, 4)}`);
  }
  for (const m of form.materials.filter((x: { requirement: string }) => x.requirement === 'required')) {
    await clerk.getByTestId(`counter-material-${m.key}`).locator('input[type=file]').setInputFiles(samplePdf());
    await clerk.getByTestId(`counter-material-${m.key}-file`).first().waitFor();
  }
  await clerk.getByTestId('counter-submit').click();
  await clerk.getByTestId('wb-case-page').waitFor();
  const caseId = new URL(clerk.url()).pathname.split('/').pop()!;

  // The window's panel shows the ticket still at the window with the case registered from it; finishing it records the service time, and the ticket carries the case.
  await clerk.goto('/workbench/queue');
  await clerk.getByTestId('queue-current').filter({ hasText: number }).waitFor();
  await clerk.getByTestId('queue-current-cases').locator(`a[href="/workbench/cases/${caseId}"]`).waitFor();
  await clerk.getByTestId('queue-finish').click();
  await clerk.getByTestId('queue-current').waitFor({ state: 'detached' });
  // The panel turns into the window's pad (现场评价): the visitor picks one of five large choices.
  await clerk.getByTestId('visit-pad').filter({ hasText: number }).waitFor();
  await e.shot(clerk, 'queue-visit-pad');
  await clerk.getByTestId('visit-pad').getByText('满意', { exact: true }).click();
  await clerk.getByTestId('visit-pad-comment').fill('窗口服务耐心');
  await clerk.getByTestId('visit-pad-submit').click();
  await clerk.getByTestId('visit-pad-thanks').waitFor();
  await clerk.getByTestId('visit-pad-close').click();
  await clerk.getByTestId('visit-pad').waitFor({ state: 'detached' });
  const pg = await import('pg');
  const db = new pg.default.Client({ connectionString: e.databaseUrl });
  await db.connect();
  try {
    const row = (await db.query(`SELECT t.status, t.first_called_at IS NOT NULL AS called, t.finished_at IS NOT NULL AS finished,
        array(SELECT l.case_id::text FROM hall_ticket_cases l WHERE l.ticket_id = t.id) AS cases
      FROM hall_tickets t WHERE t.number = $1 ORDER BY t.issued_at DESC LIMIT 1`, [number])).rows[0];
    assert.deepEqual(row, { cases: [caseId], status: 'done', called: true, finished: true });
    const rating = (await db.query(`SELECT r.level, r.channel, r.comment, r.rater_id FROM ratings r JOIN hall_tickets t ON t.id = r.ticket_id
      WHERE t.number = $1 ORDER BY t.issued_at DESC LIMIT 1`, [number])).rows[0];
    assert.deepEqual(rating, { level: 4, channel: 'pad', comment: '窗口服务耐心', rater_id: null });
  } finally {
    await db.end();
  }
});

test("the visitor rates today's visit on their phone (My hall): once, and the pad skipped", async () => {
  await openAllDay(e);
  // 张三 takes a ticket at the kiosk with his ID number; window 1 calls and finishes it, and the visitor does not rate on the pad.
  const kiosk = await provinceKiosk(e);
  await kiosk.getByTestId('kiosk-id').fill(DEMO_PERSON.idNumber);
  await kiosk.getByTestId('kiosk-zone-A').click();
  const number = (await kiosk.getByTestId('kiosk-number').innerText()).trim();
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await serveWithoutRating(clerk, number);

  const phone = await e.newPage({ mobile: true });
  await signInPhone(phone, DEMO_PERSON.idNumber);
  await phone.goto('/my/hall');
  const visit = phone.getByTestId('visit-rating').filter({ hasText: number });
  await visit.waitFor();
  assert.equal(await visit.getByTestId('visit-rating-submit').isDisabled(), true, 'nothing chosen yet');
  await visit.getByText('非常满意', { exact: true }).click();
  await visit.getByTestId('visit-rating-submit').click();
  await visit.getByTestId('visit-rated').waitFor();
  assert.match(await visit.innerText(), /非常满意/);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no sideways scroll (${width})`);
  // Once: the server refuses a second rating of the same visit, whoever sends it.
  const me = await (await phone.request.get('/api/auth/me')).json();
  const tickets = (await (await phone.request.get('/api/my/hall/visits')).json()).visits as Array<{ ticketId: string; number: string }>;
  const id = tickets.find((v) => v.number === number)!.ticketId;
  const again = await phone.request.post(`/api/hall/tickets/${id}/rating`, { data: { level: 1 }, headers: { 'x-csrf-token': me.csrfToken } });
  assert.equal(again.status(), 409);
  assert.equal((await again.json()).code, 'RATING_ALREADY_GIVEN');
});

test('the kiosk and the display in English, on a phone-sized screen, without sideways scrolling', async () => {
  const kiosk = await e.newPage({ mobile: true });
  await kiosk.goto('/queue/kiosk?token=demo-kiosk-province');
  await kiosk.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await kiosk.reload();
  await kiosk.getByTestId('kiosk-zone-A').waitFor();
  assert.match(await kiosk.getByTestId('kiosk').innerText(), /Choose a zone to take a ticket/);
  const width = await kiosk.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no sideways scroll (${width})`);
  // An unregistered device is told so and offered nothing.
  const stranger = await e.newPage();
  await stranger.goto('/queue/kiosk');
  await stranger.evaluate(() => localStorage.removeItem('ow.kiosk.token'));
  await stranger.reload();
  await stranger.getByTestId('kiosk').waitFor();
  assert.match(await stranger.getByTestId('kiosk').innerText(), /尚未登记为取号机/);
  assert.equal(await stranger.locator('[data-testid^="kiosk-zone-"]').count(), 0);
});
