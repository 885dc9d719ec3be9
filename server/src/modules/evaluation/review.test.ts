import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RegistryRecord } from '../../lib/enterprise-registry.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { uniqueIdNumber } from '../../test/unique-identity.ts';
import { simulatedRegistry, type SimulatedRegistry } from '../bids/sim-registry.ts';
import { evaluationFixture, type EvaluationFixture } from './evaluation-fixture.ts';

/**
 * A relation found after sheets were in (招标投标法实施条例 第三十四条; docs/trading.md "Related bidders"): the registry
 * was down while the experts submitted, so no sheet rejected the related bids. Publishing is refused until the trading
 * staff return the sheets that do not reject them for review, and only those; each is submitted again once it does.
 */
let t: TestApp;
let sim: SimulatedRegistry;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000', ENTERPRISE_REGISTRY_TIMEOUT_MS: '300' } });
  sim = simulatedRegistry({ records: [] });
  t.ctx.registry = sim;
});
after(() => t.close());

const record = (creditCode: string, over: Partial<RegistryRecord> = {}): RegistryRecord => ({ creditCode, name: '登记名称', representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null, ...over });
type Res = { statusCode: number; body: string; json(): { code: string; message: { zh: string; en: string } } };
const refused = (r: Res, status: number, code: string) => {
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().code, code);
  assert.ok(r.json().message.zh && r.json().message.en && !/[\u3000-\u9fff]/.test(r.json().message.en), r.body);
};

describe('sheets returned for review', () => {
  let f: EvaluationFixture;
  let experts: Session[];
  let staff: Session;
  const url = (p = '') => `/api/tenders/${f.tenderId}/evaluation${p}`;
  /** Everything a refusal must leave as it was: the submissions, the tender, the report, the evaluation's audit. */
  const state = async () => [
    await t.owner.selectFrom('evaluation_submissions').select(['expert_id', 'submitted_at']).where('tender_id', '=', f.tenderId).orderBy('expert_id').execute(),
    await t.owner.selectFrom('tenders').select(['status', 'candidates']).where('id', '=', f.tenderId).executeTakeFirstOrThrow(),
    await t.owner.selectFrom('evaluation_reports').select('tender_id').where('tender_id', '=', f.tenderId).execute(),
    await t.owner.selectFrom('audit_events').select('action').where('stream', '=', `evaluation:${f.tenderId}`).orderBy('seq').execute(),
  ];

  before(async () => {
    f = await evaluationFixture(t.owner, t.clock.now());
    experts = await Promise.all(f.seated.map((e) => signIn(t.app, e.username)));
    staff = await signIn(t.app, 'hk.trading1');
    const codes = await Promise.all(f.opened.map(async (o) => (await t.owner.selectFrom('users').select('credit_code').where('id', '=', o.bidderId).executeTakeFirstOrThrow()).credit_code!));
    // A and B have one principal by the registry; neither declared it, and the registry is down for both while the sheets go in.
    const shared = uniqueIdNumber();
    sim.put(record(codes[0]!, { representativeIdNumber: shared }), record(codes[1]!, { representativeIdNumber: shared }), record(codes[2]!));
    for (const code of codes.slice(0, 2)) sim.fault('unavailable', { creditCode: code });
    const [a, b] = f.opened;
    for (const [i, e] of experts.entries()) {
      const lines = f.opened.flatMap((o) => [{ bidId: o.id, criterion: 'technical', score: 40 }, { bidId: o.id, criterion: 'commercial', score: 15 }, { bidId: o.id, criterion: 'price', score: 20 - i }]);
      assert.equal((await e.put(url('/sheet'), { scores: lines })).statusCode, 200);
      // The first expert found the relation on their own and rejected both: that sheet needs no review.
      if (i === 0) for (const x of [a!, b!]) assert.equal((await e.put(url(`/sheet/rejections/${x.id}`), { ground: 'related_bidders', note: '据投标文件，两家法定代表人为同一人' })).statusCode, 200);
      assert.equal((await e.post(url('/submit'))).statusCode, 200);
    }
    const s = (await staff.get(url())).json();
    assert.deepEqual([s.finished, s.canPublish, s.relatedUnrejected, s.sheetsToReview, s.canReturnForReview], [true, true, [], [], false], 'nothing known yet');
    for (const code of codes.slice(0, 2)) sim.fault(null, { creditCode: code });
    t.clock.advance(t.config.ENTERPRISE_REGISTRY_RETRY_MINUTES * 60_000);
  });

  test('publishing asks the registry and is refused while related bids stand unrejected; nothing written', async () => {
    const [a, b] = f.opened;
    const kept = await state();
    const r = await staff.post(url('/publish'), {});
    refused(r, 409, 'EVALUATION_RELATED_TO_REVIEW');
    assert.ok(r.json().message.zh.includes(a!.name) && r.json().message.zh.includes(b!.name) && !r.json().message.zh.includes(f.opened[2]!.name), r.body);
    assert.deepEqual(await state(), kept);
    const s = (await staff.get(url())).json();
    assert.deepEqual([s.canPublish, s.relatedUnrejected, s.sheetsToReview, s.canReturnForReview, s.candidates], [false, [a!.name, b!.name], [2, 3, 4, 5], true, []]);
    assert.deepEqual(s.registryMissing, []);
  });

  test('only the center\'s trading staff return sheets, with a reason', async () => {
    const kept = await state();
    const others = await Promise.all(['trading1', 'hk.draw1', f.seated[1]!.username].map((u) => signIn(t.app, u)));
    for (const o of others) assert.equal((await o.post(url('/review'), { reason: '企业登记信息显示关联' })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: url('/review'), payload: { reason: 'x' } })).statusCode, 401);
    for (const bad of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 'x', extra: 1 }]) refused(await staff.post(url('/review'), bad), 400, 'VALIDATION_FAILED');
    assert.deepEqual(await state(), kept);
  });

  test('the sheets that do not reject every related bid are opened again, scores kept; submitted again only once they do; then published', async () => {
    const [a, b, c] = f.opened;
    const r = await staff.post(url('/review'), { reason: '企业登记信息显示A、B法定代表人为同一人' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().experts.map((e: { submittedAt: string | null; returnedAt: string | null }) => [e.submittedAt !== null, e.returnedAt]),
      [[true, null], ...[2, 3, 4, 5].map(() => [false, t.clock.now().toISOString()])]);
    assert.deepEqual(r.json().relatedUnrejected, [], 'no sheet in fails to reject them');
    assert.deepEqual([r.json().sheetsToReview, r.json().canReturnForReview, r.json().finished], [[], false, false]);
    const audit = await t.owner.selectFrom('audit_events').select('data').where('stream', '=', `evaluation:${f.tenderId}`).where('action', '=', 'evaluation.returned_for_review').executeTakeFirstOrThrow();
    assert.deepEqual((audit.data as { seats: number[] }).seats, [2, 3, 4, 5]);
    // Each expert whose sheet came back is told on the workbench, with the reason and the sheet's link; the first is not.
    const told = await Promise.all(experts.map(async (e) => (await e.get('/api/notifications?pageSize=50')).json().notifications
      .filter((n: { kind: string }) => n.kind === 'evaluation.returned_for_review')));
    assert.deepEqual(told.map((n) => n.length), [0, 1, 1, 1, 1]);
    for (const [n] of told.slice(1)) {
      assert.deepEqual(n.data, { tenderId: f.tenderId, reason: '企业登记信息显示A、B法定代表人为同一人', link: `/workbench/evaluation/${f.tenderId}` });
      assert.match(n.title.zh, /评分表已退回复核/);
    }

    // Nothing left to return: refused, nothing written.
    const kept = await state();
    refused(await staff.post(url('/review'), { reason: '再次退回' }), 409, 'EVALUATION_NOTHING_TO_REVIEW');
    assert.deepEqual(await state(), kept);

    const first = (await experts[0]!.get(url('/sheet'))).json();
    assert.deepEqual([first.returnedForReview, first.editable], [null, false], 'the first sheet stays in');
    // An expert whose sheet was returned has concluded once: the seat is not theirs to give up (条例 第四十八条).
    const seats = () => t.owner.selectFrom('expert_draw_members').select(['expert_id', 'seat']).orderBy('expert_id').execute();
    const keptSeats = await seats();
    refused(await experts[1]!.post(url('/sheet/decline'), { reason: '临时有事' }), 409, 'EVALUATION_RETURNED_NO_DECLINE');
    assert.deepEqual(await seats(), keptSeats);
    for (const e of experts.slice(1)) {
      const sheet = (await e.get(url('/sheet'))).json();
      assert.deepEqual([sheet.editable, sheet.canDecline, sheet.returnedForReview], [true, false, { at: t.clock.now().toISOString(), reason: '企业登记信息显示A、B法定代表人为同一人' }]);
      assert.equal(sheet.scores.length, 9, 'scores kept');
      refused(await e.post(url('/submit')), 409, 'EVALUATION_RELATED_NOT_REJECTED');
      for (const x of [a!, b!]) assert.equal((await e.put(url(`/sheet/rejections/${x.id}`), { ground: 'related_bidders', note: '依企业登记信息法定代表人为同一人' })).statusCode, 200);
      assert.equal((await e.post(url('/submit'))).statusCode, 200);
    }
    const done = await staff.post(url('/publish'), {});
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json().candidates.map((x: { name: string }) => x.name), [c!.name]);
    assert.deepEqual(done.json().bids.filter((x: { rejected: boolean }) => x.rejected).map((x: { name: string }) => x.name).sort(), [a!.name, b!.name].sort());
    refused(await staff.post(url('/review'), { reason: '公示后' }), 409, 'EVALUATION_STATE');
    // The report states the review: when, whose sheets, why.
    const pdf = await staff.get(url('/report.pdf'));
    assert.equal(pdf.statusCode, 200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
    fs.writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes('评分表复核情况') && text.includes('企业登记信息显示A、B法定代表人为同一人'), text);
    for (const e of f.seated.slice(1)) assert.ok(text.includes(e.name), e.name);
    assert.ok(/将2\.[^、]+、3\./.test(text), text);
  });
});
