import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, signIn, uploadMaterial, type Session, type TestApp, testApp } from '../../test/harness.ts';
import { DEMO_TRADING_PROJECT } from './trading.seed.ts';
import { makeBidKey, publishWithKey } from './bid-key-fixture.ts';
import { publishCandidatesAsSystem } from './candidates-fixture.ts';
import { handInBids } from './handed-in-bids-fixture.ts';

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
const DAY = 86_400_000;
const at = (days: number, extraMs = 0) => new Date(NOW.getTime() + days * DAY + extraMs);
let t: TestApp;
let trading: Session; let hkTrading: Session; let manager: Session; let housing: Session; let market: Session; let supervisor: Session;
let person: Session; let company: Session;
let housingId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [trading, hkTrading, manager, housing, market, supervisor, person, company] = await Promise.all([
    signIn(t.app, 'trading1'), signIn(t.app, 'hk.trading1'), signIn(t.app, 'manager'), signIn(t.app, 'approver.housing'),
    signIn(t.app, 'approver.market'), signIn(t.app, 'supervisor'), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode),
  ]);
  housingId = housing.user.departmentId!;
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const count = async (table: 'tenders' | 'tender_revisions' | 'audit_events' | 'trading_projects' | 'cases' | 'tender_document_downloads' | 'tender_reconfirmations' | 'event_deliveries') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
/** Everything a refused action must leave as it was. */
const footprint = async (tenderId: string) => ({
  revisions: await count('tender_revisions'), audit: await count('audit_events'),
  tender: await t.ctx.db.selectFrom('tenders').selectAll().where('id', '=', tenderId).executeTakeFirstOrThrow(),
});

let seq = 0;
async function project(kind = 'construction', s = trading) {
  seq++;
  return ok(await s.post('/api/trading/projects', {
    kind, code: `T-${kind}-${seq}`, name: `测试项目${seq}`, buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K',
    departmentId: s === trading ? housingId : undefined, lots: [{ name: '一标段', budgetFen: 100_000_000 }],
  }), 201).id as string;
}
async function tender(projectId: string, deadline: Date, extra: object = {}) {
  return ok(await trading.post(`/api/trading/projects/${projectId}/tenders`, {
    title: '测试招标', bidDeadline: deadline.toISOString(), budgetFen: 100_000_000,
    criteria: [{ key: 'price', name: { zh: '报价', en: 'Price' }, weight: 70 }, { key: 'tech', name: { zh: '技术', en: 'Technical' }, weight: 30 }],
    ...extra,
  }), 201).id as string;
}
const act = (s: Session, id: string, body: object) => s.post(`/api/trading/tenders/${id}/actions`, body);
/** The key ceremony (2 of 2: the trading staff member and the supervising department's approver), then `publish`. */
const publish = (id: string) => publishWithKey(trading, housing, id);
const CANDIDATES = [
  { rank: 1, name: '海南一建集团有限公司', orgCode: '91460000MA5T0101XA', score: 92.5, priceFen: 95_000_000 },
  { rank: 2, name: '海南二建集团有限公司', orgCode: '91460000MA5T0102XB', score: 88 },
  { rank: 3, name: '海南三建集团有限公司', orgCode: '91460000MA5T0103XC', score: 81 },
];

/** Walks a tender from draft to complete, moving the server clock through its periods. Returns its id and project code. */
/** A tender walked from draft to its published candidates (the server clock left on the opening day). */
async function tenderWithCandidates(projectId: string) {
  const id = await tender(projectId, at(21), { clarificationUntil: at(5).toISOString() });
  ok(await publish(id));
  ok(await act(trading, id, { action: 'start_clarification' }));
  t.clock.set(at(5)); ok(await act(trading, id, { action: 'start_bidding' }));
  await handInBids(t.owner, id);
  t.clock.set(at(21)); ok(await act(trading, id, { action: 'open' }));
  ok(await act(trading, id, { action: 'start_evaluation' }));
  await publishCandidatesAsSystem(t.ctx, id, { candidates: CANDIDATES });
  return id;
}

async function walkedTender() {
  const projectId = await project();
  const id = await tenderWithCandidates(projectId);
  t.clock.set(at(24)); ok(await act(trading, id, { action: 'award' }));
  ok(await act(trading, id, { action: 'sign_contract', contract: { title: '施工合同', priceFen: 95_000_000, signedOn: '2026-12-17' } }));
  const done = ok(await act(trading, id, { action: 'complete' }));
  t.clock.set(NOW);
  const code = (await t.ctx.db.selectFrom('trading_projects').select('code').where('id', '=', projectId).executeTakeFirstOrThrow()).code;
  return { id, code, done };
}

describe('the tender lifecycle', () => {
  test('a tender walks draft → published → clarification → bidding → opening → evaluation → candidates → awarded → contract → complete, each step a revision anyone reads', async () => {
    const { id, done } = await walkedTender();
    assert.equal(done.status, 'complete');
    assert.deepEqual(done.award, { name: CANDIDATES[0]!.name, orgCode: CANDIDATES[0]!.orgCode, priceFen: 95_000_000, rank: 1 });
    const revs = ok(await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}/revisions` })).revisions as Array<{ version: number; action: string; to: string }>;
    assert.deepEqual(revs.map((r) => r.action), ['create', 'bid_key', 'publish', 'start_clarification', 'start_bidding', 'open', 'start_evaluation', 'publish_candidates', 'award', 'sign_contract', 'complete']);
    assert.deepEqual(revs.map((r) => r.version), revs.map((_, i) => i + 1));
    assert.equal(revs.at(-1)!.to, 'complete');
    // The public notice list shows it; the audit chain holds every step.
    const list = ok(await t.app.inject({ method: 'GET', url: '/api/trading/tenders?pageSize=100' }));
    assert.ok(list.rows.some((r: { id: string }) => r.id === id));
    const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `tender:${id}`).orderBy('seq').execute();
    assert.equal(audit.length, 11);
  });

  test('the award and the contract carry the winning bid\'s price (招标投标法 第四十六条): a price typed in is refused, nothing written', async () => {
    const id = await tenderWithCandidates(await project());
    t.clock.set(at(24));
    let before = await footprint(id);
    const priced = await act(trading, id, { action: 'award', priceFen: 1 });
    refused(priced, 400, 'VALIDATION_FAILED');
    assert.match(priced.json().message.en, /priceFen/);
    assert.deepEqual(await footprint(id), before);
    assert.equal(ok(await act(trading, id, { action: 'award' })).award.priceFen, 95_000_000);
    before = await footprint(id);
    for (const priceFen of [94_800_050, 95_000_001, 0, null]) {
      const r = await act(trading, id, { action: 'sign_contract', contract: { title: '施工合同', priceFen, signedOn: '2026-12-17' } });
      refused(r, 409, 'TENDER_CONTRACT_PRICE_MISMATCH');
      assert.equal(r.json().field, 'contract.priceFen');
      assert.match(r.json().message.zh, /950000\.00/);
    }
    assert.deepEqual(await footprint(id), before);
    assert.equal(ok(await act(trading, id, { action: 'sign_contract', contract: { title: '施工合同', priceFen: 95_000_000, signedOn: '2026-12-17' } })).contract.priceFen, 95_000_000);
    t.clock.set(NOW);
  });

  test('the contract is signed from the award notice\'s day to today (招标投标法 第四十六条): a day before the award or still to come is refused, nothing written', async () => {
    try {
      const id = await tenderWithCandidates(await project());
      t.clock.set(at(24));
      ok(await act(trading, id, { action: 'award' }));
      t.clock.set(at(26));
      const before = await footprint(id);
      for (const signedOn of ['2026-12-16', '2026-11-01', '2026-12-20', '2027-01-01']) {
        const r = await act(trading, id, { action: 'sign_contract', contract: { title: '施工合同', priceFen: 95_000_000, signedOn } });
        refused(r, 409, 'TENDER_CONTRACT_DATE_INVALID');
        assert.equal(r.json().field, 'contract.signedOn');
        assert.match(r.json().message.zh, /2026-12-17.*2026-12-19/);
      }
      assert.deepEqual(await footprint(id), before);
      // The award's day and today are both days a contract may bear.
      assert.equal(ok(await act(trading, id, { action: 'sign_contract', contract: { title: '施工合同', priceFen: 95_000_000, signedOn: '2026-12-19' } })).contract.signedOn, '2026-12-19');
      t.clock.set(NOW);
      const other = await tenderWithCandidates(await project());
      t.clock.set(at(24));
      ok(await act(trading, other, { action: 'award' }));
      assert.equal(ok(await act(trading, other, { action: 'sign_contract', contract: { title: '施工合同', priceFen: 95_000_000, signedOn: '2026-12-17' } })).status, 'contract');
    } finally {
      t.clock.set(NOW);
    }
  });

  test('a contract signed more than 30 days after the award notice needs the reason for the delay (招标投标法 第四十六条, 条例 第七十三条): without one refused, nothing written', async () => {
    try {
      const late = await tenderWithCandidates(await project());
      t.clock.set(NOW);
      const onTime = await tenderWithCandidates(await project());
      t.clock.set(at(24));
      ok(await act(trading, late, { action: 'award' }));
      assert.equal(ok(await act(trading, onTime, { action: 'award' })).contractDueBy, '2027-01-16');
      // The supervision board counts an awarded tender without a contract from the 31st day on (China days).
      const overdue = async () => ok(await supervisor.get('/api/supervision/board/trading')).overdueContracts as number;
      t.clock.set(new Date('2027-01-16T15:59:59Z'));
      const onDay30 = await overdue();
      t.clock.set(new Date('2027-01-16T16:00:00Z'));
      assert.equal(await overdue(), onDay30 + 2, 'both awards of 17 December are past their 30 days');
      t.clock.set(at(60));
      const overdueBefore = await overdue();
      const before = await footprint(late);
      for (const signedOn of ['2027-01-17', '2027-01-21']) {
        const r = await act(trading, late, { action: 'sign_contract', contract: { title: '施工合同', priceFen: 95_000_000, signedOn } });
        refused(r, 409, 'TENDER_CONTRACT_LATE_REASON');
        assert.equal(r.json().field, 'reason');
        assert.match(r.json().message.zh, new RegExp(`${signedOn}.*2026-12-17.*2027-01-16`));
      }
      assert.deepEqual(await footprint(late), before);
      // The 30th day is still on time: no reason asked, none kept (a reason given is the revision's only).
      const kept = ok(await act(trading, onTime, { action: 'sign_contract', reason: '按期签订', contract: { title: '施工合同', priceFen: 95_000_000, signedOn: '2027-01-16' } }));
      assert.deepEqual(kept.contract, { title: '施工合同', priceFen: 95_000_000, signedOn: '2027-01-16' });
      const signed = ok(await act(trading, late, { action: 'sign_contract', reason: '中标人法定代表人变更，待工商登记完成后签订', contract: { title: '施工合同', priceFen: 95_000_000, signedOn: '2027-01-21' } }));
      assert.equal(signed.status, 'contract');
      assert.equal(signed.contract.lateReason, '中标人法定代表人变更，待工商登记完成后签订');
      assert.equal(await overdue(), overdueBefore - 2, 'a signed contract leaves the count');
    } finally {
      t.clock.set(NOW);
    }
  });

  test('each period is checked by server time: bidding cannot start before clarification ends, bids cannot be opened before the deadline, no award within 3 days of the candidates (nothing written)', async () => {
    const id = await tender(await project(), at(21), { clarificationUntil: at(5).toISOString() });
    ok(await publish(id));
    ok(await act(trading, id, { action: 'start_clarification' }));
    let before = await footprint(id);
    refused(await act(trading, id, { action: 'start_bidding' }), 409, 'TENDER_PERIOD_NOT_OVER');
    assert.deepEqual(await footprint(id), before);
    t.clock.set(at(5)); ok(await act(trading, id, { action: 'start_bidding' }));
    t.clock.set(at(21, -1000));
    before = await footprint(id);
    refused(await act(trading, id, { action: 'open' }), 409, 'TENDER_PERIOD_NOT_OVER');
    assert.deepEqual(await footprint(id), before);
    await handInBids(t.owner, id, { at: at(21, -2000) });
    t.clock.set(at(21)); ok(await act(trading, id, { action: 'open' }));
    ok(await act(trading, id, { action: 'start_evaluation' }));
    before = await footprint(id);
    // Staff cannot name candidates by hand: they come from the evaluation (招标投标法 第四十条).
    refused(await act(trading, id, { action: 'publish_candidates', candidates: CANDIDATES }), 409, 'TENDER_CANDIDATES_FROM_EVALUATION');
    await assert.rejects(publishCandidatesAsSystem(t.ctx, id, { candidates: CANDIDATES, candidatesUntil: at(23).toISOString() }), { code: 'TENDER_CANDIDATES_PERIOD' });
    await assert.rejects(publishCandidatesAsSystem(t.ctx, id, { candidates: [CANDIDATES[1]!] }), { code: 'TENDER_CANDIDATES_INVALID' });
    assert.deepEqual(await footprint(id), before);
    await publishCandidatesAsSystem(t.ctx, id, { candidates: CANDIDATES });
    t.clock.set(at(24, -1000));
    before = await footprint(id);
    refused(await act(trading, id, { action: 'award' }), 409, 'TENDER_PERIOD_NOT_OVER');
    assert.deepEqual(await footprint(id), before);
    t.clock.set(at(24));
    refused(await act(trading, id, { action: 'award', winnerOrgCode: '91460000MA5T0999XX' }), 409, 'TENDER_AWARD_NOT_CANDIDATE');
    const second = { action: 'award', winnerOrgCode: CANDIDATES[1]!.orgCode, passedOver: [{ orgCode: CANDIDATES[0]!.orgCode, reason: 'declined' }], reason: '第一中标候选人书面放弃中标' };
    assert.equal(ok(await act(trading, id, second)).award.orgCode, CANDIDATES[1]!.orgCode);
    // Out of order: an awarded tender is not opened again.
    refused(await act(trading, id, { action: 'open' }), 409, 'TENDER_STATE');
    t.clock.set(NOW);
  });

  test('the bidding period is at least 20 days from publication to the deadline, a rule of the project kind (construction, procurement, land, state property): refused with nothing written', async () => {
    for (const kind of ['construction', 'procurement', 'land', 'state_property']) {
      const id = await tender(await project(kind), at(20, -60_000));
      await makeBidKey(trading, housing, id);
      const before = await footprint(id);
      refused(await act(trading, id, { action: 'publish' }), 409, 'TENDER_BIDDING_PERIOD_SHORT');
      assert.deepEqual(await footprint(id), before);
      assert.equal(before.tender.status, 'draft');
    }
    const id = await tender(await project('procurement'), at(20));
    assert.equal(ok(await publish(id)).status, 'published');
    // A tender without a deadline cannot be published either.
    const none = ok(await trading.post(`/api/trading/projects/${await project()}/tenders`, { title: '无截止时间' }), 201).id;
    refused(await act(trading, none, { action: 'publish' }), 400, 'TENDER_PERIODS_ORDER');
  });

  test('a tender is published only with its bid key made and shared among the officials (issue 16): without it, TENDER_BID_KEY_REQUIRED with nothing written; the key is made in draft, then it publishes', async () => {
    const id = await tender(await project(), at(21));
    const before = { ...(await footprint(id)), deliveries: await count('event_deliveries') };
    const res = await act(trading, id, { action: 'publish' });
    refused(res, 409, 'TENDER_BID_KEY_REQUIRED');
    assert.equal(res.json().message.zh, '发布前须完成投标密钥分持：先生成本项目的投标密钥，并将私钥分份交由官员持有');
    assert.match(res.json().message.en, /bid key must be made and shared among the officials before publication/);
    const after = { ...(await footprint(id)), deliveries: await count('event_deliveries') };
    assert.deepEqual(after, before, 'no status change, no revision, no audit event, no delivery');
    assert.equal(after.tender.status, 'draft');
    assert.equal(after.tender.published_at, null);
    // The key ceremony is taken in draft (a revision `bid_key`, the status kept); then the publication passes.
    const key = await makeBidKey(trading, housing, id);
    const draft = ok(await trading.get(`/api/trading/tenders/${id}`));
    assert.equal(draft.status, 'draft'); assert.equal(draft.publicKey, key.publicKey);
    const published = ok(await act(trading, id, { action: 'publish' }));
    assert.equal(published.status, 'published'); assert.equal(published.publicKey, key.publicKey);
    const revs = ok(await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}/revisions` })).revisions as Array<{ action: string; from: string | null; to: string }>;
    assert.deepEqual(revs.map((r) => [r.action, r.from, r.to]), [['create', null, 'draft'], ['bid_key', 'draft', 'draft'], ['publish', 'draft', 'published']]);
  });

  test('cancel and declare unsuccessful keep their reason and document; a reason is required', async () => {
    const id = await tender(await project(), at(21));
    ok(await publish(id));
    refused(await act(trading, id, { action: 'cancel' }), 400, 'VALIDATION_FAILED');
    const foreignFile = await uploadMaterial(t.app, person, '别人的文件.pdf');
    refused(await act(trading, id, { action: 'cancel', reason: '项目取消', documentId: foreignFile }), 400, 'TENDER_FILE_UNKNOWN');
    const doc = await uploadMaterial(t.app, trading, '终止公告.pdf');
    const c = ok(await act(trading, id, { action: 'cancel', reason: '项目资金未落实', documentId: doc }));
    assert.equal(c.status, 'cancelled'); assert.equal(c.closedReason, '项目资金未落实'); assert.equal(c.closedDocumentId, doc);
    // Unsuccessful after the opening (no bid acceptable, 第四十二条): three bids handed in, opened, then declared failed.
    const u = await tender(await project(), at(21));
    ok(await publish(u));
    ok(await act(trading, u, { action: 'start_bidding' }));
    await handInBids(t.owner, u);
    t.clock.set(at(21)); ok(await act(trading, u, { action: 'open' }));
    const f = ok(await act(trading, u, { action: 'declare_unsuccessful', reason: '所有投标均被否决' }));
    assert.equal(f.status, 'unsuccessful'); assert.equal(f.closedReason, '所有投标均被否决');
    t.clock.set(NOW);
  });
});

describe('the award in the candidates\' order (招标投标法实施条例 第五十五条, 政府采购法实施条例 第四十三条)', () => {
  const passOver = (...ranks: number[]) => ranks.map((r) => ({ orgCode: CANDIDATES[r - 1]!.orgCode, reason: 'declined' }));
  const award = (id: string, rank: number, extra: object = {}) => act(trading, id, { action: 'award', winnerOrgCode: CANDIDATES[rank - 1]!.orgCode, ...extra });
  // A refusal that fails here must not leave the clock on the award day for the tests after it.
  afterEach(() => t.clock.set(NOW));

  test('a state-funded project (the default): a lower candidate only when every one ranked above is passed over on a lawful ground, with the account; otherwise refused, nothing written', async () => {
    const projectId = await project();
    const id = await tenderWithCandidates(projectId);
    t.clock.set(at(24));
    const detail = ok(await trading.get(`/api/trading/tenders/${id}`));
    assert.deepEqual([detail.project.stateFunded, detail.awardInOrder], [true, true]);
    const before = await footprint(id);
    // Skipping the first, or the second of three: refused, naming who is skipped.
    let r = await award(id, 2);
    refused(r, 409, 'TENDER_AWARD_OUT_OF_ORDER');
    assert.deepEqual(r.json().details, { rank: 2, skipped: [CANDIDATES[0]!.orgCode] });
    r = await award(id, 3, { passedOver: passOver(1), reason: '第一中标候选人放弃中标' });
    refused(r, 409, 'TENDER_AWARD_OUT_OF_ORDER');
    assert.deepEqual(r.json().details.skipped, [CANDIDATES[1]!.orgCode]);
    assert.match(r.json().message.zh, /第五十五条/);
    assert.match(r.json().message.en, /Art\. 55/);
    // A pass-over naming the winner, one ranked below, a stranger, or the same candidate twice is not one.
    refused(await award(id, 2, { passedOver: [...passOver(1), ...passOver(2)], reason: '说明' }), 400, 'TENDER_AWARD_PASSED_OVER_INVALID');
    refused(await award(id, 2, { passedOver: [...passOver(1), ...passOver(3)], reason: '说明' }), 400, 'TENDER_AWARD_PASSED_OVER_INVALID');
    refused(await award(id, 2, { passedOver: [{ orgCode: '91460000MA5T0999XX', reason: 'declined' }], reason: '说明' }), 400, 'TENDER_AWARD_PASSED_OVER_INVALID');
    refused(await award(id, 3, { passedOver: [...passOver(1), ...passOver(1)], reason: '说明' }), 400, 'TENDER_AWARD_PASSED_OVER_INVALID');
    // The ground is one the regulation names, and the account of it is written.
    refused(await award(id, 2, { passedOver: [{ orgCode: CANDIDATES[0]!.orgCode, reason: 'price_too_high' }], reason: '说明' }), 400, 'VALIDATION_FAILED');
    refused(await award(id, 2, { passedOver: passOver(1) }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(await footprint(id), before);
    // Both above passed over on their grounds: the third is awarded, the grounds kept on the award and its revision.
    const body = { passedOver: [{ orgCode: CANDIDATES[1]!.orgCode, reason: 'no_performance_bond' }, { orgCode: CANDIDATES[0]!.orgCode, reason: 'violation' }], reason: '第一名经查实串通投标；第二名未按招标文件提交履约保证金' };
    const done = ok(await award(id, 3, body));
    assert.deepEqual(done.award, {
      name: CANDIDATES[2]!.name, orgCode: CANDIDATES[2]!.orgCode, priceFen: null, rank: 3,
      passedOver: [
        { rank: 1, name: CANDIDATES[0]!.name, orgCode: CANDIDATES[0]!.orgCode, reason: 'violation' },
        { rank: 2, name: CANDIDATES[1]!.name, orgCode: CANDIDATES[1]!.orgCode, reason: 'no_performance_bond' },
      ],
    });
    const revisions = ok(await person.get(`/api/trading/tenders/${id}/revisions`)).revisions;
    assert.deepEqual(revisions.at(-1).action === 'award' && revisions.at(-1).reason, body.reason);
    assert.deepEqual(ok(await person.get(`/api/trading/tenders/${id}`)).award.passedOver.map((p: { reason: string }) => p.reason), ['violation', 'no_performance_bond']);
    t.clock.set(NOW);
  });

  test('a government procurement awards in order even when its creator says it is not state-funded; a project not state-funded may award any candidate', async () => {
    const seqNow = ++seq;
    const procurement = ok(await trading.post('/api/trading/projects', {
      kind: 'procurement', code: `T-proc-private-${seqNow}`, name: '采购项目', buyerName: '海南测试采购人', buyerOrgCode: '91460000MA5T00009K',
      departmentId: housingId, stateFunded: false, lots: [{ name: '一包', budgetFen: 100_000_000 }],
    }), 201).id as string;
    const p1 = await tenderWithCandidates(procurement);
    t.clock.set(at(24));
    assert.equal(ok(await trading.get(`/api/trading/tenders/${p1}`)).awardInOrder, true);
    const before = await footprint(p1);
    refused(await award(p1, 2), 409, 'TENDER_AWARD_OUT_OF_ORDER');
    assert.deepEqual(await footprint(p1), before);
    t.clock.set(NOW);

    const privateWorks = ok(await trading.post('/api/trading/projects', {
      kind: 'construction', code: `T-private-${seqNow}`, name: '社会投资项目', buyerName: '海南社会投资有限公司', buyerOrgCode: '91460000MA5T00009K',
      departmentId: housingId, stateFunded: false, lots: [{ name: '一标段', budgetFen: 100_000_000 }],
    }), 201).id as string;
    const p2 = await tenderWithCandidates(privateWorks);
    t.clock.set(at(24));
    const detail = ok(await trading.get(`/api/trading/tenders/${p2}`));
    assert.deepEqual([detail.project.stateFunded, detail.awardInOrder], [false, false]);
    // A stated pass-over is still checked: one ranked below the winner is not one.
    refused(await award(p2, 2, { passedOver: passOver(3), reason: '说明' }), 400, 'TENDER_AWARD_PASSED_OVER_INVALID');
    const done = ok(await award(p2, 2));
    assert.deepEqual([done.award.orgCode, done.award.rank, done.award.passedOver], [CANDIDATES[1]!.orgCode, 2, undefined]);
    t.clock.set(NOW);
  });
});

describe('a new award when the winner gives it up before the contract (条例 第五十五条, 政府采购法实施条例 第四十九条)', () => {
  const code = (rank: number) => CANDIDATES[rank - 1]!.orgCode;
  const reaward = (id: string, rank: number, passed: Array<[number, string]>, reason: string | null = '中标人书面放弃中标') =>
    act(trading, id, { action: 'reaward', winnerOrgCode: code(rank), passedOver: passed.map(([r, g]) => ({ orgCode: code(r), reason: g })), ...(reason ? { reason } : {}) });
  afterEach(() => t.clock.set(NOW));

  test('state-funded: the winner it replaces is passed over on its ground, the next in order takes it, the grounds add up; no other change, none after the contract (nothing written)', async () => {
    const id = await tenderWithCandidates(await project());
    t.clock.set(at(24));
    assert.equal(ok(await act(trading, id, { action: 'award' })).award.rank, 1);
    const before = await footprint(id);
    // Without a ground for the winner it replaces (法 第四十五条), out of order, the same winner, or no account: refused.
    const r = await act(trading, id, { action: 'reaward', winnerOrgCode: code(2), reason: '改定' });
    refused(r, 409, 'TENDER_REAWARD_GROUND_REQUIRED');
    assert.deepEqual(r.json().details, { winner: code(1) });
    refused(await reaward(id, 3, [[1, 'declined']]), 409, 'TENDER_AWARD_OUT_OF_ORDER');
    refused(await reaward(id, 1, [[1, 'declined']]), 400, 'TENDER_AWARD_PASSED_OVER_INVALID');
    refused(await reaward(id, 2, [[1, 'declined']], null), 400, 'VALIDATION_FAILED');
    assert.deepEqual(await footprint(id), before);
    // The first gave it up: the second; then the second lodged no bond: the third, both grounds kept.
    assert.deepEqual(ok(await reaward(id, 2, [[1, 'declined']])).award.passedOver.map((p: { rank: number }) => p.rank), [1]);
    refused(await reaward(id, 3, [[1, 'declined'], [2, 'no_performance_bond']], '重复'), 400, 'TENDER_AWARD_PASSED_OVER_INVALID');
    const third = ok(await reaward(id, 3, [[2, 'no_performance_bond']], '第二中标候选人未按招标文件提交履约保证金'));
    assert.deepEqual([third.status, third.award.orgCode, third.award.passedOver.map((p: { rank: number; reason: string }) => [p.rank, p.reason])],
      ['awarded', code(3), [[1, 'declined'], [2, 'no_performance_bond']]]);
    const revs = ok(await person.get(`/api/trading/tenders/${id}/revisions`)).revisions as Array<{ action: string; reason: string | null }>;
    assert.deepEqual(revs.slice(-3).map((v) => v.action), ['award', 'reaward', 'reaward']);
    assert.equal(revs.at(-1)!.reason, '第二中标候选人未按招标文件提交履约保证金');
    // After the contract the result stands.
    ok(await act(trading, id, { action: 'sign_contract', contract: { title: '施工合同', priceFen: null, signedOn: '2026-12-17' } }));
    const signed = await footprint(id);
    refused(await reaward(id, 2, [[3, 'declined']]), 409, 'TENDER_STATE');
    assert.deepEqual(await footprint(id), signed);
  });

  test('not state-funded: after the second declines, the first may be awarded; the ground for the replaced winner is still required', async () => {
    const privateWorks = ok(await trading.post('/api/trading/projects', {
      kind: 'construction', code: `T-private-re-${++seq}`, name: '社会投资项目', buyerName: '海南社会投资有限公司', buyerOrgCode: '91460000MA5T00009K',
      departmentId: housingId, stateFunded: false, lots: [{ name: '一标段', budgetFen: 100_000_000 }],
    }), 201).id as string;
    const id = await tenderWithCandidates(privateWorks);
    t.clock.set(at(24));
    ok(await act(trading, id, { action: 'award', winnerOrgCode: code(2) }));
    refused(await act(trading, id, { action: 'reaward', winnerOrgCode: code(1), reason: '改定' }), 409, 'TENDER_REAWARD_GROUND_REQUIRED');
    const done = ok(await reaward(id, 1, [[2, 'declined']]));
    assert.deepEqual([done.award.orgCode, done.award.passedOver.map((p: { rank: number }) => p.rank)], [code(1), [2]]);
  });
});

describe('no opening with fewer than three bidders (招标投标法 第二十八条)', () => {
  test('two bids handed in (a third withdrawn): the opening is refused with TENDER_TOO_FEW_BIDS, nothing written; the tender is declared unsuccessful from bidding with its reason', async () => {
    const id = await tender(await project('procurement'), at(21));
    ok(await publish(id));
    ok(await act(trading, id, { action: 'start_bidding' }));
    await handInBids(t.owner, id, { count: 2 });
    const [withdrawn] = await handInBids(t.owner, id, { count: 1 });
    await t.owner.updateTable('bids').set({ status: 'withdrawn', withdrawn_at: at(20), withdrawn_reason: 'bidder' }).where('id', '=', withdrawn!.id).execute();
    // Before the deadline 流标 is neither offered nor taken.
    assert.ok(!ok(await trading.get(`/api/trading/tenders/${id}`)).actions.includes('declare_unsuccessful'));
    t.clock.set(at(21));
    const before = await footprint(id);
    const res = await act(trading, id, { action: 'open' });
    refused(res, 409, 'TENDER_TOO_FEW_BIDS');
    assert.match(res.json().message.zh, /投标人为 2 个，少于 3 个，不得开标.*第二十八条/);
    assert.match(res.json().message.en, /2 bidder\(s\).*fewer than 3.*Article 28/);
    assert.deepEqual(await footprint(id), before, 'no status, no opened_at, no revision, no audit event');
    assert.equal(before.tender.status, 'bidding');
    // The lawful way on: 流标, offered now, with its reason.
    const detail = ok(await trading.get(`/api/trading/tenders/${id}`));
    assert.ok(detail.actions.includes('declare_unsuccessful') && detail.actions.includes('open'), detail.actions.join());
    refused(await act(trading, id, { action: 'declare_unsuccessful' }), 400, 'VALIDATION_FAILED');
    const failed = ok(await act(trading, id, { action: 'declare_unsuccessful', reason: '投标人少于三个，依法重新招标' }));
    assert.equal(failed.status, 'unsuccessful'); assert.equal(failed.closedReason, '投标人少于三个，依法重新招标'); assert.equal(failed.openedAt, null);
    const revs = ok(await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}/revisions` })).revisions as Array<{ action: string; from: string; to: string }>;
    assert.deepEqual(revs.map((r) => [r.action, r.from, r.to]).at(-1), ['declare_unsuccessful', 'bidding', 'unsuccessful']);

    // With three bidders the bids are opened instead: 流标 from bidding is refused (TENDER_STATE) and not offered.
    t.clock.set(NOW);
    const other = await tender(await project('land'), at(21));
    ok(await publish(other));
    ok(await act(trading, other, { action: 'start_bidding' }));
    await handInBids(t.owner, other);
    t.clock.set(at(21));
    const three = await footprint(other);
    assert.ok(!ok(await trading.get(`/api/trading/tenders/${other}`)).actions.includes('declare_unsuccessful'));
    refused(await act(trading, other, { action: 'declare_unsuccessful', reason: '流标' }), 409, 'TENDER_STATE');
    assert.deepEqual(await footprint(other), three);
    assert.equal(ok(await act(trading, other, { action: 'open' })).status, 'opening');
    t.clock.set(NOW);
  });
});

describe('amendments (招标投标法 第二十三条)', () => {
  test('a change during bidding is a revision, keeps at least 15 days to the deadline and asks every registered bidder to re-confirm', async () => {
    const id = await tender(await project(), at(21));
    ok(await publish(id));
    ok(await act(trading, id, { action: 'start_bidding' }));
    const file = await uploadMaterial(t.app, trading, '招标文件.pdf');
    const doc = ok(await trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: file }), 201);
    assert.equal((await company.get(`/api/trading/tenders/${id}/documents/${doc.id}`)).statusCode, 200);
    t.clock.set(at(10));
    const amended = ok(await trading.post(`/api/trading/tenders/${id}/amend`, { reason: '调整资质要求', description: '投标人须具备一级资质' }));
    assert.equal(amended.bidDeadline, at(25).toISOString(), '15 days from the change, not the old 11');
    const revs = ok(await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}/revisions` })).revisions;
    const last = revs.at(-1);
    assert.equal(last.action, 'amend'); assert.equal(last.reason, '调整资质要求');
    assert.deepEqual(last.changes.bidDeadline, { from: at(21).toISOString(), to: at(25).toISOString() });
    assert.deepEqual(ok(await company.get(`/api/trading/tenders/${id}`)).mustReconfirm, [amended.version]);
    assert.deepEqual(ok(await person.get(`/api/trading/tenders/${id}`)).mustReconfirm, [], 'only registered bidders');
    assert.equal(ok(await company.post(`/api/trading/tenders/${id}/reconfirm`)).confirmed, 1);
    assert.deepEqual(ok(await company.get(`/api/trading/tenders/${id}`)).mustReconfirm, []);
    // A later deadline asked for is kept.
    const later = ok(await trading.post(`/api/trading/tenders/${id}/amend`, { reason: '延期', bidDeadline: at(40).toISOString() }));
    assert.equal(later.bidDeadline, at(40).toISOString());
    // After the opening the conditions are fixed.
    await handInBids(t.owner, id, { at: at(39) });
    t.clock.set(at(40)); ok(await act(trading, id, { action: 'open' }));
    const before = await footprint(id);
    refused(await trading.post(`/api/trading/tenders/${id}/amend`, { reason: '再改' }), 409, 'TENDER_NOT_AMENDABLE');
    assert.deepEqual(await footprint(id), before);
    t.clock.set(NOW);
  });
});

describe('no change after the bid deadline (招标投标法 第二十三条、第三十四条)', () => {
  test('once the deadline has passed by server time, an amendment is refused in every bidding state, nothing written; a minute before it is taken', async () => {
    // Bidding, at the deadline exactly: an amendment would move the deadline and take late bids.
    const id = await tender(await project(), at(21));
    ok(await publish(id));
    ok(await act(trading, id, { action: 'start_bidding' }));
    t.clock.set(at(21));
    let before = await footprint(id);
    refused(await trading.post(`/api/trading/tenders/${id}/amend`, { reason: '延期', bidDeadline: at(40).toISOString() }), 409, 'TENDER_DEADLINE_PASSED');
    refused(await trading.post(`/api/trading/tenders/${id}/amend`, { reason: '改标题', title: '新标题' }), 409, 'TENDER_DEADLINE_PASSED');
    assert.deepEqual(await footprint(id), before);
    // Still published (bidding never started) and past the deadline: the same.
    t.clock.set(NOW);
    const other = await tender(await project(), at(21));
    ok(await publish(other));
    t.clock.set(at(22));
    before = await footprint(other);
    refused(await trading.post(`/api/trading/tenders/${other}/amend`, { reason: '延期', bidDeadline: at(50).toISOString() }), 409, 'TENDER_DEADLINE_PASSED');
    assert.deepEqual(await footprint(other), before);
    // One minute before the deadline the change is taken, and the deadline keeps 15 days after it.
    t.clock.set(at(21, -60_000));
    const amended = ok(await trading.post(`/api/trading/tenders/${id}/amend`, { reason: '延期' }));
    assert.equal(amended.bidDeadline, at(36, -60_000).toISOString());
    t.clock.set(NOW);
  });
});

describe('tender documents and the download register', () => {
  test('only a signed-in person or enterprise downloads, once published; each download registered; the register sealed until the opening for staff and the supervising department', async () => {
    const id = await tender(await project(), at(21));
    const file = await uploadMaterial(t.app, trading, '招标文件.pdf');
    const doc = ok(await trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: file }), 201);
    const url = `/api/trading/tenders/${id}/documents/${doc.id}`;
    refused(await person.get(url), 404, 'NOT_FOUND');
    ok(await publish(id));
    const before = await count('tender_document_downloads');
    refused(await t.app.inject({ method: 'GET', url }), 401, 'UNAUTHENTICATED');
    refused(await manager.get(url), 403, 'FORBIDDEN');
    assert.equal(await count('tender_document_downloads'), before);
    const got = await person.get(url);
    assert.equal(got.statusCode, 200); assert.ok(got.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
    const v2 = ok(await trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件（修订）', fileId: file }), 201);
    assert.equal(v2.version, 2);
    assert.equal((await company.get(`/api/trading/tenders/${id}/documents/${v2.id}`)).statusCode, 200);
    const reg = await t.ctx.db.selectFrom('tender_document_downloads as d').innerJoin('tender_documents as doc', 'doc.id', 'd.document_id')
      .innerJoin('users as u', 'u.id', 'd.user_id').select(['u.name', 'doc.version']).where('d.tender_id', '=', id).execute();
    assert.deepEqual(reg.map((r) => `${r.name} v${r.version}`).sort(), [`${DEMO_ENTERPRISE.name} v2`, `${DEMO_PERSON.name} v1`].sort());
    // 招标投标法 第二十二条: the register is sealed until the opening, for those who may read it (bidders-sealed.test.ts reads it after).
    refused(await trading.get(`/api/trading/tenders/${id}/downloads`), 409, 'TENDER_BIDDERS_SEALED');
    refused(await housing.get(`/api/trading/tenders/${id}/downloads`), 409, 'TENDER_BIDDERS_SEALED');
    refused(await supervisor.get(`/api/trading/tenders/${id}/downloads`), 409, 'TENDER_BIDDERS_SEALED');
    assert.equal((await market.get(`/api/trading/tenders/${id}/downloads`)).statusCode, 403, 'another department');
    assert.equal((await person.get(`/api/trading/tenders/${id}/downloads`)).statusCode, 403);
    assert.equal((await hkTrading.get(`/api/trading/tenders/${id}/downloads`)).statusCode, 403, 'another center');
  });
});

describe('who may do what', () => {
  test('only the trading staff of the center create and move tenders; a draft exists only for its center\'s staff and supervising department', async () => {
    const projects = await count('trading_projects');
    const body = { kind: 'construction', code: 'X-1', name: 'x', buyerName: 'x', buyerOrgCode: '91460000MA5T00009K', departmentId: housingId };
    refused(await manager.post('/api/trading/projects', body), 403, 'FORBIDDEN');
    refused(await person.post('/api/trading/projects', body), 403, 'FORBIDDEN');
    refused(await t.app.inject({ method: 'POST', url: '/api/trading/projects', payload: body }), 401, 'UNAUTHENTICATED');
    refused(await hkTrading.post('/api/trading/projects', body), 400, 'TRADING_DEPARTMENT_UNKNOWN');
    assert.equal(await count('trading_projects'), projects);
    const pid = await project();
    refused(await trading.post('/api/trading/projects', { ...body, code: (await t.ctx.db.selectFrom('trading_projects').select('code').where('id', '=', pid).executeTakeFirstOrThrow()).code }), 409, 'TRADING_PROJECT_CODE_TAKEN');
    const id = await tender(pid, at(21));
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}` })).statusCode, 404);
    assert.equal((await person.get(`/api/trading/tenders/${id}`)).statusCode, 404);
    assert.equal((await hkTrading.get(`/api/trading/tenders/${id}`)).statusCode, 404);
    assert.equal((await market.get(`/api/trading/tenders/${id}`)).statusCode, 404);
    assert.equal((await housing.get(`/api/trading/tenders/${id}`)).statusCode, 200);
    assert.deepEqual(ok(await housing.get(`/api/trading/tenders/${id}`)).actions, [], 'the supervising department reads, never acts');
    await makeBidKey(trading, housing, id);
    const before = await footprint(id);
    refused(await act(housing, id, { action: 'publish' }), 403, 'FORBIDDEN');
    refused(await act(hkTrading, id, { action: 'publish' }), 404, 'NOT_FOUND');
    refused(await act(person, id, { action: 'publish' }), 404, 'NOT_FOUND');
    assert.deepEqual(await footprint(id), before);
    ok(await act(trading, id, { action: 'publish' }));
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}` })).statusCode, 200, 'published: anyone');
    refused(await act(hkTrading, id, { action: 'cancel', reason: 'x' }), 403, 'FORBIDDEN');
  });

  test('bad input never gives a 500', async () => {
    const pid = await project();
    refused(await trading.post(`/api/trading/projects/${pid}/tenders`, { title: 'x', criteria: [{ key: 'a', name: { zh: 'a', en: 'a' }, weight: 50 }] }), 400, 'TENDER_CRITERIA_INVALID');
    refused(await trading.post(`/api/trading/projects/${pid}/tenders`, { title: 'x', bidDeadline: at(21).toISOString(), openingAt: at(20).toISOString() }), 400, 'TENDER_PERIODS_ORDER');
    refused(await trading.post(`/api/trading/projects/${pid}/tenders`, { title: 'x', lotId: '00000000-0000-4000-8000-000000000000' }), 400, 'TRADING_LOT_UNKNOWN');
    refused(await trading.post('/api/trading/tenders/not-a-uuid/actions', { action: 'publish' }), 400, 'VALIDATION_FAILED');
    refused(await trading.post(`/api/trading/tenders/${pid}/actions`, { action: 'fly' }), 400, 'VALIDATION_FAILED');
  });
});

describe('the case side: an item that needs a traded project', () => {
  test('a case naming a project with no award in the center is refused with nothing written; an awarded project passes', async () => {
    const itemId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
    const body = await applicationBody(t.app, company, itemId);
    const field = Object.keys(body.form).find((k) => body.form[k] === '测试填写')!;
    await t.ctx.db.insertInto('trading_award_requirements').values({ item_id: itemId, project_code_field: field, created_at: NOW }).execute();
    try {
      const before = { cases: await count('cases'), audit: await count('audit_events') };
      // The demo project has a published tender, not an award.
      refused(await company.post('/api/cases', { ...body, form: { ...body.form, [field]: DEMO_TRADING_PROJECT } }), 409, 'TRADING_AWARD_REQUIRED');
      refused(await company.post('/api/cases', { ...body, form: { ...body.form, [field]: 'NO-SUCH-PROJECT' } }), 409, 'TRADING_AWARD_REQUIRED');
      assert.deepEqual({ cases: await count('cases'), audit: await count('audit_events') }, before);
      const refusal = (await company.post('/api/cases', { ...body, form: { ...body.form, [field]: DEMO_TRADING_PROJECT } })).json();
      assert.match(refusal.message.zh, /没有中标/); assert.match(refusal.message.en, /no award/);
      // A project of the province center that went through to the award passes.
      const { code } = await walkedTender();
      assert.equal((await company.post('/api/cases', { ...body, form: { ...body.form, [field]: code } })).statusCode, 201);
    } finally {
      await t.ctx.db.deleteFrom('trading_award_requirements').where('item_id', '=', itemId).execute();
    }
  });
});
