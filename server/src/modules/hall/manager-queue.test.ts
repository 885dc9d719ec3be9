import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { centerId, clerksAt } from '../../test/hall-fixtures.ts';
import { DEMO_KIOSK_TOKENS } from './hall.seed.ts';

/** The manager's queue page (docs/hall.md "The manager's queue"): GET /api/hall/queue and the manager's cancel and transfer from it. */
// Monday 23 November 2026, 10:00 in China: the hall is open.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let manager: Session; let hkManager: Session; let supervisor: Session; let person: Session;
let province: string;
let zoneE: string; let zoneF: string; let clerkE: { windowId: string; session: Session };

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [manager, hkManager, supervisor, person] = await Promise.all([
    signIn(t.app, 'manager'), signIn(t.app, 'hk.manager'), signIn(t.app, 'supervisor'), signIn(t.app, DEMO_PERSON.idNumber),
  ]);
  province = await centerId(t.ctx.db, '海南省');
  [clerkE] = (await clerksAt(t.app, t.ctx.db, province, 'E', 1)) as [typeof clerkE];
  zoneE = await zone('E', [clerkE.windowId]);
  zoneF = await zone('F', [clerkE.windowId]);
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const count = async (table: 'hall_tickets' | 'audit_events') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function zone(prefix: string, windowIds: string[]) {
  const body = { prefix, business: 'general', name: `测试区${prefix}`, nameEn: `Test zone ${prefix}`, active: true, slotMinutes: 30, slotCapacity: 4, dayCapacity: 60, serviceSeconds: 600, windowIds };
  return ok(await manager.post('/api/admin/hall/zones', body)).zones.find((z: { prefix: string }) => z.prefix === prefix).id as string;
}
const issue = async (zoneId: string, extra: object = {}) =>
  ok(await t.app.inject({ method: 'POST', url: '/api/hall/kiosk/tickets', headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province }, payload: { zoneId, ...extra } }), 201) as { id: string; number: string };
const queue = (s: Session, zoneId: string, more = '') => s.get(`/api/hall/queue?zoneId=${zoneId}${more}`);
type Page = { waiting: number; items: Array<{ id: string; number: string; priorityReasons: string[]; targetWindow: { id: string } | null }>; nextCursor: string | null };

describe("the manager's queue", () => {
  test("a zone's waiting tickets a page at a time, priority first; a transfer or cancel from it shows on the clerk's panel", async () => {
    const [e1, e2, e3] = [await issue(zoneE), await issue(zoneE), await issue(zoneE, { disabled: true })];
    const first = ok(await queue(manager, zoneE, '&limit=2')) as Page;
    assert.equal(first.waiting, 3);
    // The disabled person's ticket weighs more (the seed's rules): it comes first, then arrival.
    assert.deepEqual(first.items.map((i) => i.id), [e3.id, e1.id]);
    assert.deepEqual(first.items[0]!.priorityReasons, ['disabled']);
    assert.ok(first.nextCursor);
    const second = ok(await queue(manager, zoneE, `&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)) as Page;
    assert.deepEqual(second.items.map((i) => i.id), [e2.id]);
    assert.equal(second.nextCursor, null);
    // Numbers and reasons only: nothing of the person.
    assert.ok(!JSON.stringify(first).includes('idNumber'));

    // The manager transfers e1 to zone F at the clerk's window, and cancels e2.
    const moved = ok(await manager.post(`/api/hall/tickets/${e1.id}/actions`, { action: 'transfer', zoneId: zoneF, windowId: clerkE.windowId }));
    assert.equal(moved.zone.id, zoneF);
    assert.equal(ok(await manager.post(`/api/hall/tickets/${e2.id}/actions`, { action: 'cancel' })).status, 'cancelled');
    const e = ok(await queue(manager, zoneE)) as Page;
    assert.deepEqual([e.waiting, e.items.map((i) => i.id)], [1, [e3.id]]);
    const f = ok(await queue(manager, zoneF)) as Page;
    assert.deepEqual(f.items.map((i) => [i.id, i.targetWindow?.id]), [[e1.id, clerkE.windowId]]);
    const panel = ok(await clerkE.session.get('/api/hall/window'));
    const onPanel = panel.queue.map((q: { id: string; zoneId: string; forThisWindow: boolean }) => [q.id, q.zoneId, q.forThisWindow]);
    assert.deepEqual(onPanel.sort(), [[e1.id, zoneF, true], [e3.id, zoneE, false]].sort());
  });

  test("refused to a window clerk, other staff, an applicant, the public and another center's manager; an unknown zone 404; nothing written", async () => {
    const tk = await issue(zoneE);
    const [tickets, events] = [await count('hall_tickets'), await count('audit_events')];
    refused(await queue(clerkE.session, zoneE), 403, 'FORBIDDEN');
    refused(await queue(supervisor, zoneE), 403, 'FORBIDDEN');
    refused(await queue(person, zoneE), 403, 'FORBIDDEN');
    refused(await t.app.inject({ method: 'GET', url: `/api/hall/queue?zoneId=${zoneE}` }), 401, 'UNAUTHENTICATED');
    // Haikou's manager asks for a zone of the province's center: refused, not listed.
    refused(await queue(hkManager, zoneE), 403, 'FORBIDDEN');
    refused(await queue(manager, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    refused(await queue(manager, zoneE, '&cursor=not-a-cursor'), 400, 'VALIDATION_FAILED');
    // Nor does Haikou's manager act on the ticket the list would show.
    refused(await hkManager.post(`/api/hall/tickets/${tk.id}/actions`, { action: 'cancel' }), 403, 'FORBIDDEN');
    assert.deepEqual([await count('hall_tickets'), await count('audit_events')], [tickets, events]);
    assert.equal((await t.ctx.db.selectFrom('hall_tickets').select('status').where('id', '=', tk.id).executeTakeFirstOrThrow()).status, 'waiting');
  });
});
