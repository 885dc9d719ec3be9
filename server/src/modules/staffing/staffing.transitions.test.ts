import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../lib/errors.ts';
import { ASSIGNMENT_TRANSITIONS, LEAVE_TRANSITIONS, nextAssignment, nextLeave } from './staffing.transitions.ts';

const ASSIGNMENT_STATES = ['pending', 'active', 'rejected', 'ended'] as const;
const LEAVE_STATES = ['requested', 'approved', 'rejected', 'cancelled'] as const;

test('every assignment row moves as written, and every other pair is refused with STAFF_ASSIGNMENT_STATE', () => {
  for (const from of ASSIGNMENT_STATES) {
    for (const action of ['approve', 'reject', 'end'] as const) {
      const row = ASSIGNMENT_TRANSITIONS.find((r) => r.from === from && r.action === action);
      if (row) assert.equal(nextAssignment(from, action), row.to);
      else assert.throws(() => nextAssignment(from, action), (e: unknown) => e instanceof DomainError && e.code === 'STAFF_ASSIGNMENT_STATE');
    }
  }
  assert.equal(ASSIGNMENT_TRANSITIONS.length, 3);
});

test('every leave row moves as written, and a decided leave is final', () => {
  for (const from of LEAVE_STATES) {
    for (const action of ['approve', 'reject', 'cancel'] as const) {
      const row = LEAVE_TRANSITIONS.find((r) => r.from === from && r.action === action);
      if (row) assert.equal(nextLeave(from, action), row.to);
      else assert.throws(() => nextLeave(from, action), (e: unknown) => e instanceof DomainError && e.code === 'STAFF_LEAVE_STATE');
    }
  }
  assert.deepEqual(LEAVE_TRANSITIONS.map((r) => r.from), ['requested', 'requested', 'requested']);
});
