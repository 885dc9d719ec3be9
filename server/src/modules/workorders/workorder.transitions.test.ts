import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WorkOrderStatus } from '../../db/types.ts';
import type { WorkOrderSide } from '../../policies/workorder.policy.ts';
import { testApp, type TestApp } from '../../test/harness.ts';
import { callerKey, MAX_REOPENS, moveOrder, offeredActions, orderFacts, WORKORDER_TRANSITIONS, workOrderRow, type OrderFacts, type WorkOrderVerb } from './workorder.transitions.ts';

/** Walks every row of the table against the database: each row moves its status, for its sides only, and nothing else does. */
let t: TestApp;
let centerId: string;
let mainId: string;
before(async () => {
  t = await testApp();
  centerId = (await t.ctx.db.selectFrom('centers').select('id').orderBy('name').executeTakeFirstOrThrow()).id;
  mainId = (await orderIn('accepted')).id;
});
after(() => t.close());

const STATES: WorkOrderStatus[] = ['accepted', 'dispatched', 'returned', 'handling', 'replied', 'closed', 'evaluated', 'merged'];
const SIDES: WorkOrderSide[] = ['hotline', 'lead', 'department', 'caller', 'system'];
const VERBS = [...new Set(WORKORDER_TRANSITIONS.map((r) => r.action))] as WorkOrderVerb[];
/** No guard refuses on these facts. */
const FREE: OrderFacts = { kind: 'consultation', dispatchKept: false, satisfaction: 'dissatisfied', roundDissatisfied: true, hasDepartment: true, reopens: 0, mainClosed: true, callerEvaluated: false };
/** The order whose facts are FREE when its events add nothing (and its main, were it merged, is closed). */
const ORDER = { kind: 'consultation', satisfaction: 'dissatisfied', department_id: 'd', merged_into: null, round_dissatisfied: true } as const;
const CLOSED_MAIN = { status: 'closed' } as const;
let seq = 0;

async function orderIn(status: WorkOrderStatus) {
  const now = t.clock.now();
  return t.ctx.db.insertInto('work_orders').values({
    order_no: `T${++seq}`, center_id: centerId, source: 'hotline', kind: 'request', urgency: 'normal', category_id: null,
    caller_name: '测试', caller_phone: '123', caller_user_id: null, place: '', topic: 't', content: 'c', department_id: null,
    against_staff_id: null, status, merged_into: status === 'merged' ? mainId : null, created_by: null, created_at: now, updated_at: now,
  }).returningAll().executeTakeFirstOrThrow();
}

test('every row moves its state, for its sides', async () => {
  for (const row of WORKORDER_TRANSITIONS) {
    for (const side of row.who) {
      const o = await orderIn(row.from);
      const found = workOrderRow(row.from, row.action, [side], FREE);
      assert.equal(found, row);
      const moved = await t.ctx.db.transaction().execute((tx) => moveOrder(tx, o, found, row.to === 'merged' ? { merged_into: mainId } : {}, t.clock.now()));
      assert.equal(moved.status, row.to, `${row.from} ${row.action} by ${side}`);
      assert.equal(moved.row_version, o.row_version + 1);
    }
  }
});

test('no other state, action and side moves an order', async () => {
  let refusals = 0;
  for (const from of STATES) {
    for (const action of VERBS) {
      for (const side of SIDES) {
        if (WORKORDER_TRANSITIONS.some((r) => r.from === from && r.action === action && r.who.includes(side))) continue;
        assert.throws(() => workOrderRow(from, action, [side], FREE), (e: { code?: string }) => e.code === 'FORBIDDEN' || e.code === 'WORKORDER_STATE', `${from} ${action} by ${side}`);
        refusals++;
      }
    }
  }
  assert.ok(refusals > 100);
  // A merged order follows its main: its one row is its caller's evaluation, which leaves it merged; an evaluated
  // order only goes back for re-handling (the lead, guarded).
  assert.deepEqual(WORKORDER_TRANSITIONS.filter((r) => r.from === 'merged').map((r) => [r.action, r.to, r.who]), [['evaluate', 'merged', ['hotline', 'caller']]]);
  assert.deepEqual(WORKORDER_TRANSITIONS.filter((r) => r.from === 'evaluated').map((r) => [r.action, r.to, r.who]), [['reopen', 'dispatched', ['lead']]]);
  // A closed order is evaluated, or re-handled when a merged caller was dissatisfied before its own caller evaluated.
  assert.deepEqual(WORKORDER_TRANSITIONS.filter((r) => r.from === 'closed').map((r) => [r.action, r.to, r.who]),
    [['evaluate', 'evaluated', ['hotline', 'caller']], ['reopen', 'dispatched', ['lead']]]);
});

test('a stale row (the order moved meanwhile) is refused', async () => {
  const o = await orderIn('dispatched');
  const row = workOrderRow('accepted', 'dispatch', ['hotline'], FREE);
  await assert.rejects(t.ctx.db.transaction().execute((tx) => moveOrder(tx, o, row, {}, t.clock.now())), (e: { code?: string }) => e.code === 'WORKORDER_STATE');
});

test('the lead\'s keep, read from the events, refuses a return and takes it off the offered actions: one guard for both', () => {
  const kept = orderFacts(ORDER, [{ action: 'accept' }, { action: 'dispatch' }, { action: 'return' }, { action: 'keep' }, { action: 'start' }], CLOSED_MAIN);
  assert.deepEqual(kept, { ...FREE, dispatchKept: true });
  // Before a keep, and after a reassignment that follows one (a new dispute for the new department): not kept.
  assert.deepEqual(orderFacts(ORDER, [{ action: 'accept' }, { action: 'dispatch' }], CLOSED_MAIN), FREE);
  assert.deepEqual(orderFacts(ORDER, [{ action: 'dispatch' }, { action: 'return' }, { action: 'keep' }, { action: 'redispatch' }], CLOSED_MAIN), FREE);
  assert.deepEqual(orderFacts(ORDER, [], CLOSED_MAIN), FREE);
  assert.deepEqual(offeredActions('dispatched', ['department'], FREE).sort(), ['reply', 'return', 'start']);
  assert.deepEqual(offeredActions('dispatched', ['department'], kept).sort(), ['reply', 'start']);
  assert.throws(() => workOrderRow('dispatched', 'return', ['department'], kept), (e: { code?: string }) => e.code === 'WORKORDER_DISPATCH_KEPT');
  // Everywhere, on any facts: an action is offered exactly when the table takes it.
  const complaint: OrderFacts = { ...FREE, kind: 'complaint' };
  const satisfied: OrderFacts = { ...FREE, satisfaction: 'satisfied', roundDissatisfied: false };
  const unrated: OrderFacts = { ...FREE, satisfaction: null, roundDissatisfied: false };
  const mergedCallerDissatisfied: OrderFacts = { ...FREE, satisfaction: 'satisfied', roundDissatisfied: true };
  const reopenedToTheLimit: OrderFacts = { ...FREE, reopens: MAX_REOPENS };
  const answeredOnTheCall: OrderFacts = { ...FREE, hasDepartment: false };
  const mainOpen: OrderFacts = { ...FREE, mainClosed: false };
  const callerEvaluated: OrderFacts = { ...FREE, callerEvaluated: true };
  for (const facts of [FREE, kept, complaint, satisfied, unrated, mergedCallerDissatisfied, reopenedToTheLimit, answeredOnTheCall, mainOpen, callerEvaluated]) {
    for (const from of STATES) {
      for (const side of SIDES) {
        const offered = offeredActions(from, [side], facts);
        for (const action of VERBS) {
          let taken = true;
          try { workOrderRow(from, action, [side], facts); } catch { taken = false; }
          assert.equal(offered.includes(action), taken, `${from} ${action} by ${side}, ${JSON.stringify(facts)}`);
        }
      }
    }
  }
});

test('only a consultation is answered on the call: any other kind is refused with its code and not offered', () => {
  assert.ok(offeredActions('accepted', ['hotline'], FREE).includes('answer'));
  for (const kind of ['request', 'complaint', 'suggestion', 'praise'] as const) {
    const facts: OrderFacts = { ...FREE, kind };
    assert.throws(() => workOrderRow('accepted', 'answer', ['hotline'], facts), (e: { code?: string }) => e.code === 'WORKORDER_ANSWER_CONSULTATION_ONLY', kind);
    assert.deepEqual(offeredActions('accepted', ['hotline'], facts).sort(), ['dispatch', 'merge'], kind);
  }
});

test('re-handling (重办): the lead only, from an evaluated order rated dissatisfied, at most MAX_REOPENS times; refusal and offer agree', () => {
  const evaluated = (satisfaction: OrderFacts['satisfaction'], reopens: number) =>
    orderFacts({ kind: 'complaint', satisfaction, department_id: 'd', merged_into: null, round_dissatisfied: satisfaction === 'dissatisfied' }, [
      { action: 'accept' }, { action: 'dispatch' }, { action: 'reply' }, { action: 'callback' }, { action: 'evaluate' },
      ...Array.from({ length: reopens }, () => [{ action: 'reopen' }, { action: 'reply' }, { action: 'callback' }, { action: 'evaluate' }]).flat(),
    ], CLOSED_MAIN);
  assert.equal(evaluated('dissatisfied', 2).reopens, 2, 'the count is read from the events');
  assert.equal(MAX_REOPENS, 2);
  for (const n of [0, 1]) {
    assert.equal(workOrderRow('evaluated', 'reopen', ['hotline', 'lead'], evaluated('dissatisfied', n)).to, 'dispatched');
    assert.deepEqual(offeredActions('evaluated', ['hotline', 'lead'], evaluated('dissatisfied', n)), ['reopen']);
  }
  const code = (c: string) => (e: { code?: string }) => e.code === c;
  assert.throws(() => workOrderRow('evaluated', 'reopen', ['lead'], evaluated('dissatisfied', 2)), code('WORKORDER_REOPEN_LIMIT'));
  for (const s of ['satisfied', 'basically_satisfied', null] as const) {
    assert.throws(() => workOrderRow('evaluated', 'reopen', ['lead'], evaluated(s, 0)), code('WORKORDER_REOPEN_NOT_DISSATISFIED'), String(s));
    assert.deepEqual(offeredActions('evaluated', ['lead'], evaluated(s, 0)), [], String(s));
  }
  assert.deepEqual(offeredActions('evaluated', ['lead'], evaluated('dissatisfied', 2)), []);
  assert.throws(() => workOrderRow('evaluated', 'reopen', ['lead'], { ...FREE, hasDepartment: false }), code('WORKORDER_REOPEN_NO_DEPARTMENT'));
  // Every other side is refused whatever the facts (403), and no one reopens from another state (409).
  for (const side of ['hotline', 'department', 'caller', 'system'] as const) {
    assert.throws(() => workOrderRow('evaluated', 'reopen', [side], FREE), code('FORBIDDEN'), side);
  }
  // From a closed order too (its caller not evaluated yet), on the same guard.
  assert.equal(workOrderRow('closed', 'reopen', ['lead'], FREE).to, 'dispatched');
  assert.throws(() => workOrderRow('closed', 'reopen', ['lead'], { ...FREE, satisfaction: null, roundDissatisfied: false }), code('WORKORDER_REOPEN_NOT_DISSATISFIED'));
  assert.throws(() => workOrderRow('closed', 'reopen', ['lead'], { ...FREE, reopens: MAX_REOPENS }), code('WORKORDER_REOPEN_LIMIT'));
  for (const from of ['accepted', 'dispatched', 'returned', 'handling', 'replied'] as const) {
    assert.throws(() => workOrderRow(from, 'reopen', ['lead'], FREE), code('WORKORDER_STATE'), from);
  }
});

test("any caller's dissatisfaction of the round counts for 重办, the main order's own evaluation or a merged caller's; none: refused", () => {
  const code = (c: string) => (e: { code?: string }) => e.code === c;
  const main = (satisfaction: OrderFacts['satisfaction'], roundDissatisfied: boolean) =>
    orderFacts({ kind: 'complaint', satisfaction, department_id: 'd', merged_into: null, round_dissatisfied: roundDissatisfied }, [{ action: 'evaluate' }]);
  // The main caller satisfied (or not evaluated), a merged caller dissatisfied: taken and offered, from closed or evaluated.
  for (const [from, s] of [['evaluated', 'satisfied'], ['evaluated', 'basically_satisfied'], ['closed', null]] as const) {
    assert.equal(workOrderRow(from, 'reopen', ['lead'], main(s, true)).to, 'dispatched', `${from} ${s}`);
    assert.ok(offeredActions(from, ['hotline', 'lead'], main(s, true)).includes('reopen'), `${from} ${s}`);
    assert.throws(() => workOrderRow(from, 'reopen', ['lead'], main(s, false)), code('WORKORDER_REOPEN_NOT_DISSATISFIED'), `${from} ${s}`);
    assert.ok(!offeredActions(from, ['hotline', 'lead'], main(s, false)).includes('reopen'), `${from} ${s}`);
  }
});

test('a caller evaluates a round once across their orders of the appeal (they called twice); refusal and offer agree', () => {
  const code = (c: string) => (e: { code?: string }) => e.code === c;
  const mainOrder = { kind: 'complaint', satisfaction: null, department_id: 'd', merged_into: null, round_dissatisfied: false } as const;
  const mergedOrder = { ...mainOrder, department_id: null, merged_into: 'm' } as const;
  const evaluatedMain = { status: 'evaluated', satisfaction: 'satisfied', merged_into: null } as const;
  const closedMain = { status: 'closed', satisfaction: 'dissatisfied', merged_into: null } as const;
  const ratedMerged = { status: 'merged', satisfaction: 'dissatisfied', merged_into: 'm' } as const;
  const unratedMerged = { status: 'merged', satisfaction: null, merged_into: 'm' } as const;
  // Their merged order is evaluated: the main order's evaluation is refused (409), not offered.
  const main = orderFacts(mainOrder, [], null, [ratedMerged]);
  assert.equal(main.callerEvaluated, true);
  assert.throws(() => workOrderRow('closed', 'evaluate', ['caller'], main), code('WORKORDER_ALREADY_EVALUATED'));
  assert.deepEqual(offeredActions('closed', ['caller'], main), []);
  assert.deepEqual(offeredActions('closed', ['caller'], orderFacts(mainOrder, [], null, [unratedMerged])), ['evaluate']);
  // Their main order is evaluated (or another merged order of theirs): the merged one is refused.
  for (const other of [evaluatedMain, ratedMerged]) {
    const facts = orderFacts(mergedOrder, [], CLOSED_MAIN, [other]);
    assert.throws(() => workOrderRow('merged', 'evaluate', ['caller'], facts), code('WORKORDER_ALREADY_EVALUATED'), other.status);
    assert.deepEqual(offeredActions('merged', ['caller', 'hotline'], facts), [], other.status);
  }
  // A main order closed with a satisfaction noted on the callback is not evaluated yet: the merged order is evaluated.
  assert.deepEqual(offeredActions('merged', ['caller'], orderFacts(mergedOrder, [], CLOSED_MAIN, [closedMain])), ['evaluate']);
  // Who is the same caller: their account, else the number they gave (spaces and hyphens left out).
  assert.equal(callerKey({ caller_user_id: null, caller_phone: '137-0000 4444' }), callerKey({ caller_user_id: null, caller_phone: '13700004444' }));
  assert.notEqual(callerKey({ caller_user_id: 'u1', caller_phone: '13700004444' }), callerKey({ caller_user_id: null, caller_phone: '13700004444' }));
  assert.notEqual(callerKey({ caller_user_id: 'u1', caller_phone: '1' }), callerKey({ caller_user_id: 'u2', caller_phone: '1' }));
});

test("a merged order's caller evaluates once the main is called back, once a round; refusal and offer agree", () => {
  const mergedOrder = (satisfaction: OrderFacts['satisfaction'], mainStatus: WorkOrderStatus | null) =>
    orderFacts({ kind: 'complaint', satisfaction, department_id: null, merged_into: 'm', round_dissatisfied: false }, [{ action: 'accept' }, { action: 'merge' }], mainStatus ? { status: mainStatus } : null);
  const code = (c: string) => (e: { code?: string }) => e.code === c;
  for (const main of ['closed', 'evaluated'] as const) {
    for (const side of ['caller', 'hotline'] as const) {
      assert.equal(workOrderRow('merged', 'evaluate', [side], mergedOrder(null, main)).to, 'merged', `${main} ${side}`);
      assert.deepEqual(offeredActions('merged', [side], mergedOrder(null, main)), ['evaluate']);
    }
    // Evaluated already (this round): refused, not offered.
    assert.throws(() => workOrderRow('merged', 'evaluate', ['caller'], mergedOrder('satisfied', main)), code('WORKORDER_ALREADY_EVALUATED'));
    assert.deepEqual(offeredActions('merged', ['caller'], mergedOrder('dissatisfied', main)), []);
  }
  // Before the main's callback (open, replied, or no main read): refused with its own code, not offered.
  for (const main of ['accepted', 'dispatched', 'returned', 'handling', 'replied', null] as const) {
    assert.throws(() => workOrderRow('merged', 'evaluate', ['caller'], mergedOrder(null, main)), code('WORKORDER_MAIN_NOT_CLOSED'), String(main));
    assert.deepEqual(offeredActions('merged', ['caller', 'hotline'], mergedOrder(null, main)), [], String(main));
  }
  // The department, the lead alone and the system never evaluate (403); nor does anyone re-handle or reply a merged order.
  for (const side of ['department', 'lead', 'system'] as const) assert.throws(() => workOrderRow('merged', 'evaluate', [side], FREE), code('FORBIDDEN'), side);
  assert.throws(() => workOrderRow('merged', 'reopen', ['lead'], FREE), code('WORKORDER_STATE'));
  // A main order's own satisfaction is not a merged caller's: an evaluated main is not "evaluated already" by this guard.
  assert.equal(orderFacts({ ...ORDER, satisfaction: 'satisfied' }, [], CLOSED_MAIN).callerEvaluated, false);
});
