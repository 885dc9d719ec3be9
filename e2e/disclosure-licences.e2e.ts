import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { insertCases } from '../bench/bulk.ts';
import { DEMO_PERSON } from '../server/src/seed/seed.ts';
import { startE2E, type E2E } from './harness.ts';
import { axeViolations, describeViolation, settle } from './axe.ts';

/**
 * The licences granted at the portal's disclosure point (docs/disclosure.md "Licences granted"), signed out
 * and at phone width: the center's approved decisions newest first, ten a page, walked with "older" and back
 * with "newer" (the server's keyset pages), and a year narrowing the list. The order and the pages' edges
 * are checked against the table itself; the keyset walk in depth is in licences.test.ts.
 */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('a visitor walks the licences granted ten at a time, older and back, and narrows them to a year', async () => {
  const db = e.db();
  const center = await db.selectFrom('centers').select('id').where('name', 'like', '海南省%').orderBy('name').executeTakeFirstOrThrow();
  const applicant = await db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  // 60 cases of the center's items with a province's spread of outcomes over two years (bench/bulk.ts): most approved.
  await insertCases(sql`
    WITH a AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM items WHERE center_id = ${center.id})
    SELECT g, it.id AS item_id, it.processing_mode, it.promised_limit_days AS promised, it.statutory_limit_days AS statutory,
      it.center_id, it.department_id, ce.region_code
    FROM generate_series(1, 60) g CROSS JOIN a
    JOIN items it ON it.id = a.ids[1 + (hashint4(g) & 2147483647) % a.n]
    JOIN centers ce ON ce.id = it.center_id`, { applicantId: applicant.id, today: new Date().toISOString().slice(0, 10), days: 730 }).execute(db);
  await sql`UPDATE cases SET receipt_no = 'E2ELIC' || substr(idempotency_key, 7)::int WHERE idempotency_key LIKE 'bench-%'`.execute(db);
  const approved = async (year?: number) => {
    let q = db.selectFrom('cases').select('receipt_no').where('center_id', '=', center.id).where('decision', '=', 'approved').where('decided_at', 'is not', null);
    if (year) q = q.where('decided_at', '>=', new Date(Date.UTC(year - 1, 11, 31, 16))).where('decided_at', '<', new Date(Date.UTC(year, 11, 31, 16)));
    return (await q.orderBy('decided_at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.receipt_no);
  };
  const all = await approved();
  assert.ok(all.length > 20, `three pages at least (${all.length} approved)`);

  const visitor = await e.newPage();
  await visitor.setViewportSize({ width: 390, height: 844 });
  await visitor.goto(`/disclosure?center=${center.id}&tab=lic`);
  const rows = visitor.getByTestId('licence-row');
  const shown = async (first: string) => {
    await visitor.locator(`[data-testid="licence-row"][data-receipt="${first}"]`).first().waitFor();
    return rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-receipt')));
  };
  assert.deepEqual(await shown(all[0]!), all.slice(0, 10));
  assert.equal(await visitor.getByTestId('licences-newer').isDisabled(), true, 'no page is newer than the first');
  await settle(visitor, '[data-testid="licences-table"]');
  assert.deepEqual((await axeViolations(visitor, 'licences granted (phone)')).map(describeViolation), []);
  const overflow = await visitor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow} px)`);
  assert.match((await rows.first().textContent())!, /张\*/, 'the holder masked');

  await visitor.getByTestId('licences-older').click();
  assert.deepEqual(await shown(all[10]!), all.slice(10, 20));
  await visitor.getByTestId('licences-older').click();
  assert.deepEqual(await shown(all[20]!), all.slice(20, 30));
  await e.shot(visitor, 'disclosure-licences-phone');
  await visitor.getByTestId('licences-newer').click();
  assert.deepEqual(await shown(all[10]!), all.slice(10, 20));

  // A year: the list starts again at that year's newest decision.
  const lastYear = new Date().getUTCFullYear() - 1;
  const ofYear = await approved(lastYear);
  assert.ok(ofYear.length > 0 && ofYear[0] !== all[0], 'the year differs from the whole list');
  await visitor.getByTestId('licences-year').fill(String(lastYear));
  assert.deepEqual(await shown(ofYear[0]!), ofYear.slice(0, 10));
  assert.equal(await visitor.getByTestId('licences-newer').isDisabled(), true, 'a new filter starts at its first page');
});
