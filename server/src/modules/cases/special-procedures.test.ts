/**
 * Art. 42 (the extension told to the applicant) and Art. 45-48 (suspension only for a declared special
 * procedure; a hearing with its notice), at the API. Each refusal has its code, both messages, and
 * nothing written; the notices are PDFs of the case, dated the China day of their event, listed on
 * the applicant's case page; the decision letter lists the suspended days and the extension.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CATALOG } from '../../lib/errors.catalog.ts';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { caseDocumentText } from '../../test/pdf-text.ts';
import { caseAction, housingCast, itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let company: Session;
let other: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let permitId: string;

// Monday 2026-03-02, 10:00 in Beijing.
const MONDAY = new Date('2026-03-02T02:00:00Z');

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, permitId } = await housingCast(t.app));
  other = await signIn(t.app, DEMO_PERSON.idNumber);
});
after(async () => { await t.close(); });

const act = caseAction;

async function snapshot(id: string) {
  const row = await t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audit = await t.ctx.db.selectFrom('audit_events').select(['seq', 'action', 'hash']).where('stream', '=', `case:${id}`).orderBy('seq').execute();
  const suspensions = await t.ctx.db.selectFrom('case_suspensions').selectAll().where('case_id', '=', id).execute();
  return JSON.stringify({ row, audit, suspensions });
}

async function refused(s: Session, id: string, body: Record<string, unknown>, status: number, code: keyof typeof CATALOG) {
  const before = await snapshot(id);
  const res = await act(s, id, body);
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code);
  assert.ok(res.json().message.zh && res.json().message.en, 'both messages');
  assert.equal(await snapshot(id), before, 'nothing written');
  return res.json();
}

async function accepted() {
  const c = await submittedCase(t.app, company, permitId);
  assert.equal((await act(window1, c.id, { action: 'accept' })).statusCode, 200);
  return c.id;
}


describe('Art. 42: the extension and its reason are told to the applicant', () => {
  test('a reason is required (400, nothing written); the notice is a PDF on the applicant\'s page, dated the China day', async () => {
    const id = await accepted();
    for (const reason of ['', '   ', 'x']) await refused(chief, id, { action: 'extend', reason }, 400, 'VALIDATION_FAILED');
    await refused(chief, id, { action: 'extend' }, 400, 'VALIDATION_FAILED');
    // 23:30 UTC Monday is Tuesday 07:30 in Beijing: the notice is dated Tuesday.
    t.clock.set(new Date('2026-03-02T23:30:00Z'));
    assert.equal((await act(chief, id, { action: 'extend', reason: '需组织现场核查施工条件' })).statusCode, 200);
    const mine = (await company.get(`/api/cases/${id}`)).json();
    assert.ok(mine.documents.some((d: { kind: string }) => d.kind === 'extension'), 'listed on the applicant\'s case page');
    const text = await caseDocumentText(company, id, 'extension');
    assert.match(text, /延长审批期限告知书/);
    assert.ok(text.includes('需组织现场核查施工条件'), 'the reason is told');
    assert.ok(text.includes(`${mine.extension.days}个工作日`), text);
    assert.ok(text.endsWith('2026年3月3日'), 'dated the China day of the extension');
    // Another applicant does not learn the case exists.
    assert.equal((await other.get(`/api/cases/${id}/documents/extension`)).statusCode, 404);
    t.clock.set(MONDAY);
  });

  test('no extension notice before an extension', async () => {
    const id = await accepted();
    assert.ok(!(await company.get(`/api/cases/${id}`)).json().documents.some((d: { kind: string }) => d.kind === 'extension'));
    assert.equal((await company.get(`/api/cases/${id}/documents/extension`)).json().code, 'DOCUMENT_NOT_AVAILABLE');
  });
});

describe('Art. 45: suspension only for a special procedure the item declares', () => {
  test('an undeclared procedure is refused, as is one longer than declared; nothing written', async () => {
    const id = await accepted();
    // The permit declares expert review (10), hearing (20) and inspection (5); not auction or quarantine.
    for (const kind of ['auction', 'quarantine', 'tendering']) {
      const err = await refused(chief, id, { action: 'suspend', kind, reason: '需要拍卖', expectedDays: 3 }, 409, 'SUSPENSION_NOT_DECLARED');
      assert.ok(err.message.zh.includes(kind));
    }
    await refused(chief, id, { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 11 }, 409, 'SUSPENSION_TOO_LONG');
    await refused(chief, id, { action: 'suspend', kind: 'not-a-kind', reason: '组织专家论证', expectedDays: 3 }, 400, 'VALIDATION_FAILED');
    const ok = await act(chief, id, { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 10 });
    assert.equal(ok.statusCode, 200, ok.body);
    const s = ok.json().case.suspensions[0];
    assert.equal(s.legalBasis, '《中华人民共和国行政许可法》第四十五条；《超限高层建筑工程抗震设防管理规定》第七条');
    assert.equal(s.maxWorkdays, 10);
  });

  test('only the chief stops the clock: an approver\'s suspend is 403, nothing written (no record, no event); the approver may resume', async () => {
    const id = await accepted();
    const before = await approver.get(`/api/cases/${id}`);
    assert.ok(!before.json().allowedActions.includes('suspend'), 'no suspend button for the approver');
    for (const body of [
      { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 10 },
      { action: 'suspend', kind: 'hearing', reason: '利害关系人申请听证', expectedDays: 15, hearing: { date: '2026-03-20', place: '省政务服务中心听证室' } },
    ]) await refused(approver, id, body, 403, 'FORBIDDEN');
    assert.equal((await t.ctx.db.selectFrom('case_suspensions').selectAll().where('case_id', '=', id).execute()).length, 0, 'no suspension row');
    const row = await t.ctx.db.selectFrom('cases').select(['suspended_since']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.suspended_since, null, 'the clock runs');
    assert.ok((await chief.get(`/api/cases/${id}`)).json().allowedActions.includes('suspend'), 'the chief is offered it');
    assert.equal((await act(chief, id, { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 10 })).statusCode, 200);
    assert.ok((await approver.get(`/api/cases/${id}`)).json().allowedActions.includes('resume'));
    assert.equal((await act(approver, id, { action: 'resume' })).statusCode, 200, 'restarting the clock stays the approver\'s too');
  });

  test('another item declares its own procedures: what the permit declares is refused there', async () => {
    // The safety licence declares inspection only.
    const safety = await itemIdByName(t.app, '建筑施工企业安全生产许可证核发', '海南省');
    const c = await submittedCase(t.app, company, safety);
    assert.equal((await act(window1, c.id, { action: 'accept' })).statusCode, 200);
    await refused(chief, c.id, { action: 'suspend', kind: 'expert_review', reason: '组织专家论证', expectedDays: 3 }, 409, 'SUSPENSION_NOT_DECLARED');
  });

  test('a hearing names its date and place at least 7 days ahead; the notice is a document of the case', async () => {
    const id = await accepted();
    await refused(chief, id, { action: 'suspend', kind: 'hearing', reason: '利害关系人申请听证', expectedDays: 15 }, 400, 'HEARING_NOTICE_REQUIRED');
    await refused(chief, id, { action: 'suspend', kind: 'hearing', reason: '利害关系人申请听证', expectedDays: 15, hearing: { date: '2026-03-08', place: '省政务服务中心听证室' } }, 400, 'HEARING_NOTICE_TOO_SHORT');
    await refused(chief, id, { action: 'suspend', kind: 'inspection', reason: '现场核查', expectedDays: 3, hearing: { date: '2026-03-20', place: '省政务服务中心听证室' } }, 400, 'HEARING_NOTICE_REQUIRED');
    const ok = await act(chief, id, { action: 'suspend', kind: 'hearing', reason: '利害关系人申请听证', expectedDays: 15, hearing: { date: '2026-03-09', place: '省政务服务中心三楼听证室' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().case.suspensions[0].hearing, { date: '2026-03-09', place: '省政务服务中心三楼听证室' });
    const mine = (await company.get(`/api/cases/${id}`)).json();
    assert.ok(mine.documents.some((d: { kind: string }) => d.kind === 'suspension'));
    const text = await caseDocumentText(company, id, 'suspension');
    assert.match(text, /特别程序告知书/);
    assert.ok(text.includes('听证时间：2026年3月9日'), text);
    assert.ok(text.includes('省政务服务中心三楼听证室'));
    assert.ok(text.includes('第四十七条'), 'the legal basis is printed');
  });

  test('the decision letter lists each procedure with its working days, and the extension', async () => {
    const id = await accepted();
    assert.equal((await act(chief, id, { action: 'extend', reason: '需组织现场核查施工条件' })).statusCode, 200);
    assert.equal((await act(chief, id, { action: 'suspend', kind: 'inspection', reason: '现场核查', expectedDays: 3 })).statusCode, 200);
    t.clock.set(new Date('2026-03-05T02:00:00Z')); // Thursday: 3 working days
    assert.equal((await act(approver, id, { action: 'resume' })).statusCode, 200);
    assert.equal((await act(approver, id, { action: 'review', opinion: '符合条件', proposal: 'approve' })).statusCode, 200);
    assert.equal((await act(chief, id, { action: 'decide', result: 'approved', reason: '符合法定条件' })).statusCode, 200);
    const letter = await caseDocumentText(company, id, 'decision');
    assert.ok(letter.includes('特别程序（不计入办理期限）：检验3个工作日'), letter);
    assert.ok(letter.includes('延长办理期限：10个工作日（需组织现场核查施工条件）'), letter);
    t.clock.set(MONDAY);
  });
});
