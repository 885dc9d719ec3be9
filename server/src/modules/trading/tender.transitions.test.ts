import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TenderStatus } from '../../db/types.ts';
import { DomainError } from '../../lib/errors.ts';
import type { TenderRow } from './trading.repository.ts';
import { TENDER_TRANSITIONS, tenderActionsFrom, tenderRow } from './tender.transitions.ts';

const STATES: TenderStatus[] = ['draft', 'published', 'clarification', 'bidding', 'opening', 'evaluation', 'candidates_published', 'awarded', 'contract', 'complete', 'cancelled', 'unsuccessful'];
const codeOf = (f: () => unknown) => { try { f(); return null; } catch (e) { return e instanceof DomainError ? e.code : String(e); } };

test('every row of the tender table is found for its sides from its state, and refused from every other state (TENDER_STATE) or to another side (FORBIDDEN)', () => {
  for (const row of TENDER_TRANSITIONS) {
    for (const side of row.who) assert.equal(tenderRow(row.from, row.action, [side]), row);
    for (const from of STATES.filter((s) => !TENDER_TRANSITIONS.some((r) => r.from === s && r.action === row.action))) {
      assert.equal(codeOf(() => tenderRow(from, row.action, row.who)), 'TENDER_STATE', `${row.action} from ${from}`);
    }
    // A side that never takes the action is forbidden; one that takes it from other states only gets TENDER_STATE.
    const systemTakes = TENDER_TRANSITIONS.some((r) => r.action === row.action && r.who.includes('system'));
    if (!row.who.includes('system')) assert.equal(codeOf(() => tenderRow(row.from, row.action, ['system'])), systemTakes ? 'TENDER_STATE' : 'FORBIDDEN', `${row.action} by system`);
  }
  assert.equal(codeOf(() => tenderRow('draft', 'publish', [])), 'FORBIDDEN');
});

test('the closed states take no action; the bids and experts modules (system) may open, evaluate, publish candidates and declare failure, never publish or award', () => {
  for (const s of ['complete', 'cancelled', 'unsuccessful'] as const) assert.deepEqual(tenderActionsFrom(s, ['trading', 'system']), []);
  assert.deepEqual(TENDER_TRANSITIONS.filter((r) => r.who.includes('system')).map((r) => r.action).sort(),
    ['declare_unsuccessful', 'declare_unsuccessful', 'open', 'publish_candidates', 'start_bidding', 'start_bidding', 'start_evaluation']);
  // The candidates are the committee's ranking: the trading staff cannot publish them by hand.
  assert.equal(codeOf(() => tenderRow('evaluation', 'publish_candidates', ['trading'])), 'FORBIDDEN');
});

test('the guards judge by the clock they are given: open before the deadline, award within 3 days of the candidates', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const base = { bid_deadline: new Date(now.getTime() + 1), candidates_published_at: null, candidates_until: null, clarification_until: null } as unknown as TenderRow;
  const open = TENDER_TRANSITIONS.find((r) => r.action === 'open')!;
  assert.equal(codeOf(() => open.guard!(base, now, 'construction', { bidders: 3 })), 'TENDER_PERIOD_NOT_OVER');
  assert.equal(codeOf(() => open.guard!(base, new Date(now.getTime() + 1), 'construction', { bidders: 3 })), null);
  const award = TENDER_TRANSITIONS.find((r) => r.action === 'award')!;
  const published = { ...base, candidates_published_at: now, candidates_until: new Date(now.getTime() + 3 * 86_400_000) } as TenderRow;
  assert.equal(codeOf(() => award.guard!(published, new Date(now.getTime() + 3 * 86_400_000 - 1), 'construction', {})), 'TENDER_PERIOD_NOT_OVER');
  assert.equal(codeOf(() => award.guard!(published, new Date(now.getTime() + 3 * 86_400_000), 'construction', {})), null);
  const publish = TENDER_TRANSITIONS.find((r) => r.action === 'publish')!;
  const draft = { ...base, bid_deadline: new Date(now.getTime() + 20 * 86_400_000 - 1) } as TenderRow;
  assert.equal(codeOf(() => publish.guard!(draft, now, 'land', {})), 'TENDER_BIDDING_PERIOD_SHORT');
});

test('publish needs the bid key made and shared (issue 16): a draft without a public key is refused, one with it passes', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const publish = TENDER_TRANSITIONS.find((r) => r.action === 'publish')!;
  const draft = { bid_deadline: new Date(now.getTime() + 20 * 86_400_000), public_key: null } as unknown as TenderRow;
  assert.equal(codeOf(() => publish.guard!(draft, now, 'construction', {})), 'TENDER_BID_KEY_REQUIRED');
  assert.equal(codeOf(() => publish.guard!({ ...draft, public_key: `04${'ab'.repeat(64)}` }, now, 'construction', {})), null);
});

test('招标投标法 第二十八条: no opening with fewer than three bidders, for every kind; then 流标 from bidding, only after the deadline and only with fewer than three', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const t = { bid_deadline: now, opening_at: now } as unknown as TenderRow;
  const open = tenderRow('bidding', 'open', ['trading']);
  const failed = tenderRow('bidding', 'declare_unsuccessful', ['trading']);
  assert.ok(open.countsBidders && failed.countsBidders && failed.offeredOnlyWhenAllowed);
  for (const kind of ['construction', 'procurement', 'land', 'state_property'] as const) {
    for (const bidders of [0, 1, 2]) {
      assert.equal(codeOf(() => open.guard!(t, now, kind, { bidders })), 'TENDER_TOO_FEW_BIDS', `${kind} with ${bidders}`);
      assert.equal(codeOf(() => failed.guard!(t, now, kind, { bidders })), null, `${kind} with ${bidders}: 流标`);
    }
    assert.equal(codeOf(() => open.guard!(t, now, kind, { bidders: 3 })), null);
    assert.equal(codeOf(() => failed.guard!(t, now, kind, { bidders: 3 })), 'TENDER_STATE', 'three bidders: the bids are opened');
    assert.equal(codeOf(() => failed.guard!(t, new Date(now.getTime() - 1), kind, { bidders: 0 })), 'TENDER_PERIOD_NOT_OVER', 'not before the deadline');
  }
  // A guard that counts refuses to judge without the count (a caller that forgot to load it).
  assert.notEqual(codeOf(() => open.guard!(t, now, 'construction', {})), null);
  assert.equal(codeOf(() => tenderRow('bidding', 'declare_unsuccessful', ['system'])), 'TENDER_STATE', 'the bids and experts modules declare failure only after the opening');
});
