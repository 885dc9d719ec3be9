import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { makeCreditCode, makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { markMissedAppointments } from './appointments.service.ts';
import { DEMO_KIOSK_TOKENS } from './hall.seed.ts';
import { centerId, clerksAt, persons } from '../../test/hall-fixtures.ts';

// Monday 23 November 2026, 10:00 in China: the hall is open.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let manager: Session; let hkManager: Session; let window1: Session; let hkWindow: Session; let person: Session; let company: Session;
let province: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [manager, hkManager, window1, hkWindow, person, company] = await Promise.all([
    signIn(t.app, 'manager'), signIn(t.app, 'hk.manager'), signIn(t.app, 'window1'), signIn(t.app, 'hk.window1'),
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode),
  ]);
  province = await centerId(t.ctx.db, '海南省');
});
after(() => t.close());

const kiosk = (method: 'GET' | 'POST', url: string, payload?: object, token: string = DEMO_KIOSK_TOKENS.province) =>
  t.app.inject({ method, url, headers: { 'x-kiosk-token': token }, ...(payload ? { payload } : {}) });
const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };

const count = async (table: 'hall_tickets' | 'hall_appointments' | 'audit_events' | 'cases') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A zone of the province center served only by the given windows (so each test has its own queue). */
async function zone(prefix: string, windowIds: string[], extra: Partial<{ slotCapacity: number; dayCapacity: number; slotMinutes: number }> = {}) {
  const body = { prefix, business: 'general', name: `测试区${prefix}`, nameEn: `Test zone ${prefix}`, active: true, slotMinutes: 30, slotCapacity: 4, dayCapacity: 60, serviceSeconds: 600, windowIds, ...extra };
  const cfg = ok(await manager.post('/api/admin/hall/zones', body));
  return cfg.zones.find((z: { prefix: string }) => z.prefix === prefix).id as string;
}

describe('the kiosk', () => {
  test('only a registered kiosk issues tickets; numbers run per zone and day, and the answer names nobody', async () => {
    refused(await kiosk('GET', '/api/hall/kiosk', undefined, 'not-a-kiosk'), 401, 'HALL_KIOSK_UNKNOWN');
    refused(await t.app.inject({ method: 'GET', url: '/api/hall/kiosk' }), 401, 'HALL_KIOSK_UNKNOWN');
    const home = ok(await kiosk('GET', '/api/hall/kiosk'));
    assert.equal(home.open, true);
    assert.deepEqual(home.zones.map((z: { prefix: string }) => z.prefix), ['A', 'B', 'C', 'D']);
    const zoneB = home.zones[1].id;
    const first = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneB }), 201);
    const second = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneB, idNumber: DEMO_PERSON.idNumber }), 201);
    assert.equal(first.number, 'B001');
    assert.equal(second.number, 'B002');
    assert.equal(second.ahead, 1);
    assert.ok(second.estimate.pessimisticMinutes >= second.estimate.optimisticMinutes);
    // Nothing about the person: the same fields whoever asks, and no name or ID number anywhere; the slip's rating code (扫码评价) beside them.
    assert.deepEqual(Object.keys(second).sort(), ['ahead', 'day', 'estimate', 'id', 'issuedAt', 'number', 'priorityReasons', 'rating', 'soon', 'status', 'window', 'zone']);
    assert.deepEqual(Object.keys(second.rating).sort(), ['code', 'token']);
    assert.ok(!second.toString().includes(DEMO_PERSON.idNumber) && !JSON.stringify(second).includes(DEMO_PERSON.name));
    // The same ID number again in the zone: refused, nothing written, and the number not used up.
    const [tickets, events] = [await count('hall_tickets'), await count('audit_events')];
    const again = await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneB, idNumber: DEMO_PERSON.idNumber });
    refused(again, 409, 'HALL_TICKET_ACTIVE');
    assert.ok(!again.body.includes('B002'), 'the refusal does not tell the number of the other ticket');
    assert.deepEqual([await count('hall_tickets'), await count('audit_events')], [tickets, events]);
    refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneB, idNumber: DEMO_PERSON.idNumber.slice(0, 17) + '0' }), 400, 'ID_NUMBER_CHECK_DIGIT');
    assert.equal(ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneB }), 201).number, 'B003');
    // Another center's zone does not exist for this kiosk; a kiosk cannot read a person's tickets.
    const hkZone = ok(await kiosk('GET', '/api/hall/kiosk', undefined, DEMO_KIOSK_TOKENS.haikou)).zones[0].id;
    refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: hkZone }), 404, 'NOT_FOUND');
    refused(await kiosk('GET', '/api/my/hall'), 401, 'UNAUTHENTICATED');
    refused(await kiosk('GET', `/api/my/hall/tickets/${second.id}`), 401, 'UNAUTHENTICATED');
    // The person whose ID number was read sees the ticket as theirs; another person does not.
    const mine = ok(await person.get('/api/my/hall'));
    assert.ok(mine.tickets.some((x: { id: string }) => x.id === second.id));
    const other = (await persons(t.app, t.ctx.db, 1, 900))[0]!;
    refused(await other.session.get(`/api/my/hall/tickets/${second.id}`), 404, 'NOT_FOUND');
    refused(await other.session.post(`/api/my/hall/tickets/${second.id}/cancel`), 404, 'NOT_FOUND');
  });

  test('ticket numbers stay gap-free and unique under concurrent issuing', async () => {
    const [clerk] = await clerksAt(t.app, t.ctx.db, province, 'G', 1);
    const zoneId = await zone('G', [clerk!.windowId]);
    const answers = await Promise.all(Array.from({ length: 40 }, () => kiosk('POST', '/api/hall/kiosk/tickets', { zoneId })));
    const numbers = answers.map((r) => ok(r, 201).number).sort();
    assert.deepEqual(numbers, Array.from({ length: 40 }, (_, i) => `G${String(i + 1).padStart(3, '0')}`));
  });

  test('the hall is closed outside its hours and on public holidays (the center calendar)', async () => {
    const zoneA = ok(await kiosk('GET', '/api/hall/kiosk')).zones[0].id;
    try {
      t.clock.set(new Date('2026-11-23T12:00:00Z')); // 20:00 Monday
      refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA }), 409, 'HALL_CLOSED');
      t.clock.set(new Date('2026-11-25T10:30:00Z')); // 18:30 Wednesday: extended hours
      assert.equal((await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA })).statusCode, 201);
      t.clock.set(new Date('2026-11-28T02:00:00Z')); // Saturday morning service
      assert.equal((await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA })).statusCode, 201);
      t.clock.set(new Date('2026-11-29T02:00:00Z')); // Sunday: no hours
      refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA }), 409, 'HALL_CLOSED');
      t.clock.set(new Date('2026-10-03T02:00:00Z')); // National Day holiday, a Saturday
      refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA }), 409, 'HALL_CLOSED');
    } finally {
      t.clock.set(NOW);
    }
  });

  test('a hall open until midnight closes at 24:00, the last minute of the day included; 24:00 is a closing time only', async () => {
    const zoneA = ok(await kiosk('GET', '/api/hall/kiosk')).zones[0].id;
    const before = ok(await manager.get('/api/admin/hall')).hours as Array<{ weekday: number; opens: string; closes: string; extendedUntil: string | null }>;
    const everyDay = (closes: string, extendedUntil: string | null = null) => ({ hours: Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, opens: '00:00', closes, extendedUntil })) });
    try {
      t.clock.set(new Date('2026-11-23T15:59:30Z')); // 23:59:30 Monday in China
      ok(await manager.put('/api/admin/hall/hours', everyDay('23:59')));
      refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA }), 409, 'HALL_CLOSED');
      const saved = ok(await manager.put('/api/admin/hall/hours', everyDay('24:00')));
      assert.deepEqual(saved.hours.map((h: { closes: string }) => h.closes), Array(7).fill('24:00'));
      assert.equal(ok(await kiosk('GET', '/api/hall/kiosk')).open, true);
      assert.equal((await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA })).statusCode, 201);
      // Extended hours may run to midnight too.
      ok(await manager.put('/api/admin/hall/hours', everyDay('18:00', '24:00')));
      assert.equal((await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA, idNumber: DEMO_PERSON.idNumber })).statusCode, 201);
      // 24:00 opens nothing, and no other time past the day is one; a refused change writes nothing.
      const kept = ok(await manager.get('/api/admin/hall')).hours;
      for (const bad of [
        { hours: [{ weekday: 1, opens: '24:00', closes: '24:00' }] }, { hours: [{ weekday: 1, opens: '09:00', closes: '24:01' }] },
        { hours: [{ weekday: 1, opens: '09:00', closes: '25:00' }] }, { hours: [{ weekday: 1, opens: '09:00', closes: '24:00', extendedUntil: '23:00' }] },
      ]) {
        const r = await manager.put('/api/admin/hall/hours', bad);
        assert.equal(r.statusCode, 400, JSON.stringify(bad));
        assert.ok(r.json().message.zh && r.json().message.en, r.body);
      }
      assert.deepEqual(ok(await manager.get('/api/admin/hall')).hours, kept);
    } finally {
      t.clock.set(NOW);
      ok(await manager.put('/api/admin/hall/hours', { hours: before }));
    }
  });
});

describe('calling', () => {
  test('concurrent call-next at many windows never calls one ticket twice', async () => {
    const clerks = await clerksAt(t.app, t.ctx.db, province, 'K', 8);
    const zoneId = await zone('K', clerks.map((c) => c.windowId));
    for (let i = 0; i < 30; i++) ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId }), 201);
    const called: string[] = [];
    // Every window calls (and double-clicks) until the queue is empty.
    await Promise.all(clerks.map(async (c) => {
      for (;;) {
        const [a, b] = await Promise.all([c.session.post('/api/hall/window/call-next'), c.session.post('/api/hall/window/call-next')]);
        const got = [ok(a).ticket, ok(b).ticket].filter(Boolean);
        for (const x of got) called.push(x.number);
        if (got.length < 2) break;
      }
    }));
    assert.equal(called.length, 30);
    assert.equal(new Set(called).size, 30, 'no ticket called at two windows');
    const rows = await t.ctx.db.selectFrom('hall_tickets').select(['call_count', 'status']).where('zone_id', '=', zoneId).execute();
    assert.ok(rows.every((r) => r.call_count === 1));
    // Each window's last call-next found nobody and finished the ticket it had.
    assert.ok(rows.every((r) => r.status === 'done'));
  });

  test('priorities order the queue as configured, then arrival; rules are data', async () => {
    const [clerk] = await clerksAt(t.app, t.ctx.db, province, 'P', 1);
    const zoneId = await zone('P', [clerk!.windowId]);
    const elderly = makeIdNumber('460100', '19500101', '011'); // 76 on the day
    const young = makeIdNumber('460100', '19900101', '012');
    const issued = [
      ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId }), 201).number, // P001 walk-in
      ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId, idNumber: young }), 201).number, // P002 walk-in
      ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId, idNumber: elderly }), 201).number, // P003 elderly 40
      ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId, disabled: true }), 201).number, // P004 disabled 40
      ok(await clerk!.session.post('/api/hall/tickets', { zoneId, greenChannel: true }), 201).number, // P005 green 60
    ];
    assert.deepEqual(issued, ['P001', 'P002', 'P003', 'P004', 'P005']);
    const panel = ok(await clerk!.session.get('/api/hall/window'));
    assert.deepEqual(panel.queue.map((q: { number: string }) => q.number), ['P005', 'P003', 'P004', 'P001', 'P002']);
    // A kiosk cannot declare a green channel: the field is refused.
    refused(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId, greenChannel: true }), 400, 'VALIDATION_FAILED');
    // The manager makes the disabled weigh most: the same queue reorders.
    ok(await manager.put('/api/admin/hall/priority', { rules: [{ reason: 'disabled', weight: 90 }, { reason: 'green_channel', weight: 60 }, { reason: 'elderly', weight: 10 }] }));
    // New weights apply to new tickets; the earlier tickets keep the priority they were given.
    const late = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId, disabled: true }), 201).number;
    const order: string[] = [];
    for (;;) {
      const next = ok(await clerk!.session.post('/api/hall/window/call-next')).ticket;
      if (!next) break;
      order.push(next.number);
    }
    assert.deepEqual(order, [late, 'P005', 'P003', 'P004', 'P001', 'P002']);
    ok(await manager.put('/api/admin/hall/priority', { rules: [{ reason: 'green_channel', weight: 60 }, { reason: 'appointment', weight: 50 }, { reason: 'elderly', weight: 40 }, { reason: 'disabled', weight: 40 }] }));
  });

  test('recall, skip, transfer and no-show; a no-show is never called again', async () => {
    const [c1, c2] = await clerksAt(t.app, t.ctx.db, province, 'R', 2);
    const zoneR = await zone('R', [c1!.windowId]);
    const zoneS = await zone('S', [c2!.windowId]);
    const a = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneR }), 201);
    const b = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneR }), 201);
    const act = (s: Session, id: string, body: object) => s.post(`/api/hall/tickets/${id}/actions`, body);
    assert.equal(ok(await c1!.session.post('/api/hall/window/call-next')).ticket.id, a.id);
    const recalled = ok(await act(c1!.session, a.id, { action: 'recall' }));
    assert.equal(recalled.status, 'called');
    // Another window cannot act on a ticket called here.
    refused(await act(c2!.session, a.id, { action: 'finish' }), 409, 'HALL_TICKET_NOT_AT_WINDOW');
    // Skipped: back in the queue behind b.
    assert.equal(ok(await act(c1!.session, a.id, { action: 'skip' })).status, 'waiting');
    assert.equal(ok(await c1!.session.post('/api/hall/window/call-next')).ticket.id, b.id);
    // b transferred to zone S: called at c2, not c1.
    refused(await act(c1!.session, b.id, { action: 'transfer', zoneId: zoneS, windowId: c1!.windowId }), 400, 'HALL_TRANSFER_TARGET');
    assert.equal(ok(await act(c1!.session, b.id, { action: 'transfer', zoneId: zoneS })).zone.id, zoneS);
    assert.equal(ok(await c1!.session.post('/api/hall/window/call-next')).ticket.id, a.id);
    assert.equal(ok(await c2!.session.post('/api/hall/window/call-next')).ticket.id, b.id);
    // a is a no-show: final, and never called again.
    assert.equal(ok(await act(c1!.session, a.id, { action: 'no_show' })).status, 'no_show');
    refused(await act(c1!.session, a.id, { action: 'recall' }), 409, 'HALL_TICKET_STATE');
    assert.equal(ok(await c1!.session.post('/api/hall/window/call-next')).ticket, null);
    const row = await t.ctx.db.selectFrom('hall_tickets').select(['status', 'call_count', 'skip_count']).where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'no_show', call_count: 3, skip_count: 1 });
  });

  test('a transferred ticket keeps its number in a zone that issued the same sequence that day', async () => {
    const [c1, c2] = await clerksAt(t.app, t.ctx.db, province, 'H', 2);
    const zoneH = await zone('H', [c1!.windowId]);
    const zoneI = await zone('I', [c2!.windowId]);
    const act = (s: Session, id: string, body: object) => s.post(`/api/hall/tickets/${id}/actions`, body);
    const seqOf = (id: string) => t.ctx.db.selectFrom('hall_tickets').select(['seq', 'zone_id', 'issued_zone_id']).where('id', '=', id).executeTakeFirstOrThrow();
    const h1 = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneH }), 201);
    const i1 = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneI }), 201);
    assert.equal((await seqOf(h1.id)).seq, (await seqOf(i1.id)).seq, 'both zones issued their first ticket');
    // H's first ticket moves into I, which has its own first ticket: both wait there, each with its own number.
    const moved = ok(await act(c1!.session, h1.id, { action: 'transfer', zoneId: zoneI }));
    assert.deepEqual([moved.zone.id, moved.number], [zoneI, h1.number]);
    assert.deepEqual(await seqOf(h1.id), { seq: (await seqOf(i1.id)).seq, zone_id: zoneI, issued_zone_id: zoneH });
    // And back the other way; H's counter goes on from where it was.
    const i2 = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneI }), 201);
    assert.equal(ok(await act(c2!.session, i1.id, { action: 'transfer', zoneId: zoneH })).zone.id, zoneH);
    const h2 = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneH }), 201);
    assert.equal((await seqOf(h2.id)).seq, (await seqOf(h1.id)).seq + 1);
    const queued = ok(await c2!.session.get('/api/hall/window')).queue.map((q: { id: string }) => q.id);
    assert.ok(queued.includes(h1.id) && queued.includes(i2.id) && !queued.includes(i1.id));
  });

  test('staff of another center are refused; applicants and the public cannot serve', async () => {
    const zoneA = ok(await kiosk('GET', '/api/hall/kiosk')).zones[0].id;
    const tk = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA }), 201);
    const [tickets, events] = [await count('hall_tickets'), await count('audit_events')];
    refused(await hkWindow.post(`/api/hall/tickets/${tk.id}/actions`, { action: 'cancel' }), 403, 'FORBIDDEN');
    refused(await hkWindow.post('/api/hall/tickets', { zoneId: zoneA }), 404, 'NOT_FOUND');
    refused(await hkManager.put(`/api/admin/hall/zones/${zoneA}`, { prefix: 'A', business: 'enterprise', name: 'x', nameEn: 'x', active: true, slotMinutes: 30, slotCapacity: 1, dayCapacity: 1, serviceSeconds: 600, windowIds: [] }), 403, 'FORBIDDEN');
    refused(await window1.put('/api/admin/hall/settings', { bookingMinDays: 1, bookingMaxDays: 5, noShowLimit: 3, noShowWindowDays: 90, noShowRestrictDays: 30, elderlyAge: 70, checkInEarlyMinutes: 30 }), 403, 'FORBIDDEN');
    refused(await person.post('/api/hall/window/call-next'), 403, 'FORBIDDEN');
    refused(await t.app.inject({ method: 'POST', url: '/api/hall/window/call-next' }), 401, 'UNAUTHENTICATED');
    refused(await manager.post('/api/hall/window/call-next'), 403, 'FORBIDDEN');
    assert.deepEqual([await count('hall_tickets'), await count('audit_events')], [tickets, events]);
    // Haikou's clerk sees Haikou's queue only.
    const hkPanel = ok(await hkWindow.get('/api/hall/window'));
    assert.ok(hkPanel.zones.every((z: { id: string }) => z.id !== zoneA));
    assert.ok(hkPanel.queue.every((q: { id: string }) => q.id !== tk.id));
  });

  test('a clerk acts only on tickets of the zones their window serves (or sent to their window); a manager on any of the center', async () => {
    const [cx, cy] = await clerksAt(t.app, t.ctx.db, province, 'X', 2);
    const zoneX = await zone('X', [cx!.windowId]);
    const zoneY = await zone('Y', [cy!.windowId]);
    const zoneZ = await zone('Z', [cx!.windowId, cy!.windowId]);
    const act = (s: Session, id: string, body: object) => s.post(`/api/hall/tickets/${id}/actions`, body);
    const issue = async (zoneId: string) => ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId }), 201).id as string;
    const row = (id: string) => t.ctx.db.selectFrom('hall_tickets').select(['status', 'zone_id', 'target_window_id', 'finished_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const [x1, y0, y1, y2, y3] = [await issue(zoneX), await issue(zoneY), await issue(zoneY), await issue(zoneY), await issue(zoneY)];

    // The clerk of zone X on a ticket of zone Y: every action refused, nothing written.
    const [before, events] = [await row(y0), await count('audit_events')];
    refused(await act(cx!.session, y0, { action: 'cancel' }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    refused(await act(cx!.session, y0, { action: 'transfer', zoneId: zoneX }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    refused(await act(cx!.session, y0, { action: 'transfer', zoneId: zoneZ, windowId: cx!.windowId }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    refused(await act(cx!.session, y0, { action: 'recall' }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    assert.deepEqual(await row(y0), before);
    assert.equal(await count('audit_events'), events);
    // Nor does the clerk issue a ticket in zone Y, or check in an appointment of zone Y.
    const tickets = await count('hall_tickets');
    refused(await cx!.session.post('/api/hall/tickets', { zoneId: zoneY }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    assert.deepEqual([await count('hall_tickets'), await count('audit_events')], [tickets, events]);

    // In zone X: allowed.
    assert.equal(ok(await act(cx!.session, x1, { action: 'cancel' })).status, 'cancelled');
    assert.equal(ok(await cx!.session.post('/api/hall/tickets', { zoneId: zoneZ }), 201).zone.id, zoneZ);
    // The clerk of zone Y transfers y1 to zone X: now the clerk of X cancels it, the clerk of Y no longer may.
    assert.equal(ok(await act(cy!.session, y1, { action: 'transfer', zoneId: zoneX })).zone.id, zoneX);
    refused(await act(cy!.session, y1, { action: 'cancel' }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    assert.equal(ok(await act(cx!.session, y1, { action: 'cancel' })).status, 'cancelled');

    // A ticket sent to the clerk's window by name stays theirs, even once their window no longer serves its zone.
    ok(await act(cy!.session, y2, { action: 'transfer', zoneId: zoneZ, windowId: cx!.windowId }));
    const zoneBody = { prefix: 'Z', business: 'general', name: '测试区Z', nameEn: 'Test zone Z', active: true, slotMinutes: 30, slotCapacity: 4, dayCapacity: 60, serviceSeconds: 600 };
    ok(await manager.put(`/api/admin/hall/zones/${zoneZ}`, { ...zoneBody, windowIds: [cy!.windowId] }));
    assert.equal(ok(await act(cx!.session, y2, { action: 'cancel' })).status, 'cancelled');

    // A manager of the center cancels or transfers a waiting ticket of any zone, without a window; nothing else.
    refused(await act(manager, y3, { action: 'recall' }), 403, 'FORBIDDEN');
    assert.equal(ok(await act(manager, y3, { action: 'transfer', zoneId: zoneX })).zone.id, zoneX);
    assert.equal(ok(await act(manager, y3, { action: 'cancel' })).status, 'cancelled');
    // Another center's manager and clerk stay refused.
    const y4 = await issue(zoneY);
    refused(await act(hkManager, y4, { action: 'cancel' }), 403, 'FORBIDDEN');
    refused(await act(hkWindow, y4, { action: 'cancel' }), 403, 'FORBIDDEN');
    assert.equal((await row(y4)).status, 'waiting');
    // The person still gives up their own waiting ticket.
    const [p] = await persons(t.app, t.ctx.db, 1, 700);
    const mine = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneY, idNumber: p!.idNumber }), 201);
    assert.equal(ok(await p!.session.post(`/api/my/hall/tickets/${mine.id}/cancel`)).status, 'cancelled');
  });

  test('a clerk checks in and staff-cancels only appointments of the zones their window serves; a manager any of the center', async () => {
    const [cv, cw] = await clerksAt(t.app, t.ctx.db, province, 'U', 2);
    const zoneU = await zone('U', [cv!.windowId]);
    const zoneJ = await zone('J', [cw!.windowId]);
    const [p, q, r] = await persons(t.app, t.ctx.db, 3, 710);
    const inJ = ok(await p!.session.post('/api/my/hall/appointments', { zoneId: zoneJ, day: '2026-11-24', slotStart: '10:00' }), 201);
    const inJ2 = ok(await q!.session.post('/api/my/hall/appointments', { zoneId: zoneJ, day: '2026-11-24', slotStart: '10:00' }), 201);
    ok(await r!.session.post('/api/my/hall/appointments', { zoneId: zoneU, day: '2026-11-24', slotStart: '10:00' }), 201);
    const status = async (id: string) => (await t.ctx.db.selectFrom('hall_appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    const before = [await count('hall_appointments'), await count('hall_tickets'), await count('audit_events')];
    // Staff cancel: the clerk of U on an appointment of J is refused, nothing written; the clerk of J and a manager may.
    refused(await cv!.session.post(`/api/hall/appointments/${inJ.id}/cancel`, { reason: '窗口调整' }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
    const list = ok(await cv!.session.get('/api/hall/appointments?day=2026-11-24')).items;
    assert.equal(list.find((i: { id: string }) => i.id === inJ.id).inScope, false);
    assert.equal(ok(await manager.get('/api/hall/appointments?day=2026-11-24')).items.find((i: { id: string }) => i.id === inJ.id).inScope, true);
    t.clock.set(new Date('2026-11-24T01:45:00Z')); // 09:45 that day: within the check-in lead time
    try {
      // Check-in on behalf: the clerk of U cannot check in an appointment of J.
      refused(await cv!.session.post('/api/hall/tickets', { zoneId: zoneU, idNumber: p!.idNumber, checkIn: true }), 403, 'HALL_ZONE_OUT_OF_SCOPE');
      assert.deepEqual([await count('hall_appointments'), await count('hall_tickets'), await count('audit_events')], before);
      assert.equal(await status(inJ.id), 'booked');
      assert.equal(ok(await cw!.session.post('/api/hall/tickets', { zoneId: zoneJ, idNumber: p!.idNumber, checkIn: true }), 201).zone.id, zoneJ);
      assert.equal(ok(await cv!.session.post('/api/hall/tickets', { zoneId: zoneU, idNumber: r!.idNumber, checkIn: true }), 201).zone.id, zoneU);
    } finally {
      t.clock.set(NOW);
    }
    assert.equal(ok(await manager.post(`/api/hall/appointments/${inJ2.id}/cancel`, { reason: '窗口调整' })).status, 'cancelled');
  });

  test('the display shows calls live with an ETag; every case registered from the ticket is linked to it, the first kept', async () => {
    const zoneA = ok(await kiosk('GET', '/api/hall/kiosk')).zones[0].id;
    // Empty the window's queue first (its zones A and D have tickets from other tests).
    while (ok(await window1.post('/api/hall/window/call-next')).ticket) { /* next */ }
    const tk = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA }), 201);
    const other = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId: zoneA }), 201);
    const d0 = await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/display` });
    const etag = d0.headers.etag as string;
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/display`, headers: { 'if-none-match': etag } })).statusCode, 304);
    t.clock.advance(60_000); // the display shows the latest calls first
    assert.equal(ok(await window1.post('/api/hall/window/call-next')).ticket.id, tk.id);
    const d1 = await t.app.inject({ method: 'GET', url: `/api/hall/centers/${province}/display`, headers: { 'if-none-match': etag } });
    const shown = ok(d1).calls[0];
    assert.equal(shown.number, tk.number);
    assert.equal(shown.window.name, '综合受理窗口1');
    assert.ok(!JSON.stringify(ok(d1)).includes('idNumber'));

    const permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
    // The permit serves enterprises (服务对象): the ticket holder registers for their company.
    const applicant = { kind: 'enterprise', name: '海南取号建设有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0777'), legalRepresentative: '王取号', phone: '13900007777' };
    // A ticket not called at this window: the registration is refused and nothing is written.
    const cases = await count('cases');
    refused(await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant, ticketId: other.id }), 409, 'HALL_TICKET_NOT_AT_WINDOW');
    assert.equal(await count('cases'), cases);
    const first = { ...(await applicationBody(t.app, window1, permitId)), applicant, ticketId: tk.id };
    const reg = ok(await window1.post('/api/counter/cases', first), 201);
    // One visit, several matters: a second case registered from the same ticket; the first keeps its link.
    const reg2 = ok(await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant, ticketId: tk.id }), 201);
    // The first registration sent again (its idempotency key): the same case, not linked a second time.
    const events = await count('audit_events');
    assert.equal((await window1.post('/api/counter/cases', first)).json().case.id, reg.case.id);
    assert.equal(await count('audit_events'), events);
    const links = async () => (await t.ctx.db.selectFrom('hall_ticket_cases').select(['ticket_id', 'case_id']).where('ticket_id', '=', tk.id).orderBy('linked_at').orderBy('case_id').execute());
    const both = [reg.case.id, reg2.case.id].sort();
    assert.deepEqual((await links()).map((l) => l.case_id).sort(), both);
    // Both in the ticket as the window's panel and the ticket's detail show it to the center's staff; the holder's view has no cases.
    const casesOf = (v: { cases: Array<{ id: string; receiptNo: string | null }> }) => v.cases.map((c) => c.id).sort();
    assert.deepEqual(casesOf(ok(await window1.get('/api/hall/window')).current), both);
    assert.deepEqual(casesOf(ok(await window1.get(`/api/my/hall/tickets/${tk.id}`))), both);
    assert.deepEqual(casesOf(ok(await manager.get(`/api/my/hall/tickets/${tk.id}`))), both);
    t.clock.advance(7 * 60_000);
    assert.deepEqual(casesOf(ok(await window1.post(`/api/hall/tickets/${tk.id}/actions`, { action: 'finish' }))), both);
    t.clock.set(NOW);
    assert.equal((await links()).length, 2, 'each case keeps its ticket after the visit');
    // The figures count the cases registered from the day's tickets.
    assert.equal(ok(await manager.get('/api/hall/figures?from=2026-11-23&to=2026-11-23')).total.cases, 2);
    const row = await t.ctx.db.selectFrom('hall_tickets').select(['status', 'issued_at', 'first_called_at', 'finished_at']).where('id', '=', tk.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
    assert.equal(row.finished_at!.getTime() - row.first_called_at!.getTime(), 7 * 60_000, 'service time recorded');
  });
});

describe('appointments', () => {
  const tomorrow = '2026-11-24';

  test('concurrent bookings never exceed a slot or a zone-day capacity; a double click books once', async () => {
    const zoneId = await zone('Q', [], { slotCapacity: 3, dayCapacity: 5 });
    const people = await persons(t.app, t.ctx.db, 30, 100);
    const same = await Promise.all(people.map((p) => p.session.post('/api/my/hall/appointments', { zoneId, day: tomorrow, slotStart: '09:00' })));
    assert.equal(same.filter((r) => r.statusCode === 201).length, 3);
    assert.ok(same.filter((r) => r.statusCode !== 201).every((r) => r.json().code === 'HALL_SLOT_FULL'), 'the others are told the slot is full');
    const spread = await Promise.all(people.map((p, i) => p.session.post('/api/my/hall/appointments', { zoneId, day: tomorrow, slotStart: ['10:00', '10:30', '11:00'][i % 3] })));
    const extra = spread.filter((r) => r.statusCode === 201).length;
    assert.equal(extra, 2, 'the zone-day capacity of 5 caps the whole day');
    const slots = ok(await t.app.inject({ method: 'GET', url: `/api/hall/zones/${zoneId}/slots?day=${tomorrow}` }));
    assert.equal(slots.dayBooked, 5);
    assert.ok(slots.slots.every((s: { booked: number; capacity: number }) => s.booked <= s.capacity));
    const stored = await t.ctx.db.selectFrom('hall_appointments').select((eb) => eb.fn.countAll<number>().as('n')).where('zone_id', '=', zoneId).where('status', '=', 'booked').executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 5);

    // A double click: one booking, one refusal, one place taken.
    const zone2 = await zone('W', [], { slotCapacity: 5, dayCapacity: 50 });
    const [x, y] = await Promise.all([person.post('/api/my/hall/appointments', { zoneId: zone2, day: tomorrow, slotStart: '09:30' }), person.post('/api/my/hall/appointments', { zoneId: zone2, day: tomorrow, slotStart: '09:30' })]);
    assert.deepEqual([x.statusCode, y.statusCode].sort(), [201, 409]);
    assert.equal([x, y].find((r) => r.statusCode === 409)!.json().code, 'HALL_BOOKING_EXISTS');
    const s2 = ok(await t.app.inject({ method: 'GET', url: `/api/hall/zones/${zone2}/slots?day=${tomorrow}` }));
    assert.equal(s2.dayBooked, 1);
    // Cancelling gives the place back.
    const booked = [x, y].find((r) => r.statusCode === 201)!.json();
    assert.equal(ok(await person.post(`/api/my/hall/appointments/${booked.id}/cancel`)).status, 'cancelled');
    assert.equal(ok(await t.app.inject({ method: 'GET', url: `/api/hall/zones/${zone2}/slots?day=${tomorrow}` })).dayBooked, 0);
  });

  test('booking rules: real-name persons only, within the booking window, a real slot of an open day', async () => {
    const zoneA = ok(await kiosk('GET', '/api/hall/kiosk')).zones[0].id;
    const before = [await count('hall_appointments'), await count('audit_events')];
    refused(await company.post('/api/my/hall/appointments', { zoneId: zoneA, day: tomorrow, slotStart: '09:00' }), 403, 'HALL_REAL_NAME_ONLY');
    refused(await window1.post('/api/my/hall/appointments', { zoneId: zoneA, day: tomorrow, slotStart: '09:00' }), 403, 'HALL_REAL_NAME_ONLY');
    refused(await t.app.inject({ method: 'POST', url: '/api/my/hall/appointments', payload: { zoneId: zoneA, day: tomorrow, slotStart: '09:00' } }), 401, 'UNAUTHENTICATED');
    refused(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: '2026-11-23', slotStart: '16:00' }), 400, 'HALL_BOOKING_WINDOW');
    refused(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: '2026-12-31', slotStart: '09:00' }), 400, 'HALL_BOOKING_WINDOW');
    refused(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: '2026-11-29', slotStart: '09:00' }), 409, 'HALL_DAY_CLOSED');
    refused(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: tomorrow, slotStart: '09:10' }), 400, 'HALL_SLOT_UNKNOWN');
    refused(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: tomorrow, slotStart: '17:00' }), 400, 'HALL_SLOT_UNKNOWN');
    refused(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: 'tomorrow', slotStart: '9' }), 400, 'DATE_INVALID');
    assert.deepEqual([await count('hall_appointments'), await count('audit_events')], before);
    // Saturday morning and Wednesday's extended hours can be booked.
    ok(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: '2026-11-28', slotStart: '11:30' }), 201);
    ok(await person.post('/api/my/hall/appointments', { zoneId: zoneA, day: '2026-11-25', slotStart: '18:30' }), 201);
  });

  test('a booking window that starts today offers only the slots to come; a begun slot is refused, nothing written', async () => {
    const zoneId = await zone('T', [], { slotCapacity: 5, dayCapacity: 50 });
    const [p] = await persons(t.app, t.ctx.db, 1, 500);
    const today = '2026-11-23'; // Monday, 10:00 in China (NOW)
    const base = { bookingMaxDays: 14, noShowLimit: 3, noShowWindowDays: 90, noShowRestrictDays: 30, elderlyAge: 70, checkInEarlyMinutes: 30 };
    ok(await manager.put('/api/admin/hall/settings', { ...base, bookingMinDays: 0 }));
    try {
      const before = [await count('hall_appointments'), await count('audit_events')];
      // 09:30 ended, 10:00 begins now: both begun.
      refused(await p!.session.post('/api/my/hall/appointments', { zoneId, day: today, slotStart: '09:30' }), 409, 'HALL_SLOT_BEGUN');
      refused(await p!.session.post('/api/my/hall/appointments', { zoneId, day: today, slotStart: '10:00' }), 409, 'HALL_SLOT_BEGUN');
      assert.deepEqual([await count('hall_appointments'), await count('audit_events')], before);
      const slots = ok(await t.app.inject({ method: 'GET', url: `/api/hall/zones/${zoneId}/slots?day=${today}` }));
      const available = (start: string) => slots.slots.find((x: { start: string }) => x.start === start).available;
      assert.deepEqual([available('09:00'), available('10:00'), available('10:30')], [false, false, true]);
      ok(await p!.session.post('/api/my/hall/appointments', { zoneId, day: today, slotStart: '10:30' }), 201);
    } finally {
      ok(await manager.put('/api/admin/hall/settings', { ...base, bookingMinDays: 1 }));
    }
  });

  test('check-in only while the slot has not ended: a late arrival is not checked in before the sweep runs', async () => {
    const [clerk] = await clerksAt(t.app, t.ctx.db, province, 'L', 1);
    const zoneEarly = await zone('L', [clerk!.windowId]);
    const zoneLate = await zone('M', [clerk!.windowId]);
    const [p] = await persons(t.app, t.ctx.db, 1, 510);
    const early = ok(await p!.session.post('/api/my/hall/appointments', { zoneId: zoneEarly, day: tomorrow, slotStart: '09:00' }), 201);
    t.clock.set(new Date('2026-11-24T01:35:00Z')); // 09:35 tomorrow: the 09:00–09:30 slot has ended, the sweep has not run
    try {
      const before = [await count('hall_tickets'), await count('audit_events')];
      refused(await kiosk('POST', '/api/hall/kiosk/check-in', { idNumber: p!.idNumber }), 404, 'HALL_NO_APPOINTMENT_TODAY');
      refused(await clerk!.session.post('/api/hall/tickets', { zoneId: zoneEarly, idNumber: p!.idNumber, checkIn: true }), 404, 'HALL_NO_APPOINTMENT_TODAY');
      assert.deepEqual([await count('hall_tickets'), await count('audit_events')], before);
      const a = await t.ctx.db.selectFrom('hall_appointments').select('status').where('id', '=', early.id).executeTakeFirstOrThrow();
      assert.equal(a.status, 'booked', 'left for the sweep to mark missed');
      await markMissedAppointments(t.ctx);
      assert.equal((await t.ctx.db.selectFrom('hall_appointments').select('status').where('id', '=', early.id).executeTakeFirstOrThrow()).status, 'no_show');
    } finally {
      t.clock.set(NOW);
    }
    // An ended appointment does not hide a later one of the same day: the later one is checked in.
    const early2 = ok(await p!.session.post('/api/my/hall/appointments', { zoneId: zoneEarly, day: '2026-11-25', slotStart: '09:00' }), 201);
    const later = ok(await p!.session.post('/api/my/hall/appointments', { zoneId: zoneLate, day: '2026-11-25', slotStart: '10:00' }), 201);
    t.clock.set(new Date('2026-11-25T01:40:00Z')); // 09:40 that day
    try {
      const tk = ok(await kiosk('POST', '/api/hall/kiosk/check-in', { idNumber: p!.idNumber }), 201);
      assert.equal(tk.zone.id, zoneLate);
      const rows = await t.ctx.db.selectFrom('hall_appointments').select(['id', 'status']).where('id', 'in', [early2.id, later.id]).execute();
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.status])), { [early2.id]: 'booked', [later.id]: 'checked_in' });
    } finally {
      t.clock.set(NOW);
    }
  });

  test('no-shows: missed slots are marked, and the configured number of them suspends booking', async () => {
    const zoneId = await zone('N', [], { slotCapacity: 10, dayCapacity: 100 });
    const [p] = await persons(t.app, t.ctx.db, 1, 300);
    const s = p!.session;
    // Three booked and missed appointments (the sweep marks them after their slots end).
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-26']) ok(await s.post('/api/my/hall/appointments', { zoneId, day, slotStart: '09:00' }), 201);
    t.clock.set(new Date('2026-11-25T02:00:00Z')); // Wednesday 10:00: two slots have ended
    try {
      const statuses = async () => (await t.ctx.db.selectFrom('hall_appointments').select('status').where('zone_id', '=', zoneId).orderBy('day').execute()).map((a) => a.status);
      assert.ok(await markMissedAppointments(t.ctx) >= 2);
      assert.equal(await markMissedAppointments(t.ctx), 0);
      assert.deepEqual(await statuses(), ['no_show', 'no_show', 'booked']);
      t.clock.set(new Date('2026-11-27T01:00:00Z'));
      await markMissedAppointments(t.ctx);
      assert.deepEqual(await statuses(), ['no_show', 'no_show', 'no_show']);
      const before = [await count('hall_appointments'), await count('audit_events')];
      const r = await s.post('/api/my/hall/appointments', { zoneId, day: '2026-11-30', slotStart: '09:00' });
      refused(r, 403, 'HALL_BOOKING_RESTRICTED');
      assert.match(r.json().message.zh, /2026-12-26/);
      assert.deepEqual([await count('hall_appointments'), await count('audit_events')], before);
      assert.deepEqual(ok(await s.get('/api/my/hall')).restrictions.map((x: { until: string }) => x.until), ['2026-12-26']);
      // Walk-in tickets stay available; the suspension ends after the configured days.
      t.clock.set(new Date('2026-12-28T02:00:00Z'));
      ok(await s.post('/api/my/hall/appointments', { zoneId, day: '2026-12-29', slotStart: '09:00' }), 201);
    } finally {
      t.clock.set(NOW);
    }
  });

  test('check-in at the kiosk: the appointment gives priority from its time; a window no-show marks it missed', async () => {
    const [clerk] = await clerksAt(t.app, t.ctx.db, province, 'V', 1);
    const zoneId = await zone('V', [clerk!.windowId]);
    const [p] = await persons(t.app, t.ctx.db, 1, 400);
    const appt = ok(await p!.session.post('/api/my/hall/appointments', { zoneId, day: tomorrow, slotStart: '10:00' }), 201);
    t.clock.set(new Date('2026-11-24T01:00:00Z')); // 09:00 the day of the appointment
    try {
      refused(await kiosk('POST', '/api/hall/kiosk/check-in', { idNumber: p!.idNumber }), 409, 'HALL_CHECKIN_TOO_EARLY');
      refused(await kiosk('POST', '/api/hall/kiosk/check-in', { idNumber: DEMO_PERSON.idNumber }), 404, 'HALL_NO_APPOINTMENT_TODAY');
      const walkIn = ok(await kiosk('POST', '/api/hall/kiosk/tickets', { zoneId }), 201);
      t.clock.set(new Date('2026-11-24T01:45:00Z')); // 09:45: within the check-in lead time
      const tk = ok(await kiosk('POST', '/api/hall/kiosk/check-in', { idNumber: p!.idNumber }), 201);
      assert.deepEqual(tk.priorityReasons, ['appointment']);
      // Before 10:00 the appointment waits behind the walk-in; from 10:00 it goes first.
      assert.equal(tk.ahead, 1);
      t.clock.set(new Date('2026-11-24T02:00:00Z'));
      assert.equal(ok(await p!.session.get(`/api/my/hall/tickets/${tk.id}`)).ahead, 0);
      assert.equal(ok(await clerk!.session.post('/api/hall/window/call-next')).ticket.id, tk.id);
      ok(await clerk!.session.post(`/api/hall/tickets/${tk.id}/actions`, { action: 'no_show' }));
      const a = ok(await p!.session.get('/api/my/hall')).appointments.find((x: { id: string }) => x.id === appt.id);
      assert.equal(a.status, 'no_show');
      assert.equal(ok(await clerk!.session.post('/api/hall/window/call-next')).ticket.id, walkIn.id);
    } finally {
      t.clock.set(NOW);
    }
  });
});
