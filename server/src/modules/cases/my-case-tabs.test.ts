import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MY_CASE_TABS, statesOfTab, tabOf } from './my-case-tabs.ts';
import { CASE_STATES, OPEN_STATES } from './transitions.ts';

test('every case state is in exactly one tab of My cases besides "all", and tabOf agrees with the lists', () => {
  for (const state of CASE_STATES) {
    const tabs = MY_CASE_TABS.filter((t) => t !== 'all' && statesOfTab(t)!.includes(state));
    assert.deepEqual(tabs, [tabOf(state)], state);
  }
  assert.equal(statesOfTab('all'), null);
  assert.deepEqual(statesOfTab('to_pay'), ['awaiting_payment']);
  for (const s of statesOfTab('completed')!) assert.ok(!OPEN_STATES.includes(s));
});
