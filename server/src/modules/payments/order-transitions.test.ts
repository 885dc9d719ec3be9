import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PaymentOrderStatus } from '../../db/types.ts';
import { testApp, type TestApp } from '../../test/harness.ts';
import { feeCast } from '../../test/payment-fixtures.ts';
import { channelFor } from './channels.ts';
import { onPayment } from './notify.service.ts';
import { ORDER_TRANSITIONS, orderTarget, type OrderAction } from './order-transitions.ts';
import * as repo from './payments.repository.ts';

/** Walks every row of the order table against the database: each row moves its status, and nothing else does. */
let t: TestApp;
let notice: { id: string; payer_id: string; total_fen: number };
before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z') });
  notice = (await (await feeCast(t)).awaitingPayment()).notice;
});
after(() => t.close());

const STATES: PaymentOrderStatus[] = ['created', 'paid', 'closed'];
const ACTIONS = Object.keys(ORDER_TRANSITIONS) as OrderAction[];
let seq = 0;

async function orderIn(status: PaymentOrderStatus) {
  const now = t.clock.now();
  return t.ctx.db.insertInto('payment_orders').values({
    order_no: `OT${Date.now()}${++seq}`, notice_id: notice.id, channel: 'sim_bank', amount_fen: notice.total_fen, payer_id: notice.payer_id, status,
    created_at: now, updated_at: now, expires_at: new Date(now.getTime() + 30 * 60_000), query_at: status === 'created' ? now : null,
  }).returningAll().executeTakeFirstOrThrow();
}
const orderRow = (id: string) => t.ctx.db.selectFrom('payment_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

test('the table, walked: each (state, action) in it leads to its state, everything else has no row', () => {
  const expected = new Map<string, PaymentOrderStatus>([['created pay', 'paid'], ['closed pay', 'paid'], ['created close', 'closed']]);
  for (const row of Object.values(ORDER_TRANSITIONS)) for (const s of row.from) assert.ok(STATES.includes(s));
  for (const from of STATES) for (const action of ACTIONS) assert.equal(orderTarget(from, action), expected.get(`${from} ${action}`) ?? null, `${from} ${action}`);
  // A paid order is final; nothing reopens an order.
  for (const a of ACTIONS) assert.equal(orderTarget('paid', a), null);
  assert.ok(!Object.values(ORDER_TRANSITIONS).some((r) => (r.to as PaymentOrderStatus) === 'created'));
});

test('every row moves an order in the database; every move not in the table is refused and writes nothing', async () => {
  let moves = 0;
  let refusals = 0;
  for (const from of STATES) {
    for (const action of ACTIONS) {
      const o = await orderIn(from);
      const at = new Date(t.clock.now().getTime() + 1000);
      const moved = await t.ctx.db.transaction().execute((tx) => repo.moveOrder(tx, o.id, action, action === 'pay' ? `TXN${o.order_no}` : null, at));
      const after = await orderRow(o.id);
      const to = orderTarget(from, action);
      if (to) {
        assert.equal(moved, true, `${from} ${action}`);
        assert.deepEqual([after.status, after.row_version, after.query_at, after.updated_at.getTime()], [to, o.row_version + 1, null, at.getTime()], `${from} ${action}`);
        assert.equal(after.channel_txn_id, action === 'pay' ? `TXN${o.order_no}` : null);
        moves++;
      } else {
        assert.equal(moved, false, `${from} ${action} must be refused`);
        assert.deepEqual(after, o, `${from} ${action}: nothing written`);
        refusals++;
      }
    }
  }
  assert.deepEqual([moves, refusals], [3, 3]);
});

test('a channel\'s word the table refuses is logged with the stable verdict `stale`, the order untouched', async () => {
  const channel = channelFor(t.ctx, 'sim_bank')!;
  const o = await orderIn('paid');
  const received = t.clock.now();
  const out = await onPayment(t.ctx, channel, { kind: 'payment', orderNo: o.order_no, status: 'closed', channelTxnId: 'SBLATECLOSE', amountFen: o.amount_fen, paidAt: received },
    { received, body: 'closed after paid', source: 'notification' });
  assert.deepEqual(out, { verdict: 'stale' });
  assert.deepEqual(await orderRow(o.id), o);
  const logged = await t.ctx.db.selectFrom('payment_notifications').select(['verdict', 'payment_id']).where('order_no', '=', o.order_no).execute();
  assert.deepEqual(logged, [{ verdict: 'stale', payment_id: null }]);
});
