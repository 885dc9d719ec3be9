import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { verifyAudit } from '../../lib/audit.ts';
import { fixedClock } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { claimLightChecks } from './supervision.repository.ts';
import { LIGHT_LEASE_MS, sweepAllLights } from './warnings.jobs.ts';

let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let permitId: string;

// Monday 2026-03-02, 10:00 in Beijing. The permit's promised limit is 3 working days.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, permitId } = await housingCast(t.app));
});
after(async () => { await t.close(); });

async function acceptedCase(): Promise<string> {
  const c = (await submitApplication(t.app, company, permitId)).json().case;
  const r = await window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' });
  assert.equal(r.statusCode, 200, r.body);
  return c.id;
}

const lightOf = (id: string) => t.ctx.db.selectFrom('cases').select(['light', 'light_rule', 'light_due_date', 'light_check_date']).where('id', '=', id).executeTakeFirstOrThrow();
const events = (id: string) => t.ctx.db.selectFrom('audit_events').select(['action', 'data']).where('stream', '=', `case:${id}`).where('action', '=', 'case.light_changed').orderBy('seq').execute();

describe('warning lights', () => {
  test('green → yellow → red, back to green after an extension; each change recorded and notified once', async () => {
    t.clock.set(MONDAY);
    const id = await acceptedCase();
    await sweepAllLights(t.ctx);
    assert.deepEqual(await lightOf(id), { light: 'green', light_rule: 'decision', light_due_date: '2026-03-05', light_check_date: '2026-03-04' });
    assert.equal((await events(id)).length, 0, 'the first green is not news');

    await approver.post(`/api/cases/${id}/actions`, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    t.clock.set(at('2026-03-04'));
    const r = await sweepAllLights(t.ctx);
    assert.ok(r.changed >= 1);
    assert.equal((await lightOf(id)).light, 'yellow');
    assert.equal((await sweepAllLights(t.ctx)).changed, 0, 'a second sweep the same day finds nothing');

    const mine = (await approver.get('/api/notifications')).json();
    const yellow = mine.notifications.filter((n: { caseId: string; kind: string }) => n.caseId === id && n.kind === 'light');
    assert.equal(yellow.length, 2, 'the reviewer by name, and the department list');
    assert.deepEqual(yellow.map((n: { toDepartment: boolean }) => n.toDepartment).sort(), [false, true]);
    assert.equal((await chief.get('/api/notifications')).json().notifications.filter((n: { caseId: string }) => n.caseId === id).length, 1, "the chief sees the department's");
    assert.equal((await (await signIn(t.app, 'approver.market')).get('/api/notifications')).json().notifications.filter((n: { caseId: string }) => n.caseId === id).length, 0);

    t.clock.set(at('2026-03-06'));
    await sweepAllLights(t.ctx);
    assert.equal((await lightOf(id)).light, 'red');

    const supervisor = await signIn(t.app, 'supervisor');
    const board = (await supervisor.get('/api/supervision/cases?light=red')).json();
    assert.ok(board.cases.some((c: { id: string; rule: string }) => c.id === id && c.rule === 'decision'));
    const housing = board.cases.find((c: { id: string }) => c.id === id).departmentId;
    const byDept = (await supervisor.get(`/api/supervision/cases?light=red&departmentId=${housing}`)).json();
    assert.ok(byDept.cases.length > 0 && byDept.cases.every((c: { departmentId: string }) => c.departmentId === housing));
    const org = (await supervisor.get('/api/admin/org')).json();
    const other = org.departments.find((d: { id: string; centerId: string }) => d.id !== housing && d.centerId === supervisor.user.centerId).id;
    assert.equal((await supervisor.get(`/api/supervision/cases?light=red&departmentId=${other}`)).json().total, 0, 'another department has none');
    assert.equal((await approver.get('/api/supervision/cases?light=red')).statusCode, 403);

    assert.equal((await chief.post(`/api/cases/${id}/actions`, { action: 'extend', reason: '需现场核查' })).statusCode, 200);
    await sweepAllLights(t.ctx);
    assert.equal((await lightOf(id)).light, 'green', 'the extension moved the due date');
    assert.deepEqual((await events(id)).map((e) => (e.data as { to: string }).to), ['yellow', 'red', 'green']);

    const read = await approver.post('/api/notifications/read', { ids: 'all' });
    assert.ok(read.json().marked >= 3);
    assert.equal((await approver.get('/api/notifications?unread=true')).json().unread, 0);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('after the decision: yellow on the last handover day, red when not handed over within 3 working days', async () => {
    t.clock.set(MONDAY);
    const id = await acceptedCase();
    await approver.post(`/api/cases/${id}/actions`, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    assert.equal((await chief.post(`/api/cases/${id}/actions`, { action: 'decide', result: 'approved', reason: '符合条件' })).statusCode, 200);
    await sweepAllLights(t.ctx);
    assert.deepEqual(await lightOf(id), { light: 'green', light_rule: 'handover', light_due_date: '2026-03-05', light_check_date: '2026-03-05' });
    t.clock.set(at('2026-03-06'));
    await sweepAllLights(t.ctx);
    assert.equal((await lightOf(id)).light, 'red');
    assert.equal((await chief.post(`/api/cases/${id}/actions`, { action: 'handover' })).statusCode, 200);
    await sweepAllLights(t.ctx);
    assert.equal((await lightOf(id)).light, null, 'ready: the result is at the delivery window');
  });

  test('two instances on one database sweeping together fire each warning exactly once', async () => {
    t.clock.set(MONDAY);
    const first = await acceptedCase();
    await sweepAllLights(t.ctx);
    // 600 more cases like it, straight in the table (same item, same dates).
    await sql`
      INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel, idempotency_key,
        status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date, promised_days, statutory_days,
        due_date, statutory_due_date, warning_date, created_at, updated_at)
      SELECT item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel, 'copy-' || g,
        status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date, promised_days, statutory_days,
        due_date, statutory_due_date, warning_date, created_at, updated_at
      FROM cases, generate_series(1, 600) g WHERE id = ${first}`.execute(t.ctx.db);
    const ids = (await t.ctx.db.selectFrom('cases').select('id').where('due_date', '=', '2026-03-05').where('status', '=', 'accepted').execute()).map((r) => r.id);
    assert.ok(ids.length >= 601);

    const clock = fixedClock(at('2026-03-04'));
    t.clock.set(at('2026-03-04'));
    const other = openDatabase(t.config.DATABASE_URL!, 5);
    const second: AppContext = { ...t.ctx, db: other.db, clock };
    try {
      const [a, b] = await Promise.all([sweepAllLights(t.ctx, { batch: 25 }), sweepAllLights(second, { batch: 25 })]);
      assert.ok(a.checked > 0 && b.checked > 0, `both instances took work (${a.checked}, ${b.checked})`);
      const fired = await t.ctx.db.selectFrom('audit_events').select(['stream', (eb) => eb.fn.countAll<number>().as('n')])
        .where('action', '=', 'case.light_changed').where('stream', 'in', ids.map((x) => `case:${x}`)).groupBy('stream').execute();
      assert.equal(fired.length, ids.length, 'every case turned yellow');
      assert.ok(fired.every((f) => Number(f.n) === 1), 'and exactly once');
      assert.equal(a.changed + b.changed, ids.length);
      const notes = await t.ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'light').where('user_id', 'is', null).where('case_id', 'in', ids).executeTakeFirstOrThrow();
      assert.equal(Number(notes.n), ids.length, 'one department notification per case');
    } finally {
      await other.close();
    }
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('a clerk acting on a case the sweep has claimed is answered at once; the sweep lets the case go and judges it again', async () => {
    t.clock.set(MONDAY);
    const id = await acceptedCase();
    await sweepAllLights(t.ctx);
    t.clock.set(at('2026-03-04'));
    const during: { status?: number; body?: string } = {};
    const r = await sweepAllLights(t.ctx, {
      afterClaim: async (ids) => {
        if (during.status || !ids.includes(id)) return;
        // The sweep holds its claim on this case and waits here until the clerk's request is answered.
        const res = await approver.post(`/api/cases/${id}/actions`, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
        Object.assign(during, { status: res.statusCode, body: res.body });
      },
    });
    assert.equal(during.status, 200, during.body ?? 'the sweep never claimed the case');
    assert.ok(r.checked >= 2, 'claimed, let go when the case moved, claimed and judged again');
    assert.equal((await lightOf(id)).light, 'yellow');
    assert.deepEqual((await events(id)).map((e) => (e.data as { to: string }).to), ['yellow'], 'judged once, on the case as it is now');
    const lease = await t.ctx.db.selectFrom('cases').select(['light_claim', 'light_claimed_until']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(lease, { light_claim: null, light_claimed_until: null });
  });

  test("a claim left by an instance that died lapses: another instance judges the case after the lease", async () => {
    t.clock.set(MONDAY);
    const id = await acceptedCase();
    await sweepAllLights(t.ctx);
    t.clock.set(at('2026-03-04'));
    // The dead instance's claim: every due case leased, nothing written.
    const now = t.clock.now();
    const claimed = await claimLightChecks(t.ctx.db, { today: '2026-03-04', now, until: new Date(now.getTime() + LIGHT_LEASE_MS), claim: randomUUID(), limit: 100_000 });
    assert.ok(claimed.some((c) => c.id === id));
    assert.equal((await sweepAllLights(t.ctx)).checked, 0, 'a live lease is left alone');
    assert.equal((await lightOf(id)).light, 'green');
    t.clock.set(new Date(now.getTime() + LIGHT_LEASE_MS + 1000));
    assert.ok((await sweepAllLights(t.ctx)).checked >= 1);
    assert.equal((await lightOf(id)).light, 'yellow');
    assert.equal((await events(id)).length, 1);
  });
});
