import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DisclosureRequestStatus } from '../../db/types.ts';
import type { DisclosureSide } from '../../policies/disclosure.policy.ts';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { testApp, type TestApp } from '../../test/harness.ts';
import { DISCLOSURE_TRANSITIONS, disclosureRow, moveRequest, type DisclosureVerb } from './disclosure.transitions.ts';

/** Walks every row of the table against the database: each row moves its status, for its sides only, and nothing else does. */
let t: TestApp;
let centerId: string;
let requesterId: string;
before(async () => {
  t = await testApp();
  centerId = (await t.ctx.db.selectFrom('centers').select('id').orderBy('name').executeTakeFirstOrThrow()).id;
  requesterId = (await t.ctx.db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow()).id;
});
after(() => t.close());

const STATES: DisclosureRequestStatus[] = ['received', 'extension_pending', 'correction_requested', 'consulting', 'replied', 'withdrawn'];
const SIDES: DisclosureSide[] = ['officer', 'head', 'requester'];
const VERBS = [...new Set(DISCLOSURE_TRANSITIONS.map((r) => r.action))] as DisclosureVerb[];
let seq = 0;

async function requestIn(status: DisclosureRequestStatus) {
  const now = t.clock.now();
  const clocked = status === 'received' || status === 'extension_pending';
  return t.ctx.db.insertInto('disclosure_requests').values({
    request_no: `T${++seq}`, center_id: centerId, requester_id: requesterId, description: 'd', purpose: null, delivery: 'electronic',
    status, received_date: '2026-11-23', due_date: clocked ? '2026-12-21' : null, consultation_days_left: status === 'consulting' ? 5 : null, created_at: now, updated_at: now,
  }).returningAll().executeTakeFirstOrThrow();
}

/** The columns a row's action needs so the table's CHECKs hold in its target state. */
const fieldsFor = (to: DisclosureRequestStatus) => ({
  due_date: to === 'received' || to === 'extension_pending' ? '2026-12-21' : null,
  consultation_days_left: to === 'consulting' ? 5 : null,
});

test('every row moves its state, for its sides', async () => {
  for (const row of DISCLOSURE_TRANSITIONS) {
    for (const side of row.who) {
      const r = await requestIn(row.from);
      const found = disclosureRow(row.from, row.action, [side]);
      assert.equal(found, row);
      const moved = await t.ctx.db.transaction().execute((tx) => moveRequest(tx, r, found, fieldsFor(row.to), t.clock.now()));
      assert.equal(moved.status, row.to, `${row.from} ${row.action} by ${side}`);
      assert.equal(moved.row_version, r.row_version + 1);
    }
  }
});

test('no other state, action and side moves a request', () => {
  let refusals = 0;
  for (const from of STATES) {
    for (const action of VERBS) {
      for (const side of SIDES) {
        if (DISCLOSURE_TRANSITIONS.some((r) => r.from === from && r.action === action && r.who.includes(side))) continue;
        assert.throws(() => disclosureRow(from, action, [side]), (e: { code?: string }) => e.code === 'FORBIDDEN' || e.code === 'DISCLOSURE_STATE', `${from} ${action} by ${side}`);
        refusals++;
      }
    }
  }
  assert.ok(refusals > 80);
  // Replied and withdrawn requests are final.
  for (const from of ['replied', 'withdrawn'] as const) assert.ok(!DISCLOSURE_TRANSITIONS.some((r) => r.from === from));
  // Only the head approves an extension (第三十三条).
  assert.deepEqual(DISCLOSURE_TRANSITIONS.filter((r) => r.action === 'approve_extension').flatMap((r) => r.who), ['head']);
});

test('a stale row (the request moved meanwhile) is refused', async () => {
  const r = await requestIn('replied');
  const row = disclosureRow('received', 'reply', ['officer']);
  await assert.rejects(t.ctx.db.transaction().execute((tx) => moveRequest(tx, r, row, {}, t.clock.now())), (e: { code?: string }) => e.code === 'DISCLOSURE_STATE');
});
