import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import * as calendarRepo from '../calendar/calendar.repository.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { itemIdByName, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { markOnCalendarChange, RECOMPUTE_BATCH, recomputeMarkedClocks } from './clock-sync.ts';

let t: TestApp;
let company: Session;
let ids: string[];
const COPIES = 2 * RECOMPUTE_BATCH + 49;

// Monday 2026-03-02, 10:00 in Beijing. The Haikou food licence is due the next working day.
const MONDAY = new Date('2026-03-02T02:00:00Z');

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  const hkWindow = await signIn(t.app, 'hk.window1');
  const itemId = await itemIdByName(t.app, '食品经营许可', '海口');
  const c = (await submitApplication(t.app, company, itemId)).json().case;
  const accepted = await hkWindow.post(`/api/cases/${c.id}/actions`, { action: 'accept' });
  assert.equal(accepted.json().case.dueDate, '2026-03-03', accepted.body);
  // More open Haikou cases than one batch, straight in the table (same item, same dates).
  await sql`
    INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel, idempotency_key,
      status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date, promised_days, statutory_days,
      due_date, statutory_due_date, warning_date, created_at, updated_at)
    SELECT item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel, 'copy-' || g,
      status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date, promised_days, statutory_days,
      due_date, statutory_due_date, warning_date, created_at, updated_at
    FROM cases, generate_series(1, ${COPIES}) g WHERE id = ${c.id}`.execute(t.ctx.db);
  ids = (await t.ctx.db.selectFrom('cases').select('id').where('item_id', '=', itemId).where('status', '=', 'accepted').execute()).map((r) => r.id);
  assert.equal(ids.length, COPIES + 1);
});
after(async () => { await t.close(); });

const datesOf = () => t.ctx.db.selectFrom('cases').select(['id', 'due_date', 'due_provisional', 'clock_recompute']).where('id', 'in', ids).execute();
async function recomputedEvents(): Promise<Map<string, number>> {
  const rows = await t.ctx.db.selectFrom('audit_events').select(['stream', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', '=', 'case.clock_recomputed').where('stream', 'in', ids.map((id) => `case:${id}`)).groupBy('stream').execute();
  return new Map(rows.map((r) => [r.stream.slice('case:'.length), Number(r.n)]));
}

test('a local holiday moves every open case of the region, in more than one batch, each recorded once', async () => {
  const hkManager = await signIn(t.app, 'hk.manager');
  const set = await hkManager.put('/api/admin/calendar/460100/days/2026-03-03', { kind: 'holiday', name: '测试假日' });
  assert.equal(set.statusCode, 200, set.body);
  const rows = await datesOf();
  assert.ok(rows.every((r) => r.due_date === '2026-03-04' && !r.due_provisional && r.clock_recompute === null), 'all recomputed, none left marked');
  const events = await recomputedEvents();
  assert.equal(events.size, ids.length);
  assert.ok([...events.values()].every((n) => n === 1));
});

test('a change whose recomputation never ran (a crash) reads as provisional; two instances then finish it, each case once', async () => {
  // The change and its marks commit; the process "dies" before the batches.
  await t.ctx.db.transaction().execute(async (tx) => {
    const version = await calendarRepo.bumpVersion(tx, '460100', MONDAY);
    assert.ok(await calendarRepo.deleteDay(tx, '460100', '2026-03-03'));
    assert.equal(await markOnCalendarChange(tx, { region: '460100', years: [2026], scheduleYear: null, action: 'calendar.day_removed', version, actorId: null, at: MONDAY }), ids.length);
  });
  const seen = (await company.get(`/api/cases/${ids[0]}`)).json();
  assert.equal(seen.dueDate, '2026-03-04', 'not yet recomputed');
  assert.equal(seen.provisional, true, 'and so not shown as final');

  const other = openDatabase(t.config.DATABASE_URL!, 5);
  try {
    const [a, b] = await Promise.all([recomputeMarkedClocks(t.ctx.db, MONDAY, 30), recomputeMarkedClocks(other.db, MONDAY, 30)]);
    assert.equal(a + b, ids.length, `every case moved once (${a} + ${b})`);
  } finally {
    await other.close();
  }
  const rows = await datesOf();
  assert.ok(rows.every((r) => r.due_date === '2026-03-03' && !r.due_provisional && r.clock_recompute === null));
  assert.ok([...(await recomputedEvents()).values()].every((n) => n === 2), 'one more event per case');
  assert.equal((await company.get(`/api/cases/${ids[0]}`)).json().provisional, false);
});
