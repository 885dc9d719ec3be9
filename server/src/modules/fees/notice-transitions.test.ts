import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNotice, NOTICE_STATES, NOTICE_TRANSITIONS, type NoticeAction, type NoticeActor } from './notice-transitions.ts';

const ACTIONS: NoticeAction[] = ['pay', 'cancel', 'expire', 'refund'];
const ACTORS: NoticeActor[] = ['system', 'staff'];

test('every row of the notice table, walked: each allowed (from, action, who) leads to its state, everything else is refused', () => {
  const expected = new Map<string, string>([
    ['issued pay system', 'paid'], ['issued cancel staff', 'cancelled'], ['issued cancel system', 'cancelled'],
    ['issued expire system', 'expired'], ['paid refund system', 'refunded'], ['expired pay system', 'paid'],
  ]);
  for (const t of NOTICE_TRANSITIONS) for (const s of t.from) assert.ok(NOTICE_STATES.includes(s));
  for (const from of NOTICE_STATES) for (const action of ACTIONS) for (const who of ACTORS) {
    const r = checkNotice(action, who, from);
    const want = expected.get(`${from} ${action} ${who}`);
    if (want) assert.deepEqual(r, { ok: true, to: want }, `${from} ${action} ${who}`);
    else assert.equal(r.ok, false, `${from} ${action} ${who} must be refused`);
  }
  // Staff never pay, expire or refund a notice: a refusal by role, whatever the state.
  assert.deepEqual(checkNotice('pay', 'staff', 'issued'), { ok: false, reason: 'ROLE' });
  assert.deepEqual(checkNotice('cancel', 'staff', 'paid'), { ok: false, reason: 'STATE' });
  // The end states have no way out; an expired notice only by a payment made in time (recordPayment judges the time).
  for (const end of ['cancelled', 'refunded'] as const) for (const a of ACTIONS) assert.equal(checkNotice(a, 'system', end).ok, false);
  for (const a of ['cancel', 'expire', 'refund'] as const) assert.equal(checkNotice(a, 'system', 'expired').ok, false);
});
