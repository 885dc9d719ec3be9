import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type TestApp } from '../../test/harness.ts';
import { indexPlanOf, statementsOf } from '../../test/plans.ts';

/**
 * The public list of licences granted in keyset pages (docs/disclosure.md, "Licences granted"): walked to
 * the end with no row twice and none left out, decisions of one instant included (the id breaks the tie);
 * a year keeps its own; a bad cursor is 400 VALIDATION_FAILED; a cursor past every row is an empty last
 * page; and the statement starts its index scan at the cursor, in the list's order (no sort, no count).
 */
let t: TestApp;
let provinceId: string;
const receipts: string[] = [];
const TIE = new Date('2026-09-16T03:00:00.123456Z');

before(async () => {
  t = await testApp({ now: new Date('2026-09-17T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  const [company, officer] = await Promise.all([signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'disclosure1')]);
  provinceId = officer.user.centerId!;
  const item = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  // Three decisions of one instant, three of others (one the year before), one denied, one still open.
  const decided: Array<[Date, 'approved' | 'denied']> = [
    [TIE, 'approved'], [TIE, 'approved'], [TIE, 'approved'], [new Date('2026-09-10T01:00:00Z'), 'approved'],
    [new Date('2026-09-16T05:00:00Z'), 'approved'], [new Date('2025-12-31T15:59:59Z'), 'approved'], [new Date('2026-09-12T01:00:00Z'), 'denied'],
  ];
  for (const [i, d] of [...decided, null].entries()) {
    const c = await submittedCase(t.app, company, item);
    const receiptNo = `KSLIC${String(i).padStart(4, '0')}`;
    if (!d) { await t.owner.updateTable('cases').set({ receipt_no: receiptNo }).where('id', '=', c.id).execute(); continue; }
    const [at, decision] = d;
    await t.owner.updateTable('cases').set({ decision, decided_at: at, receipt_no: receiptNo }).where('id', '=', c.id).execute();
    if (decision === 'approved') receipts.push(receiptNo);
  }
});
after(() => t.close());

type Page = { items: Array<{ receiptNo: string; decidedDate: string; holder: string }>; nextCursor: string | null };
const get = (query: string) => t.app.inject({ method: 'GET', url: `/api/public/disclosure/licences?centerId=${provinceId}&${query}` });

/** Every page from the first, following nextCursor, as an anonymous visitor. */
async function walk(query: string) {
  const rows: Page['items'] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const res = await get(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as Page;
    rows.push(...page.items);
    if (!page.nextCursor) return rows;
    assert.equal(page.items.length, 2, 'a page with a page after it is full');
    cursor = page.nextCursor;
  }
  throw new Error('the pages never ended');
}

/** The center's approved decisions newest first, as a plain query of the table says. */
async function expected(year?: number) {
  let q = t.owner.selectFrom('cases').select('receipt_no').where('center_id', '=', provinceId).where('decision', '=', 'approved');
  if (year) q = q.where('decided_at', '>=', new Date(Date.UTC(year - 1, 11, 31, 16))).where('decided_at', '<', new Date(Date.UTC(year, 11, 31, 16)));
  return (await q.orderBy('decided_at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.receipt_no);
}

describe('licences granted, in keyset pages', () => {
  test('walked two at a time: every approved decision once, newest first, the tie of one instant included; a year its own', async () => {
    const all = await walk('pageSize=2');
    assert.deepEqual(all.map((r) => r.receiptNo), await expected());
    for (const r of receipts) assert.equal(all.filter((x) => x.receiptNo === r).length, 1, `${r} once`);
    assert.ok(!all.some((r) => r.receiptNo === 'KSLIC0006' || r.receiptNo === 'KSLIC0007'), 'a denial and an open case are not licences');
    const year = await walk('pageSize=2&year=2026');
    assert.deepEqual(year.map((r) => r.receiptNo), await expected(2026));
    assert.ok(!year.some((r) => r.receiptNo === 'KSLIC0005'), '16:59:59 on 31 December 2025, China time, is 2025');
    assert.ok(year.every((r) => r.decidedDate.startsWith('2026-')));
    assert.ok(all.every((r) => r.holder !== DEMO_ENTERPRISE.name && /^.\*+$/.test(r.holder)), 'the holder masked');
  });

  test('a cursor that is not one is 400 on its field; one past every row is an empty last page', async () => {
    const uuid = '0190a3b2-0000-7000-8000-000000000000';
    for (const bad of ['x', `2026-02-30T00:00:00.000000Z_${uuid}`, '2026-09-16T03:00:00.123456Z_not-a-uuid', `2026-09-16T03:00:00Z_${uuid}`, `'; DROP TABLE cases; --`]) {
      const res = await get(`cursor=${encodeURIComponent(bad)}`);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().code, 'VALIDATION_FAILED');
      assert.equal(res.json().field, 'cursor');
    }
    const past = await get(`cursor=${encodeURIComponent(`1971-01-01T00:00:00.000000Z_${uuid}`)}`);
    assert.equal(past.statusCode, 200, past.body);
    assert.deepEqual(past.json(), { nextCursor: null, items: [] });
  });

  test('the page starts its index scan at the cursor, in the list\'s order: no sort, no count', async () => {
    const first = (await get('pageSize=2')).json() as Page;
    const statements = await statementsOf(t, async () => {
      assert.equal((await get(`pageSize=2&cursor=${encodeURIComponent(first.nextCursor!)}`)).statusCode, 200);
    });
    assert.ok(!statements.some((s) => /count\(/i.test(s.sql)), 'no count over the history');
    const plan = await indexPlanOf(t, statements.find((s) => s.sql.includes('from "cases"'))!);
    assert.ok(!/\bSort\b/.test(plan), `no sort\n${plan}`);
    const lines = plan.split('\n');
    const scan = lines.findIndex((l) => /Index Scan using cases_center_licences on cases/.test(l));
    assert.ok(scan >= 0, plan);
    assert.match(lines.slice(scan, scan + 3).join('\n'), /Index Cond: .*ROW\(/, `the cursor in the index condition\n${plan}`);
  });
});
