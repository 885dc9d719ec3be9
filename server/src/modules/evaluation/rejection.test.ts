import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pdfToText } from '../../test/pdf-text.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { rejectedBids, sameRepresentative } from './evaluation.compute.ts';
import { evaluationFixture, type EvaluationFixture } from './evaluation-fixture.ts';

/**
 * Rejecting a bid (否决投标, 招标投标法实施条例 第五十一条 and 第三十四条; docs/trading.md "Rejecting a bid"): each seated
 * expert votes on their own sheet with a ground and the facts; a bid more than half of the committee voted to reject is
 * neither ranked nor a candidate, and the report states it; with every bid rejected there is nothing to publish.
 */
let t: TestApp;
let f: EvaluationFixture;
let experts: Session[];
let reserve: Session, outsider: Session, trading: Session, bidder: Session;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  f = await evaluationFixture(t.owner, t.clock.now());
  experts = await Promise.all(f.seated.map((e) => signIn(t.app, e.username)));
  [reserve, outsider, trading, bidder] = await Promise.all([f.reserve.username, f.outsider.username, 'hk.trading1', f.bidders[0]!.username].map((l) => signIn(t.app, l)));
});
after(() => t.close());

const url = (tenderId: string, p = '') => `/api/tenders/${tenderId}/evaluation${p}`;
const vote = (tenderId: string, bidId: string) => url(tenderId, `/sheet/rejections/${bidId}`);
const snapshot = async (tenderId: string) => ({
  rejections: await t.owner.selectFrom('evaluation_rejections').select(['bid_id', 'expert_id', 'ground', 'note']).where('tender_id', '=', tenderId).orderBy(['bid_id', 'expert_id']).execute(),
  submissions: await t.owner.selectFrom('evaluation_submissions').select('expert_id').where('tender_id', '=', tenderId).orderBy('expert_id').execute(),
  reports: await t.owner.selectFrom('evaluation_reports').select('tender_id').where('tender_id', '=', tenderId).execute(),
  tender: await t.owner.selectFrom('tenders').select(['status', 'version', 'candidates']).where('id', '=', tenderId).executeTakeFirstOrThrow(),
  audit: Number((await t.owner.selectFrom('audit_events').select((e) => e.fn.countAll<string>().as('n')).where('stream', 'in', [`evaluation:${tenderId}`, `tender:${tenderId}`]).executeTakeFirstOrThrow()).n),
});
const refused = (res: { statusCode: number; json(): { code: string; message: { zh: string; en: string } } }, status: number, code: string) => {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal(res.json().code, code);
  assert.ok(res.json().message.zh && res.json().message.en);
};
const lines = (bidId: string, total: number) => [
  { bidId, criterion: 'technical', score: total / 2 }, { bidId, criterion: 'commercial', score: total / 5 }, { bidId, criterion: 'price', score: (total * 3) / 10 },
];
/** Scores every opened bid (A 80, B 74, C 90: C would rank first) and submits the sheet. */
async function scoreAndSubmit(e: Session, g: EvaluationFixture) {
  const res = await e.put(url(g.tenderId, '/sheet'), { scores: [...lines(g.opened[0]!.id, 80), ...lines(g.opened[1]!.id, 74), ...lines(g.opened[2]!.id, 90)] });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal((await e.post(url(g.tenderId, '/submit'))).statusCode, 200);
}

/** A draw operator's replacement of a seated expert once the evaluation is over: refused, nothing written. */
async function refusedReplacement(g: EvaluationFixture) {
  const operator = await signIn(t.app, 'hk.draw1');
  const { id: drawId } = await t.owner.selectFrom('expert_draws').select('id').where('tender_id', '=', g.tenderId).executeTakeFirstOrThrow();
  const seats = () => t.owner.selectFrom('expert_draw_members').select(['rank', 'seat', 'answered_at']).where('draw_id', '=', drawId).orderBy('rank').execute();
  const before = [await seats(), await snapshot(g.tenderId)];
  const r = await operator.post(`/api/expert-draws/${drawId}/members/${g.seated[0]!.expertId}/decline`, { reason: '身体原因，无法继续' });
  refused(r, 409, 'DRAW_COMMITTEE_FINAL');
  assert.deepEqual([await seats(), await snapshot(g.tenderId)], before);
}

describe('the committee rejects a bid by more than half of its members', () => {
  test('only a seated member votes, on an opened bid, with a known ground and the facts; the others are refused, nothing written', async () => {
    const [a] = f.opened;
    const before = await snapshot(f.tenderId);
    const body = { ground: 'unqualified', note: '资质证书已过有效期' };
    for (const s of [outsider, reserve]) refused(await s.put(vote(f.tenderId, a!.id), body), 403, 'EVALUATION_NOT_MEMBER');
    for (const s of [trading, bidder]) assert.equal((await s.put(vote(f.tenderId, a!.id), body)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'PUT', url: vote(f.tenderId, a!.id), payload: body })).statusCode, 401);
    const e = experts[0]!;
    for (const bad of [{ ground: 'late', note: 'x' }, { ground: 'unqualified', note: '  ' }, { ground: 'unqualified' }, { ground: 'unqualified', note: 'x', extra: 1 }]) {
      refused(await e.put(vote(f.tenderId, a!.id), bad), 400, 'VALIDATION_FAILED');
    }
    for (const bidId of [f.failedBidId, f.withdrawnBidId, '00000000-0000-4000-8000-000000000000']) {
      const r = await e.put(vote(f.tenderId, bidId), body);
      refused(r, 409, 'EVALUATION_BID_NOT_SCORABLE');
      assert.equal(r.json().field, 'bidId');
    }
    assert.deepEqual(await snapshot(f.tenderId), before);
  });

  test("a vote is the expert's own, changed or withdrawn until the sheet is submitted; the sheet names bidders whose representatives share a name and prices above the budget", async () => {
    const [a, b, c] = f.opened;
    // A and C have representatives of the same name (a hint to verify, 条例 第三十四条); B another.
    await t.owner.updateTable('users').set({ legal_representative: '陈 建国' }).where('id', '=', a!.bidderId).execute();
    await t.owner.updateTable('users').set({ legal_representative: '陈建国' }).where('id', '=', c!.bidderId).execute();
    await t.owner.updateTable('users').set({ legal_representative: '林海' }).where('id', '=', b!.bidderId).execute();
    // The budget is A's price: A at it, B under, C above (a fact for the committee, 第五十一条 (五)).
    await t.owner.updateTable('tenders').set({ budget_fen: a!.priceFen }).where('id', '=', f.tenderId).execute();
    const e = experts[0]!;
    const facts = (await e.get(url(f.tenderId, '/sheet'))).json();
    assert.equal(facts.tender.budgetFen, a!.priceFen);
    assert.deepEqual([a, b, c].map((x) => facts.bids.find((y: { id: string }) => y.id === x!.id).aboveBudget), [false, false, true]);
    const first = (await e.put(vote(f.tenderId, c!.id), { ground: 'unqualified', note: '资质证书已过有效期' })).json();
    assert.equal(first.bids.find((x: { id: string }) => x.id === c!.id).myRejection.ground, 'unqualified');
    // Changed: the new ground and facts replace the vote.
    let sheet = (await e.put(vote(f.tenderId, c!.id), { ground: 'related_bidders', note: '与投标企业1法定代表人为同一人（身份证号一致）' })).json();
    const byId = new Map(sheet.bids.map((x: { id: string }) => [x.id, x]));
    assert.deepEqual((byId.get(c!.id) as { myRejection: unknown }).myRejection, { ground: 'related_bidders', note: '与投标企业1法定代表人为同一人（身份证号一致）' });
    assert.equal((byId.get(a!.id) as { myRejection: unknown }).myRejection, null);
    assert.deepEqual((byId.get(a!.id) as { sameRepresentativeAs: string[] }).sameRepresentativeAs, [c!.name]);
    assert.deepEqual((byId.get(c!.id) as { sameRepresentativeAs: string[] }).sameRepresentativeAs, [a!.name]);
    assert.deepEqual((byId.get(b!.id) as { sameRepresentativeAs: string[] }).sameRepresentativeAs, []);
    // Another expert's sheet does not show this expert's vote.
    assert.ok((await experts[1]!.get(url(f.tenderId, '/sheet'))).json().bids.every((x: { myRejection: unknown }) => x.myRejection === null));
    // A vote on A, withdrawn: gone; withdrawing again writes nothing.
    await e.put(vote(f.tenderId, a!.id), { ground: 'not_responsive', note: '工期不满足招标文件要求' });
    sheet = (await e.del(vote(f.tenderId, a!.id))).json();
    assert.equal(sheet.bids.find((x: { id: string }) => x.id === a!.id).myRejection, null);
    const before = await snapshot(f.tenderId);
    assert.equal((await e.del(vote(f.tenderId, a!.id))).statusCode, 200);
    assert.deepEqual(await snapshot(f.tenderId), before);
    // Submitted, the vote is final: neither changed nor withdrawn.
    await scoreAndSubmit(e, f);
    const frozen = await snapshot(f.tenderId);
    refused(await e.put(vote(f.tenderId, c!.id), { ground: 'unqualified', note: '改' }), 409, 'EVALUATION_SUBMITTED');
    refused(await e.del(vote(f.tenderId, c!.id)), 409, 'EVALUATION_SUBMITTED');
    assert.deepEqual(await snapshot(f.tenderId), frozen);
  });

  test('rejected only by more than half of the committee, counting submitted sheets: not ranked, not a candidate, stated in the report', async () => {
    const [a, b, c] = f.opened;
    // Seat 2 votes C and submits: 2 of 5 so far. Seat 3 votes C but has not submitted: it does not count yet.
    await experts[1]!.put(vote(f.tenderId, c!.id), { ground: 'related_bidders', note: '与投标企业1存在控股关系' });
    await scoreAndSubmit(experts[1]!, f);
    await experts[2]!.put(vote(f.tenderId, c!.id), { ground: 'collusion_or_fraud', note: '投标文件由同一电脑编制' });
    let s = (await trading.get(url(f.tenderId))).json();
    assert.deepEqual(s.bids.find((x: { bidId: string }) => x.bidId === c!.id).rejections.map((v: { seat: number }) => v.seat), [1, 2]);
    assert.equal(s.bids.find((x: { bidId: string }) => x.bidId === c!.id).rejected, false);
    // Seat 4 votes B (one vote: B stays); seats 3, 4, 5 submit: C has 3 of 5.
    await experts[3]!.put(vote(f.tenderId, b!.id), { ground: 'price_out_of_bounds', note: '报价低于成本' });
    for (const e of experts.slice(2)) await scoreAndSubmit(e, f);
    s = (await trading.get(url(f.tenderId))).json();
    assert.deepEqual([s.finished, s.allRejected, s.canPublish], [true, false, true]);
    // A construction tender has no floor of valid bids: two left, the committee could have rejected all (第二十七条), a warning.
    assert.deepEqual([s.validBids, s.minValidBids, s.tooFewValidBids, s.lacksCompetition], [2, null, false, true]);
    const rows = new Map(s.bids.map((x: { bidId: string }) => [x.bidId, x]));
    assert.deepEqual([a!.id, b!.id, c!.id].map((id) => [(rows.get(id) as { rejected: boolean }).rejected, (rows.get(id) as { rank: number | null }).rank]), [[false, 1], [false, 2], [true, null]]);
    assert.equal((rows.get(c!.id) as { total: number }).total, 90, 'its totals are still shown');
    assert.deepEqual((rows.get(c!.id) as { rejections: Array<{ seat: number; ground: string }> }).rejections.map((v) => [v.seat, v.ground]), [[1, 'related_bidders'], [2, 'related_bidders'], [3, 'collusion_or_fraud']]);
    assert.deepEqual(s.candidates.map((x: { name: string }) => x.name), [a!.name, b!.name]);
    const res = await trading.post(url(f.tenderId, '/publish'), {});
    assert.equal(res.statusCode, 200, res.body);
    const pub = (await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${f.tenderId}` })).json();
    assert.deepEqual(pub.candidates.map((x: { orgCode: string; rank: number }) => x.rank), [1, 2]);
    assert.ok(!JSON.stringify(pub.candidates).includes(c!.name));
    // The committee that made the report stays: no member is replaced after the evaluation (条例 第四十八条).
    await refusedReplacement(f);
    const pdf = await trading.get(url(f.tenderId, '/report.pdf'));
    assert.equal(pdf.statusCode, 200);
    const text = pdfToText(pdf.rawPayload).replace(/\s+/g, '');
    for (const needle of ['否决投标情况', c!.name, '第三十四条', '第五十一条第七项', '投标文件由同一电脑编制']) assert.ok(text.includes(needle), `${needle} in the report`);
  });

  test('every bid rejected: no candidates to publish (招标投标法 第四十二条), nothing written', async () => {
    const g = await evaluationFixture(t.owner, t.clock.now());
    const members = await Promise.all(g.seated.map((e) => signIn(t.app, e.username)));
    for (const e of members) {
      for (const bid of g.opened) assert.equal((await e.put(vote(g.tenderId, bid.id), { ground: 'not_responsive', note: '未响应实质性要求' })).statusCode, 200);
      await scoreAndSubmit(e, g);
    }
    const before = await snapshot(g.tenderId);
    const r = await trading.post(url(g.tenderId, '/publish'), {});
    refused(r, 409, 'EVALUATION_NO_VALID_BIDS');
    assert.match(r.json().message.zh, /3 份投标/);
    assert.deepEqual(await snapshot(g.tenderId), before);
    const summary = (await trading.get(url(g.tenderId))).json();
    assert.deepEqual([summary.allRejected, summary.canPublish, summary.candidates], [true, false, []], 'the summary does not offer it');
  });
});

describe('government procurement: fewer than three valid bids, the tender is annulled (政府采购法 第三十六条)', () => {
  const asProcurement = async (g: EvaluationFixture) => {
    const { project_id } = await t.owner.selectFrom('tenders').select('project_id').where('id', '=', g.tenderId).executeTakeFirstOrThrow();
    await t.owner.updateTable('trading_projects').set({ kind: 'procurement' }).where('id', '=', project_id).execute();
  };
  const sheetsIn = async (g: EvaluationFixture, rejectFirst: boolean) => {
    const members = await Promise.all(g.seated.map((e) => signIn(t.app, e.username)));
    for (const [i, e] of members.entries()) {
      // Three of five seats reject the first bid: a majority.
      if (rejectFirst && i < 3) assert.equal((await e.put(vote(g.tenderId, g.opened[0]!.id), { ground: 'not_responsive', note: '未满足采购需求的实质性要求' })).statusCode, 200);
      await scoreAndSubmit(e, g);
    }
  };

  test('one bid of three rejected: the candidates are refused, nothing written; the tender is declared unsuccessful instead', async () => {
    const g = await evaluationFixture(t.owner, t.clock.now());
    await asProcurement(g);
    await sheetsIn(g, true);
    const summary = (await trading.get(url(g.tenderId))).json();
    assert.deepEqual([summary.finished, summary.allRejected, summary.validBids, summary.minValidBids, summary.tooFewValidBids, summary.lacksCompetition, summary.canPublish],
      [true, false, 2, 3, true, false, false]);
    const before = await snapshot(g.tenderId);
    const r = await trading.post(url(g.tenderId, '/publish'), {});
    refused(r, 409, 'TENDER_TOO_FEW_VALID_BIDS');
    assert.match(r.json().message.zh, /有效投标为 2 家，不足 3 家/);
    assert.match(r.json().message.en, /2 valid bid\(s\) remain/);
    assert.deepEqual(await snapshot(g.tenderId), before);
    const failed = await trading.post(`/api/trading/tenders/${g.tenderId}/actions`, { action: 'declare_unsuccessful', reason: '有效投标不足三家，依法废标' });
    assert.equal(failed.statusCode, 200, failed.body);
    assert.equal((await t.owner.selectFrom('tenders').select('status').where('id', '=', g.tenderId).executeTakeFirstOrThrow()).status, 'unsuccessful');
    await refusedReplacement(g);
  });

  test('three valid bids: the candidates are published as for any tender', async () => {
    const g = await evaluationFixture(t.owner, t.clock.now());
    await asProcurement(g);
    await sheetsIn(g, false);
    const summary = (await trading.get(url(g.tenderId))).json();
    assert.deepEqual([summary.validBids, summary.tooFewValidBids, summary.lacksCompetition, summary.canPublish], [3, false, false, true]);
    const res = await trading.post(url(g.tenderId, '/publish'), {});
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().tender.status, 'candidates_published');
  });
});

describe('the arithmetic', () => {
  test('more than half of the seats, from counted sheets only', () => {
    const votes = [{ bidId: 'x', expertId: '1' }, { bidId: 'x', expertId: '2' }, { bidId: 'x', expertId: '3' }, { bidId: 'y', expertId: '1' }, { bidId: 'y', expertId: '2' }];
    assert.deepEqual([...rejectedBids(votes, ['1', '2', '3', '4', '5'], 5)], ['x']);
    assert.deepEqual([...rejectedBids(votes, ['1', '2', '4', '5'], 5)], [], 'the third vote is on a sheet not submitted');
    assert.deepEqual([...rejectedBids(votes, ['1', '2', '3'], 4)].sort(), ['x']);
    assert.deepEqual([...rejectedBids(votes.slice(3), ['1', '2'], 4)], [], 'two of four is not more than half');
  });

  test('namesakes: the same name, spaces aside; no name matches nothing', () => {
    const m = sameRepresentative([{ id: '1', name: 'A', legalRepresentative: '王 五' }, { id: '2', name: 'B', legalRepresentative: '王五' }, { id: '3', name: 'C', legalRepresentative: null }, { id: '4', name: 'D', legalRepresentative: null }]);
    assert.deepEqual([m.get('1'), m.get('2'), m.get('3'), m.get('4')], [['B'], ['A'], [], []]);
  });
});
