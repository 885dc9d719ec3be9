/**
 * Messages to applicants through the API: each step of a case that concerns its applicant makes one
 * message (its kind, receipt number, item, link) and, by the person's preferences, one SMS row with its
 * job; a repeated event makes nothing more; the message centre shows a person only their own; the
 * preferences accept any kind or group and refuse bad input with nothing written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, receiveMaterials, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { recordPaymentNow } from '../fees/payments.service.ts';
import { issueAllDue } from '../elicences/issuance.ts';

let t: TestApp;
let company: Session, person: Session, window1: Session, approver: Session, chief: Session, delivery: Session;
let hkWindow: Session, hkApprover: Session, hkChief: Session;
let permitId: string, idCardItem: string;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  [company, person, window1, approver, chief, delivery, hkWindow, hkApprover, hkChief] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'window1'), signIn(t.app, 'approver.housing'),
    signIn(t.app, 'chief.housing'), signIn(t.app, 'delivery1'), signIn(t.app, 'hk.window1'), signIn(t.app, 'hk.approver.police'), signIn(t.app, 'hk.chief.police'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  idCardItem = await itemIdByName(t.app, '居民身份证申领、换领、补领', '海口');
});
after(() => t.close());

const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
};
const act = (s: Session, id: string, body: object) => ok(s.post(`/api/cases/${id}/actions`, body));

async function submit(s: Session, itemId: string): Promise<string> {
  return (await ok(s.post('/api/cases', await applicationBody(t.app, s, itemId)), 201)).case.id;
}

/** The case's messages sent by this module; the ratings module's invitations (rating.*) ride on the same events and are counted apart. */
const messagesOf = (caseId: string) => t.ctx.db.selectFrom('applicant_messages').selectAll().where('case_id', '=', caseId).where('kind', 'not like', 'rating.%').orderBy('id').execute();
const ratingInvitesOf = (caseId: string) => t.ctx.db.selectFrom('applicant_messages').select('dedupe_key').where('case_id', '=', caseId).where('kind', '=', 'rating.invited').orderBy('id').execute();
const smsOf = (messageId: number) => t.ctx.db.selectFrom('outbound_messages').selectAll().where('message_id', '=', messageId).execute();
const jobKeys = async () => new Set((await sql<{ key: string }>`SELECT key FROM graphile_worker.jobs WHERE task_identifier = 'messages.send_outbound'`.execute(t.owner)).rows.map((r) => r.key));

describe('a message for every step that concerns the applicant', () => {
  test('supplement, then accepted, decided, ready, delivered: one message each, with the receipt number, the item and the case link; an SMS row and its job for each', async () => {
    const id = await submit(company, permitId);
    const checklist = (await ok(window1.get(`/api/cases/${id}/checklist`))) as { materials: Array<{ key: string; name: string }> };
    const material = checklist.materials[0]!;
    await act(window1, id, { action: 'request_supplement', items: [{ key: material.key, reason: '缺少盖章页' }] });
    let msgs = await messagesOf(id);
    assert.deepEqual(msgs.map((m) => [m.kind, m.dedupe_key]), [['case.supplement_requested', `case.request_supplement:${id}:1`]]);
    assert.ok(msgs[0]!.body.zh.includes(material.name) && msgs[0]!.body.zh.includes('缺少盖章页'), msgs[0]!.body.zh);

    // Back to submitted with the materials, then through to the end.
    const fileId = (await t.ctx.db.selectFrom('case_materials').select('file_id').where('case_id', '=', id).executeTakeFirst())?.file_id;
    if (fileId) await act(company, id, { action: 'resubmit', materials: [{ key: material.key, fileId }] });
    else await act(window1, id, { action: 'resubmit', materials: [] });
    await receiveMaterials(window1, id);
    const accepted = (await act(window1, id, { action: 'accept' })).case as { receiptNo: string; queryCode: string };
    await act(approver, id, { action: 'review', opinion: '符合条件', proposal: 'approve' });
    await act(chief, id, { action: 'decide', result: 'approved', reason: '依法决定' });
    await act(chief, id, { action: 'handover' });
    await ok(delivery.post(`/api/cases/${id}/delivery/pickup`, { verification: { kind: 'query_code', receiptNo: accepted.receiptNo, queryCode: accepted.queryCode }, collector: { kind: 'holder' } }));

    msgs = await messagesOf(id);
    assert.deepEqual(msgs.map((m) => m.kind), ['case.supplement_requested', 'case.accepted', 'case.decided', 'case.ready', 'case.delivered']);
    // Beside them, the ratings module invited a rating at acceptance and at delivery (issue 13), once each.
    assert.deepEqual((await ratingInvitesOf(id)).map((m) => m.dedupe_key), [`rating.invite:${id}:acceptance`, `rating.invite:${id}:completion`]);
    assert.deepEqual(msgs.map((m) => m.dedupe_key).slice(1), [`case.accept:${id}`, `case.decide:${id}`, `case.ready:${id}`, `case.deliver:${id}`]);
    const companyId = company.user.id;
    for (const m of msgs) {
      assert.equal(m.user_id, companyId);
      assert.equal(m.link, `/my/cases/${id}`);
      assert.ok(m.title.zh && m.title.en && m.body.en.length > 0);
    }
    for (const m of msgs.slice(1)) assert.ok(m.body.zh.includes(accepted.receiptNo) && m.body.zh.includes('建筑工程施工许可证核发'), m.body.zh);
    assert.match(msgs[2]!.title.zh, /审批通过/);
    assert.match(msgs[3]!.body.zh, /出件窗口领取/);
    // The SMS copy of each, to the company's phone, pending with its job.
    const keys = await jobKeys();
    for (const m of msgs) {
      const sms = await smsOf(Number(m.id));
      assert.equal(sms.length, 1, m.kind);
      assert.deepEqual([sms[0]!.channel, sms[0]!.recipient, sms[0]!.status], ['sms', DEMO_ENTERPRISE.phone, 'pending']);
      assert.ok(sms[0]!.text.startsWith('【一窗通办】') && sms[0]!.text.includes(m.title.zh));
      assert.ok(keys.has(`outbound:${sms[0]!.id}`), `job of ${m.kind}`);
    }
  });

  test('refused, withdrawn and terminated each tell the applicant', async () => {
    const refusedId = await submit(company, permitId);
    await act(window1, refusedId, { action: 'refuse', reason: '不属于本机关职权范围', remedies: '可向住建部门申请' });
    const withdrawnId = await submit(company, permitId);
    await act(company, withdrawnId, { action: 'withdraw', reason: '不再需要办理' });
    const terminatedId = await submit(company, permitId);
    await act(window1, terminatedId, { action: 'terminate', reason: '申请人死亡或终止' });
    const kinds = async (id: string) => (await messagesOf(id)).map((m) => m.kind);
    assert.deepEqual(await kinds(refusedId), ['case.refused']);
    assert.match((await messagesOf(refusedId))[0]!.body.zh, /不属于本机关职权范围/);
    assert.deepEqual(await kinds(withdrawnId), ['case.withdrawn']);
    assert.deepEqual(await kinds(terminatedId), ['case.terminated']);
  });

  test('a fee due names the amount, the due date and the payment code; paying makes the result ready', async () => {
    const id = await submit(person, idCardItem);
    await receiveMaterials(hkWindow, id);
    let c = await act(hkWindow, id, { action: 'accept' });
    while (!c.case.allowedActions.includes('decide')) {
      await act(hkApprover, id, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
      c = { case: await ok(hkChief.get(`/api/cases/${id}`)) };
    }
    await act(hkChief, id, { action: 'decide', result: 'approved', reason: '符合法定条件' });
    await act(hkApprover, id, { action: 'handover' });
    const notice = await t.ctx.db.selectFrom('payment_notices').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    let msgs = await messagesOf(id);
    const fee = msgs.find((m) => m.kind === 'fee.due')!;
    assert.equal(fee.dedupe_key, `fee.notice_issued:${notice.id}`);
    assert.ok(fee.body.zh.includes('20.00') && fee.body.zh.includes(notice.notice_no) && fee.body.zh.includes(notice.due_date), fee.body.zh);
    assert.equal((await smsOf(Number(fee.id)))[0]!.recipient, DEMO_PERSON.phone);
    await recordPaymentNow(t.ctx, { noticeNo: notice.notice_no, channel: 'sim_bank', channelTxnId: 'T-msg-1', amountFen: notice.total_fen, paidAt: t.clock.now(), recordedBy: null });
    msgs = await messagesOf(id);
    assert.deepEqual(msgs.map((m) => m.kind), ['case.accepted', 'case.decided', 'fee.due', 'case.ready']);
  });

  test('the same event heard again makes no second message and no second SMS', async () => {
    const id = await submit(company, permitId);
    await receiveMaterials(window1, id);
    await act(window1, id, { action: 'accept' });
    const row = await t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const before = { messages: (await messagesOf(id)).length, sms: (await t.ctx.db.selectFrom('outbound_messages').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n };
    await t.ctx.db.transaction().execute((tx) => t.ctx.events.emit(tx, t.ctx, 'case.accept', {
      before: row, action: 'accept', data: { from: 'submitted', to: 'accepted', receiptNo: row.receipt_no!, acceptedDate: row.accepted_date! }, actorId: null, at: t.clock.now(), today: row.accepted_date!,
    }));
    assert.equal((await messagesOf(id)).length, before.messages);
    assert.equal((await t.ctx.db.selectFrom('outbound_messages').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n, before.sms);
  });
});

describe('preferences', () => {
  const prefs = (s: Session) => ok(s.get('/api/my/message-preferences'));
  const prefRows = () => t.ctx.db.selectFrom('message_preferences').selectAll().orderBy('user_id').orderBy('kind').execute();

  test('SMS off for a group stops the SMS (the message stays); a kind\'s own setting wins over its group', async () => {
    const start = await prefs(person);
    assert.equal(start.phone, '138****1234');
    const caseGroup = start.groups.find((g: { group: string }) => g.group === 'case');
    assert.ok(caseGroup.sms && caseGroup.kinds.some((k: { kind: string }) => k.kind === 'case.accepted'));
    assert.deepEqual(start.groups.map((g: { group: string }) => g.group).slice(0, 7), ['case', 'fee', 'licence', 'delivery', 'rating', 'workorder', 'hall']);

    const after = await ok(person.put('/api/my/message-preferences', { preferences: [{ kind: 'case', sms: false }, { kind: 'case.terminated', sms: true }, { kind: 'workorder.replied', sms: false }] }));
    const g = after.groups.find((x: { group: string }) => x.group === 'case');
    assert.equal(g.sms, false);
    assert.deepEqual(g.kinds.find((k: { kind: string }) => k.kind === 'case.accepted'), { kind: 'case.accepted', sms: false, own: false });
    assert.deepEqual(g.kinds.find((k: { kind: string }) => k.kind === 'case.terminated'), { kind: 'case.terminated', sms: true, own: true });
    assert.ok(after.groups.find((x: { group: string }) => x.group === 'workorder').kinds.some((k: { kind: string; sms: boolean }) => k.kind === 'workorder.replied' && !k.sms));

    const a = await submit(person, idCardItem);
    await act(person, a, { action: 'withdraw', reason: '不再需要' });
    const b = await submit(person, idCardItem);
    await act(hkWindow, b, { action: 'terminate', reason: '依法终止办理' });
    const withdrawn = (await messagesOf(a))[0]!;
    const terminated = (await messagesOf(b))[0]!;
    assert.equal(withdrawn.kind, 'case.withdrawn');
    assert.deepEqual(await smsOf(Number(withdrawn.id)), [], 'the group says no SMS');
    assert.equal((await smsOf(Number(terminated.id))).length, 1, 'the kind\'s own setting says yes');
    // Recorded in the person's audit stream.
    const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `user:${person.user.id}`).where('action', '=', 'message_preferences.set').execute();
    assert.equal(audit.length, 1);
    await ok(person.put('/api/my/message-preferences', { preferences: [{ kind: 'case', sms: true }, { kind: 'case.terminated', sms: true }] }));
  });

  test('bad input is refused with nothing written; staff and the public cannot set preferences', async () => {
    const before = await prefRows();
    for (const body of [
      { preferences: [{ kind: 'Case', sms: true }] }, { preferences: [{ kind: '.case', sms: true }] }, { preferences: [{ kind: 'case', sms: 'yes' }] },
      { preferences: [] }, { preferences: [{ kind: 'case', sms: true }, { kind: 'case', sms: false }] }, { preferences: [{ kind: `a${'b'.repeat(200)}`, sms: true }] },
      { preferences: [{ kind: '<script>', sms: true }] }, {},
    ]) {
      const r = await company.put('/api/my/message-preferences', body);
      assert.equal(r.statusCode, 400, JSON.stringify(body));
      assert.equal(r.json().code, 'VALIDATION_FAILED');
    }
    const good = { preferences: [{ kind: 'case', sms: false }] };
    assert.equal((await window1.put('/api/my/message-preferences', good)).statusCode, 403);
    assert.equal((await window1.get('/api/my/message-preferences')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/my/message-preferences', payload: good })).statusCode, 401);
    assert.deepEqual(await prefRows(), before);
  });
});

describe('the message centre', () => {
  test('newest first on a cursor, the unread count, reading one and all; another person\'s message is not found and stays unread', async () => {
    const first = await ok(company.get('/api/my/messages?limit=3'));
    assert.equal(first.rows.length, 3);
    assert.ok(first.rows[0].id > first.rows[1].id && first.rows[1].id > first.rows[2].id);
    const all: number[] = [];
    for (let cursor: number | null = null, page = 0; page < 50; page++) {
      const r: { rows: Array<{ id: number }>; nextCursor: number | null } = await ok(company.get(`/api/my/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      all.push(...r.rows.map((x) => x.id));
      cursor = r.nextCursor;
      if (cursor === null) break;
    }
    const own = await t.ctx.db.selectFrom('applicant_messages').select('id').where('user_id', '=', company.user.id).orderBy('id', 'desc').execute();
    assert.deepEqual(all, own.map((r) => Number(r.id)));

    const unread = (await ok(company.get('/api/my/messages/unread-count'))).unread;
    assert.equal(unread, own.length);
    const read = await ok(company.post(`/api/my/messages/${all[0]}/read`));
    assert.equal(read.id, all[0]);
    assert.equal((await ok(company.get('/api/my/messages/unread-count'))).unread, unread - 1);
    // Reading again keeps the first reading time.
    assert.equal((await ok(company.post(`/api/my/messages/${all[0]}/read`))).readAt, read.readAt);

    // The person cannot read, mark or even learn of the company's message.
    const other = await person.post(`/api/my/messages/${all[1]}/read`);
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().code, 'NOT_FOUND');
    assert.equal((await t.ctx.db.selectFrom('applicant_messages').select('read_at').where('id', '=', all[1]!).executeTakeFirstOrThrow()).read_at, null);
    const personList = await ok(person.get('/api/my/messages?limit=100'));
    assert.ok(personList.rows.every((m: { id: number }) => !all.includes(m.id)));
    assert.equal((await person.post('/api/my/messages/999999999/read')).statusCode, 404);
    for (const bad of ['abc', '0', '-1', '1e99']) assert.equal((await company.post(`/api/my/messages/${bad}/read`)).statusCode, 400, bad);
    assert.equal((await company.get('/api/my/messages?cursor=abc')).statusCode, 400);
    assert.equal((await company.get('/api/my/messages?limit=1000')).statusCode, 400);
    // Staff have their own notifications; the public nothing.
    assert.equal((await window1.get('/api/my/messages')).statusCode, 403);
    assert.equal((await window1.post(`/api/my/messages/${all[1]}/read`)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/my/messages/unread-count' })).statusCode, 401);

    const personUnread = (await ok(person.get('/api/my/messages/unread-count'))).unread;
    assert.equal((await ok(company.post('/api/my/messages/read-all'))).updated, unread - 1);
    assert.equal((await ok(company.get('/api/my/messages/unread-count'))).unread, 0);
    assert.equal((await ok(person.get('/api/my/messages/unread-count'))).unread, personUnread, 'another person\'s messages stay unread');
  });
});

// Last: a licence type for the permit makes its handover go through `issuing` for every later case.
describe('a licence issued', () => {
  test('the e-licence issued makes a licence.issued message, then the result is ready', async () => {
    const manager = await signIn(t.app, 'manager');
    const r = await manager.post('/api/licence-types', {
      code: 'TEST-MSG-PERMIT', name: '建筑工程施工许可证', nameEn: 'Building works permit', issuingDepartmentId: approver.user.departmentId, holderType: 'credit_code',
      validityMonths: 36, fields: [{ key: 'holder', label: '建设单位', source: 'applicant.name' }, { key: 'code', label: '统一社会信用代码', source: 'applicant.code' }], itemIds: [permitId],
    });
    assert.equal(r.statusCode, 200, r.body);
    const id = await submit(company, permitId);
    await receiveMaterials(window1, id);
    await act(window1, id, { action: 'accept' });
    await act(approver, id, { action: 'review', opinion: '符合条件', proposal: 'approve' });
    await act(chief, id, { action: 'decide', result: 'approved', reason: '依法决定' });
    assert.equal((await act(approver, id, { action: 'handover' })).case.status, 'issuing');
    assert.ok(await issueAllDue(t.ctx) >= 1);
    const licence = await t.ctx.db.selectFrom('elicences').select(['id', 'identifier']).where('case_id', '=', id).executeTakeFirstOrThrow();
    const msgs = await messagesOf(id);
    assert.deepEqual(msgs.map((m) => m.kind), ['case.accepted', 'case.decided', 'licence.issued', 'case.ready']);
    assert.equal(msgs[2]!.dedupe_key, `case.issue:${id}:${licence.id}`);
    assert.ok(msgs[2]!.body.zh.includes(licence.identifier), msgs[2]!.body.zh);
  });
});
