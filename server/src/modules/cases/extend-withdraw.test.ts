/**
 * Art. 42 (extension) and withdrawal, at the API: each refusal answers 409 with its own code and
 * both messages, and writes nothing (the case row and its audit stream are as they were); the
 * lawful action next to it still succeeds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CATALOG } from '../../lib/errors.catalog.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { caseAction, itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let permitId: string;

// Monday 2026-03-02, 10:00 in Beijing.
const MONDAY = new Date('2026-03-02T02:00:00Z');

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  [company, window1, approver, chief] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'window1'), signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
});
after(async () => { await t.close(); });

const act = caseAction;

/** The case row and its audit stream, to show a refusal wrote nothing. */
async function snapshot(id: string) {
  const row = await t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audit = await t.ctx.db.selectFrom('audit_events').select(['seq', 'action', 'hash']).where('stream', '=', `case:${id}`).orderBy('seq').execute();
  return JSON.stringify({ row, audit });
}

/** Tries the action and expects the refusal `code` (409, both catalogue messages) with nothing written. */
async function refused(s: Session, id: string, body: Record<string, unknown>, code: keyof typeof CATALOG) {
  const before = await snapshot(id);
  const res = await act(s, id, body);
  assert.equal(res.statusCode, 409, res.body);
  const err = res.json();
  assert.equal(err.code, code);
  assert.deepEqual(err.message, CATALOG[code].text(undefined as never));
  assert.ok(err.message.zh && err.message.en);
  assert.equal(err.details?.reason, code);
  assert.equal(await snapshot(id), before, 'nothing written');
}

async function acceptedPermit() {
  const c = await submittedCase(t.app, company, permitId);
  const res = await act(window1, c.id, { action: 'accept' });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().case as { id: string; status: string; statutoryDueDate: string; allowedActions: string[] };
}

describe('Art. 42: extension only while the limit runs, never for an instant item', () => {
  test('a promised item is extended before its limit; once the statutory limit has run out it is refused', async () => {
    const lawful = await acceptedPermit();
    assert.ok((await chief.get(`/api/cases/${lawful.id}`)).json().allowedActions.includes('extend'));
    const ok = await act(chief, lawful.id, { action: 'extend', reason: '需现场核查' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(ok.json().case.extension.days > 0);
    // Once stays a plain state conflict.
    assert.equal((await act(chief, lawful.id, { action: 'extend', reason: '再延' })).json().code, 'CASE_STATE_CONFLICT');

    const late = await acceptedPermit();
    assert.equal((await act(approver, late.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' })).statusCode, 200);
    const due = (await chief.get(`/api/cases/${late.id}`)).json().statutoryDueDate as string;
    assert.match(due, /^\d{4}-\d{2}-\d{2}$/);
    // On the due date itself (10:00 Beijing) the limit still runs: the chief may extend.
    t.clock.set(new Date(`${due}T02:00:00Z`));
    assert.ok((await chief.get(`/api/cases/${late.id}`)).json().allowedActions.includes('extend'));
    // The next China day (00:30 Beijing is still the previous UTC day) it has run out.
    t.clock.set(new Date(`${due}T16:30:00Z`));
    const view = (await chief.get(`/api/cases/${late.id}`)).json();
    assert.ok(!view.allowedActions.includes('extend'), 'no extend button once the limit has passed');
    await refused(chief, late.id, { action: 'extend', reason: '逾期再延' }, 'EXTENSION_LIMIT_PASSED');
    t.clock.set(MONDAY);
  });

  test('a suspension stops the limit where it began: extended during it past the old due date; not revived by one begun too late', async () => {
    const held = await acceptedPermit();
    const due = (await chief.get(`/api/cases/${held.id}`)).json().statutoryDueDate as string;
    // Expert review begins on the last day of the limit (10:00 Beijing) and is still running days later.
    t.clock.set(new Date(`${due}T02:00:00Z`));
    assert.equal((await act(chief, held.id, { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 10 })).statusCode, 200);
    t.clock.set(new Date(new Date(`${due}T02:00:00Z`).getTime() + 3 * 86_400_000));
    assert.ok((await chief.get(`/api/cases/${held.id}`)).json().allowedActions.includes('extend'), 'the suspended days do not use the limit up');
    const extended = await act(chief, held.id, { action: 'extend', reason: '专家论证后需补充核查' });
    assert.equal(extended.statusCode, 200, extended.body);
    assert.ok(extended.json().case.extension.days > 0);

    // Suspended only after the limit had run out: still too late to extend.
    t.clock.set(MONDAY);
    const late = await acceptedPermit();
    const lateDue = (await chief.get(`/api/cases/${late.id}`)).json().statutoryDueDate as string;
    t.clock.set(new Date(`${lateDue}T16:30:00Z`));
    assert.equal((await act(chief, late.id, { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 10 })).statusCode, 200);
    t.clock.set(new Date(new Date(`${lateDue}T16:30:00Z`).getTime() + 2 * 86_400_000));
    assert.ok(!(await chief.get(`/api/cases/${late.id}`)).json().allowedActions.includes('extend'));
    await refused(chief, late.id, { action: 'extend', reason: '逾期再延' }, 'EXTENSION_LIMIT_PASSED');
    t.clock.set(MONDAY);
  });

  test('an instant item (即办件) is never extended', async () => {
    const person = await signIn(t.app, DEMO_PERSON.idNumber);
    const [hkWindow, hkChief] = await Promise.all([signIn(t.app, 'hk.window1'), signIn(t.app, 'hk.chief.police')]);
    const itemId = await itemIdByName(t.app, '临时居民身份证办理', '海口市');
    const c = await submittedCase(t.app, person, itemId);
    const accepted = await act(hkWindow, c.id, { action: 'accept' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().case.status, 'accepted');
    assert.ok(!(await hkChief.get(`/api/cases/${c.id}`)).json().allowedActions.includes('extend'));
    await refused(hkChief, c.id, { action: 'extend', reason: '需核查' }, 'EXTENSION_INSTANT_ITEM');
  });
});

describe('withdrawal only before the decision', () => {
  test('the applicant withdraws an accepted case', async () => {
    const c = await acceptedPermit();
    assert.ok((await company.get(`/api/cases/${c.id}`)).json().allowedActions.includes('withdraw'));
    const res = await act(company, c.id, { action: 'withdraw', reason: '不再需要' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().case.status, 'withdrawn');
  });

  test('a case withdrawn or terminated during a special procedure ends the procedure there: no longer suspended, its days recorded', async () => {
    for (const [who, body, status] of [[company, { action: 'withdraw', reason: '不再需要' }, 'withdrawn'], [window1, { action: 'terminate', reason: '申请人已注销' }, 'terminated']] as const) {
      t.clock.set(MONDAY);
      const c = await acceptedPermit();
      assert.equal((await act(chief, c.id, { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 5 })).statusCode, 200);
      t.clock.set(new Date('2026-03-04T02:00:00Z')); // Wednesday: 2 working days after Monday
      const res = await act(who, c.id, body);
      assert.equal(res.statusCode, 200, res.body);
      const closed = (await chief.get(`/api/cases/${c.id}`)).json();
      assert.equal(closed.status, status);
      assert.equal(closed.suspended, false, `${status}: not shown as suspended`);
      assert.deepEqual([closed.suspensions[0].endedDate, closed.suspensions[0].workdays], ['2026-03-04', 2]);
    }
    t.clock.set(MONDAY);
  });

  test('after the decision (and after the handover) withdrawal is refused', async () => {
    const c = await acceptedPermit();
    assert.equal((await act(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' })).statusCode, 200);
    assert.equal((await act(chief, c.id, { action: 'decide', result: 'approved', reason: '符合法定条件' })).statusCode, 200);
    assert.ok(!(await company.get(`/api/cases/${c.id}`)).json().allowedActions.includes('withdraw'), 'no withdraw button');
    await refused(company, c.id, { action: 'withdraw', reason: '不再需要' }, 'WITHDRAW_AFTER_DECISION');
    assert.equal((await act(chief, c.id, { action: 'handover' })).statusCode, 200);
    await refused(company, c.id, { action: 'withdraw', reason: '不再需要' }, 'WITHDRAW_AFTER_DECISION');
  });
});
