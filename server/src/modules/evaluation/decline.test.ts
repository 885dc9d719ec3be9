import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { evaluationFixture, type EvaluationFixture } from './evaluation-fixture.ts';

/**
 * An expert gives up their own seat (回避, or cannot take part; docs/experts.md "Decline"): the first reserve takes it, as
 * when the draw operator records a decline; not once their sheet is in, not with no reserve left; a recused expert may.
 */
let t: TestApp;
let g: EvaluationFixture;
let seated: Session[];
let reserve: Session, outsider: Session, trading: Session;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  g = await evaluationFixture(t.owner, t.clock.now());
  seated = await Promise.all(g.seated.map((e) => signIn(t.app, e.username)));
  [reserve, outsider, trading] = await Promise.all([g.reserve.username, g.outsider.username, 'hk.trading1'].map((l) => signIn(t.app, l)));
});
after(() => t.close());

const url = (p: string) => `/api/tenders/${g.tenderId}/evaluation${p}`;
const state = async () => ({
  seats: await t.owner.selectFrom('expert_draw_members as m').innerJoin('expert_draws as d', 'd.id', 'm.draw_id')
    .select(['m.rank', 'm.expert_id', 'm.seat', 'm.answered_at']).where('d.tender_id', '=', g.tenderId).orderBy('m.rank').execute(),
  audit: await t.owner.selectFrom('audit_events').select(['action', 'data', 'actor_id']).where('stream', 'like', 'expert_draw:%').where('action', '=', 'expert_draw.declined').execute(),
});
const refused = (res: { statusCode: number; json(): { code: string; message: { zh: string; en: string } } }, status: number, code: string) => {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal(res.json().code, code);
  assert.ok(res.json().message.zh && res.json().message.en);
};
const lines = (total: number) => g.opened.flatMap((b) => [
  { bidId: b.id, criterion: 'technical', score: total / 2 }, { bidId: b.id, criterion: 'commercial', score: total / 5 }, { bidId: b.id, criterion: 'price', score: (total * 3) / 10 },
]);

test('only a seated expert declines their own seat, with a reason; the others are refused, nothing written', async () => {
  const before = await state();
  for (const s of [outsider, reserve]) refused(await s.post(url('/sheet/decline'), { reason: '出差' }), 403, 'EVALUATION_NOT_MEMBER');
  assert.equal((await trading.post(url('/sheet/decline'), { reason: '出差' })).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'POST', url: url('/sheet/decline'), payload: { reason: '出差' } })).statusCode, 401);
  for (const bad of [{ reason: '   ' }, {}, { reason: 'x', expertId: g.seated[1]!.expertId }]) refused(await seated[0]!.post(url('/sheet/decline'), bad), 400, 'VALIDATION_FAILED');
  assert.deepEqual(await state(), before);
});

test('a recused expert declines: the first reserve takes the seat and scores; the declined one no longer sees the sheet', async () => {
  const bidderCode = (await t.owner.selectFrom('users').select('credit_code').where('id', '=', g.bidders[0]!.id).executeTakeFirstOrThrow()).credit_code!;
  await t.owner.updateTable('experts').set({ employer_code: bidderCode }).where('id', '=', g.seated[0]!.expertId).execute();
  refused(await seated[0]!.put(url('/sheet'), { scores: lines(70) }), 403, 'EVALUATION_EXPERT_RECUSED');
  const res = await seated[0]!.post(url('/sheet/decline'), { reason: '本人受聘于投标人，依法回避' });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { tenderId: g.tenderId, seat: 'declined' });
  const { seats, audit } = await state();
  const byId = new Map(seats.map((m) => [m.expert_id, m]));
  assert.equal(byId.get(g.seated[0]!.expertId)!.seat, 'declined');
  assert.ok(byId.get(g.seated[0]!.expertId)!.answered_at);
  assert.equal(byId.get(g.reserve.expertId)!.seat, 'seated');
  assert.equal(audit.length, 1);
  assert.deepEqual([(audit[0]!.data as { reason: string; byExpert: boolean }).reason, (audit[0]!.data as { byExpert: boolean }).byExpert], ['本人受聘于投标人，依法回避', true]);
  refused(await seated[0]!.get(url('/sheet')), 403, 'EVALUATION_NOT_MEMBER');
  assert.equal((await reserve.put(url('/sheet'), { scores: lines(70) })).statusCode, 200, 'the reserve now scores');
  // Declining twice is not possible: the seat is gone.
  refused(await seated[0]!.post(url('/sheet/decline'), { reason: '再次' }), 403, 'EVALUATION_NOT_MEMBER');
});

test('not once the sheet is in, and not with no reserve left: nothing written', async () => {
  const e = seated[1]!;
  assert.equal((await e.put(url('/sheet'), { scores: lines(80) })).json().canDecline, true, 'the sheet offers it while open');
  assert.equal((await e.post(url('/submit'))).json().canDecline, false, 'and no longer once submitted');
  const before = await state();
  refused(await e.post(url('/sheet/decline'), { reason: '身体原因' }), 409, 'EVALUATION_SUBMITTED');
  // The fixture's one reserve took the first seat: none is left for the third expert.
  refused(await seated[2]!.post(url('/sheet/decline'), { reason: '出差' }), 409, 'DRAW_RESERVE_EXHAUSTED');
  assert.deepEqual(await state(), before);
});
