import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { pdfToText } from '../../test/pdf-text.ts';

/**
 * Government information disclosure (docs/disclosure.md): the disclosure point, and requests on the clock
 * of 政府信息公开条例 第三十三条 over the working-day calendar of the cases (the 2026 official schedule:
 * 中秋 25–27 September, 国庆 1–7 October, make-up workdays 20 September and 10 October).
 */
let t: TestApp;
let person: Session; let company: Session; let officer: Session; let manager: Session; let manager2: Session;
let supervisor: Session; let window1: Session; let hkOfficer: Session;
let provinceId: string;

// Thursday 17 September 2026, 10:00 in China.
const START = new Date('2026-09-17T02:00:00Z');
const chinaNoon = (day: string) => new Date(`${day}T04:00:00Z`);

before(async () => {
  t = await testApp({ now: START, env: { SESSION_TTL_HOURS: '100000' } });
  [person, company, officer, manager, manager2, supervisor, window1, hkOfficer] = await Promise.all([
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'disclosure1'), signIn(t.app, 'manager'),
    signIn(t.app, 'manager2'), signIn(t.app, 'supervisor'), signIn(t.app, 'window1'), signIn(t.app, 'hk.disclosure'),
  ]);
  provinceId = officer.user.centerId!;
});
after(() => t.close());

const counts = async (id: string) => {
  const r = await t.ctx.db.selectFrom('disclosure_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await t.ctx.db.selectFrom('disclosure_request_events').select((eb) => eb.fn.countAll<string>().as('n')).where('request_id', '=', id).executeTakeFirstOrThrow();
  const messages = await t.ctx.db.selectFrom('applicant_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', r.requester_id).executeTakeFirstOrThrow();
  return { status: r.status, due: r.due_date, version: r.row_version, extended: r.extended, extensionDays: r.extension_days, events: Number(events.n), messages: Number(messages.n) };
};

async function submit(s: Session, description = '2026年本中心进驻事项清单') {
  const res = await s.post('/api/disclosure/requests', { centerId: provinceId, description, delivery: 'electronic' });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
const act = (s: Session, id: string, body: object) => s.post(`/api/disclosure/requests/${id}/actions`, body);

async function pdfText(s: Session, id: string) {
  const res = await s.get(`/api/disclosure/requests/${id}/reply.pdf`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return pdfToText(res.rawPayload).replace(/\s+/g, '');
}

describe('the disclosure clock (第三十三条)', () => {
  test('20 working days from receipt over the Mid-autumn and National Day holidays; one extension of at most 20, with the head\'s approval; the second refused', async () => {
    t.clock.set(START);
    const id = await submit(person);
    const d = (await person.get(`/api/disclosure/requests/${id}`)).json();
    assert.equal(d.receivedDate, '2026-09-17');
    // 18 Sep, 20 Sep (make-up), 21–24, 28–30, 8 Oct, 9, 10 (make-up), 12–16, 19–21: the 20th is 21 October.
    assert.equal(d.dueDate, '2026-10-21');
    assert.equal(d.dueProvisional, false);

    // More than 20 working days: refused, nothing written.
    const before = await counts(id);
    const tooLong = await act(officer, id, { action: 'request_extension', days: 21, reason: '需协调多个部门' });
    assert.equal(tooLong.statusCode, 400);
    assert.equal(tooLong.json().code, 'DISCLOSURE_EXTENSION_TOO_LONG');
    assert.deepEqual(await counts(id), before);

    // The officer asks; the due date does not move until the head approves.
    t.clock.set(chinaNoon('2026-10-15'));
    const asked = await act(officer, id, { action: 'request_extension', days: 20, reason: '需征求第三方意见' });
    assert.equal(asked.statusCode, 200, asked.body);
    assert.equal(asked.json().status, 'extension_pending');
    assert.equal(asked.json().dueDate, '2026-10-21');
    assert.equal(asked.json().extended, false);

    // The officer cannot approve it: only the head (the center's manager) can.
    const pending = await counts(id);
    const self = await act(officer, id, { action: 'approve_extension' });
    assert.equal(self.statusCode, 403);
    assert.deepEqual(await counts(id), pending);

    const approved = await act(manager, id, { action: 'approve_extension', note: '同意' });
    assert.equal(approved.statusCode, 200, approved.body);
    // 22–23 Oct, 26–30, 2–6 Nov, 9–13, 16–18: the 20th working day after 21 October.
    assert.equal(approved.json().dueDate, '2026-11-18');
    assert.equal(approved.json().extended, true);
    assert.equal(approved.json().status, 'received');
    // The requester is told, with the reason.
    const msg = await t.ctx.db.selectFrom('applicant_messages').selectAll().where('user_id', '=', person.user.id).where('kind', '=', 'disclosure.approve_extension').executeTakeFirstOrThrow();
    assert.match(JSON.stringify(msg.body), /需征求第三方意见/);

    // A second extension: refused, nothing written.
    const once = await counts(id);
    const again = await act(officer, id, { action: 'request_extension', days: 5, reason: '仍需时间' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'DISCLOSURE_ALREADY_EXTENDED');
    assert.deepEqual(await counts(id), once);
  });

  test('the head does not approve the extension they asked for themself', async () => {
    t.clock.set(START);
    const id = await submit(person, '本中心2025年度收费项目');
    assert.equal((await act(manager, id, { action: 'request_extension', days: 10, reason: '档案调取' })).statusCode, 200);
    const before = await counts(id);
    const own = await act(manager, id, { action: 'approve_extension' });
    assert.equal(own.statusCode, 403);
    assert.equal(own.json().code, 'FOUR_EYES');
    assert.deepEqual(await counts(id), before);
    const other = await act(manager2, id, { action: 'approve_extension' });
    assert.equal(other.statusCode, 200, other.body);
    assert.equal(other.json().dueDate, '2026-11-04'); // 10 working days after 21 October
  });

  test('a correction notice (补正) stops the clock; the correction restarts it from the day it is received', async () => {
    t.clock.set(START);
    const id = await submit(company, '有关文件');
    const noted = await act(officer, id, { action: 'request_correction', note: '请写明所需文件的名称或文号', correctionDays: 30 });
    assert.equal(noted.statusCode, 200, noted.body);
    assert.equal(noted.json().status, 'correction_requested');
    assert.equal(noted.json().dueDate, null);
    // 30 working days from the notice: the reply's 20 end on 21 October, then 22–23, 26–30 October, 2–4 November.
    assert.equal(noted.json().correctionDueDate, '2026-11-04');
    // The notice is a letter of its own, with the period to correct in.
    const notice = await pdfText(company, id);
    assert.match(notice, /补正通知书/);
    assert.match(notice, /请写明所需文件的名称或文号/);
    assert.match(notice, /补正期限：请于2026年11月4日前补正/);

    // Long after the first due date the request is not overdue: the clock stands.
    t.clock.set(chinaNoon('2026-11-02'));
    const overdue = (await supervisor.get('/api/disclosure/requests?overdue=true&pageSize=100')).json();
    assert.ok(!overdue.items.some((r: { id: string }) => r.id === id));

    const corrected = await act(company, id, { action: 'correct', description: '《海南省政务服务中心2026年工作要点》' });
    assert.equal(corrected.statusCode, 200, corrected.body);
    assert.equal(corrected.json().status, 'received');
    assert.equal(corrected.json().receivedDate, '2026-11-02');
    assert.equal(corrected.json().dueDate, '2026-11-30');
    assert.equal(corrected.json().replyType, null);
  });

  test('补正 is told once, within 7 working days of receipt; later, or a second time, refused with nothing written (第三十条)', async () => {
    t.clock.set(START);
    // Received Thursday 17 September: 18, 20 (make-up), 21–24, then 28 after 中秋: the 7th working day is 28 September.
    const once = await submit(company, '有关会议纪要');
    const late = await submit(company, '有关通知');
    const onTime = await submit(company, '有关批复');

    t.clock.set(chinaNoon('2026-09-29'));
    const before = await counts(late);
    const tooLate = await act(officer, late, { action: 'request_correction', note: '请写明文件名称' });
    assert.equal(tooLate.statusCode, 409);
    assert.equal(tooLate.json().code, 'DISCLOSURE_CORRECTION_LATE');
    assert.equal(tooLate.json().details.lastDay, '2026-09-28');
    assert.deepEqual(await counts(late), before);
    // The desk no longer offers it; answering still is.
    const lateView = (await officer.get(`/api/disclosure/requests/${late}`)).json();
    assert.ok(!lateView.actions.includes('request_correction'), lateView.actions);
    assert.ok(lateView.actions.includes('reply'));

    t.clock.set(chinaNoon('2026-09-28'));
    // A period to correct in under 5 working days is not a reasonable one: refused by the schema.
    const short = await act(officer, onTime, { action: 'request_correction', note: '请写明文号', correctionDays: 2 });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().code, 'VALIDATION_FAILED');
    // The desk's 15 working days: 29–30 September, 8–10 (10 a make-up day), 12–16, 19–23 October.
    const noticed = await act(officer, onTime, { action: 'request_correction', note: '请写明文号' });
    assert.equal(noticed.statusCode, 200, noticed.body);
    assert.equal(noticed.json().correctionDueDate, '2026-10-23');
    assert.equal((await act(officer, once, { action: 'request_correction', note: '请写明会议名称' })).statusCode, 200);
    const corrected = await act(company, once, { action: 'correct', description: '2026年第3次主任办公会议纪要' });
    assert.equal(corrected.json().receivedDate, '2026-09-28');
    // Corrected the same day, well within 7 working days of the new receipt: still not a second time.
    const second = await counts(once);
    const again = await act(officer, once, { action: 'request_correction', note: '请写明会议日期' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'DISCLOSURE_CORRECTION_ONCE');
    assert.deepEqual(await counts(once), second);
    assert.ok(!(await officer.get(`/api/disclosure/requests/${once}`)).json().actions.includes('request_correction'));

    // Not corrected by its last day: deemed abandoned, the late correction refused with nothing written.
    t.clock.set(chinaNoon('2026-10-24'));
    const expired = await counts(onTime);
    const tooLateToCorrect = await act(company, onTime, { action: 'correct', description: '琼府办〔2026〕12号' });
    assert.equal(tooLateToCorrect.statusCode, 409);
    assert.equal(tooLateToCorrect.json().code, 'DISCLOSURE_CORRECTION_EXPIRED');
    assert.equal(tooLateToCorrect.json().details.deadline, '2026-10-23');
    assert.deepEqual(await counts(onTime), expired);
    const mine = (await company.get(`/api/disclosure/requests/${onTime}`)).json();
    assert.equal(mine.correctionExpired, true);
    assert.deepEqual(mine.actions, ['withdraw']);
  });

  test('an extension is asked for and agreed within the reply period; after its last day refused, nothing written (第三十三条)', async () => {
    t.clock.set(START);
    const asked = await submit(person, '本中心窗口人员名单');
    const unasked = await submit(person, '本中心办事指南汇编');
    // Due 21 October. Asked on the last day: allowed; agreed the day after: refused.
    t.clock.set(chinaNoon('2026-10-21'));
    assert.equal((await act(officer, asked, { action: 'request_extension', days: 10, reason: '需调取档案' })).statusCode, 200);
    t.clock.set(chinaNoon('2026-10-22'));
    const pending = await counts(asked);
    const agreed = await act(manager, asked, { action: 'approve_extension' });
    assert.equal(agreed.statusCode, 409);
    assert.equal(agreed.json().code, 'DISCLOSURE_EXTENSION_AFTER_DUE');
    assert.equal(agreed.json().details.dueDate, '2026-10-21');
    assert.deepEqual(await counts(asked), pending);
    assert.ok(!(await manager.get(`/api/disclosure/requests/${asked}`)).json().actions.includes('approve_extension'));
    // The head can still refuse it, and the request stays overdue.
    const refused = await act(manager, asked, { action: 'reject_extension', note: '已逾期' });
    assert.equal(refused.statusCode, 200, refused.body);
    assert.equal(refused.json().overdue, true);

    const before = await counts(unasked);
    const late = await act(officer, unasked, { action: 'request_extension', days: 5, reason: '需协调' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'DISCLOSURE_EXTENSION_AFTER_DUE');
    assert.deepEqual(await counts(unasked), before);
  });

  test('overdue open requests are on supervision\'s list; a replied one leaves it', async () => {
    t.clock.set(START);
    const id = await submit(person, '2026年部门预算');
    t.clock.set(chinaNoon('2026-10-22'));
    const list = await supervisor.get('/api/disclosure/requests?overdue=true&pageSize=100');
    assert.equal(list.statusCode, 200, list.body);
    const row = list.json().items.find((r: { id: string }) => r.id === id);
    assert.ok(row, 'the overdue request is listed');
    assert.equal(row.overdue, true);
    assert.equal((await act(officer, id, { action: 'reply', replyType: 'open', text: '见附件：2026年部门预算公开表' })).statusCode, 200);
    const after = (await supervisor.get('/api/disclosure/requests?overdue=true&pageSize=100')).json();
    assert.ok(!after.items.some((r: { id: string }) => r.id === id));
  });
});

describe('replies', () => {
  test('a refusal without a reason, an open reply without the information: refused, nothing written; each reply type has its letter', async () => {
    t.clock.set(START);
    const id = await submit(person, '某企业的商业秘密');
    const before = await counts(id);
    for (const replyType of ['refused', 'partial', 'not_exist', 'not_ours'] as const) {
      const bare = await act(officer, id, { action: 'reply', replyType, text: replyType === 'partial' ? '可公开部分' : undefined });
      assert.equal(bare.statusCode, 400, replyType);
      assert.equal(bare.json().code, 'DISCLOSURE_REASON_REQUIRED');
    }
    for (const replyType of ['open', 'partial'] as const) {
      const bare = await act(officer, id, { action: 'reply', replyType, reason: '部分涉及商业秘密' });
      assert.equal(bare.statusCode, 400, replyType);
      assert.equal(bare.json().code, 'DISCLOSURE_REPLY_TEXT_REQUIRED');
    }
    assert.deepEqual(await counts(id), before);
    assert.equal((await person.get(`/api/disclosure/requests/${id}/reply.pdf`)).json().code, 'DISCLOSURE_NO_REPLY_DOCUMENT');

    const refused = await act(officer, id, { action: 'reply', replyType: 'refused', reason: '属于第三方商业秘密，公开会对第三方合法权益造成损害（第十五条）' });
    assert.equal(refused.statusCode, 200, refused.body);
    assert.equal(refused.json().status, 'replied');
    const text = await pdfText(person, id);
    assert.match(text, /不予公开/);
    assert.match(text, /第三方商业秘密/);
    assert.match(text, /行政复议/);
    // Replied is final.
    const twice = await act(officer, id, { action: 'reply', replyType: 'open', text: 'x' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'DISCLOSURE_STATE');

    for (const [replyType, words] of [['not_exist', /信息不存在/], ['not_ours', /非本机关/], ['partial', /部分公开/], ['open', /予以公开/]] as const) {
      const other = await submit(company, `申请${replyType}`);
      const res = await act(officer, other, { action: 'reply', replyType, text: '可公开的内容', reason: '理由' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(await pdfText(company, other), words);
    }
  });

  test('the requester sees their own requests only; staff of the center and its supervisors see the center\'s', async () => {
    t.clock.set(START);
    const id = await submit(person, '本人申请');
    assert.equal((await person.get(`/api/disclosure/requests/${id}`)).statusCode, 200);
    assert.equal((await company.get(`/api/disclosure/requests/${id}`)).statusCode, 404);
    assert.equal((await company.get(`/api/disclosure/requests/${id}/reply.pdf`)).statusCode, 404);
    assert.ok(!(await company.get('/api/disclosure/requests?pageSize=100')).json().items.some((r: { id: string }) => r.id === id));
    assert.ok((await person.get('/api/disclosure/requests?pageSize=100')).json().items.every((r: { requesterName: string }) => r.requesterName === DEMO_PERSON.name));
    assert.equal((await hkOfficer.get(`/api/disclosure/requests/${id}`)).statusCode, 403);
    assert.equal((await window1.get(`/api/disclosure/requests/${id}`)).statusCode, 403);
    assert.equal((await window1.get('/api/disclosure/requests')).statusCode, 403);
    assert.equal((await supervisor.get(`/api/disclosure/requests/${id}`)).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/disclosure/requests/${id}` })).statusCode, 401);
    // Another requester cannot act on it; staff cannot submit.
    const before = await counts(id);
    assert.equal((await act(company, id, { action: 'withdraw' })).statusCode, 404);
    assert.equal((await act(supervisor, id, { action: 'reply', replyType: 'open', text: 'x' })).statusCode, 403);
    assert.equal((await act(hkOfficer, id, { action: 'reply', replyType: 'open', text: 'x' })).statusCode, 403);
    assert.deepEqual(await counts(id), before);
    assert.equal((await officer.post('/api/disclosure/requests', { centerId: provinceId, description: 'x' })).statusCode, 403);
    // Bad input never gives a 500.
    assert.equal((await person.post('/api/disclosure/requests', { centerId: 'nope', description: '' })).statusCode, 400);
    assert.equal((await act(person, id, { action: 'explode' })).statusCode, 400);
    assert.equal((await act(person, id, { action: 'withdraw' })).json().status, 'withdrawn');
  });
});

describe('the disclosure point', () => {
  test('the office publishes by category and year; the public lists, searches and reads; a withdrawal hides it; nobody else publishes', async () => {
    t.clock.set(START);
    const budget = await officer.post('/api/disclosure/publications', {
      category: 'budgets', title: '海南省政务服务中心2026年部门预算', titleEn: 'Departmental budget 2026', body: '一、收支预算总表……', year: 2026, docNo: '琼政服〔2026〕3号',
    });
    assert.equal(budget.statusCode, 201, budget.body);
    const plan = await manager.post('/api/disclosure/publications', { category: 'emergency_plans', title: '政务服务中心突发事件应急预案', body: '第一章 总则……', year: 2025 });
    assert.equal(plan.statusCode, 201, plan.body);

    const all = (await t.app.inject({ method: 'GET', url: `/api/public/disclosure?centerId=${provinceId}` })).json();
    assert.ok(all.total >= 2);
    const byCategory = (await t.app.inject({ method: 'GET', url: `/api/public/disclosure?centerId=${provinceId}&category=budgets` })).json();
    assert.deepEqual(byCategory.items.map((p: { id: string }) => p.id), [budget.json().id]);
    const byYear = (await t.app.inject({ method: 'GET', url: `/api/public/disclosure?centerId=${provinceId}&year=2025` })).json();
    assert.deepEqual(byYear.items.map((p: { id: string }) => p.id), [plan.json().id]);
    const byWords = (await t.app.inject({ method: 'GET', url: `/api/public/disclosure?centerId=${provinceId}&q=${encodeURIComponent('预算')}` })).json();
    assert.deepEqual(byWords.items.map((p: { id: string }) => p.id), [budget.json().id]);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/disclosure/${budget.json().id}` })).json().titleEn, 'Departmental budget 2026');

    // Nobody but the center's office and manager publishes or withdraws; nothing is written.
    const count = async () => Number((await t.ctx.db.selectFrom('disclosure_publications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    for (const s of [person, window1, supervisor]) assert.equal((await s.post('/api/disclosure/publications', { category: 'fees', title: 'x', body: 'y', year: 2026 })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/disclosure/publications', payload: { category: 'fees', title: 'x', body: 'y', year: 2026 } })).statusCode, 401);
    assert.equal((await hkOfficer.post(`/api/disclosure/publications/${budget.json().id}/withdraw`, { reason: 'x' })).statusCode, 403);
    assert.equal(await count(), n);
    assert.equal((await officer.post('/api/disclosure/publications', { category: 'gossip', title: 'x', body: 'y', year: 2026 })).statusCode, 400);

    const withdrawn = await officer.post(`/api/disclosure/publications/${budget.json().id}/withdraw`, { reason: '数据更正后重新发布' });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/disclosure/${budget.json().id}` })).statusCode, 404);
    assert.ok(!(await t.app.inject({ method: 'GET', url: `/api/public/disclosure?centerId=${provinceId}` })).json().items.some((p: { id: string }) => p.id === budget.json().id));
    const twice = await officer.post(`/api/disclosure/publications/${budget.json().id}/withdraw`, { reason: '再次' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'DISCLOSURE_ALREADY_WITHDRAWN');
    const row = await t.ctx.db.selectFrom('disclosure_publications').selectAll().where('id', '=', budget.json().id).executeTakeFirstOrThrow();
    assert.equal(row.withdraw_reason, '数据更正后重新发布');
    // The office still sees it in its own list.
    assert.ok((await officer.get('/api/disclosure/publications?pageSize=100')).json().items.some((p: { id: string; status: string }) => p.id === budget.json().id && p.status === 'withdrawn'));
  });

  test('licences granted come from the center\'s approved decisions, the holder masked', async () => {
    const c = await submittedCase(t.app, company, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    // A decided case as the decision leaves it (the lifecycle itself is tested in the cases module).
    await t.owner.updateTable('cases').set({ decision: 'approved', decided_at: new Date('2026-09-16T03:00:00Z'), receipt_no: 'TESTLIC0001' }).where('id', '=', c.id).execute();
    const res = await t.app.inject({ method: 'GET', url: `/api/public/disclosure/licences?centerId=${provinceId}&year=2026` });
    assert.equal(res.statusCode, 200, res.body);
    const row = res.json().items.find((r: { receiptNo: string }) => r.receiptNo === 'TESTLIC0001');
    assert.ok(row);
    assert.equal(row.decidedDate, '2026-09-16');
    assert.equal(row.itemName, '建筑工程施工许可证核发');
    assert.notEqual(row.holder, DEMO_ENTERPRISE.name);
    assert.equal(row.holder[0], DEMO_ENTERPRISE.name[0]);
    assert.match(row.holder, /^.\*+$/);
    const lastYear = (await t.app.inject({ method: 'GET', url: `/api/public/disclosure/licences?centerId=${provinceId}&year=2025` })).json();
    assert.ok(!lastYear.items.some((r: { receiptNo: string }) => r.receiptNo === 'TESTLIC0001'));
  });
});
