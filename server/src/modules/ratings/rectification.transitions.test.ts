import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RectificationStatus } from '../../db/types.ts';
import { DomainError } from '../../lib/errors.ts';
import { FINAL_STATES, RECTIFICATION_TRANSITIONS, rectificationRow, type RectificationAction } from './rectification.transitions.ts';

const STATES: RectificationStatus[] = ['open', 'called_back', 'verified', 'rectified', 'rated_by_person', 'closed', 'appealed', 'appeal_upheld', 'appeal_rejected'];
const ACTIONS = [...new Set(RECTIFICATION_TRANSITIONS.map((r) => r.action))] as RectificationAction[];
const code = (f: () => unknown) => { try { f(); return null; } catch (e) { assert.ok(e instanceof DomainError); return e.code; } };

test('every row is allowed from its states (guard satisfied) and every other state refuses with RECTIFICATION_STATE', () => {
  for (const action of ACTIONS) {
    for (const from of STATES) {
      const row = RECTIFICATION_TRANSITIONS.find((r) => r.action === action && r.from.includes(from));
      const got = code(() => rectificationRow(from, action, { realName: true, calledBack: true, appealed: false }));
      assert.equal(got, row ? null : 'RECTIFICATION_STATE', `${action} from ${from}`);
      if (row) assert.equal(rectificationRow(from, action, { realName: true, calledBack: true, appealed: false }).to, row.to);
    }
  }
});

test('a real-name review is verified only after its callback; an anonymous one without', () => {
  for (const from of ['open', 'appeal_rejected'] as const) {
    assert.equal(code(() => rectificationRow(from, 'verify', { realName: true, calledBack: false, appealed: false })), 'RECTIFICATION_CALLBACK_REQUIRED');
    assert.equal(code(() => rectificationRow(from, 'verify', { realName: false, calledBack: false, appealed: false })), null);
  }
});

test('a real-name fix is closed by a manager only once the person has had their days to rate it; an anonymous one at once', () => {
  assert.equal(code(() => rectificationRow('rectified', 'close', { realName: true, calledBack: true, appealed: false, fixRatingOpen: true })), 'RECTIFICATION_FIX_RATING_OPEN');
  assert.equal(code(() => rectificationRow('rectified', 'close', { realName: true, calledBack: true, appealed: false, fixRatingOpen: false })), null);
  assert.equal(code(() => rectificationRow('rectified', 'rate_fix', { realName: true, calledBack: true, appealed: false, fixRatingOpen: true })), null, 'the person rates meanwhile');
});

test('every state is reachable from open, final states lead nowhere, and an appeal is made once', () => {
  const seen = new Set<RectificationStatus>(['open']);
  for (let changed = true; changed;) {
    changed = false;
    for (const r of RECTIFICATION_TRANSITIONS) if (r.from.some((f) => seen.has(f)) && !seen.has(r.to)) { seen.add(r.to); changed = true; }
  }
  assert.deepEqual([...seen].sort(), [...STATES].sort());
  for (const f of FINAL_STATES) assert.ok(!RECTIFICATION_TRANSITIONS.some((r) => r.from.includes(f)), `${f} is final`);
  const afterAppeal = RECTIFICATION_TRANSITIONS.filter((r) => r.action === 'appeal').flatMap((r) => r.from);
  assert.ok(!afterAppeal.includes('appeal_rejected') && !afterAppeal.includes('appealed'));
});

test('a review is appealed once: from every state the appeal row allows, a task appealed before is refused', () => {
  for (const from of RECTIFICATION_TRANSITIONS.find((r) => r.action === 'appeal')!.from) {
    assert.equal(code(() => rectificationRow(from, 'appeal', { realName: false, calledBack: true, appealed: true })), 'RECTIFICATION_APPEAL_ONCE', from);
    assert.equal(code(() => rectificationRow(from, 'appeal', { realName: false, calledBack: true, appealed: false })), null, from);
  }
});
