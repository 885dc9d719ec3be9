import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, uploadMaterial, type Session, type TestApp, testApp } from '../../test/harness.ts';
import { publishWithKey } from './bid-key-fixture.ts';
import { handInBids, type HandedInBid } from './handed-in-bids-fixture.ts';

/**
 * 招标投标法 第二十二条 (docs/trading.md, "Bidders sealed until the opening"): before the opening nobody but the bidder itself
 * learns who took the tender documents or handed in a bid, nor how many: not the trading staff, an expert, the manager,
 * the center's supervisor, the supervising department, another bidder. After it, everything reads as before.
 */

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
let t: TestApp;
let trading: Session; let manager: Session; let supervisor: Session; let housing: Session; let expert: Session; let draw: Session;
let person: Session; let company: Session; let hkTrading: Session;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [trading, manager, supervisor, housing, expert, draw, person, company, hkTrading] = await Promise.all([
    signIn(t.app, 'trading1'), signIn(t.app, 'manager'), signIn(t.app, 'supervisor'), signIn(t.app, 'approver.housing'),
    signIn(t.app, 'expert1'), signIn(t.app, 'draw1'), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode),
    signIn(t.app, 'hk.trading1'),
  ]);
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string, who: string) => {
  assert.equal(r.statusCode, status, `${who}: ${r.body}`);
  assert.equal(r.json().code, code, who);
};
const count = async (table: 'audit_events' | 'tender_document_downloads' | 'bids' | 'tender_revisions') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const footprint = async () => ({ audit: await count('audit_events'), downloads: await count('tender_document_downloads'), bids: await count('bids'), revisions: await count('tender_revisions') });
const act = (id: string, action: string, extra: object = {}) => trading.post(`/api/trading/tenders/${id}/actions`, { action, ...extra });

let seq = 0;
/**
 * A tender of the housing department in bidding, its documents taken by the demo person and enterprise; the demo
 * enterprise and `others` more enterprises handed in a bid (rows as the bids module leaves them).
 */
async function tenderInBidding(others = 2): Promise<{ id: string; bids: HandedInBid[] }> {
  t.clock.set(NOW);
  seq++;
  const project = ok(await trading.post('/api/trading/projects', {
    kind: 'construction', code: `SEAL-${seq}`, name: `开标前保密测试项目${seq}`, buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K',
    departmentId: housing.user.departmentId,
  }), 201).id as string;
  const id = ok(await trading.post(`/api/trading/projects/${project}/tenders`, { title: '开标前保密测试招标', bidDeadline: at(21).toISOString() }), 201).id as string;
  const doc = ok(await trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: await uploadMaterial(t.app, trading, '招标文件.pdf') }), 201).id as string;
  ok(await publishWithKey(trading, supervisor, id));
  ok(await act(id, 'start_bidding'));
  for (const s of [person, company]) assert.equal((await s.get(`/api/trading/tenders/${id}/documents/${doc}`)).statusCode, 200);
  const bids = await handInBids(t.owner, id, { bidders: [{ name: DEMO_ENTERPRISE.name, creditCode: DEMO_ENTERPRISE.creditCode }, ...Array.from({ length: others }, (_, i) => ({
    name: `保密测试投标企业${seq}-${i + 1}有限公司`, creditCode: `91460000SL${String(seq).padStart(3, '0')}${i + 1}`.padEnd(18, '0'),
  }))] });
  return { id, bids };
}

/** Every read of the tender's bidders, by every reader: sealed (refused or left out) or read as before. */
async function checkReads(id: string, bids: HandedInBid[], sealed: boolean) {
  const before = await footprint();
  const state = sealed ? 'before the opening' : 'after the opening';
  // The download register: those whom the policy lets read it are told it is sealed; the others refused as ever.
  for (const [who, s] of Object.entries({ trading, manager, supervisor, housing })) {
    const r = await s.get(`/api/trading/tenders/${id}/downloads`);
    if (sealed) refused(r, 409, 'TENDER_BIDDERS_SEALED', `${who} ${state}: register`);
    else assert.deepEqual(ok(r).rows.map((x: { name: string }) => x.name).sort(), [DEMO_ENTERPRISE.name, DEMO_PERSON.name].sort(), `${who} ${state}`);
  }
  for (const [who, s] of Object.entries({ expert, draw, person, company, hkTrading })) refused(await s.get(`/api/trading/tenders/${id}/downloads`), 403, 'FORBIDDEN', `${who} ${state}: register`);
  // The bids handed in: the center's staff (an expert's and a draw operator's accounts included) are told they are sealed.
  for (const [who, s] of Object.entries({ trading, manager, supervisor, housing, expert, draw })) {
    const r = await s.get(`/api/tenders/${id}/bids?pageSize=100`);
    if (sealed) refused(r, 409, 'TENDER_BIDDERS_SEALED', `${who} ${state}: bids`);
    else assert.deepEqual(ok(r).items.map((x: { bidderName: string }) => x.bidderName).sort(), bids.map((b) => b.name).sort(), `${who} ${state}`);
  }
  for (const [who, s] of Object.entries({ person, company })) refused(await s.get(`/api/tenders/${id}/bids`), 403, 'FORBIDDEN', `${who} ${state}: bids`);
  refused(await hkTrading.get(`/api/tenders/${id}/bids`), 403, 'FORBIDDEN', `another center ${state}: bids`);
  // The tender's page answers everyone, saying whether the bidders are sealed, and never names nor counts them.
  for (const [who, s] of Object.entries({ trading, manager, supervisor, housing, expert, draw, person, company, hkTrading })) {
    const r = await s.get(`/api/trading/tenders/${id}`);
    const detail = ok(r);
    assert.equal(detail.biddersSealed, sealed, `${who} ${state}: biddersSealed`);
    if (sealed) for (const b of bids) assert.ok(!r.body.includes(b.name) && !r.body.includes(b.creditCode), `${who} ${state}: the detail names no bidder`);
  }
  // A bidder sees its own bid, and only its own.
  const mine = ok(await company.get(`/api/me/bids?tenderId=${id}`)).items;
  assert.deepEqual(mine.map((b: { id: string }) => b.id), [bids[0]!.id], `the bidder ${state}: its own bid`);
  refused(await person.get(`/api/me/bids?tenderId=${id}`), 403, 'FORBIDDEN', `a person ${state}: no bids`);
  // The opening page before the read-out names and counts nobody (the staff path opens no envelopes: no read-out here either).
  const opening = ok(await trading.get(`/api/tenders/${id}/opening`));
  assert.deepEqual([opening.results, opening.counts], [[], null], `the opening page ${state}`);
  assert.deepEqual(await footprint(), before, `${state}: reading or being refused writes nothing`);
}

describe('bidders sealed until the opening (招标投标法 第二十二条)', () => {
  test('in bidding and while the opening runs every list of bidders is refused (TENDER_BIDDERS_SEALED) and every figure left out, for every reader but the bidder; once opened they read as before', async () => {
    const { id, bids } = await tenderInBidding();
    await checkReads(id, bids, true);
    // The deadline passes and the opening starts (bidding → opening): the bids are not read out yet, still sealed.
    t.clock.set(at(21));
    ok(await act(id, 'open'));
    await checkReads(id, bids, true);
    // Opened (opening → evaluation): the lists answer as before the rule.
    ok(await act(id, 'start_evaluation'));
    await checkReads(id, bids, false);
    // A tender cancelled after its opening stays open to those readers.
    ok(await act(id, 'cancel', { reason: '项目资金未落实' }));
    await checkReads(id, bids, false);
  });

  test('a tender never opened stays sealed: declared unsuccessful with fewer than three bidders (流标), or cancelled in bidding', async () => {
    const failed = await tenderInBidding(1);
    t.clock.set(at(21));
    // The refusal of the opening at the deadline is the opening's own answer (第二十八条), and the only place the number shows.
    refused(await act(failed.id, 'open'), 409, 'TENDER_TOO_FEW_BIDS', 'the opening');
    ok(await act(failed.id, 'declare_unsuccessful', { reason: '递交投标文件的投标人少于三个' }));
    await checkReads(failed.id, failed.bids, true);
    const cancelled = await tenderInBidding();
    ok(await act(cancelled.id, 'cancel', { reason: '项目终止' }));
    await checkReads(cancelled.id, cancelled.bids, true);
  });
});
