import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedActions, CASE_STATES, check, OPEN_STATES, TRANSITIONS, type CaseFacts } from './transitions.ts';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  status: 'submitted', suspended: false, extended: false, reviewsDone: 0, reviewSteps: 1, decision: null, hasFees: false,
  kind: 'single', reportsUpward: false, partsUndecided: 0, partsNotReady: 0, ...over,
});

test('every state a transition names is a known state, and every open state can be left', () => {
  for (const t of TRANSITIONS) for (const s of t.from) assert.ok(CASE_STATES.includes(s), `${t.action} from ${s}`);
  for (const s of OPEN_STATES) {
    assert.ok(TRANSITIONS.some((t) => t.from.includes(s) && t.action !== 'terminate'), `${s} has a way forward`);
  }
});

test('the role is asked before the state; a guard names its reason', () => {
  assert.deepEqual(check('decide', ['window'], facts()), { ok: false, reason: 'ROLE' });
  assert.deepEqual(check('decide', ['chief'], facts()), { ok: false, reason: 'STATE' });
  assert.deepEqual(check('decide', ['chief'], facts({ status: 'in_review', reviewsDone: 0 })), { ok: false, reason: 'REVIEW_PENDING' });
  assert.deepEqual(check('decide', ['chief'], facts({ status: 'in_review', reviewsDone: 1, suspended: true })), { ok: false, reason: 'CASE_SUSPENDED' });
  assert.deepEqual(check('decide', ['chief'], facts({ status: 'in_review', reviewsDone: 1 })), { ok: true, to: 'decided' });
  assert.deepEqual(check('extend', ['chief'], facts({ status: 'accepted', extended: true })), { ok: false, reason: 'ALREADY_EXTENDED' });
});

test('handover leads to payment only for an approved case with fees', () => {
  assert.deepEqual(check('handover', ['chief'], facts({ status: 'decided', decision: 'approved', hasFees: true })), { ok: true, to: 'awaiting_payment' });
  assert.deepEqual(check('handover', ['chief'], facts({ status: 'decided', decision: 'denied', hasFees: true })), { ok: true, to: 'ready' });
  assert.deepEqual(check('handover', ['chief'], facts({ status: 'decided', decision: 'approved', hasFees: false })), { ok: true, to: 'ready' });
});

test('allowed actions per role, and none for the system-only deemed acceptance', () => {
  assert.deepEqual(allowedActions(['applicant'], facts()), ['withdraw']);
  assert.deepEqual(allowedActions(['window'], facts()).sort(), ['accept', 'refuse', 'request_supplement', 'terminate']);
  assert.deepEqual(allowedActions(['approver'], facts({ status: 'accepted' })).sort(), ['review', 'suspend']);
  assert.deepEqual(allowedActions(['approver'], facts({ status: 'accepted', suspended: true })).sort(), ['resume']);
  assert.deepEqual(allowedActions(['applicant'], facts({ status: 'delivered' })), []);
  assert.ok(!allowedActions(['system'], facts()).includes('deem_accept'));
});

test('kinds: a joint parent moves only with its parts; a part is delivered with its parent; a reported case is forwarded, not decided', () => {
  const joint = (over: Partial<CaseFacts>) => facts({ kind: 'joint', reviewSteps: 0, ...over });
  // The parent is never reviewed or decided by a department: 409 (KIND), not 403, for the roles that review other cases.
  assert.deepEqual(check('review', ['approver'], joint({ status: 'accepted' })), { ok: false, reason: 'KIND' });
  assert.deepEqual(check('joint_decide', ['system'], joint({ status: 'accepted', partsUndecided: 1 })), { ok: false, reason: 'PARTS_PENDING' });
  assert.deepEqual(check('joint_decide', ['system'], joint({ status: 'accepted', partsUndecided: 0 })), { ok: true, to: 'decided' });
  assert.deepEqual(check('joint_ready', ['system'], joint({ status: 'decided', partsNotReady: 2 })), { ok: false, reason: 'PARTS_PENDING' });
  assert.deepEqual(check('joint_ready', ['window'], joint({ status: 'decided' })), { ok: false, reason: 'ROLE' });
  assert.deepEqual(allowedActions(['chief'], joint({ status: 'accepted' })), ['extend', 'terminate']);
  assert.deepEqual(check('deliver', ['window'], joint({ status: 'ready' })), { ok: true, to: 'delivered' });

  const part = (over: Partial<CaseFacts>) => facts({ kind: 'part', ...over });
  assert.deepEqual(check('deliver', ['window'], part({ status: 'ready' })), { ok: false, reason: 'KIND' });
  assert.deepEqual(check('deliver', ['system'], part({ status: 'ready' })), { ok: true, to: 'delivered' });
  assert.deepEqual(check('withdraw', ['applicant'], part({ status: 'accepted' })), { ok: false, reason: 'KIND' });
  assert.deepEqual(check('terminate', ['system'], part({ status: 'in_review' })), { ok: true, to: 'terminated' });
  assert.ok(!allowedActions(['window'], part({ status: 'ready' })).includes('deliver'));
  // View-only roles take no action at all.
  assert.deepEqual(allowedActions(['lead', 'coordinator'], part({ status: 'in_review', reviewsDone: 1 })), []);

  const reported = facts({ status: 'in_review', reviewsDone: 1, reportsUpward: true });
  assert.deepEqual(check('decide', ['chief'], reported), { ok: false, reason: 'DECIDED_ABOVE' });
  assert.deepEqual(check('forward', ['chief'], reported), { ok: true, to: 'forwarded' });
  assert.deepEqual(check('forward', ['chief'], facts({ status: 'in_review', reviewsDone: 1 })), { ok: false, reason: 'NOT_REPORTED_UPWARD' });
  assert.deepEqual(check('decide', ['chief'], { ...reported, kind: 'upper' }), { ok: true, to: 'decided' });
  assert.deepEqual(check('handover', ['chief'], facts({ kind: 'upper', status: 'decided', decision: 'approved' })), { ok: true, to: 'delivered' });
});
