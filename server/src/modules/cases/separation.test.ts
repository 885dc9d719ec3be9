/**
 * Separation of duties (审管分离) at the API: whoever accepted or reviewed a case does not decide it,
 * judged on the case's records (the accept event, the review rows), so one account holding several
 * roles is refused like two people would be. Refused with 409 SEPARATION_OF_DUTIES, both messages,
 * nothing written. An instant item may allow the recorded exception: decided at the window by the
 * chief representative, the use written on the decision's audit event.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CATALOG } from '../../lib/errors.catalog.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, caseActionOk, itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let manager: Session;
/** One account that is a window clerk and the housing department's chief (首席代表 seated at the window). */
let dual: Session;
let permitId: string;

const MONDAY = new Date('2026-03-02T02:00:00Z');

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  const win = await t.ctx.db.selectFrom('users').select(['window_id', 'center_id']).where('username', '=', 'window1').executeTakeFirstOrThrow();
  const chiefRow = await t.ctx.db.selectFrom('users').select(['department_id']).where('username', '=', 'chief.housing').executeTakeFirstOrThrow();
  // A second housing chief who is also seated at window 1.
  const hash = (await t.ctx.db.selectFrom('users').select('password_hash').where('username', '=', 'chief.housing').executeTakeFirstOrThrow()).password_hash;
  await t.ctx.db.insertInto('users').values({
    kind: 'staff', name: '兼任首席', username: 'dual.housing', password_hash: hash, roles: ['window', 'chief'],
    center_id: win.center_id, department_id: chiefRow.department_id, window_id: win.window_id,
  } as never).execute();
  [company, window1, approver, chief, manager, dual] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'window1'), signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'),
    signIn(t.app, 'manager'), signIn(t.app, 'dual.housing'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
});
after(async () => { await t.close(); });

const act = caseAction;
const ok = caseActionOk;
const decide = { action: 'decide', result: 'approved', reason: '符合法定条件' };
const review = { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' };

async function snapshot(id: string) {
  const row = await t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audit = await t.ctx.db.selectFrom('audit_events').select(['seq', 'action', 'hash']).where('stream', '=', `case:${id}`).orderBy('seq').execute();
  return JSON.stringify({ row, audit });
}

async function refusedSeparation(s: Session, id: string) {
  const before = await snapshot(id);
  assert.ok(!(await s.get(`/api/cases/${id}`)).json().allowedActions.includes('decide'), 'no decide button');
  const res = await act(s, id, decide);
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().code, 'SEPARATION_OF_DUTIES');
  assert.deepEqual(res.json().message, CATALOG.SEPARATION_OF_DUTIES.text());
  assert.ok(res.json().message.zh && res.json().message.en);
  assert.equal(await snapshot(id), before, 'nothing written');
}

/** Publishes a new version of an item with `patch` over its current content, valid today. */
async function republish(itemId: string, patch: Record<string, unknown>) {
  assert.equal((await manager.post(`/api/admin/items/${itemId}/draft`)).statusCode, 201);
  const current = (await manager.get(`/api/admin/items/${itemId}`)).json().current.content;
  const saved = await manager.put(`/api/admin/items/${itemId}/draft`, { content: { ...current, ...patch } });
  assert.equal(saved.statusCode, 200, saved.body);
  const pub = await manager.post(`/api/admin/items/${itemId}/publish`, { validFrom: '2026-03-02' });
  assert.equal(pub.statusCode, 200, pub.body);
}

describe('separation of duties', () => {
  test('one account that accepted the case cannot decide it, though it holds the chief role', async () => {
    const c = await submittedCase(t.app, company, permitId);
    await ok(dual, c.id, { action: 'accept' });
    await ok(approver, c.id, review);
    await refusedSeparation(dual, c.id);
    // Another chief, who neither accepted nor reviewed, decides.
    assert.equal((await ok(chief, c.id, decide)).status, 'decided');
  });

  test('the reviewer cannot decide what they reviewed', async () => {
    const c = await submittedCase(t.app, company, permitId);
    await ok(window1, c.id, { action: 'accept' });
    await ok(chief, c.id, review);
    await refusedSeparation(chief, c.id);
  });

  test('accept, review and decide by three people: decided, no exception recorded', async () => {
    const c = await submittedCase(t.app, company, permitId);
    await ok(window1, c.id, { action: 'accept' });
    await ok(approver, c.id, review);
    assert.ok((await chief.get(`/api/cases/${c.id}`)).json().allowedActions.includes('decide'));
    await ok(chief, c.id, decide);
    const ev = await t.ctx.db.selectFrom('audit_events').select('data').where('stream', '=', `case:${c.id}`).where('action', '=', 'case.decide').executeTakeFirstOrThrow();
    assert.equal((ev.data as Record<string, unknown>).separationException, undefined);
  });

  test("the exception: only an instant item that allows it, decided at the window by the chief representative, recorded", async () => {
    // An instant version without the exception: the chief representative who accepted and reviewed is still refused.
    await republish(permitId, { processingMode: 'instant' });
    const plain = await submittedCase(t.app, company, permitId);
    await ok(dual, plain.id, { action: 'accept' });
    await ok(dual, plain.id, review);
    await refusedSeparation(dual, plain.id);

    await republish(permitId, { processingMode: 'instant', windowDecisionByChiefRepresentative: true });
    const c = await submittedCase(t.app, company, permitId);
    await ok(dual, c.id, { action: 'accept' });
    await ok(dual, c.id, review);
    assert.ok((await dual.get(`/api/cases/${c.id}`)).json().allowedActions.includes('decide'));
    assert.equal((await ok(dual, c.id, decide)).status, 'decided');
    const ev = await t.ctx.db.selectFrom('audit_events').select(['data', 'actor_id']).where('stream', '=', `case:${c.id}`).where('action', '=', 'case.decide').executeTakeFirstOrThrow();
    assert.equal((ev.data as Record<string, unknown>).separationException, 'chief_representative', 'the use of the exception is recorded');
    assert.equal(ev.actor_id, dual.user.id);

    // The exception is the chief representative's at the window: a window clerk who accepted still cannot decide (no chief role),
    // and a chief without a window seat who reviewed an instant case cannot use it.
    const other = await submittedCase(t.app, company, permitId);
    await ok(window1, other.id, { action: 'accept' });
    await ok(chief, other.id, review);
    await refusedSeparation(chief, other.id);
  });
});
