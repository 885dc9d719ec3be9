import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import * as repo from './calendar.repository.ts';
import { addWorkdays, countWorkdays, isWorkday, loadCalendar, onCalendarChange, regionsAffectedBy, seedCalendar, type CalendarChange } from './calendar.service.ts';

let t: TestApp;
let manager: Session; // province center, 460000
let hk: Session; // Haikou center, 460100
before(async () => {
  t = await testApp();
  manager = await signIn(t.app, 'manager');
  hk = await signIn(t.app, 'hk.manager');
});
after(async () => { await t.close(); });

const get = (url: string) => t.app.inject({ method: 'GET', url });
const due = async (from: string, workdays: number | string, region?: string) => {
  const r = await get(`/api/calendar/due?from=${from}&workdays=${workdays}${region ? `&region=${region}` : ''}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { due: string; provisional: boolean };
};
const audit = (stream: string) => t.ctx.db.selectFrom('audit_events').select(['seq', 'action', 'actor_id', 'data']).where('stream', '=', stream).orderBy('seq').execute();

const SCHEDULE_2027 = {
  notice: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', nameEn: 'Spring Festival', from: '2027-02-05', to: '2027-02-13' },
  ],
  workdays: [{ name: '春节', date: '2027-02-14' }],
};

test('the seed loaded the official schedules of 2004–2026, once', async () => {
  const list = await manager.get('/api/admin/calendar/schedules');
  assert.equal(list.statusCode, 200, list.body);
  const years = list.json().schedules.map((s: { year: number }) => s.year);
  assert.deepEqual(years, Array.from({ length: 23 }, (_, k) => 2004 + k));
  const y2026 = list.json().schedules.find((s: { year: number }) => s.year === 2026);
  assert.equal(y2026.workdays, 6);
  assert.equal(y2026.holidays, 33);
  const events = (await audit('calendar:CN')).length;
  assert.equal(events, 23);
  assert.deepEqual(await seedCalendar(t.ctx.db, t.clock.now()), { loaded: [] });
  assert.equal((await audit('calendar:CN')).length, events);
});

test('GET /api/calendar/due follows the 2026 State Council schedule, the first day not counted', async () => {
  assert.deepEqual(await due('2026-02-13', 1), { due: '2026-02-14', provisional: false }); // make-up Saturday
  assert.deepEqual(await due('2026-02-12', 3, '460100'), { due: '2026-02-24', provisional: false });
  assert.deepEqual(await due('2026-09-30', 1, '460000'), { due: '2026-10-08', provisional: false });
  assert.deepEqual(await due('2026-09-21', 20, '460106001001'), { due: '2026-10-26', provisional: false }); // a village inherits
  assert.deepEqual(await due('2025-12-31', 1, 'CN'), { due: '2026-01-04', provisional: false }); // make-up Sunday
  assert.deepEqual(await due('2026-03-02', 0), { due: '2026-03-02', provisional: false });
  assert.deepEqual(await due('2026-03-07', 0), { due: '2026-03-09', provisional: false });
});

test('GET /api/calendar/workdays counts (from, to]', async () => {
  const r = await get('/api/calendar/workdays?from=2026-02-13&to=2026-02-28&region=460100');
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json(), { workdays: 6, provisional: false });
  assert.deepEqual((await get('/api/calendar/workdays?from=2026-03-09&to=2026-03-02')).json(), { workdays: -5, provisional: false });
  assert.deepEqual((await get('/api/calendar/workdays?from=2026-12-01&to=2027-01-31')).json().provisional, true);
});

test('bad dates, counts and regions are 400 with stable codes and both languages', async () => {
  const cases: Array<[string, string, string]> = [
    ['/api/calendar/due?from=2026-02-30&workdays=1', 'DATE_INVALID', 'from'],
    ['/api/calendar/due?from=2026-2-3&workdays=1', 'DATE_INVALID', 'from'],
    ['/api/calendar/due?from=1999-12-31&workdays=1', 'DATE_OUT_OF_RANGE', 'from'],
    ['/api/calendar/due?from=2026-02-03&workdays=-1', 'WORKDAYS_INVALID', 'workdays'],
    ['/api/calendar/due?from=2026-02-03&workdays=1.5', 'WORKDAYS_INVALID', 'workdays'],
    ['/api/calendar/due?from=2026-02-03&workdays=abc', 'WORKDAYS_INVALID', 'workdays'],
    ['/api/calendar/due?from=2026-02-03&workdays=10001', 'WORKDAYS_INVALID', 'workdays'],
    ['/api/calendar/due?from=2026-02-03&workdays=1&region=XX', 'REGION_UNKNOWN', 'region'],
    ['/api/calendar/due?from=2026-02-03&workdays=1&region=469999', 'REGION_UNKNOWN', 'region'],
    ['/api/calendar/due?from=2199-12-30&workdays=10', 'DATE_OUT_OF_RANGE', 'workdays'],
    ['/api/calendar/workdays?from=2026-02-03&to=2026-02-31', 'DATE_INVALID', 'to'],
    ['/api/calendar/workdays?from=2026-02-03&to=2026-02-20&region=460199', 'REGION_UNKNOWN', 'region'],
  ];
  for (const [url, code, field] of cases) {
    const r = await get(url);
    assert.equal(r.statusCode, 400, url);
    const body = r.json();
    assert.equal(body.code, code, `${url}: ${r.body}`);
    assert.equal(body.field, field, url);
    assert.ok(body.message.zh && body.message.en && body.message.zh !== body.message.en, url);
  }
  assert.equal((await get('/api/calendar/due?workdays=1')).statusCode, 400);
});

test('the service API for other modules: plain calls, a calendar for hot loops, inside a transaction', async () => {
  assert.deepEqual(await addWorkdays(t.ctx.db, '460100', '2026-02-13', 1), { due: '2026-02-14', provisional: false });
  assert.deepEqual(await countWorkdays(t.ctx.db, '460100', '2026-02-13', '2026-02-28'), { workdays: 6, provisional: false });
  assert.equal(await isWorkday(t.ctx.db, '460100', '2026-02-14'), true);
  assert.equal(await isWorkday(t.ctx.db, '460100', '2026-02-16'), false);
  const cal = await loadCalendar(t.ctx.db, '460105');
  assert.equal(cal.addWorkdays('2026-02-13', 1).due, '2026-02-14');
  assert.equal(cal.provisionalYears.has(2027), true);
  // Regions without local days share one cached calendar object.
  assert.equal(await loadCalendar(t.ctx.db, '460106'), cal);
  await t.ctx.db.transaction().execute(async (tx) => {
    assert.equal((await addWorkdays(tx, 'CN', '2026-09-30', 1)).due, '2026-10-08');
  });
  await assert.rejects(addWorkdays(t.ctx.db, '999999', '2026-01-01', 1), (e: Error & { code?: string }) => e.code === 'REGION_UNKNOWN');
  assert.deepEqual(await regionsAffectedBy(t.ctx.db, '460100'), ['460100', '460105', '460106', '460107', '460108', '460106001', '460106001001']);
  assert.equal(await regionsAffectedBy(t.ctx.db, 'CN'), null);
});

test('a local holiday of the Haikou manager moves Haikou deadlines, not the province’s; it is audited', async () => {
  assert.equal((await due('2026-04-17', 1, '460100')).due, '2026-04-20');
  const changes: CalendarChange[] = [];
  const stop = onCalendarChange(async (_tx, c) => { changes.push(c); });
  try {
    const r = await hk.put('/api/admin/calendar/460100/days/2026-04-20', { kind: 'holiday', name: '三月三', nameEn: 'Sanyuesan' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().region, '460100');
    const v1 = r.json().version;
    assert.equal((await due('2026-04-17', 1, '460100')).due, '2026-04-21');
    assert.equal((await due('2026-04-17', 1, '460106001001')).due, '2026-04-21'); // below Haikou too
    assert.equal((await due('2026-04-17', 1, '460000')).due, '2026-04-20');
    assert.equal((await due('2026-04-17', 1)).due, '2026-04-20');

    // A second change bumps the version; the listing shows where each day comes from.
    const w = await hk.put('/api/admin/calendar/460100/days/2026-04-25', { kind: 'workday', name: '三月三调休上班' });
    assert.equal(w.json().version, v1 + 1);
    const list = await hk.get('/api/admin/calendar/460100/days?year=2026');
    assert.equal(list.statusCode, 200, list.body);
    const days = list.json().days as Array<{ date: string; working: boolean; source: string; region: string; name: string }>;
    assert.deepEqual(days.find((d) => d.date === '2026-04-20'), { date: '2026-04-20', working: false, name: '三月三', source: 'local', region: '460100' });
    assert.deepEqual(days.find((d) => d.date === '2026-02-14'), { date: '2026-02-14', working: true, name: '春节', source: 'official', region: 'CN' });
    assert.equal(list.json().provisional, false);
    assert.match(list.json().notice, /2026年部分节假日/);
    const province = (await manager.get('/api/admin/calendar/460000/days?year=2026')).json().days as Array<{ source: string }>;
    assert.ok(province.every((d) => d.source === 'official'));

    const del = await hk.del('/api/admin/calendar/460100/days/2026-04-20');
    assert.equal(del.statusCode, 200, del.body);
    assert.equal((await due('2026-04-17', 1, '460100')).due, '2026-04-20');
    const again = await hk.del('/api/admin/calendar/460100/days/2026-04-20');
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().code, 'CALENDAR_DAY_NOT_FOUND');

    const events = await audit('calendar:460100');
    assert.deepEqual(events.map((e) => e.action), ['calendar.day_set', 'calendar.day_set', 'calendar.day_removed']);
    assert.equal(events[0]!.actor_id, hk.user.id);
    assert.deepEqual((events[0]!.data as Record<string, unknown>).date, '2026-04-20');
    assert.deepEqual((events[2]!.data as Record<string, unknown>).previous, { kind: 'holiday', name: '三月三' });
    assert.deepEqual(changes.map((c) => [c.region, c.action, c.years]), [
      ['460100', 'calendar.day_set', [2026]], ['460100', 'calendar.day_set', [2026]], ['460100', 'calendar.day_removed', [2026]],
    ]);
  } finally {
    stop();
  }
});

test('403 for another region, for non-managers and for the national schedule outside a province center; 401 signed out', async () => {
  const body = { kind: 'holiday', name: '越权' };
  const upward = await hk.put('/api/admin/calendar/460000/days/2026-05-06', body);
  assert.equal(upward.statusCode, 403);
  assert.equal(upward.json().code, 'FORBIDDEN');
  assert.equal((await hk.put('/api/admin/calendar/CN/days/2026-05-06', body)).statusCode, 403);
  assert.equal((await manager.put('/api/admin/calendar/460100/days/2026-05-06', body)).statusCode, 403);
  assert.equal((await hk.del('/api/admin/calendar/460000/days/2026-05-06')).statusCode, 403);
  for (const login of ['supervisor', 'window1', 'chief.market', 'hk.window1']) {
    const s = await signIn(t.app, login);
    assert.equal((await s.put(`/api/admin/calendar/${login.startsWith('hk') ? '460100' : '460000'}/days/2026-05-06`, body)).statusCode, 403, login);
    assert.equal((await s.put('/api/admin/calendar/schedules/2027', SCHEDULE_2027)).statusCode, 403, login);
  }
  const national = await hk.put('/api/admin/calendar/schedules/2027', SCHEDULE_2027);
  assert.equal(national.statusCode, 403);
  assert.equal(national.json().code, 'CALENDAR_NATIONAL_PROVINCE_ONLY');
  assert.ok(national.json().message.zh && national.json().message.en);
  const anonymous = await t.app.inject({ method: 'PUT', url: '/api/admin/calendar/460000/days/2026-05-06', payload: body });
  assert.equal(anonymous.statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/calendar/460000/days?year=2026' })).statusCode, 401);
  assert.equal((await audit('calendar:460000')).length, 0);
  assert.equal((await due('2026-05-05', 1, '460000')).due, '2026-05-06');
});

test('bad manager input is 400 with stable codes', async () => {
  const cases: Array<[Promise<{ statusCode: number; json(): { code: string } }>, string]> = [
    [hk.put('/api/admin/calendar/460100/days/2026-02-30', { kind: 'holiday', name: 'x' }), 'DATE_INVALID'],
    [hk.put('/api/admin/calendar/460100/days/2026-05-06', { kind: 'vacation', name: 'x' }), 'VALIDATION_FAILED'],
    [hk.get('/api/admin/calendar/460100/days?year=1999'), 'YEAR_INVALID'],
    [manager.put('/api/admin/calendar/schedules/2027', { ...SCHEDULE_2027, year: 2028 }), 'YEAR_MISMATCH'],
    [manager.put('/api/admin/calendar/schedules/2027', { ...SCHEDULE_2027, workdays: [{ name: '春节', date: '2027-02-15' }] }), 'WORKDAY_NOT_WEEKEND'],
    [manager.put('/api/admin/calendar/schedules/2027', { ...SCHEDULE_2027, holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }] }), 'SCHEDULE_DATE_OUTSIDE_YEAR'],
    [manager.put('/api/admin/calendar/schedules/2027', { ...SCHEDULE_2027, holidays: [{ name: '春节', from: '2027-02-13', to: '2027-02-05' }] }), 'HOLIDAY_RANGE_INVALID'],
    [manager.put('/api/admin/calendar/schedules/2027', { ...SCHEDULE_2027, holidays: [...SCHEDULE_2027.holidays, { name: '春节', from: '2027-02-13', to: '2027-02-13' }] }), 'SCHEDULE_DAY_TWICE'],
    // 2018-12-30 belongs to the 2019 notice (元旦 2018-12-30 … 2019-01-01).
    [manager.put('/api/admin/calendar/schedules/2018', { notice: 'x', holidays: [{ name: '元旦', from: '2018-12-30', to: '2018-12-30' }] }), 'SCHEDULE_DAY_OF_OTHER_YEAR'],
  ];
  for (const [p, code] of cases) {
    const r = await p;
    assert.ok(r.statusCode === 400 || (code === 'SCHEDULE_DAY_OF_OTHER_YEAR' && r.statusCode === 409), `${code}: ${r.statusCode}`);
    assert.equal(r.json().code, code);
  }
});

test('a provisional deadline becomes final when the year’s schedule is loaded; caches follow the version', async () => {
  const before = await due('2027-02-04', 1, '460100');
  assert.deepEqual(before, { due: '2027-02-11', provisional: true }); // computed: 除夕 2-5 … 初三 2-8, in lieu 2-9, 2-10
  assert.deepEqual(await due('2026-12-25', 5, '460100'), { due: '2027-01-04', provisional: true });
  const preview = (await manager.get('/api/admin/calendar/CN/days?year=2027')).json();
  assert.equal(preview.provisional, true);
  assert.ok(preview.days.some((d: { date: string; source: string }) => d.date === '2027-02-10' && d.source === 'computed'));

  const changes: CalendarChange[] = [];
  const stop = onCalendarChange(async (tx, c) => {
    // Inside the change's transaction the new calendar is already visible.
    changes.push(c);
    assert.deepEqual(await addWorkdays(tx, '460100', '2027-02-04', 1), { due: '2027-02-14', provisional: false });
  });
  try {
    const r = await manager.put('/api/admin/calendar/schedules/2027', SCHEDULE_2027);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual({ ...(r.json() as object), version: 0 }, { year: 2027, version: 0, holidays: 12, workdays: 1, replaced: 0 });
  } finally {
    stop();
  }
  assert.deepEqual(changes.map((c) => [c.region, c.action, c.scheduleYear, c.years]), [['CN', 'calendar.schedule_loaded', 2027, [2027]]]);
  assert.deepEqual(await due('2027-02-04', 1, '460100'), { due: '2027-02-14', provisional: false });
  assert.deepEqual(await due('2026-12-25', 5, '460100'), { due: '2027-01-04', provisional: false });
  assert.equal((await due('2027-12-20', 10)).provisional, true); // 2028 is still computed

  // Loading it again replaces the year; both loads are in the national audit stream.
  const again = await manager.put('/api/admin/calendar/schedules/2027', { ...SCHEDULE_2027, workdays: [] });
  assert.equal(again.json().replaced, 13);
  assert.deepEqual(await due('2027-02-13', 1), { due: '2027-02-15', provisional: false });
  const events = (await audit('calendar:CN')).slice(-2);
  assert.deepEqual(events.map((e) => e.action), ['calendar.schedule_loaded', 'calendar.schedule_loaded']);
  assert.equal(events[0]!.actor_id, manager.user.id);
  assert.equal((events[1]!.data as { year: number; workdays: number }).workdays, 0);

  // Another instance changes the calendar: this one sees the new version on its next question.
  const v = await t.ctx.db.selectFrom('calendar_versions').select('version').where('region', '=', '460000').executeTakeFirst();
  assert.equal(v, undefined);
  await t.ctx.db.transaction().execute(async (tx) => {
    await repo.bumpVersion(tx, '460000', new Date());
    await repo.upsertLocalDay(tx, { region: '460000', day: '2026-06-01', kind: 'holiday', name: '另一实例写入', nameEn: null, by: null, now: new Date() });
  });
  assert.equal((await due('2026-05-29', 1, '460100')).due, '2026-06-02');
  assert.equal((await due('2026-05-29', 1, 'CN')).due, '2026-06-01');
  // A rolled-back change leaves no trace in the answers.
  await assert.rejects(t.ctx.db.transaction().execute(async (tx) => {
    await repo.bumpVersion(tx, '460000', new Date());
    await repo.upsertLocalDay(tx, { region: '460000', day: '2026-06-02', kind: 'holiday', name: '回滚', nameEn: null, by: null, now: new Date() });
    assert.equal((await addWorkdays(tx, '460100', '2026-05-29', 1)).due, '2026-06-03');
    throw new Error('roll back');
  }));
  assert.equal((await due('2026-05-29', 1, '460100')).due, '2026-06-02');
});

test('the OpenAPI document describes the calendar endpoints', async () => {
  const doc = (await get('/api/openapi.json')).json();
  for (const p of ['/api/calendar/due', '/api/calendar/workdays', '/api/admin/calendar/{region}/days', '/api/admin/calendar/{region}/days/{date}', '/api/admin/calendar/schedules/{year}']) {
    assert.ok(doc.paths[p], p);
  }
  assert.deepEqual(Object.keys(doc.paths['/api/calendar/due'].get.responses['200'].content['application/json'].schema.properties).sort(), ['due', 'provisional']);
});
