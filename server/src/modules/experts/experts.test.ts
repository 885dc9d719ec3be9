import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
// @ts-expect-error: a plain ES module without types, the independent replay anyone can run
import { replay } from '../../../../scripts/replay-draw.mjs';
import { drawOrder } from './draw.ts';
import { creditCode, registerBidder, setTenderStatus, tenderFixture, uniqueIdNumber, type TenderFixture } from '../../test/expert-fixtures.ts';

/**
 * The expert pool, the recusal, the committee rules, the verifiable draw and the secrecy of the
 * committee, through the API (docs/experts.md).
 */
let t: TestApp;
let draw1: Session, hkDraw: Session, supervisor: Session, window1: Session, applicant: Session, expert1: Session;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  [draw1, hkDraw, supervisor, window1, applicant, expert1] = await Promise.all(
    ['draw1', 'hk.draw1', 'supervisor', 'window1', DEMO_ENTERPRISE.creditCode, 'expert1'].map((l) => signIn(t.app, l)),
  );
});
after(() => t.close());

const addExpert = async (over: Record<string, unknown> = {}) => {
  const res = await draw1.post('/api/experts', {
    name: '专家', idNumber: uniqueIdNumber(), specialties: ['water_works'], regionCode: '460100',
    employerCode: creditCode(), employerName: '某设计院', ...over,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; idNumber: string };
};

const counts = async () => ({
  draws: Number((await t.owner.selectFrom('expert_draws').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  members: Number((await t.owner.selectFrom('expert_draw_members').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  audit: Number((await t.owner.selectFrom('audit_events').select((e) => e.fn.countAll<string>().as('n')).where('stream', 'like', 'expert_draw:%').executeTakeFirstOrThrow()).n),
});

const commitBody = (over: Record<string, unknown> = {}) => ({
  buyerReps: 0, reserves: 3, seedSource: '中国福利彩票双色球第2026140期开奖号码（红球6个、蓝球1个，分两组）', seedSources: 2,
  seedDueAt: '2026-11-24T13:30:00.000Z', filters: { specialties: ['water_works'] }, ...over,
});

describe('the pool', () => {
  test('draw operators add and read experts; ID numbers and phones are masked; others are refused', async () => {
    const idNumber = uniqueIdNumber();
    const e = await addExpert({ idNumber, phone: '13912345678' });
    assert.notEqual(e.idNumber, idNumber);
    assert.match(e.idNumber, /^\d{3}\*+\w{4}$/);
    const detail = (await draw1.get(`/api/experts/${e.id}`)).json();
    assert.equal(detail.idNumber, e.idNumber);
    assert.match(detail.phone, /\*/);
    assert.ok(!JSON.stringify((await draw1.get('/api/experts?pageSize=100')).json()).includes(idNumber));
    assert.equal((await supervisor.get(`/api/experts/${e.id}`)).statusCode, 200);
    for (const [who, status] of [[window1, 403], [applicant, 403], [expert1, 403], [hkDraw, 403]] as const) {
      assert.equal((await who.get(`/api/experts/${e.id}`)).statusCode, status);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/experts' })).statusCode, 401);
    assert.equal((await supervisor.post('/api/experts', { name: 'x' })).statusCode, 400); // schema first; then the policy:
    assert.equal((await supervisor.post('/api/experts', { name: '专家', idNumber: uniqueIdNumber(), specialties: ['x'], regionCode: '460100', employerCode: creditCode(), employerName: '院' })).statusCode, 403);
    // The same person twice: refused, nothing added.
    const again = await draw1.post('/api/experts', { name: '专家', idNumber, specialties: ['water_works'], regionCode: '460100', employerCode: creditCode(), employerName: '某院' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'EXPERT_EXISTS');
  });
});

describe('the draw', () => {
  let f: TenderFixture;
  let bidderCode: string;
  const who = {} as Record<string, string>;
  let clean: string[] = [];

  before(async () => {
    f = await tenderFixture(t, draw1.user.centerId!);
    bidderCode = DEMO_ENTERPRISE.creditCode;
    await registerBidder(t, f.tenderId, applicant.user.id);
    who.bidderEmployee = (await addExpert({ name: '投标人员工', employerCode: bidderCode })).id;
    who.relative = (await addExpert({ name: '投标人亲属' })).id;
    assert.equal((await draw1.post(`/api/experts/${who.relative}/declarations`, { kind: 'relative', orgCode: bidderCode, orgName: '投标人', relativeName: '王某', relation: '配偶' })).statusCode, 200);
    who.buyer = (await addExpert({ name: '招标人员工', employerCode: f.buyerCode })).id;
    who.supervisor = (await addExpert({ name: '监督部门人员', employerCode: f.supervisorCode })).id;
    who.interest = (await addExpert({ name: '利害关系' })).id;
    await draw1.post(`/api/experts/${who.interest}/declarations`, { kind: 'interest', orgCode: f.buyerCode, orgName: '招标人' });
    who.penalised = (await addExpert({ name: '近期处理' })).id;
    await draw1.post(`/api/experts/${who.penalised}/penalties`, { imposedOn: '2026-08-01', reason: '评标时未按评标标准打分' });
    who.oldPenalty = (await addExpert({ name: '早年处理' })).id;
    await draw1.post(`/api/experts/${who.oldPenalty}/penalties`, { imposedOn: '2023-05-01', reason: '迟到' });
    who.otherInterest = (await addExpert({ name: '无关利益' })).id;
    await draw1.post(`/api/experts/${who.otherInterest}/declarations`, { kind: 'interest', orgCode: creditCode(), orgName: '无关公司' });
    who.otherSpecialty = (await addExpert({ name: '其他专业', specialties: ['roads'] })).id;
    clean = [];
    for (let i = 0; i < 8; i++) clean.push((await addExpert({ name: `专家${i}` })).id);
  });

  test('committee rules are guards: even, too small for the sector, too many buyer representatives; nothing written', async () => {
    const even = await tenderFixture(t, f.centerId, { committeeSize: 6 });
    const water = await tenderFixture(t, f.centerId, { committeeSize: 5, sector: 'water' });
    const before = await counts();
    const r1 = await draw1.post(`/api/tenders/${even.tenderId}/expert-draw`, commitBody());
    assert.equal(r1.json().code, 'COMMITTEE_SIZE_EVEN');
    const r2 = await draw1.post(`/api/tenders/${water.tenderId}/expert-draw`, commitBody());
    assert.equal(r2.json().code, 'COMMITTEE_TOO_SMALL');
    assert.match(r2.json().message.zh, /至少 7 人/);
    const r3 = await draw1.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody({ buyerReps: 2 }));
    assert.equal(r3.json().code, 'COMMITTEE_EXPERT_SHARE');
    for (const r of [r1, r2, r3]) assert.equal(r.statusCode, 400);
    const seven = await tenderFixture(t, f.centerId, { committeeSize: 7, sector: 'water', status: 'draft' });
    const r4 = await draw1.post(`/api/tenders/${seven.tenderId}/expert-draw`, commitBody({ buyerReps: 2 }));
    assert.equal(r4.json().code, 'DRAW_TENDER_STATE'); // 7 with 2 buyer reps passes the rules; a draft tender is not drawn for
    const r5 = await draw1.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody({ seedDueAt: '2026-11-23T01:00:00.000Z' }));
    assert.equal(r5.json().code, 'DRAW_SEED_DUE_PAST');
    const r6 = await draw1.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody({ filters: { specialties: ['roads'] } }));
    assert.equal(r6.json().code, 'DRAW_POOL_TOO_SMALL');
    assert.deepEqual(await counts(), before);
    // Others may not commit at all.
    for (const [s, status] of [[supervisor, 403], [hkDraw, 403], [window1, 403], [expert1, 403], [applicant, 403]] as const) {
      assert.equal((await s.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody())).statusCode, status);
    }
    assert.deepEqual(await counts(), before);
  });

  let drawId = '';
  let commitmentHash = '';

  test('the commitment: recusal excludes exactly the right experts, each with its reasons, and binds the pool', async () => {
    const res = await draw1.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody());
    assert.equal(res.statusCode, 201, res.body);
    const d = res.json();
    drawId = d.id;
    commitmentHash = d.commitment.hash;
    const reasonsOf = (v: { exclusions: Array<{ expertId: string; reasons: string[] }> }) => Object.fromEntries(v.exclusions.map((x) => [x.expertId, x.reasons]));
    // 招标投标法 第二十二条: before the opening an exclusion for a bidder's sake would name the bidder (the expert's employer):
    // the operators see only the others (the recusal itself was applied: the pool below leaves all six out).
    assert.equal(d.poolSealed, true);
    assert.deepEqual(reasonsOf(d), { [who.buyer!]: ['buyer_staff'], [who.supervisor!]: ['supervisor_staff'], [who.penalised!]: ['recent_penalty'] });
    // Once the opening has read the bids out, every exclusion with its reasons.
    await setTenderStatus(t, f.tenderId, 'evaluation');
    const opened = (await draw1.get(`/api/expert-draws/${drawId}`)).json();
    await setTenderStatus(t, f.tenderId, 'bidding');
    assert.equal(opened.poolSealed, false);
    assert.deepEqual(reasonsOf(opened), {
      [who.bidderEmployee!]: ['bidder_employee'], [who.relative!]: ['bidder_relative'], [who.buyer!]: ['buyer_staff'],
      [who.supervisor!]: ['supervisor_staff'], [who.interest!]: ['economic_interest'], [who.penalised!]: ['recent_penalty'],
    });
    // Before the opening the pool's size and the commitment's text are sealed too (they would count the bidders' people);
    // once opened they read, and the text hashes to the hash published from the start.
    assert.deepEqual([d.poolSealed, d.poolSize, d.commitment.text], [true, null, null]);
    assert.equal(opened.poolSealed, false);
    assert.equal(opened.commitment.hash, commitmentHash);
    assert.equal(createHash('sha256').update(opened.commitment.text).digest('hex'), commitmentHash);
    const commitment = JSON.parse(opened.commitment.text);
    // The pool: the clean experts, the old penalty and the unrelated interest, plus the first test's expert; not the other specialty.
    assert.equal(opened.poolSize, clean.length + 3);
    assert.equal(commitment.poolSize, opened.poolSize);
    assert.deepEqual(commitment.filters, { penaltyMonths: 24, regionCode: null, specialties: ['water_works'] });
    assert.equal(commitment.expertSeats, 5);
    assert.equal(d.status, 'committed');
    assert.deepEqual(d.members, []);
    // One live draw per tender.
    const again = await draw1.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody());
    assert.equal(again.json().code, 'DRAW_EXISTS');
  });

  test('the seed cannot be entered before it is public, nor with another number of sources; then the draw is made', async () => {
    const before = await counts();
    const early = await draw1.post(`/api/expert-draws/${drawId}/seed`, { seed: [['3', '9', '14', '21', '27', '33'], ['8']] });
    assert.equal(early.json().code, 'DRAW_SEED_TOO_EARLY');
    assert.deepEqual(await counts(), before);
    t.clock.set(new Date('2026-11-24T14:00:00Z'));
    const wrong = await draw1.post(`/api/expert-draws/${drawId}/seed`, { seed: [['3', '9', '14', '21', '27', '33']] });
    assert.equal(wrong.json().code, 'DRAW_SEED_SOURCES');
    assert.equal((await hkDraw.post(`/api/expert-draws/${drawId}/seed`, { seed: [['1'], ['2']] })).statusCode, 403);
    assert.deepEqual(await counts(), before);
    const res = await draw1.post(`/api/expert-draws/${drawId}/seed`, { seed: [['33', '9', '14', '21', '27', '3'], ['8']] });
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json();
    assert.equal(d.status, 'drawn');
    assert.equal(d.members.length, 8);
    assert.deepEqual(d.members.map((m: { seat: string }) => m.seat), ['seated', 'seated', 'seated', 'seated', 'seated', 'reserve', 'reserve', 'reserve']);
    assert.equal(d.commitment.hash, commitmentHash);
    // Excluded experts are never drawn.
    for (const id of [who.bidderEmployee, who.relative, who.buyer, who.supervisor, who.interest, who.penalised, who.otherSpecialty]) {
      assert.ok(!d.members.some((m: { expertId: string }) => m.expertId === id));
    }
    assert.equal((await draw1.post(`/api/expert-draws/${drawId}/seed`, { seed: [['1'], ['2']] })).json().code, 'DRAW_STATE');
  });

  test('the committee stays secret until the candidates are published: refused to all but the draw operator', async () => {
    assert.equal((await draw1.get(`/api/tenders/${f.tenderId}/committee`)).statusCode, 200);
    for (const s of [supervisor, hkDraw, window1, applicant, expert1]) {
      const r = await s.get(`/api/tenders/${f.tenderId}/committee`);
      assert.equal(r.statusCode, 404);
      assert.ok(!r.body.includes('专家'), 'no name leaks');
    }
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/tenders/${f.tenderId}/committee` })).statusCode, 404);
    for (const s of [supervisor, applicant]) assert.equal((await s.get(`/api/tenders/${f.tenderId}/expert-draw`)).statusCode, 403);
    const proof = (await t.app.inject({ method: 'GET', url: `/api/public/tenders/${f.tenderId}/expert-draw/proof` })).json();
    assert.equal(proof.commitment.hash, commitmentHash);
    assert.equal(proof.resultPublic, false);
    assert.equal(proof.pool, null);
    assert.equal(proof.order, null);
    assert.equal(proof.committee, null);
  });

  test('a declining expert is replaced by the next in the drawn order; when no reserve is left, refused and nothing written', async () => {
    let d = (await draw1.get(`/api/expert-draws/${drawId}`)).json();
    const firstSeated = d.members[0].expertId;
    assert.equal((await supervisor.post(`/api/expert-draws/${drawId}/members/${firstSeated}/decline`, { reason: '出差' })).statusCode, 403);
    d = (await draw1.post(`/api/expert-draws/${drawId}/members/${firstSeated}/decline`, { reason: '出差在外，无法到场' })).json();
    assert.deepEqual(d.members.map((m: { seat: string }) => m.seat), ['declined', 'seated', 'seated', 'seated', 'seated', 'seated', 'reserve', 'reserve']);
    assert.equal((await draw1.post(`/api/expert-draws/${drawId}/members/${firstSeated}/decline`, { reason: '再次' })).json().code, 'DRAW_MEMBER_STATE');
    d = (await draw1.post(`/api/expert-draws/${drawId}/members/${d.members[1].expertId}/decline`, { reason: '身体原因' })).json();
    d = (await draw1.post(`/api/expert-draws/${drawId}/members/${d.members[2].expertId}/decline`, { reason: '身体原因' })).json();
    assert.deepEqual(d.members.map((m: { seat: string }) => m.seat), ['declined', 'declined', 'declined', 'seated', 'seated', 'seated', 'seated', 'seated']);
    const before = await counts();
    const seatsBefore = (await draw1.get(`/api/expert-draws/${drawId}`)).json().members;
    const r = await draw1.post(`/api/expert-draws/${drawId}/members/${d.members[3].expertId}/decline`, { reason: '身体原因' });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'DRAW_RESERVE_EXHAUSTED');
    assert.deepEqual(await counts(), before);
    assert.deepEqual((await draw1.get(`/api/expert-draws/${drawId}`)).json().members, seatsBefore);
  });

  test('after the candidates are published, anyone reads the committee and replays the draw from the proof', async () => {
    await setTenderStatus(t, f.tenderId, 'candidates_published');
    const committee = (await t.app.inject({ method: 'GET', url: `/api/tenders/${f.tenderId}/committee` })).json();
    assert.equal(committee.members.length, 5);
    const proof = (await t.app.inject({ method: 'GET', url: `/api/public/tenders/${f.tenderId}/expert-draw/proof` })).json();
    assert.equal(proof.resultPublic, true);
    assert.equal(proof.keyString, '3.9.14.21.27.33./8./');
    // Replayed two ways: the platform's own draw function, and the independent script anyone can run.
    assert.deepEqual(drawOrder(proof.pool, proof.expertSeats, proof.reserves, proof.seed).order, proof.order);
    const checks = replay(proof) as Array<{ name: string; ok: boolean }>;
    assert.equal(checks.length, 5);
    assert.ok(checks.every((c) => c.ok), JSON.stringify(checks));
    // A tampered proof fails the replay: another pool, or another seed.
    assert.ok(!replay({ ...proof, pool: [...proof.pool].reverse() }).every((c: { ok: boolean }) => c.ok));
    assert.ok(!replay({ ...proof, seed: [['3', '9', '14', '21', '27', '34'], ['8']] }).every((c: { ok: boolean }) => c.ok));
    assert.deepEqual(proof.declined, [1, 2, 3]);
    assert.deepEqual(proof.committee.map((m: { rank: number }) => m.rank), [4, 5, 6, 7, 8]);
  });
});

describe('the demo pool and a suspended tender', () => {
  test('the seed accounts expert1…expert7 are pool members of the province center: a draw on municipal_works seats them', async () => {
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
    const users = await t.owner.selectFrom('users').select(['id', 'username']).where('username', 'in', ['expert1', 'expert2', 'expert3', 'expert4', 'expert5', 'expert6', 'expert7']).execute();
    const pool = await t.owner.selectFrom('experts').select(['id', 'user_id', 'center_id', 'specialties', 'available']).where('user_id', 'in', users.map((u) => u.id)).execute();
    assert.equal(pool.length, 7);
    assert.ok(pool.every((e) => e.center_id === draw1.user.centerId && e.available && e.specialties.includes('municipal_works')));
    const f = await tenderFixture(t, draw1.user.centerId!);
    const c = await draw1.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody({ reserves: 2, filters: { specialties: ['municipal_works'] } }));
    assert.equal(c.statusCode, 201, c.body);
    assert.equal((await t.owner.selectFrom('expert_draws').select('pool_ids').where('id', '=', c.json().id).executeTakeFirstOrThrow()).pool_ids.length, 7);
    t.clock.set(new Date('2026-11-24T14:00:00Z'));
    const d = (await draw1.post(`/api/expert-draws/${c.json().id}/seed`, { seed: [['33', '9', '14', '21', '27', '3'], ['8']] })).json();
    assert.equal(d.members.filter((m: { seat: string }) => m.seat === 'seated').length, 5);
    assert.deepEqual(d.members.map((m: { expertId: string }) => m.expertId).sort(), pool.map((e) => e.id).sort());
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  test('a tender the supervising department suspended draws no experts (TENDER_SUSPENDED), nothing written', async () => {
    const f = await tenderFixture(t, draw1.user.centerId!);
    const now = t.clock.now();
    const complaint = await t.owner.insertInto('tender_disputes').values({
      tender_id: f.tenderId, kind: 'complaint', user_id: applicant.user.id, body: '投诉', submitted_at: now, answer_due: now, status: 'upheld', suspend_tender: true,
    }).returning('id').executeTakeFirstOrThrow();
    await t.owner.insertInto('tender_suspensions').values({ tender_id: f.tenderId, complaint_id: complaint.id, reason: '责令暂停', suspended_at: now }).execute();
    const before = await counts();
    const r = await draw1.post(`/api/tenders/${f.tenderId}/expert-draw`, commitBody());
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'TENDER_SUSPENDED');
    assert.deepEqual(await counts(), before);
  });
});
