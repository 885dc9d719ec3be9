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
    if (s === 'issuing') continue; // reserved for e-licence issuing
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
