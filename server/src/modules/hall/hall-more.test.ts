import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { centerId, persons } from '../../test/hall-fixtures.ts';
import { DEMO_KIOSK_TOKENS } from './hall.seed.ts';
import { sendDueReminders } from './reminders.service.ts';

/** The hall's second part (docs/hall.md): figures, the traffic-light display, reminders, staff cancel, a ticket from the phone. */
// Monday 23 November 2026, 10:00 in China: the hall is open.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let manager: Session; let supervisor: Session; let hkManager: Session; let hkSupervisor: Session; let window1: Session; let hkWindow: Session;
let approver: Session; let person: Session; let company: Session;
let province: string; let haikou: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [manager, supervisor, hkManager, hkSupervisor, window1, hkWindow, approver, person, company] = await Promise.all([
    signIn(t.app, 'manager'), signIn(t.app, 'supervisor'), signIn(t.app, 'hk.manager'), signIn(t.app, 'hk.supervisor'),
    signIn(t.app, 'window1'), signIn(t.app, 'hk.window1'), signIn(t.app, 'approver.market'),
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode),
  ]);
  province = await centerId(t.ctx.db, '海南省');
  haikou = await centerId(t.ctx.db, '海口市');
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const kiosk = (method: 'GET' | 'POST', url: string, payload?: object, token: string = DEMO_KIOSK_TOKENS.province) =>
  t.app.inject({ method, url, headers: { 'x-kiosk-token': token }, ...(payload ? { payload } : {}) });
const count = async (table: 'hall_tickets' | 'hall_appointments' | 'audit_events' | 'applicant_messages') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
/** A China wall-clock time of a day as an instant. */
const cn = (day: string, hhmm: string) => new Date(Date.parse(`${day}T${hhmm}:00+08:00`));

const settings = { bookingMinDays: 1, bookingMaxDays: 14, noShowLimit: 3, noShowWindowDays: 90, noShowRestrictDays: 30, elderlyAge: 70, checkInEarlyMinutes: 30 };

describe('figures', () => {
  const DAY = '2026-11-10';
  let zoneA: string; let zoneB: string; let w1: string; let w2: string;
  before(async () => {
    const zones = await t.ctx.db.selectFrom('hall_zones').select(['id', 'prefix']).where('center_id', '=', province).orderBy('prefix').execute();
    [zoneA, zoneB] = [zones[0]!.id, zones[1]!.id];
    const windows = await t.ctx.db.selectFrom('windows').select('id').where('center_id', '=', province).orderBy('name').limit(2).execute();
    [w1, w2] = [windows[0]!.id, windows[1]!.id];
    const hkZone = (await t.ctx.db.selectFrom('hall_zones').select('id').where('center_id', '=', haikou).executeTakeFirstOrThrow()).id;
    let seq = 0;
    const ticket = (center: string, zone: string, status: 'done' | 'no_show' | 'cancelled', issued: string, firstCalled: string | null, called: string | null, finished: string | null, window: string | null) => ({
      center_id: center, zone_id: zone, issued_zone_id: zone, day: DAY, seq: ++seq, number: `F${seq}`, source: 'kiosk' as const, person_id: null, id_number: null, appointment_id: null,
      priority_from: null, status, queued_at: cn(DAY, issued), target_window_id: null, window_id: window, clerk_id: null, issued_at: cn(DAY, issued),
      first_called_at: firstCalled ? cn(DAY, firstCalled) : null, called_at: called ? cn(DAY, called) : null, finished_at: finished ? cn(DAY, finished) : null,
    });
    await t.ctx.db.insertInto('hall_tickets').values([
      // zone A: waits 600, 1800, 1200 s; services 600, 600 s (the second recalled: service from the last call)
      ticket(province, zoneA, 'done', '09:00', '09:10', '09:10', '09:20', w1),
      ticket(province, zoneA, 'done', '09:30', '10:00', '10:05', '10:15', w1),
      ticket(province, zoneA, 'no_show', '10:00', '10:20', '10:20', '10:25', w2),
      // zone B: one cancelled before its call, one served (wait 300 s, service 1800 s)
      ticket(province, zoneB, 'cancelled', '10:10', null, null, '10:40', null),
      ticket(province, zoneB, 'done', '14:00', '14:05', '14:05', '14:35', w2),
      // Haikou's, the same day: never in the province's figures
      ticket(haikou, hkZone, 'done', '09:00', '09:50', '09:50', '10:00', null),
    ]).execute();
    const people = await persons(t.app, t.ctx.db, 5, 300);
    const ids = await Promise.all(people.map(async (p) => (await t.ctx.db.selectFrom('users').select('id').where('id_number', '=', p.idNumber).executeTakeFirstOrThrow()).id));
    const appt = (personId: string, status: 'booked' | 'checked_in' | 'cancelled' | 'no_show', slot: string) => ({
      center_id: province, zone_id: zoneA, person_id: personId, day: DAY, slot_start: slot, slot_end: '17:00', status, created_at: NOW, updated_at: NOW,
    });
    await t.ctx.db.insertInto('hall_appointments').values([
      appt(ids[0]!, 'checked_in', '09:00'), appt(ids[1]!, 'checked_in', '09:30'), appt(ids[2]!, 'no_show', '10:00'), appt(ids[3]!, 'cancelled', '10:00'), appt(ids[4]!, 'booked', '16:30'),
    ]).execute();
  });

  const get = (s: Session, q: string) => s.get(`/api/hall/figures?${q}`);

  test('per zone, window and hour, computed from the tickets: issued, served, abandoned, waiting and service time (mean, p90); appointment use', async () => {
    const byZone = ok(await get(manager, `from=${DAY}&to=${DAY}&by=zone`));
    assert.equal(byZone.center.id, province);
    const a = byZone.rows.find((r: { key: string }) => r.key === zoneA);
    const b = byZone.rows.find((r: { key: string }) => r.key === zoneB);
    assert.deepEqual(
      [a.issued, a.served, a.noShow, a.cancelled, a.abandoned, a.waitMeanSeconds, a.waitP90Seconds, a.serviceMeanSeconds, a.serviceP90Seconds],
      [3, 2, 1, 0, 1, 1200, 1680, 600, 600],
    );
    assert.deepEqual([b.issued, b.served, b.cancelled, b.abandoned, b.waitMeanSeconds, b.serviceMeanSeconds], [2, 1, 1, 1, 300, 1800]);
    assert.ok(a.name.startsWith('A '));
    assert.deepEqual([byZone.total.issued, byZone.total.served, byZone.total.abandoned, byZone.total.waitMeanSeconds], [5, 3, 2, 975]);
    assert.deepEqual(byZone.appointments, { total: 5, booked: 1, checkedIn: 2, noShow: 1, cancelled: 1 });

    const byHour = ok(await get(manager, `from=${DAY}&to=${DAY}&by=hour`));
    assert.deepEqual(byHour.rows.map((r: { name: string; issued: number }) => [r.name, r.issued]), [['09:00', 2], ['10:00', 2], ['14:00', 1]]);
    const byWindow = ok(await get(supervisor, `from=${DAY}&to=${DAY}&by=window`));
    const issuedAt = (key: string | null) => byWindow.rows.find((r: { key: string | null }) => r.key === key).issued;
    assert.deepEqual([issuedAt(w1), issuedAt(w2), issuedAt(null)], [2, 2, 1]);
    assert.equal(byWindow.rows.find((r: { key: string | null }) => r.key === null).nameEn, 'Not called');
    // Another range holds nothing.
    const empty = ok(await get(manager, 'from=2026-11-01&to=2026-11-02'));
    assert.deepEqual([empty.rows.length, empty.total.issued, empty.total.waitMeanSeconds], [0, 0, null]);
  });

  test("another center's staff are refused; the province reads the centers below it; clerks, applicants and the public are refused", async () => {
    // Haikou's manager and supervisor see their own center's figures only, and never the province's.
    const own = ok(await get(hkManager, `from=${DAY}&to=${DAY}`));
    assert.deepEqual([own.center.id, own.total.issued], [haikou, 1]);
    refused(await get(hkManager, `from=${DAY}&to=${DAY}&centerId=${province}`), 403, 'FORBIDDEN');
    refused(await get(hkSupervisor, `from=${DAY}&to=${DAY}&centerId=${province}`), 403, 'FORBIDDEN');
    // The province's manager reads Haikou's by level.
    assert.equal(ok(await get(manager, `from=${DAY}&to=${DAY}&centerId=${haikou}`)).total.issued, 1);
    refused(await get(window1, `from=${DAY}&to=${DAY}`), 403, 'FORBIDDEN');
    refused(await get(approver, `from=${DAY}&to=${DAY}`), 403, 'FORBIDDEN');
    refused(await get(person, `from=${DAY}&to=${DAY}`), 403, 'FORBIDDEN');
    refused(await t.app.inject({ method: 'GET', url: `/api/hall/figures?from=${DAY}&to=${DAY}` }), 401, 'UNAUTHENTICATED');
  });

  test('bad ranges are refused with their code, never a 500', async () => {
    refused(await get(manager, 'from=2026-11-10&to=2026-11-01'), 400, 'PERIOD_INVALID');
    refused(await get(manager, 'from=2025-01-01&to=2026-11-10'), 400, 'HALL_FIGURES_RANGE');
    assert.equal((await get(manager, 'from=2026-13-40')).statusCode, 400);
    assert.equal((await get(manager, 'by=day')).statusCode, 400);
    assert.equal((await get(manager, 'centerId=not-a-uuid')).statusCode, 400);
    refused(await get(manager, `centerId=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`), 404, 'NOT_FOUND');
  });
});

describe('the traffic-light waiting display', () => {
  test('per zone the number waiting, the estimate and its light from the thresholds; ETag; no personal data', async () => {
    const body = { prefix: 'L', business: 'general', name: '测试区L', nameEn: 'Test zone L', active: true, slotMinutes: 30, slotCapacity: 4, dayCapacity: 60, serviceSeconds: 600, windowIds: [] };
    const zoneL = ok(await manager.post('/api/admin/hall/zones', body)).zones.find((z: { prefix: string }) => z.prefix === 'L').id;
    const board = async () => ok(await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/waiting` }));
    const light = async () => (await board()).zones.find((z: { id: string }) => z.id === zoneL);
    // 600 s each, no open window (counted as one): nobody waiting → 13 min (pessimistic) green; one → 25 amber; two → 38 red.
    assert.deepEqual(await light(), { id: zoneL, prefix: 'L', name: '测试区L', nameEn: 'Test zone L', waiting: 0, optimisticMinutes: 0, pessimisticMinutes: 13, openWindows: 0, light: 'green' });
    const first = await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/waiting` });
    const etag = first.headers.etag as string;
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/waiting`, headers: { 'if-none-match': etag } })).statusCode, 304);
    ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneL, idNumber: DEMO_PERSON.idNumber }), 201);
    const changed = await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/waiting`, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual([(await light()).waiting, (await light()).light], [1, 'amber']);
    ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneL }), 201);
    assert.deepEqual([(await light()).pessimisticMinutes, (await light()).light], [38, 'red']);
    const text = JSON.stringify(await board());
    assert.ok(!text.includes(DEMO_PERSON.idNumber) && !text.includes(DEMO_PERSON.name));
    // The thresholds are the center's data.
    ok(await manager.put('/api/admin/hall/settings', { ...settings, lightGreenMinutes: 40, lightAmberMinutes: 60 }));
    assert.equal((await light()).light, 'green');
    assert.deepEqual((await board()).thresholds, { greenMinutes: 40, amberMinutes: 60 });
    // Green not below amber: refused, nothing written.
    const events = await count('audit_events');
    refused(await manager.put('/api/admin/hall/settings', { ...settings, lightGreenMinutes: 30, lightAmberMinutes: 30 }), 400, 'HALL_LIGHT_THRESHOLDS');
    assert.equal(await count('audit_events'), events);
    assert.deepEqual((await board()).thresholds, { greenMinutes: 40, amberMinutes: 60 });
    // Leaving them out keeps them.
    assert.equal(ok(await manager.put('/api/admin/hall/settings', settings)).settings.lightAmberMinutes, 60);
    ok(await manager.put('/api/admin/hall/settings', { ...settings, lightGreenMinutes: 15, lightAmberMinutes: 30 }));
    refused(await t.app.inject({ method: 'GET', url: `/api/hall/centers/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/waiting` }), 404, 'NOT_FOUND');
  });
});

describe('appointment reminders', () => {
  test('sent once, the configured hours before the slot; two sweeps at once write one message', async () => {
    const zones = ok(await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/zones` })).zones;
    const [p] = await persons(t.app, t.ctx.db, 1, 400);
    // Tomorrow 09:00 in China: 23 hours ahead.
    const a = ok(await p!.session.post('/api/my/hall/appointments', { zoneId: zones[2].id, day: '2026-11-24', slotStart: '09:00' }), 201);
    const messages = () => t.ctx.db.selectFrom('applicant_messages').select(['kind', 'link', 'title', 'body']).where('dedupe_key', '=', `hall.remind:${a.id}`).execute();
    ok(await manager.put('/api/admin/hall/settings', { ...settings, reminderHoursAhead: 12 }));
    assert.equal(await sendDueReminders(t.ctx), 0, '23 hours ahead: not yet');
    assert.equal((await messages()).length, 0);
    ok(await manager.put('/api/admin/hall/settings', { ...settings, reminderHoursAhead: 24 }));
    const [x, y] = await Promise.all([sendDueReminders(t.ctx), sendDueReminders(t.ctx)]);
    assert.ok(x + y >= 1);
    const sent = await messages();
    assert.equal(sent.length, 1);
    assert.deepEqual([sent[0]!.kind, sent[0]!.link], ['hall.appointment_reminder', '/my/hall']);
    assert.match(JSON.stringify(sent[0]!.body), /2026-11-24 09:00/);
    assert.equal(await sendDueReminders(t.ctx), 0, 'never twice');
    const row = await t.ctx.db.selectFrom('hall_appointments').select('reminded_at').where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(row.reminded_at?.toISOString(), NOW.toISOString());
    // A cancelled appointment is not reminded; a slot that has begun neither.
    const [q] = await persons(t.app, t.ctx.db, 1, 401);
    const b = ok(await q!.session.post('/api/my/hall/appointments', { zoneId: zones[2].id, day: '2026-11-24', slotStart: '09:30' }), 201);
    ok(await q!.session.post(`/api/my/hall/appointments/${b.id}/cancel`));
    assert.equal(await sendDueReminders(t.ctx), 0);
    // Of many at once, each is reminded exactly once whatever the number of sweeps.
    const many = await persons(t.app, t.ctx.db, 6, 410);
    const booked = await Promise.all(many.map(async (m, i) => ok(await m.session.post('/api/my/hall/appointments', { zoneId: zones[3].id, day: '2026-11-24', slotStart: ['09:00', '09:30', '10:00'][i % 3] }), 201).id as string));
    await Promise.all([sendDueReminders(t.ctx), sendDueReminders(t.ctx), sendDueReminders(t.ctx)]);
    const keys = await t.ctx.db.selectFrom('applicant_messages').select('dedupe_key').where('dedupe_key', 'in', booked.map((id) => `hall.remind:${id}`)).execute();
    assert.equal(keys.length, 6);
  });
});

describe('staff cancel an appointment', () => {
  test('a clerk or manager of the center cancels with a reason: the place back, the person told; guards write nothing', async () => {
    const zones = ok(await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/zones` })).zones;
    const [p] = await persons(t.app, t.ctx.db, 1, 500);
    const a = ok(await p!.session.post('/api/my/hall/appointments', { zoneId: zones[1].id, day: '2026-11-25', slotStart: '10:00' }), 201);
    const slot = async () => ok(await t.app.inject({ method: 'GET', url: `/api/hall/zones/${zones[1].id}/slots?day=2026-11-25` })).slots.find((s: { start: string }) => s.start === '10:00').booked;
    assert.equal(await slot(), 1);
    const before = [await count('hall_appointments'), await count('audit_events'), await count('applicant_messages')];
    const cancel = (s: Session | null, reason: string, id = a.id) => s ? s.post(`/api/hall/appointments/${id}/cancel`, { reason }) : t.app.inject({ method: 'POST', url: `/api/hall/appointments/${id}/cancel`, payload: { reason } });
    refused(await cancel(window1, '   '), 400, 'HALL_CANCEL_REASON');
    // Zone B is served by window 3: window1's clerk is out of its scope, the center's manager is not.
    refused(await cancel(window1, '窗口调整'), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    refused(await cancel(hkWindow, '窗口调整'), 403, 'FORBIDDEN');
    refused(await cancel(hkManager, '窗口调整'), 403, 'FORBIDDEN');
    refused(await cancel(approver, '窗口调整'), 403, 'FORBIDDEN');
    refused(await cancel(supervisor, '窗口调整'), 403, 'FORBIDDEN');
    refused(await cancel(p!.session, '窗口调整'), 403, 'FORBIDDEN');
    refused(await cancel(null, '窗口调整'), 401, 'UNAUTHENTICATED');
    refused(await cancel(window1, '窗口调整', '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    assert.equal((await cancel(window1, 'x'.repeat(501))).statusCode, 400);
    assert.deepEqual([await count('hall_appointments'), await count('audit_events'), await count('applicant_messages')], before);
    const row0 = await t.ctx.db.selectFrom('hall_appointments').select(['status', 'cancel_reason']).where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.deepEqual(row0, { status: 'booked', cancel_reason: null });

    // The clerk's list of the day shows it (masked ID number); Haikou's does not.
    const list = ok(await window1.get('/api/hall/appointments?day=2026-11-25'));
    const item = list.items.find((i: { id: string }) => i.id === a.id);
    assert.match(item.person.idNumber, /^\d{3}\*{11}\d{3}[\dX]$/);
    assert.ok(!ok(await hkWindow.get('/api/hall/appointments?day=2026-11-25')).items.some((i: { id: string }) => i.id === a.id));
    refused(await p!.session.get('/api/hall/appointments?day=2026-11-25'), 403, 'FORBIDDEN');
    assert.equal((await window1.get('/api/hall/appointments?day=2026-11-25&cursor=bad')).statusCode, 400);

    const done = ok(await cancel(manager, '该服务区当天停电检修'));
    assert.equal(done.status, 'cancelled');
    assert.equal(await slot(), 0, 'the place is given back');
    const told = await t.ctx.db.selectFrom('applicant_messages').select(['kind', 'body', 'user_id']).where('dedupe_key', '=', `hall.cancel:${a.id}`).executeTakeFirstOrThrow();
    assert.equal(told.kind, 'hall.appointment_cancelled');
    assert.match(JSON.stringify(told.body), /停电检修/);
    const row = await t.ctx.db.selectFrom('hall_appointments').select(['status', 'cancel_reason']).where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'cancelled', cancel_reason: '该服务区当天停电检修' });
    refused(await cancel(manager, '再次取消'), 409, 'HALL_APPOINTMENT_STATE');
    // The person books the place again.
    ok(await p!.session.post('/api/my/hall/appointments', { zoneId: zones[1].id, day: '2026-11-25', slotStart: '10:00' }), 201);

    // A slot that has ended is not cancelled by staff (the sweep marks it missed).
    const [q] = await persons(t.app, t.ctx.db, 1, 501);
    const qid = (await t.ctx.db.selectFrom('users').select('id').where('id_number', '=', q!.idNumber).executeTakeFirstOrThrow()).id;
    const past = await t.ctx.db.insertInto('hall_appointments').values({ center_id: province, zone_id: zones[1].id, person_id: qid, day: '2026-11-23', slot_start: '08:00', slot_end: '08:30', status: 'booked', created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow();
    refused(await cancel(manager, '迟到', past.id), 409, 'HALL_APPOINTMENT_STATE');
  });
});

describe('a ticket from the phone', () => {
  test("with the kiosk's presence code, by a real-name account, once per zone; a wrong or old code is refused", async () => {
    const home = ok(await kiosk('GET', '/api/hall/kiosk'));
    const zone = home.zones[3].id;
    refused(await t.app.inject({ method: 'GET', url: '/api/hall/kiosk/presence' }), 401, 'HALL_KIOSK_UNKNOWN');
    const { code } = ok(await kiosk('GET', '/api/hall/kiosk/presence'));
    assert.match(code, /^\d{6}$/);
    const hkCode = ok(await kiosk('GET', '/api/hall/kiosk/presence', undefined, DEMO_KIOSK_TOKENS.haikou)).code;
    const [p] = await persons(t.app, t.ctx.db, 1, 600, '19400101');
    const before = [await count('hall_tickets'), await count('audit_events')];
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    refused(await p!.session.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: wrong }), 403, 'HALL_PRESENCE_CODE');
    if (hkCode !== code) refused(await p!.session.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: hkCode }), 403, 'HALL_PRESENCE_CODE');
    refused(await company.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: code }), 403, 'HALL_REAL_NAME_ONLY');
    refused(await window1.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: code }), 403, 'HALL_REAL_NAME_ONLY');
    refused(await t.app.inject({ method: 'POST', url: '/api/my/hall/tickets', payload: { zoneId: zone, presenceCode: code } }), 401, 'UNAUTHENTICATED');
    assert.equal((await p!.session.post('/api/my/hall/tickets', { zoneId: 'x', presenceCode: code })).statusCode, 400);
    assert.deepEqual([await count('hall_tickets'), await count('audit_events')], before);

    const tk = ok(await p!.session.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: code }), 201);
    assert.deepEqual(tk.priorityReasons, ['elderly'], 'the account\'s ID number counts: born 1940');
    const row = await t.ctx.db.selectFrom('hall_tickets').select(['source', 'id_number']).where('id', '=', tk.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { source: 'phone', id_number: p!.idNumber });
    assert.ok(ok(await p!.session.get('/api/my/hall')).tickets.some((x: { id: string }) => x.id === tk.id));
    // One active ticket per person and zone: the phone and the kiosk share the rule.
    refused(await p!.session.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: code }), 409, 'HALL_TICKET_ACTIVE');
    refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zone, idNumber: p!.idNumber }), 409, 'HALL_TICKET_ACTIVE');
    // The previous period's code still counts; an older one does not.
    const [q] = await persons(t.app, t.ctx.db, 1, 601);
    t.clock.advance(5 * 60_000);
    const tk2 = await q!.session.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: code });
    assert.equal(tk2.statusCode, 201, tk2.body);
    t.clock.advance(5 * 60_000);
    const [r] = await persons(t.app, t.ctx.db, 1, 602);
    refused(await r!.session.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: code }), 403, 'HALL_PRESENCE_CODE');
    // Closed hall: 20:00 in China.
    t.clock.set(new Date('2026-11-23T12:00:00Z'));
    const late = ok(await kiosk('GET', '/api/hall/kiosk/presence')).code;
    refused(await r!.session.post('/api/my/hall/tickets', { zoneId: zone, presenceCode: late }), 409, 'HALL_CLOSED');
    t.clock.set(NOW);
  });
});
