import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkCalendar } from '../cases/clock.ts';
import { addDays, isLightEvent, judge, type LightFacts } from './lights.ts';

// Every day a working day: enough to check which rule applies and when to look again.
const cal: WorkCalendar = {
  addWorkdays: (from, n) => ({ due: addDays(from, n), provisional: false }),
  countWorkdays: (from, to) => ({ workdays: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000), provisional: false }),
};
const base: LightFacts = {
  status: 'in_review', suspended_since: null, acceptance_due_date: '2026-03-09', due_date: '2026-03-20', warning_date: '2026-03-18',
  decided_at: null, decision: null, light: null, light_rule: null,
};

test('the decision clock: green until the warning date, yellow to the due date, red after; each with the next date to look', () => {
  assert.deepEqual(judge(base, '2026-03-10', cal), { light: 'green', rule: 'decision', dueDate: '2026-03-20', warningDate: '2026-03-18', next: '2026-03-18' });
  assert.equal(judge(base, '2026-03-18', cal).next, '2026-03-21');
  assert.equal(judge(base, '2026-03-20', cal).light, 'yellow', 'a limit ends at the end of its last day');
  assert.deepEqual(judge(base, '2026-03-21', cal).light, 'red');
  assert.equal(judge(base, '2026-03-21', cal).next, null, 'red stays until an action moves the dates');
});

test('a suspended case keeps its light and is not judged; other stages have their own limits', () => {
  const s = judge({ ...base, suspended_since: '2026-03-11', light: 'yellow', light_rule: 'decision' }, '2026-04-30', cal);
  assert.equal(s.light, 'yellow');
  assert.equal(s.next, null);
  const decided = { ...base, status: 'decided', decided_at: new Date('2026-03-10T02:00:00Z'), decision: 'approved' as const };
  assert.deepEqual([judge(decided, '2026-03-13', cal).light, judge(decided, '2026-03-14', cal).light], ['yellow', 'red']);
  const paying = { ...decided, status: 'awaiting_payment' };
  assert.equal(judge(paying, '2026-03-20', cal).rule, 'issue');
  assert.equal(judge(paying, '2026-03-21', cal).light, 'red');
  assert.equal(judge({ ...paying, decision: 'denied' }, '2026-03-21', cal).light, null, 'no licence to issue after a denial');
  assert.equal(judge({ ...base, status: 'submitted' }, '2026-03-09', cal).rule, 'acceptance');
  assert.equal(judge({ ...base, status: 'delivered' }, '2026-03-09', cal).light, null);
});

test('which changes are events', () => {
  const j = (light: 'green' | 'yellow' | 'red', rule: 'decision' | 'handover' = 'decision') => ({ light, rule, dueDate: null, warningDate: null, next: null });
  assert.equal(isLightEvent({ light: null, rule: null }, j('green')), false);
  assert.equal(isLightEvent({ light: 'green', rule: 'decision' }, j('yellow')), true);
  assert.equal(isLightEvent({ light: 'red', rule: 'decision' }, j('green')), true, 'back after an extension');
  assert.equal(isLightEvent({ light: 'red', rule: 'decision' }, j('green', 'handover')), false, 'the next stage starting green is not news');
  assert.equal(isLightEvent({ light: 'yellow', rule: 'decision' }, j('yellow')), false);
});
