import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DISPUTE_TRANSITIONS, disputeTransition } from './dispute.transitions.ts';

test('every row of the dispute table is found from its state, for each of its kinds; nothing else is', () => {
  for (const row of DISPUTE_TRANSITIONS) for (const kind of row.kinds) assert.equal(disputeTransition(row.from, kind, row.action), row);
  assert.equal(disputeTransition('open', 'complaint', 'answer'), undefined, 'a complaint is decided, not answered');
  assert.equal(disputeTransition('open', 'question', 'uphold'), undefined, 'a question is answered, not decided');
  for (const from of ['answered', 'upheld', 'rejected'] as const) {
    for (const action of ['answer', 'uphold', 'reject'] as const) for (const kind of ['question', 'objection', 'complaint'] as const) assert.equal(disputeTransition(from, kind, action), undefined);
  }
});
