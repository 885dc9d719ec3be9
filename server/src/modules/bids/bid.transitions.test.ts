import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BidStatus } from '../../db/types.ts';
import { BID_TRANSITIONS, bidTransition } from './bid.transitions.ts';

/**
 * The bid's transition table, row by row (bids.test.ts takes each row through the API: submit,
 * replace, withdraw, open, reject_at_opening, fail_at_opening). Only a live bid moves; every end
 * state is final.
 */
describe('the bid transition table', () => {
  it('has one row per action, each from submitted', () => {
    for (const row of BID_TRANSITIONS) assert.deepEqual(bidTransition(row.from, row.action), row);
    assert.deepEqual(BID_TRANSITIONS.map((r) => `${r.action}:${r.to}`), [
      'withdraw:withdrawn', 'replace:withdrawn', 'open:opened', 'reject_at_opening:withdrawn', 'fail_at_opening:failed',
    ]);
  });

  it('moves nothing out of an end state', () => {
    for (const from of ['withdrawn', 'opened', 'failed'] as BidStatus[]) {
      for (const row of BID_TRANSITIONS) assert.equal(bidTransition(from, row.action), undefined, `${from} --${row.action}-->`);
    }
  });
});
