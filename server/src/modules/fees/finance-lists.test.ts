import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { indexPlanOf, statementsOf } from '../../test/plans.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * The finance console's lists and the payer's notices in keyset pages (docs/fees.md, "The finance
 * role"): walked to the end with no row twice and none left out, rows of one instant included (the
 * id breaks the tie, to the microsecond); a bad cursor is 400 VALIDATION_FAILED; another center's
 * clerk walks none of it; and each list's statement walks its index in the list's order (no sort).
 */
let t: TestApp;
let person: Session, company: Session, hkFinance: Session, finance: Session;
/** Every row is dated on this China day, so the date filter isolates the rows made here. */
const DAY = '2001-02-03';
const AT = '2001-02-03T04:05:06.123456Z';
const made = { notices: [] as string[], payments: [] as string[], refunds: [] as string[] };

before(async () => {
  t = await testApp({ env: { SESSION_TTL_HOURS: '100000' } });
  [person, company, hkFinance, finance] = await Promise.all([
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'hk.finance'), signIn(t.app, 'finance'),
  ]);
  // A Haikou case of the person's, and as the insider 7 notices on it (expired: one case holds one live notice),
  // each with a payment and a refund. Most share one instant; two are a microsecond apart, two a millisecond.
  const c = await submittedCase(t.app, person, await itemIdByName(t.app, '居民身份证申领、换领、补领', '海口'));
  const row = await t.owner.selectFrom('cases').select(['center_id', 'department_id', 'applicant_id']).where('id', '=', c.id).executeTakeFirstOrThrow();
  const account = await t.owner.insertInto('fiscal_accounts').values({
    center_id: row.center_id, code: 'T-KEYSET', name: '海口市财政局非税收入汇缴专户', bank: '农业银行海口分行', account_no: '4600000000009', created_at: new Date(AT),
  }).returning('id').executeTakeFirstOrThrow();
  const times = [AT, AT, AT, AT, '2001-02-03T04:05:06.123457Z', '2001-02-03T04:05:06.124Z', '2001-02-03T04:05:06.122999Z'];
  for (const [i, at] of times.entries()) {
    const n = await t.owner.insertInto('payment_notices').values({
      notice_no: `TKEYSET${i}${Date.now().toString(36)}`.toUpperCase(), case_id: c.id, center_id: row.center_id, department_id: row.department_id,
      payer_id: row.applicant_id!, payer_name: DEMO_PERSON.name, payer_code: DEMO_PERSON.idNumber, fiscal_account_id: account.id,
      total_fen: 2000, due_date: '2001-02-20', status: 'expired', issued_at: at as unknown as Date,
    }).returning('id').executeTakeFirstOrThrow();
    // No center_id given: the trigger of migration 0068 sets the notice's.
    const p = await t.owner.insertInto('payments').values({
      notice_id: n.id, channel: 'bank_window', channel_txn_id: `KEYSET-${i}-${n.id}`, amount_fen: 2000, paid_at: at as unknown as Date, recorded_at: new Date(AT), recorded_by: null,
    }).returning('id').executeTakeFirstOrThrow();
    const r = await t.owner.insertInto('refunds').values({
      payment_id: p.id, notice_id: n.id, case_id: c.id, amount_fen: 2000, reason: '测试退款', requested_by: null, requested_at: at as unknown as Date,
    }).returning('id').executeTakeFirstOrThrow();
    made.notices.push(n.id); made.payments.push(p.id); made.refunds.push(r.id);
  }
});
after(() => t.close());

/** Walks a list page by page (pageSize 2) to its end: every id in the order listed, and the pages' sizes. */
async function walk(s: Session, url: string) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r = await s.get(`${url}${url.includes('?') ? '&' : '?'}pageSize=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as { rows: Array<{ id: string }>; nextCursor: string | null };
    assert.ok(!('total' in body) && !('page' in body), 'keyset pages: no count, no page number');
    ids.push(...body.rows.map((x) => x.id));
    sizes.push(body.rows.length);
    if (body.nextCursor === null) return { ids, sizes };
    cursor = body.nextCursor;
  }
  throw new Error(`${url}: no end after 50 pages`);
}

/** The ids in the lists' order: time DESC, id DESC (uuids compare as PostgreSQL compares them: their hex text). */
async function expectedOrder(table: 'payment_notices' | 'payments' | 'refunds', time: 'issued_at' | 'paid_at' | 'requested_at', ids: string[]) {
  const rows = await t.owner.selectFrom(table).select('id').where('id', 'in', ids).orderBy(time, 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => r.id);
}

describe('keyset pages', () => {
  test('each list walks to its end: every row once, in (time, id) order, rows of one instant included', async () => {
    const lists = [
      { url: `/api/finance/notices?from=${DAY}&to=${DAY}`, table: 'payment_notices', time: 'issued_at', ids: made.notices },
      { url: `/api/finance/notices?status=expired&from=${DAY}&to=${DAY}`, table: 'payment_notices', time: 'issued_at', ids: made.notices },
      { url: `/api/finance/payments?from=${DAY}&to=${DAY}`, table: 'payments', time: 'paid_at', ids: made.payments },
      { url: `/api/finance/payments?channel=bank_window&refunded=true&from=${DAY}&to=${DAY}`, table: 'payments', time: 'paid_at', ids: made.payments },
      { url: `/api/finance/refunds?from=${DAY}&to=${DAY}`, table: 'refunds', time: 'requested_at', ids: made.refunds },
      { url: `/api/finance/refunds?status=requested&from=${DAY}&to=${DAY}`, table: 'refunds', time: 'requested_at', ids: made.refunds },
    ] as const;
    for (const l of lists) {
      const { ids, sizes } = await walk(hkFinance, l.url);
      assert.deepEqual(ids, await expectedOrder(l.table, l.time, [...l.ids]), l.url);
      assert.deepEqual(sizes, [2, 2, 2, 1], l.url);
    }
    // The payer's own notices: the 7 made here among their others, in the same order, none twice.
    const mine = (await walk(person, '/api/my/payment-notices')).ids;
    assert.equal(new Set(mine).size, mine.length);
    assert.deepEqual(mine.filter((id) => made.notices.includes(id)), await expectedOrder('payment_notices', 'issued_at', made.notices));
    assert.ok((await walk(company, '/api/my/payment-notices')).ids.every((id) => !made.notices.includes(id)), 'another applicant: none of them');
    // Filters still apply: none of these on another day, none of the refunds `succeeded`, none of the payments unrefunded.
    assert.deepEqual((await walk(hkFinance, '/api/finance/notices?from=2001-02-04&to=2001-02-05')).ids, []);
    assert.deepEqual((await walk(hkFinance, `/api/finance/refunds?status=succeeded&from=${DAY}&to=${DAY}`)).ids, []);
    assert.deepEqual((await walk(hkFinance, `/api/finance/payments?refunded=false&from=${DAY}&to=${DAY}`)).ids, []);
  });

  test("another center's finance clerk walks none of it", async () => {
    for (const url of [`/api/finance/notices?from=${DAY}&to=${DAY}`, `/api/finance/payments?from=${DAY}&to=${DAY}`, `/api/finance/refunds?from=${DAY}&to=${DAY}`]) {
      assert.deepEqual((await walk(finance, url)).ids, [], url);
      // Nor with a cursor taken from the Haikou list: a cursor is a position, not a key to rows.
      const cursor = (await hkFinance.get(`${url}&pageSize=1`)).json().nextCursor as string;
      const r = await finance.get(`${url}&cursor=${encodeURIComponent(cursor)}`);
      assert.deepEqual([r.statusCode, r.json().rows], [200, []], url);
    }
    for (const s of [person, company]) assert.equal((await s.get('/api/finance/notices')).statusCode, 403);
  });

  test('a bad cursor is 400 VALIDATION_FAILED on the cursor, on every list; a well-formed one past every row is an empty last page', async () => {
    const id = '0b7c7f43-3c9e-4f5e-9a43-5d2f1c1b7a10';
    const bad = [
      'nonsense', '', `2026-01-01T00:00:00.000Z_${id}`, `2026-02-30T00:00:00.000000Z_${id}`, `2026-01-01T25:00:00.000000Z_${id}`,
      `0000-01-01T00:00:00.000000Z_${id}`, '2026-01-01T00:00:00.000000Z_not-a-uuid', `2026-01-01T00:00:00.000000Z_${id.toUpperCase()}`,
      `2026-01-01T00:00:00.000000Z_${id}_x`, `${'9'.repeat(100)}`, '1', `2026-01-01 00:00:00.000000Z_${id}`,
    ];
    for (const [s, path] of [[hkFinance, '/api/finance/notices'], [hkFinance, '/api/finance/payments'], [hkFinance, '/api/finance/refunds'], [person, '/api/my/payment-notices']] as const) {
      for (const c of bad) {
        const r = await s.get(`${path}?cursor=${encodeURIComponent(c)}`);
        assert.equal(r.statusCode, 400, `${path} ${c}: ${r.body}`);
        assert.deepEqual([r.json().code, r.json().field], ['VALIDATION_FAILED', 'cursor'], `${path} ${c}`);
      }
      const r = await s.get(`${path}?cursor=${encodeURIComponent(`1970-01-01T00:00:00.000000Z_${id}`)}`);
      assert.deepEqual([r.statusCode, r.json().rows, r.json().nextCursor], [200, [], null], path);
      for (const q of ['pageSize=0', 'pageSize=101', 'page=2']) assert.ok([200, 400].includes((await s.get(`${path}?${q}`)).statusCode), q);
    }
  });

  test("each list's statement walks its index in the list's order from the cursor (no sort), whatever the filters", async () => {
    // A position within the rows made here (any well-formed cursor is one).
    const cursor = `${AT}_ffffffff-ffff-4fff-bfff-ffffffffffff`;
    const cases = [
      { url: '/api/finance/notices', table: 'payment_notices', index: 'payment_notices_center' },
      { url: `/api/finance/notices?status=expired&from=${DAY}&to=${DAY}`, table: 'payment_notices', index: 'payment_notices_center_status' },
      { url: `/api/finance/payments?from=${DAY}&to=${DAY}&refunded=true`, table: 'payments', index: 'payments_center' },
      { url: `/api/finance/payments?channel=bank_window&refunded=false`, table: 'payments', index: 'payments_center_channel' },
      { url: '/api/finance/refunds', table: 'refunds', index: 'refunds_center' },
      { url: `/api/finance/refunds?status=requested&from=${DAY}&to=${DAY}`, table: 'refunds', index: 'refunds_center_status' },
    ];
    const mine = { url: '/api/my/payment-notices', table: 'payment_notices', index: 'payment_notices_payer' };
    for (const c of [...cases, mine]) {
      const session = c === mine ? person : hkFinance;
      const statements = await statementsOf(t, async () => {
        assert.equal((await session.get(`${c.url}${c.url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`)).statusCode, 200);
      });
      const plan = await indexPlanOf(t, statements.find((s) => s.sql.includes(`from "${c.table}"`) && s.sql.includes('order by'))!);
      assert.ok(!/\bSort\b/.test(plan), `${c.url}: no sort\n${plan}`);
      assert.match(plan, new RegExp(`Index (Only )?Scan using ${c.index} on ${c.table}`), `${c.url}\n${plan}`);
      // The cursor is an index condition, not a filter over the rows before it.
      const scan = plan.split('\n').findIndex((l) => l.includes(`using ${c.index}`));
      assert.match(plan.split('\n').slice(scan, scan + 3).join('\n'), /Index Cond: .*ROW\(/, `${c.url}: the cursor in the index condition\n${plan}`);
    }
  });
});
