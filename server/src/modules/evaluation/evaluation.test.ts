import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { candidatesOf, DEFAULT_CRITERIA, evaluate } from './evaluation.compute.ts';
import { evaluationFixture, type EvaluationFixture } from './evaluation-fixture.ts';

/**
 * Evaluation through the API on a real database (docs/trading.md "Evaluation"): who may score and follow,
 * every guard refusing with nothing written, totals, outlier flags and the ranking, and the candidates
 * published through the tender's transition with the report kept as a PDF.
 */
let t: TestApp;
let f: EvaluationFixture;
let experts: Session[];
let reserve: Session, outsider: Session, trading: Session, otherTrading: Session, draw: Session, window1: Session, bidder: Session;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  f = await evaluationFixture(t.owner, t.clock.now());
  experts = await Promise.all(f.seated.map((e) => signIn(t.app, e.username)));
  [reserve, outsider, trading, otherTrading, draw, window1, bidder] = await Promise.all(
    [f.reserve.username, f.outsider.username, 'hk.trading1', 'trading1', 'hk.draw1', 'hk.window1', f.bidders[0]!.username].map((l) => signIn(t.app, l)),
  );
});
after(() => t.close());

const url = (p = '') => `/api/tenders/${f.tenderId}/evaluation${p}`;
/** Everything the evaluation writes, for "nothing was written" checks. */
const snapshot = async () => ({
  scores: await t.owner.selectFrom('evaluation_scores').select(['bid_id', 'expert_id', 'criterion', 'score']).where('tender_id', '=', f.tenderId).orderBy(['bid_id', 'expert_id', 'criterion']).execute(),
  submissions: await t.owner.selectFrom('evaluation_submissions').select(['expert_id']).where('tender_id', '=', f.tenderId).orderBy('expert_id').execute(),
  reports: await t.owner.selectFrom('evaluation_reports').select('tender_id').where('tender_id', '=', f.tenderId).execute(),
  tender: await t.owner.selectFrom('tenders').select(['status', 'version', 'candidates']).where('id', '=', f.tenderId).executeTakeFirstOrThrow(),
  audit: Number((await t.owner.selectFrom('audit_events').select((e) => e.fn.countAll<string>().as('n')).where('stream', 'in', [`evaluation:${f.tenderId}`, `tender:${f.tenderId}`]).executeTakeFirstOrThrow()).n),
});
const refused = async (res: { statusCode: number; json(): { code: string; message: { zh: string; en: string } } }, status: number, code: string) => {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal(res.json().code, code);
  assert.ok(res.json().message.zh && res.json().message.en);
};

/** A sheet of totals split over the three criteria (technical 50, commercial 20, price 30) in proportion. */
const lines = (bidId: string, total: number) => [
  { bidId, criterion: 'technical', score: total / 2 }, { bidId, criterion: 'commercial', score: total / 5 }, { bidId, criterion: 'price', score: (total * 3) / 10 },
];
// Bid A: 80 from four experts, 50 from the fifth (an outlier: 37.5 % under the others' 80). Bid B: 74 from all,
// the same mean as A (74): B ranks first on its lower price. Bid C: 60.
const plan = (seat: number) => [...lines(f.opened[0]!.id, seat === 5 ? 50 : 80), ...lines(f.opened[1]!.id, 74), ...lines(f.opened[2]!.id, 60)];

describe('who may score and follow', () => {
  test('only a seated member of the committee reads and writes a sheet; the others are refused, nothing written', async () => {
    const before = await snapshot();
    const body = { scores: lines(f.opened[0]!.id, 80) };
    for (const s of [outsider, reserve]) {
      await refused(await s.get(url('/sheet')), 403, 'EVALUATION_NOT_MEMBER');
      await refused(await s.put(url('/sheet'), body), 403, 'EVALUATION_NOT_MEMBER');
      await refused(await s.post(url('/submit')), 403, 'EVALUATION_NOT_MEMBER');
    }
    for (const s of [bidder, window1, trading, draw]) {
      assert.equal((await s.put(url('/sheet'), body)).statusCode, 403);
      assert.equal((await s.get(url('/sheet'))).statusCode, 403);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: url('/sheet') })).statusCode, 401);
    assert.deepEqual(await snapshot(), before);
    // The sheet of a member: the tender's criteria with their maxima, the three opened bids only.
    const sheet = (await experts[0]!.get(url('/sheet'))).json();
    assert.deepEqual(sheet.criteria.map((c: { key: string; max: number }) => [c.key, c.max]), [['technical', 50], ['commercial', 20], ['price', 30]]);
    assert.deepEqual(sheet.bids.map((b: { id: string }) => b.id).sort(), f.opened.map((b) => b.id).sort());
    assert.equal(sheet.editable, true);
    // The expert's list: this tender, not submitted; the outsider's list does not have it.
    assert.ok((await experts[0]!.get('/api/me/evaluations')).json().rows.some((r: { tenderId: string; submittedAt: string | null }) => r.tenderId === f.tenderId && r.submittedAt === null));
    assert.ok(!(await outsider.get('/api/me/evaluations')).json().rows.some((r: { tenderId: string }) => r.tenderId === f.tenderId));
    assert.equal((await bidder.get('/api/me/evaluations')).statusCode, 403);
  });

  test("the summary is the center's trading staff's, draw operators' and supervisors'; experts, bidders, window staff and another center's trading staff are refused", async () => {
    assert.equal((await trading.get(url())).statusCode, 200);
    assert.equal((await draw.get(url())).statusCode, 200);
    for (const s of [experts[0]!, outsider, bidder, window1, otherTrading]) assert.equal((await s.get(url())).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: url() })).statusCode, 401);
    // Only trading staff of the center publish.
    const before = await snapshot();
    for (const s of [experts[0]!, draw, window1, bidder, otherTrading]) assert.equal((await s.post(url('/publish'), {})).statusCode, 403);
    assert.deepEqual(await snapshot(), before);
  });
});

describe('the guards of a sheet', () => {
  test('a score within 0..max of its criterion, with at most two decimals; an unknown criterion; nothing written', async () => {
    const before = await snapshot();
    const bid = f.opened[0]!.id;
    for (const score of [50.01, -1, 12.345]) {
      await refused(await experts[0]!.put(url('/sheet'), { scores: [{ bidId: bid, criterion: 'commercial', score: 10 }, { bidId: bid, criterion: 'technical', score }] }), 400, 'EVALUATION_SCORE_RANGE');
    }
    await refused(await experts[0]!.put(url('/sheet'), { scores: [{ bidId: bid, criterion: 'beauty', score: 1 }] }), 400, 'EVALUATION_CRITERION_UNKNOWN');
    assert.equal((await experts[0]!.put(url('/sheet'), { scores: [{ bidId: bid, criterion: 'price', score: 'x' }] })).statusCode, 400);
    assert.equal((await experts[0]!.put(url('/sheet'), { scores: [] })).statusCode, 400);
    assert.deepEqual(await snapshot(), before, 'the valid line beside the refused one was not written either');
  });

  test('no bid that failed to open, was withdrawn or belongs to another tender can be scored; nothing written', async () => {
    const before = await snapshot();
    const other = await evaluationFixture(t.owner, t.clock.now());
    for (const bidId of [f.failedBidId, f.withdrawnBidId, other.opened[0]!.id]) {
      await refused(await experts[0]!.put(url('/sheet'), { scores: [{ bidId, criterion: 'price', score: 10 }] }), 409, 'EVALUATION_BID_NOT_SCORABLE');
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('only in evaluation: the same sheet is refused while the tender is still opening; nothing written', async () => {
    await t.owner.updateTable('tenders').set({ status: 'opening' }).where('id', '=', f.tenderId).execute();
    const before = await snapshot();
    await refused(await experts[0]!.put(url('/sheet'), { scores: lines(f.opened[0]!.id, 80) }), 409, 'EVALUATION_STATE');
    await refused(await experts[0]!.post(url('/submit')), 409, 'EVALUATION_STATE');
    await refused(await trading.post(url('/publish'), {}), 409, 'EVALUATION_STATE');
    assert.deepEqual(await snapshot(), before);
    await t.owner.updateTable('tenders').set({ status: 'evaluation' }).where('id', '=', f.tenderId).execute();
  });

  test('a tender the supervising department suspended (条例 第六十二条): no score saved, no sheet submitted, no candidates published; nothing written; resumed, scoring goes on', async () => {
    const now = t.clock.now();
    const complaint = await t.owner.insertInto('tender_disputes').values({
      tender_id: f.tenderId, kind: 'complaint', user_id: f.bidders[0]!.id, body: '投诉', submitted_at: now, answer_due: now, status: 'upheld', suspend_tender: true,
    }).returning('id').executeTakeFirstOrThrow();
    await t.owner.insertInto('tender_suspensions').values({ tender_id: f.tenderId, complaint_id: complaint.id, reason: '责令暂停', suspended_at: now }).execute();
    const before = await snapshot();
    await refused(await experts[0]!.put(url('/sheet'), { scores: lines(f.opened[0]!.id, 80) }), 409, 'TENDER_SUSPENDED');
    await refused(await experts[0]!.post(url('/submit')), 409, 'TENDER_SUSPENDED');
    assert.deepEqual(await snapshot(), before);
    const trader = await t.owner.selectFrom('users').select('id').where('username', '=', 'hk.trading1').executeTakeFirstOrThrow();
    await t.owner.updateTable('tender_suspensions').set({ resumed_at: now, resumed_by: trader.id, resume_reason: '恢复' }).where('complaint_id', '=', complaint.id).execute();
    assert.equal((await experts[0]!.put(url('/sheet'), { scores: lines(f.opened[0]!.id, 80) })).statusCode, 200);
  });

  test('scores are saved and changed until the sheet is submitted; an incomplete sheet is not submitted; once submitted it cannot change', async () => {
    const e = experts[0]!;
    let res = await e.put(url('/sheet'), { scores: lines(f.opened[0]!.id, 70) });
    assert.equal(res.statusCode, 200, res.body);
    res = await e.put(url('/sheet'), { scores: lines(f.opened[0]!.id, 80) });
    assert.deepEqual(res.json().scores.filter((s: { bidId: string }) => s.bidId === f.opened[0]!.id).map((s: { score: number }) => s.score).sort(), [16, 24, 40]);
    let before = await snapshot();
    await refused(await e.post(url('/submit')), 409, 'EVALUATION_SHEET_INCOMPLETE');
    assert.match((await e.post(url('/submit'))).json().message.en, /^6 scores/);
    assert.deepEqual(await snapshot(), before);
    assert.equal((await e.put(url('/sheet'), { scores: plan(1) })).statusCode, 200);
    res = await e.post(url('/submit'));
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().submittedAt);
    assert.equal(res.json().editable, false);
    before = await snapshot();
    await refused(await e.put(url('/sheet'), { scores: lines(f.opened[0]!.id, 10) }), 409, 'EVALUATION_SUBMITTED');
    await refused(await e.post(url('/submit')), 409, 'EVALUATION_SUBMITTED');
    assert.deepEqual(await snapshot(), before);
  });
});

describe('totals, outliers, ranking and the candidates', () => {
  test('the candidates cannot be published before every member has submitted; nothing written', async () => {
    for (const [i, e] of experts.entries()) if (i > 0 && i < 4) {
      assert.equal((await e.put(url('/sheet'), { scores: plan(i + 1) })).statusCode, 200);
      assert.equal((await e.post(url('/submit'))).statusCode, 200);
    }
    const before = await snapshot();
    await refused(await trading.post(url('/publish'), {}), 409, 'EVALUATION_NOT_FINISHED');
    assert.equal((await trading.post(url('/publish'), {})).json().message.en.startsWith('1 committee'), true);
    assert.deepEqual(await snapshot(), before);
    const s = (await trading.get(url())).json();
    assert.equal(s.finished, false);
    assert.equal(s.canPublish, false);
    assert.deepEqual(s.experts.map((x: { submittedAt: string | null }) => !!x.submittedAt), [true, true, true, true, false]);
    assert.ok(s.experts.every((x: { name: string | null }) => x.name === null), 'the committee is secret until the result');
    assert.ok(!JSON.stringify(s).includes(f.seated[0]!.name));
    assert.deepEqual(s.candidates, []);
  });

  test('with every sheet in: means, the outlier flagged (not dropped), ties broken by the lower price', async () => {
    assert.equal((await experts[4]!.put(url('/sheet'), { scores: plan(5) })).statusCode, 200);
    assert.equal((await experts[4]!.post(url('/submit'))).statusCode, 200);
    const s = (await trading.get(url())).json();
    assert.equal(s.finished, true);
    assert.equal(s.canPublish, true);
    assert.equal(s.outlierShare, 0.2);
    const [first, second, third] = s.bids;
    assert.deepEqual([first.bidId, second.bidId, third.bidId], [f.opened[1]!.id, f.opened[0]!.id, f.opened[2]!.id]);
    assert.deepEqual([first.total, second.total, third.total], [74, 74, 60]);
    assert.deepEqual(s.bids.map((b: { rank: number }) => b.rank), [1, 2, 3]);
    // Bid A: the fifth expert's 50 against the others' 80 is flagged and still counted in the mean (74).
    assert.deepEqual(second.experts.filter((x: { outlier: boolean }) => x.outlier).map((x: { seat: number; total: number; othersMean: number; deviation: number }) => [x.seat, x.total, x.othersMean, x.deviation]), [[5, 50, 80, 0.375]]);
    assert.equal(first.experts.some((x: { outlier: boolean }) => x.outlier) || third.experts.some((x: { outlier: boolean }) => x.outlier), false);
    assert.deepEqual(s.candidates.map((c: { rank: number; name: string; score: number }) => [c.rank, c.name, c.score]), [[1, f.opened[1]!.name, 74], [2, f.opened[0]!.name, 74], [3, f.opened[2]!.name, 60]]);
    assert.equal((await trading.get(url('/report.pdf'))).statusCode, 404, 'no report before the publication');
  });

  test('published through the transition: a publicity period under 3 days is refused with nothing written; then candidates public, experts named, the report a PDF', async () => {
    const before = await snapshot();
    await refused(await trading.post(url('/publish'), { candidatesUntil: new Date(t.clock.now().getTime() + 2 * 86400_000).toISOString() }), 400, 'TENDER_CANDIDATES_PERIOD');
    assert.deepEqual(await snapshot(), before);
    const until = new Date(t.clock.now().getTime() + 5 * 86400_000).toISOString();
    const res = await trading.post(url('/publish'), { candidatesUntil: until });
    assert.equal(res.statusCode, 200, res.body);
    const s = res.json();
    assert.equal(s.tender.status, 'candidates_published');
    assert.equal(s.tender.candidatesUntil, until);
    assert.equal(s.resultPublic, true);
    assert.deepEqual(s.experts.map((x: { name: string }) => x.name), f.seated.map((e) => e.name));
    // Published the once: again is refused (the tender moved on).
    await refused(await trading.post(url('/publish'), {}), 409, 'EVALUATION_STATE');
    // The public tender page's API: the candidates with name, rank and total, to anyone.
    const pub = (await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${f.tenderId}` })).json();
    assert.equal(pub.status, 'candidates_published');
    assert.deepEqual(pub.candidates.map((c: { rank: number; name: string; score: number }) => [c.rank, c.name, c.score]), [[1, f.opened[1]!.name, 74], [2, f.opened[0]!.name, 74], [3, f.opened[2]!.name, 60]]);
    const revisions = (await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${f.tenderId}/revisions` })).json().revisions;
    assert.equal(revisions.at(-1).action, 'publish_candidates');
    // The report: a real PDF that renders, naming the experts, the scores, the flag and the ranking.
    for (const s2 of [experts[0]!, bidder, window1, otherTrading]) assert.equal((await s2.get(url('/report.pdf'))).statusCode, 403);
    const pdf = await trading.get(url('/report.pdf'));
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluation-'));
    fs.writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', path.join(dir, 'r.pdf'), path.join(dir, 'page')]);
    const page = fs.readdirSync(dir).find((x) => x.endsWith('.png'))!;
    assert.ok(fs.statSync(path.join(dir, page)).size > 2000, 'the page renders');
    const text = execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const needle of ['评标报告', ...f.seated.map((e) => e.name), f.opened[1]!.name, '偏离38%', '第1名', '74.00', '50.00']) assert.ok(text.includes(needle), `${needle} in ${text}`);
    assert.equal((await draw.get(url('/report.pdf'))).statusCode, 200);
  });

  test('a tender without criteria is scored on the default criteria', async () => {
    const g = await evaluationFixture(t.owner, t.clock.now(), { criteria: [] });
    const e = await signIn(t.app, g.seated[0]!.username);
    const sheet = (await e.get(`/api/tenders/${g.tenderId}/evaluation/sheet`)).json();
    assert.deepEqual(sheet.criteria.map((c: { key: string; max: number }) => [c.key, c.max]), DEFAULT_CRITERIA.map((c) => [c.key, c.weight]));
    const res = await e.put(`/api/tenders/${g.tenderId}/evaluation/sheet`, { scores: [{ bidId: g.opened[0]!.id, criterion: 'technical', score: 51 }] });
    assert.equal(res.json().code, 'EVALUATION_SCORE_RANGE');
  });
});

describe('recusal holds until the sheet is in (招标投标法实施条例 第四十六条)', () => {
  test('a seated expert who works for a bidder, or whose relative does, scores nothing, nothing written; the operator seats the next reserve; a new draw excludes them', async () => {
    const g = await evaluationFixture(t.owner, t.clock.now());
    const codeOf = async (userId: string) => (await t.owner.selectFrom('users').select('credit_code').where('id', '=', userId).executeTakeFirstOrThrow()).credit_code!;
    // The fixture's bidders handed in bids without taking a document: bidders all the same. Bidder 5's bid did not even open.
    await t.owner.updateTable('experts').set({ employer_code: await codeOf(g.bidders[0]!.id) }).where('id', '=', g.seated[0]!.expertId).execute();
    await t.owner.insertInto('expert_declarations').values({
      expert_id: g.seated[1]!.expertId, kind: 'relative', org_code: await codeOf(g.bidders[4]!.id), org_name: g.bidders[4]!.name, relative_name: '王某', relation: '配偶', declared_at: t.clock.now(),
    }).execute();
    const [employee, relative, clean, reserveOfG, operator] = await Promise.all(
      [g.seated[0]!.username, g.seated[1]!.username, g.seated[2]!.username, g.reserve.username, 'hk.draw1'].map((l) => signIn(t.app, l)),
    );
    const sheetUrl = (p: string) => `/api/tenders/${g.tenderId}/evaluation${p}`;
    const written = async () => ({
      scores: Number((await t.owner.selectFrom('evaluation_scores').select((e) => e.fn.countAll<string>().as('n')).where('tender_id', '=', g.tenderId).executeTakeFirstOrThrow()).n),
      submissions: Number((await t.owner.selectFrom('evaluation_submissions').select((e) => e.fn.countAll<string>().as('n')).where('tender_id', '=', g.tenderId).executeTakeFirstOrThrow()).n),
      audit: Number((await t.owner.selectFrom('audit_events').select((e) => e.fn.countAll<string>().as('n')).where('stream', '=', `evaluation:${g.tenderId}`).executeTakeFirstOrThrow()).n),
    });
    const body = { scores: lines(g.opened[1]!.id, 70) };
    const before = await written();
    await refused(await employee.put(sheetUrl('/sheet'), body), 403, 'EVALUATION_EXPERT_RECUSED');
    assert.match((await employee.put(sheetUrl('/sheet'), body)).json().message.en, /bidder_employee/);
    await refused(await employee.post(sheetUrl('/submit')), 403, 'EVALUATION_EXPERT_RECUSED');
    await refused(await relative.put(sheetUrl('/sheet'), body), 403, 'EVALUATION_EXPERT_RECUSED');
    assert.match((await relative.put(sheetUrl('/sheet'), body)).json().message.en, /bidder_relative/);
    assert.deepEqual(await written(), before);
    assert.equal((await clean.put(sheetUrl('/sheet'), body)).statusCode, 200, 'an expert without a conflict scores');
    // The draw operator records the recusal; the reserve takes the seat and scores.
    const drawId = (await t.owner.selectFrom('expert_draws').select('id').where('tender_id', '=', g.tenderId).executeTakeFirstOrThrow()).id;
    const declined = await operator.post(`/api/expert-draws/${drawId}/members/${g.seated[0]!.expertId}/decline`, { reason: '与投标人存在利害关系，回避' });
    assert.equal(declined.statusCode, 200, declined.body);
    assert.equal((await reserveOfG.put(sheetUrl('/sheet'), body)).statusCode, 200);
    // A draw committed now (the first one cancelled) excludes both, though neither bidder took a document.
    await t.owner.updateTable('expert_draws').set({ status: 'cancelled', seed: null, key_string: null, drawn_at: null, cancelled_reason: '重新抽取' }).where('id', '=', drawId).execute();
    const commit = await operator.post(`/api/tenders/${g.tenderId}/expert-draw`, {
      buyerReps: 0, reserves: 1, seedSource: '测试随机数', seedSources: 1, seedDueAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(), filters: { specialties: ['roads'] },
    });
    assert.equal(commit.statusCode, 201, commit.body);
    const reasons = Object.fromEntries(commit.json().exclusions.map((x: { expertId: string; reasons: string[] }) => [x.expertId, x.reasons]));
    assert.deepEqual(reasons[g.seated[0]!.expertId], ['bidder_employee']);
    assert.deepEqual(reasons[g.seated[1]!.expertId], ['bidder_relative']);
  });
});

describe('the arithmetic (pure)', () => {
  const bid = (id: string, priceFen: number | null, at: number) => ({ id, name: id, orgCode: id, priceFen, submittedAt: new Date(at) });
  const sc = (bidId: string, expertId: string, score: number) => ({ bidId, expertId, criterion: 'c', score });

  test('ties: equal totals and prices go to the earlier bid, then the bid id; no price ranks after a price', () => {
    const bids = [bid('b', 100, 2), bid('a', 100, 2), bid('c', 100, 1), bid('d', null, 0)];
    const scores = ['a', 'b', 'c', 'd'].flatMap((b) => [sc(b, 'x', 70), sc(b, 'y', 70)]);
    assert.deepEqual(evaluate(bids, ['x', 'y'], scores, 0.2).map((r) => r.bidId), ['c', 'a', 'b', 'd']);
  });

  test('outliers: strictly more than the share; against a mean of zero any positive total; one expert is never flagged', () => {
    const r = evaluate([bid('a', 1, 0)], ['x', 'y', 'z'], [sc('a', 'x', 60), sc('a', 'y', 50), sc('a', 'z', 50)], 0.2);
    assert.deepEqual(r[0]!.experts.map((e) => e.outlier), [false, false, false], '60 against 50 is exactly 20 %: not flagged');
    const z = evaluate([bid('a', 1, 0)], ['x', 'y', 'z'], [sc('a', 'x', 1), sc('a', 'y', 0), sc('a', 'z', 0)], 0.2);
    // x's others average 0 (any positive total deviates; no finite share); y's and z's others average 0.5 (100 %).
    assert.deepEqual(z[0]!.experts.map((e) => [e.outlier, e.deviation]), [[true, null], [true, 1], [true, 1]]);
    assert.equal(evaluate([bid('a', 1, 0)], ['x'], [sc('a', 'x', 1)], 0.2)[0]!.experts[0]!.outlier, false);
    assert.equal(z[0]!.total, 0.33);
  });

  test('candidates are the first three, or fewer', () => {
    const bids = [bid('a', 1, 0), bid('b', 1, 0)];
    assert.deepEqual(candidatesOf(evaluate(bids, ['x'], [sc('a', 'x', 10), sc('b', 'x', 20)], 0.2)).map((c) => [c.rank, c.orgCode]), [[1, 'b'], [2, 'a']]);
  });
});
