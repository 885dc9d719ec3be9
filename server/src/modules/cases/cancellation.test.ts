/**
 * Cancellation (注销) after the decision, a procedure of its own: the holder requests, the chief of
 * the case's department cancels or refuses. Every refusal has its code and both messages and writes
 * nothing; another applicant cannot learn of or touch someone else's licence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { caseDocumentText } from '../../test/pdf-text.ts';
import { caseAction, housingCast, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let company: Session;
let person: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let otherChief: Session;
let permitId: string;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, permitId } = await housingCast(t.app));
  [person, otherChief] = await Promise.all([signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'chief.market')]);
});
after(async () => { await t.close(); });

const act = caseAction;

async function snapshot(id: string) {
  const row = await t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audit = await t.ctx.db.selectFrom('audit_events').select(['seq', 'action', 'hash']).where('stream', '=', `case:${id}`).orderBy('seq').execute();
  const requests = await t.ctx.db.selectFrom('cancellation_requests').selectAll().where('case_id', '=', id).orderBy('requested_at').execute();
  const notes = await t.ctx.db.selectFrom('notifications').select('id').where('case_id', '=', id).execute();
  return JSON.stringify({ row, audit, requests, notes });
}

async function refused(send: () => Promise<{ statusCode: number; json(): { code: string; message: { zh: string; en: string } } }>, id: string, status: number, code: string) {
  const before = await snapshot(id);
  const res = await send();
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal(res.json().code, code);
  assert.ok(res.json().message.zh && res.json().message.en, 'both messages');
  assert.equal(await snapshot(id), before, 'nothing written');
}

async function decidedCase(result: 'approved' | 'denied' = 'approved') {
  const c = await submittedCase(t.app, company, permitId);
  for (const [s, body] of [
    [window1, { action: 'accept' }], [approver, { action: 'review', opinion: '符合条件', proposal: 'approve' }], [chief, { action: 'decide', result, reason: '依法决定' }],
  ] as const) assert.equal((await act(s, c.id, body)).statusCode, 200);
  return c.id;
}

const request = (s: Session, id: string, reason = '企业停止该项目建设') => s.post(`/api/cases/${id}/cancellation`, { reason });
const answer = (s: Session, id: string, approve: boolean, reason = '经核查属实') => s.post(`/api/cases/${id}/cancellation/decision`, { approve, reason });

describe('cancellation (注销) after the decision', () => {
  test('withdrawal after the decision points to cancellation', async () => {
    const id = await decidedCase();
    const res = await act(company, id, { action: 'withdraw', reason: '不再需要' });
    assert.equal(res.json().code, 'WITHDRAW_AFTER_DECISION');
    assert.match(res.json().message.zh, /注销/);
    assert.match(res.json().message.en, /cancel/);
    assert.deepEqual((await company.get(`/api/cases/${id}`)).json().cancellationActions, ['request']);
  });

  test('only the holder of an approved licence may ask, once at a time; everyone else is refused and nothing is written', async () => {
    const id = await decidedCase();
    await refused(() => request(person, id), id, 404, 'NOT_FOUND');
    assert.deepEqual((await person.get(`/api/cases/${id}`)).json().code, 'NOT_FOUND');
    await refused(() => request(chief, id), id, 403, 'FORBIDDEN');
    await refused(() => request(window1, id), id, 403, 'FORBIDDEN');
    await refused(() => request(company, id, ''), id, 400, 'VALIDATION_FAILED');
    await refused(() => request(company, unknownCaseId()), id, 404, 'NOT_FOUND');

    const before = await submittedCase(t.app, company, permitId);
    await refused(() => request(company, before.id), before.id, 409, 'CANCELLATION_NOT_HELD');
    const denied = await decidedCase('denied');
    await refused(() => request(company, denied), denied, 409, 'CANCELLATION_NOT_HELD');

    const ok = await request(company, id);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().case.cancellation.status, 'requested');
    assert.deepEqual(ok.json().case.cancellationActions, []);
    assert.ok(ok.json().case.timeline.some((e: { action: string }) => e.action === 'case.cancellation_requested'), 'the applicant sees the request');
    await refused(() => request(company, id), id, 409, 'CANCELLATION_EXISTS');
    // The department's chiefs are told.
    const told = await t.ctx.db.selectFrom('notifications').select(['user_id', 'kind']).where('case_id', '=', id).execute();
    assert.ok(told.some((n) => n.kind === 'cancellation_requested' && n.user_id === chief.user.id), 'the chief is notified');
  });

  test("the department's chief answers; others are refused; the decision is a document of the case", async () => {
    const id = await decidedCase();
    await refused(() => answer(chief, id, true), id, 404, 'NOT_FOUND');
    assert.equal((await request(company, id)).statusCode, 201);
    await refused(() => answer(approver, id, true), id, 403, 'FORBIDDEN');
    await refused(() => answer(otherChief, id, true), id, 403, 'FORBIDDEN');
    await refused(() => answer(company, id, true), id, 403, 'FORBIDDEN');
    assert.deepEqual((await chief.get(`/api/cases/${id}`)).json().cancellationActions, ['grant', 'refuse']);

    const no = await answer(chief, id, false, '该许可涉及在建工程，需先办理变更');
    assert.equal(no.statusCode, 200, no.body);
    assert.equal(no.json().case.cancellation.status, 'refused');
    await refused(() => answer(chief, id, true), id, 409, 'CANCELLATION_STATE_CONFLICT');
    // Refused: the holder may ask again; granted: the licence is cancelled, for good.
    assert.equal((await request(company, id, '项目已终止')).statusCode, 201);
    const yes = await answer(chief, id, true, '经核查，项目已终止');
    assert.equal(yes.json().case.cancellation.status, 'cancelled');
    await refused(() => request(company, id), id, 409, 'CANCELLATION_EXISTS');

    const mine = (await company.get(`/api/cases/${id}`)).json();
    assert.ok(mine.documents.some((d: { kind: string }) => d.kind === 'cancellation'));
    assert.ok(mine.timeline.some((e: { action: string }) => e.action === 'case.cancellation_granted'));
    const text = await caseDocumentText(company, id, 'cancellation');
    assert.match(text, /行政许可注销决定书/);
    assert.ok(text.includes('决定注销该行政许可') && text.includes('项目已终止'), text);
    assert.equal((await person.get(`/api/cases/${id}/documents/cancellation`)).statusCode, 404);
  });
});

describe("the chief's cancellation queue (GET /api/workbench/cancellations)", () => {
  type Queue = { requests: Array<{ reason: string; case: { id: string; receiptNo: string | null } }>; total: number; page: number; pageSize: number };
  const queue = async (s: Session, query = 'pageSize=100') => {
    const res = await s.get(`/api/workbench/cancellations?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Queue;
  };
  const listed = async (s: Session, id: string) => (await queue(s)).requests.some((r) => r.case.id === id);

  test('lists the open requests of the chief\'s department, oldest first, a page at a time; a decided one leaves it', async () => {
    const first = await decidedCase();
    const second = await decidedCase();
    const already = (await queue(chief)).total;
    assert.equal((await request(company, first, '第一件注销申请')).statusCode, 201);
    t.clock.advance(60_000);
    assert.equal((await request(company, second, '第二件注销申请')).statusCode, 201);
    const all = await queue(chief);
    assert.equal(all.total, already + 2);
    const ours = all.requests.filter((r) => r.case.id === first || r.case.id === second).map((r) => r.reason);
    assert.deepEqual(ours, ['第一件注销申请', '第二件注销申请'], 'oldest first');
    // Pages do not overlap and cover the list.
    const pages = [];
    for (let page = 1; page <= all.total; page++) {
      const p = await queue(chief, `page=${page}&pageSize=1`);
      assert.equal(p.requests.length, 1);
      pages.push(p.requests[0]!.case.id);
    }
    assert.deepEqual(pages, all.requests.map((r) => r.case.id));

    assert.equal((await answer(chief, first, true)).statusCode, 200);
    assert.equal(await listed(chief, first), false, 'a decided request is no longer open');
    assert.equal(await listed(chief, second), true);
  });

  test("another department's chief does not see them; window clerks, approvers, applicants and the signed out are refused", async () => {
    const id = await decidedCase();
    assert.equal((await request(company, id)).statusCode, 201);
    assert.equal(await listed(chief, id), true);
    assert.equal(await listed(otherChief, id), false);
    const hkChief = await signIn(t.app, 'hk.chief.market');
    assert.equal(await listed(hkChief, id), false);
    for (const [who, s] of Object.entries({ window1, approver, company, person })) {
      const res = await s.get('/api/workbench/cancellations');
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
      assert.equal(res.json().code, 'FORBIDDEN');
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/workbench/cancellations' })).statusCode, 401);
    assert.equal((await chief.get('/api/workbench/cancellations?pageSize=0')).statusCode, 400);
  });
});

function unknownCaseId() {
  return '00000000-0000-4000-8000-000000000000';
}
