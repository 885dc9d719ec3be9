import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { creditCode, setTenderStatus, uniqueIdNumber } from '../../test/expert-fixtures.ts';
import { signIn, uploadMaterial, type Session, type TestApp, testApp } from '../../test/harness.ts';
// @ts-expect-error: a plain ES module without types, the independent replay anyone can run
import { replay } from '../../../../scripts/replay-draw.mjs';
import { poolHash } from '../experts/draw.ts';
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
  ok(await publishWithKey(trading, housing, id));
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

/**
 * The expert draw (docs/experts.md, "Before the opening"): the pool after recusal leaves out the experts recused for a
 * bidder's sake, so its size — beside the filters and the other exclusions, which a draw operator or a supervisor knows —
 * counts the bidders' people. Until the opening nobody reads it: not the draw operator (its view, the commitment's text,
 * the refusal of a pool too small), not the supervisors nor the public (the proof); the audit event does not hold it.
 * The operator reads it once the bids are read out, everyone once the candidates are published, and the draw replays.
 */
describe('the expert draw hints at no bidder before the opening (第二十二条, 条例 第四十六条)', () => {
  const drawUrl = (id: string) => `/api/tenders/${id}/expert-draw`;
  const proofUrl = (id: string) => `/api/public/tenders/${id}/expert-draw/proof`;
  const commitBody = (specialty: string) => ({
    buyerReps: 0, reserves: 1, seedSource: '中国福利彩票双色球第2026140期开奖号码（红球、蓝球两组）', seedSources: 2,
    seedDueAt: at(1).toISOString(), filters: { specialties: [specialty] },
  });
  const addExpert = async (specialty: string, over: Record<string, unknown> = {}) => ok(await draw.post('/api/experts', {
    name: '保密测试专家', idNumber: uniqueIdNumber(), specialties: [specialty], regionCode: '460100', employerCode: creditCode(), employerName: '某设计院', ...over,
  }), 201).id as string;
  /** Six clean experts of the specialty, one working for a bidder, one whose spouse does, one penalised this year. */
  const pool = async (specialty: string, clean = 6) => {
    for (let i = 0; i < clean; i++) await addExpert(specialty);
    await addExpert(specialty, { employerCode: DEMO_ENTERPRISE.creditCode, employerName: DEMO_ENTERPRISE.name });
    const relative = await addExpert(specialty);
    ok(await draw.post(`/api/experts/${relative}/declarations`, { kind: 'relative', orgCode: DEMO_ENTERPRISE.creditCode, orgName: DEMO_ENTERPRISE.name, relativeName: '王某', relation: '配偶' }));
    ok(await draw.post(`/api/experts/${await addExpert(specialty)}/penalties`, { imposedOn: '2026-08-01', reason: '评标时未按评标标准打分' }));
  };

  /** Every reader of the draw; `operator`: the draw operator reads the size; `everyone`: so does every other reader. */
  async function checkDraw(id: string, hash: string, committedHash: string, phase: string, open: { operator: boolean; everyone: boolean }) {
    const before = await footprint();
    const size = 6;
    for (const [url, where] of [[drawUrl(id), 'tender'], [`/api/expert-draws/${(await t.owner.selectFrom('expert_draws').select('id').where('tender_id', '=', id).executeTakeFirstOrThrow()).id}`, 'draw']]) {
      const r = await draw.get(url!);
      const d = ok(r);
      const state = `the draw operator (${where}) ${phase}`;
      assert.equal(d.commitment.hash, hash, state);
      assert.deepEqual([d.poolSealed, d.poolSize], open.operator ? [false, size] : [true, null], `${state}: the pool's size`);
      if (open.operator) assert.deepEqual([JSON.parse(d.commitment.text).poolSize, JSON.parse(d.commitment.text).poolHash], [size, committedHash], state);
      else assert.equal(d.commitment.text, null, `${state}: the commitment's text`);
      assert.ok(open.operator || !r.body.includes(committedHash), `${state}: nothing else carries the pool's hash`);
      assert.deepEqual(d.exclusions.map((x: { reasons: string[] }) => x.reasons.join()).sort(), open.operator ? ['bidder_employee', 'bidder_relative', 'recent_penalty'] : ['recent_penalty'], `${state}: exclusions`);
    }
    // The public proof: the same to a supervisor, the supervising department, a bidder, anyone signed out.
    const anon = await t.app.inject({ method: 'GET', url: proofUrl(id) });
    for (const [who, r] of [['anyone', anon], ...await Promise.all(Object.entries({ supervisor, manager, housing, trading, expert, company }).map(async ([w, s]) => [w, await s.get(proofUrl(id))] as const))] as const) {
      const p = ok(r);
      const state = `${who} ${phase}: the proof`;
      assert.equal(p.commitment.hash, hash, state);
      assert.deepEqual([p.poolSealed, p.poolSize], open.everyone ? [false, size] : [true, null], state);
      assert.equal(p.commitment.text === null, !open.everyone, state);
      assert.ok(open.everyone || !r.body.includes(committedHash), `${state}: nothing carries the pool's hash`);
    }
    // The operators' view stays theirs.
    for (const [who, s] of Object.entries({ supervisor, manager, housing, trading, expert, company })) refused(await s.get(drawUrl(id)), 403, 'FORBIDDEN', `${who} ${phase}: the operators' view`);
    assert.deepEqual(await footprint(), before, `${phase}: reading writes nothing`);
  }

  test('committed and drawn in bidding, through the opening: the size and the commitment\'s text to nobody; after the opening to the operator; with the candidates to all, and the draw replays', async () => {
    const { id } = await tenderInBidding();
    await pool('seal_works');
    const c = ok(await draw.post(drawUrl(id), commitBody('seal_works')), 201);
    const row = await t.owner.selectFrom('expert_draws').select(['id', 'pool_ids', 'commitment']).where('tender_id', '=', id).executeTakeFirstOrThrow();
    const committedHash = poolHash(row.pool_ids);
    assert.equal(row.pool_ids.length, 6, 'the recusal was applied all the same');
    assert.deepEqual([c.poolSealed, c.poolSize, c.commitment.text], [true, null, null], 'the commitment\'s own answer');
    // The text carries a secret salt: without it the hash could be searched by whoever knows the pool's ids.
    assert.match(JSON.parse(row.commitment).salt, /^[0-9a-f]{32}$/);
    // The audit event binds the commitment's hash, and holds neither the size nor the number excluded (the log keeps them for good).
    const event = await t.owner.selectFrom('audit_events').select('data').where('stream', '=', `expert_draw:${row.id}`).where('action', '=', 'expert_draw.committed').executeTakeFirstOrThrow();
    assert.deepEqual(Object.keys(event.data as object).sort(), ['commitmentHash', 'tenderId']);
    await checkDraw(id, c.commitment.hash, committedHash, 'committed, in bidding', { operator: false, everyone: false });
    t.clock.set(at(2));
    const drawn = ok(await draw.post(`/api/expert-draws/${row.id}/seed`, { seed: [['3', '9', '14', '21', '27', '33'], ['8']] }));
    assert.deepEqual([drawn.poolSealed, drawn.poolSize, drawn.commitment.text], [true, null, null], 'the draw\'s own answer');
    await checkDraw(id, c.commitment.hash, committedHash, 'drawn, in bidding', { operator: false, everyone: false });
    t.clock.set(at(21));
    ok(await act(id, 'open'));
    await checkDraw(id, c.commitment.hash, committedHash, 'while the opening runs', { operator: false, everyone: false });
    ok(await act(id, 'start_evaluation'));
    await checkDraw(id, c.commitment.hash, committedHash, 'opened', { operator: true, everyone: false });
    await setTenderStatus(t, id, 'candidates_published');
    await checkDraw(id, c.commitment.hash, committedHash, 'with the candidates published', { operator: true, everyone: true });
    const proof = ok(await t.app.inject({ method: 'GET', url: proofUrl(id) }));
    const checks = replay(proof) as Array<{ name: string; ok: boolean }>;
    assert.ok(checks.length === 5 && checks.every((x) => x.ok), JSON.stringify(checks));
  });

  test('a pool too small is refused (DRAW_POOL_TOO_SMALL) without its number before the opening, with it after; nothing written', async () => {
    const { id } = await tenderInBidding();
    await pool('seal_small', 3);
    const draws = async () => Number((await t.owner.selectFrom('expert_draws').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const tooSmall = async (phase: string) => {
      const before = [await footprint(), await draws()];
      const r = await draw.post(drawUrl(id), { ...commitBody('seal_small'), seedDueAt: new Date(t.clock.now().getTime() + DAY).toISOString() });
      refused(r, 409, 'DRAW_POOL_TOO_SMALL', phase);
      assert.deepEqual([await footprint(), await draws()], before, `${phase}: the refusal wrote nothing`);
      return r.json().message as { zh: string; en: string };
    };
    for (const phase of ['in bidding', 'while the opening runs']) {
      if (phase !== 'in bidding') { t.clock.set(at(21)); ok(await act(id, 'open')); }
      const m = await tooSmall(phase);
      assert.doesNotMatch(`${m.zh} ${m.en}`, /仅|Only|\b3\b/, `${phase}: the refusal names no number`);
      assert.match(m.zh, /不足 5 名/);
    }
    // Opened, the same pool: the number (3 clean; the bidder's two and the penalised one recused) is told.
    ok(await act(id, 'start_evaluation'));
    assert.match((await tooSmall('opened')).zh, /仅 3 名，至少需要 5 名/);
  });
});
