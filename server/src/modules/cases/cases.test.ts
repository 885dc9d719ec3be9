import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { verifyAudit } from '../../lib/audit.ts';
import { makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { caseDocumentText } from '../../test/pdf-text.ts';
import { applicationBody, caseAction, itemIdByName, receiveMaterials, signIn, submitApplication, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';
import { deemOverdueAccepted } from './cases.jobs.ts';

let t: TestApp;
let company: Session;
let person: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let permitId: string;

// Monday 2026-03-02, 10:00 in Beijing.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const day = 24 * 3600_000;

before(async () => {
  // The clock moves by weeks here; sessions must outlive it.
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  [company, person, window1, approver, chief] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'window1'),
    signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
});
after(async () => { await t.close(); });

const apply = (s: Session, itemId = permitId, key = randomUUID()) => submitApplication(t.app, s, itemId, key);

const act = caseAction;
const auditCount = async (id: string) => Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('stream', '=', `case:${id}`).executeTakeFirstOrThrow()).n);

describe('a case from application to delivery', () => {
  test('apply → supplement → resubmit → accept → review → extend → suspend/resume → decide → deliver', async () => {
    const body = await applicationBody(t.app, company, permitId);
    const first = await company.post('/api/cases', body);
    assert.equal(first.statusCode, 201, first.body);
    const c0 = first.json().case;
    assert.equal(c0.status, 'submitted');
    assert.equal(c0.itemVersion, 1);
    assert.equal(c0.acceptanceDueDate, '2026-03-09', '5 working days after Monday');
    // The same body in another key order is the same request.
    const retry = await company.post('/api/cases', { idempotencyKey: body.idempotencyKey, materials: body.materials, form: body.form, itemId: body.itemId });
    assert.equal(retry.statusCode, 200, 'a retry answers with the same case');
    assert.equal(retry.json().case.id, c0.id);
    const audits = await auditCount(c0.id);
    for (const other of [{ ...body, form: {} }, { ...body, materials: [] }, { ...body, form: { ...body.form, extra: 'x' } }]) {
      const reused = await company.post('/api/cases', other);
      assert.equal(reused.statusCode, 422, 'the same key with another body is refused');
      assert.equal(reused.json().code, 'IDEMPOTENCY_KEY_REUSED');
      assert.ok(reused.json().message);
    }
    assert.equal(await auditCount(c0.id), audits, 'nothing written');
    assert.equal((await company.get('/api/my/cases')).json().total, 1);

    const intake = (await window1.get('/api/workbench/inbox?box=intake')).json();
    assert.ok(intake.cases.some((c: { id: string }) => c.id === c0.id));
    const asWindow = (await window1.get(`/api/cases/${c0.id}`)).json();
    assert.deepEqual(asWindow.allowedActions.sort(), ['accept', 'refuse', 'request_supplement', 'terminate']);

    const missing = c0.materials.filter((m: { status: string }) => m.status === 'missing').map((m: { key: string }) => m.key);
    const notice = await act(window1, c0.id, { action: 'request_supplement', items: missing.map((k: string) => ({ key: k, reason: '未提交，请补交原件扫描件' })), note: '请一次补齐' });
    assert.equal(notice.statusCode, 200, notice.body);
    const c1 = notice.json().case;
    assert.equal(c1.status, 'supplement_requested');
    assert.equal(c1.supplement.items.length, missing.length);
    assert.ok(c1.documents.some((d: { kind: string }) => d.kind === 'supplement'));
    const pdf = await company.get(`/api/cases/${c0.id}/documents/supplement`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

    const other = await uploadMaterial(t.app, company);
    const extra = await act(company, c0.id, { action: 'resubmit', materials: [{ key: 'application', fileId: other }] });
    assert.equal(extra.json().code, 'MATERIAL_NOT_ASKED');
    const files = [];
    for (const k of missing) files.push({ key: k, fileId: await uploadMaterial(t.app, company) });
    const again = await act(company, c0.id, { action: 'resubmit', materials: files });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().case.status, 'submitted');

    t.clock.advance(day); // Tuesday 03-03
    const accepted = (await act(window1, c0.id, { action: 'accept' })).json().case;
    assert.equal(accepted.status, 'accepted');
    assert.match(accepted.receiptNo, /^4600002026\d{9}$/); // random digits and a check digit since issue 10 (receipt-number.ts)
    assert.match(accepted.queryCode, /^\d{6}$/);
    assert.equal(accepted.acceptedDate, '2026-03-03');
    assert.equal(accepted.dueDate, '2026-03-06', 'promised 3 working days, first day not counted');
    assert.equal(accepted.light, 'green');

    const market = await signIn(t.app, 'approver.market');
    assert.equal((await act(market, c0.id, { action: 'review', opinion: '同意', proposal: 'approve' })).statusCode, 403);
    assert.equal((await market.get(`/api/cases/${c0.id}`)).statusCode, 403);
    assert.ok(!(await market.get('/api/workbench/inbox?box=review')).json().cases.some((c: { id: string }) => c.id === c0.id));
    assert.ok((await approver.get('/api/workbench/inbox?box=review')).json().cases.some((c: { id: string }) => c.id === c0.id));

    const reviewed = await act(approver, c0.id, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
    assert.equal(reviewed.json().case.status, 'in_review');

    const extended = (await act(chief, c0.id, { action: 'extend', reason: '需现场核查' })).json().case;
    assert.equal(extended.extension.days, 10);
    assert.equal(extended.dueDate, '2026-03-20', '13 working days after 03-03');
    assert.equal((await act(chief, c0.id, { action: 'extend', reason: '再延' })).json().code, 'CASE_STATE_CONFLICT');

    assert.equal((await act(chief, c0.id, { action: 'suspend', kind: 'expert_review', reason: '组织专家评审', expectedDays: 5 })).statusCode, 200);
    assert.equal((await act(chief, c0.id, { action: 'decide', result: 'approved', reason: '符合条件' })).statusCode, 409, 'no decision while suspended');
    t.clock.advance(7 * day); // Tuesday 03-10: 03-04..03-10 is 5 working days
    const resumed = (await act(approver, c0.id, { action: 'resume' })).json().case;
    assert.equal(resumed.suspensions[0].workdays, 5);
    assert.equal(resumed.dueDate, '2026-03-27', 'the due date moved by the 5 suspended working days');

    const decided = (await act(chief, c0.id, { action: 'decide', result: 'approved', reason: '符合法定条件' })).json().case;
    assert.equal(decided.status, 'decided');
    assert.ok(decided.documents.some((d: { kind: string }) => d.kind === 'decision'));
    assert.equal((await act(chief, c0.id, { action: 'handover' })).json().case.status, 'ready');
    const delivery = await signIn(t.app, 'delivery1');
    assert.ok((await delivery.get('/api/workbench/inbox?box=delivery')).json().cases.some((c: { id: string }) => c.id === c0.id));
    // Issue 11: the window delivers only after checking who collects (modules/delivery), not by the plain action.
    assert.equal((await act(delivery, c0.id, { action: 'deliver', method: 'pickup' })).json().code, 'DELIVERY_VERIFICATION_REQUIRED');
    const holder = { verification: { kind: 'query_code', receiptNo: accepted.receiptNo, queryCode: accepted.queryCode }, collector: { kind: 'holder' } };
    assert.equal((await delivery.post(`/api/cases/${c0.id}/delivery/pickup`, holder)).statusCode, 200);
    const done = (await delivery.get(`/api/cases/${c0.id}`)).json();
    assert.equal(done.status, 'delivered');

    const mine = (await company.get(`/api/cases/${c0.id}`)).json();
    const actions = mine.timeline.map((x: { action: string }) => x.action);
    assert.deepEqual(actions, ['case.submitted', 'case.request_supplement', 'case.resubmit', 'case.accept', 'case.review', 'case.extend', 'case.suspend', 'case.resume', 'case.decide', 'case.handover', 'case.deliver']);
    assert.deepEqual(mine.allowedActions, []);

    const progress = await t.app.inject({ method: 'GET', url: `/api/progress?receiptNo=${mine.receiptNo}&queryCode=${mine.queryCode}` });
    assert.equal(progress.statusCode, 200);
    assert.equal(progress.json().applicantName, '海' + '*'.repeat([...DEMO_ENTERPRISE.name].length - 1));
    assert.equal(progress.json().status, 'delivered');
    const wrong = await t.app.inject({ method: 'GET', url: `/api/progress?receiptNo=${mine.receiptNo}&queryCode=${mine.queryCode === '000000' ? '111111' : '000000'}` });
    assert.equal(wrong.statusCode, 404);

    const text = await caseDocumentText(company, c0.id, 'receipt', ' ');
    assert.match(text, /受理凭证/);
    assert.ok(text.includes(mine.receiptNo), 'the receipt number is printed');
    assert.match(text, /海南省政务服务中心/);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });
});

describe('security and bad input', () => {
  test("an applicant cannot read or act on another applicant's case, by id, receipt or file", async () => {
    const c = (await apply(company)).json().case;
    assert.equal((await person.get(`/api/cases/${c.id}`)).statusCode, 404);
    assert.equal((await act(person, c.id, { action: 'withdraw', reason: '不想办了' })).statusCode, 404);
    assert.equal((await person.get(`/api/cases/${c.id}/documents/receipt`)).statusCode, 404);
    const fileId = c.materials.find((m: { files: unknown[] }) => m.files.length).files[0].id;
    assert.equal((await person.get(`/api/files/${fileId}`)).statusCode, 403);
    assert.equal((await company.get(`/api/files/${fileId}`)).statusCode, 200);
    assert.equal((await window1.get(`/api/files/${fileId}`)).statusCode, 200, 'the window of the center sees the materials');
    assert.equal((await (await signIn(t.app, 'approver.market')).get(`/api/files/${fileId}`)).statusCode, 403);
    assert.ok(!(await person.get('/api/my/cases')).json().cases.some((x: { id: string }) => x.id === c.id));
    // An item the person may apply for, one material given as the company's file.
    const own = await applicationBody(t.app, person, await itemIdByName(t.app, '社会团体成立登记', '海南省'));
    const stolen = await person.post('/api/cases', { ...own, materials: [{ ...own.materials[0]!, fileId }, ...own.materials.slice(1)] });
    assert.equal(stolen.statusCode, 400);
    assert.equal(stolen.json().code, 'FILE_NOT_FOUND', "another applicant's file cannot be attached");
  });

  test('an invalid transition changes neither the case nor the audit chain', async () => {
    const c = (await apply(company)).json().case;
    const before = { events: await auditCount(c.id), row: await t.ctx.db.selectFrom('cases').select(['status', 'row_version']).where('id', '=', c.id).executeTakeFirstOrThrow() };
    assert.equal((await act(company, c.id, { action: 'accept' })).statusCode, 403, 'an applicant does not accept');
    assert.equal((await act(window1, c.id, { action: 'decide', result: 'approved', reason: '越权决定' })).statusCode, 403, 'a window does not decide');
    assert.equal((await act(chief, c.id, { action: 'decide', result: 'approved', reason: '未受理先决定' })).statusCode, 409, 'not before acceptance');
    assert.equal((await act(window1, c.id, { action: 'deem_accept' })).statusCode, 403, 'only the clock deems acceptance');
    const bad = await act(window1, c.id, { action: 'refuse', reason: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'reason');
    assert.equal(await auditCount(c.id), before.events);
    assert.deepEqual(await t.ctx.db.selectFrom('cases').select(['status', 'row_version']).where('id', '=', c.id).executeTakeFirstOrThrow(), before.row);
  });

  test('two clerks accepting at once: one wins, the other gets 409', async () => {
    const c = (await apply(company)).json().case;
    const other = await signIn(t.app, 'delivery1');
    const results = await Promise.all([act(window1, c.id, { action: 'accept' }), act(other, c.id, { action: 'accept' })]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
    assert.equal(await auditCount(c.id), 2);
  });

  test('a clerk waits briefly for a lock held elsewhere (a sweep batch), then gets 409 BUSY and nothing changes', async () => {
    const c = (await apply(company)).json().case;
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const isLocked = new Promise<void>((r) => { locked = r; });
    const holder = t.ctx.db.transaction().execute(async (tx) => {
      await tx.selectFrom('cases').select('id').where('id', '=', c.id).forUpdate().execute();
      locked();
      await held;
    });
    await isLocked;
    const busy = await act(window1, c.id, { action: 'accept' });
    release();
    await holder;
    assert.equal(busy.statusCode, 409);
    assert.equal(busy.json().details.reason, 'BUSY');
    assert.equal(await auditCount(c.id), 1, 'nothing written');
    assert.equal((await act(window1, c.id, { action: 'accept' })).statusCode, 200, 'the retry goes through');
  });

  test('bad forms are refused with the field named and nothing is written', async () => {
    const count = async () => Number((await t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    const missing = await company.post('/api/cases', { itemId: permitId, form: { contactName: '王五' }, materials: [], idempotencyKey: randomUUID() });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'FORM_FIELD_INVALID');
    assert.equal(missing.json().field, 'form.contactPhone');
    const unknown = await company.post('/api/cases', { itemId: permitId, form: { hack: '1' }, materials: [], idempotencyKey: randomUUID() });
    assert.equal(unknown.json().code, 'FORM_FIELD_UNKNOWN');
    const staff = await window1.post('/api/cases', { itemId: permitId, form: {}, materials: [], idempotencyKey: randomUUID() });
    assert.equal(staff.statusCode, 403, 'staff register walk-ins at the counter endpoint, not as applicants');
    assert.equal(await count(), n);
  });
});

describe('the clock without an answer, and the counter', () => {
  test('unanswered for 5 working days: accepted as of the day of receipt, once, even with two instances', async () => {
    t.clock.set(MONDAY);
    const c = (await apply(company)).json().case;
    t.clock.set(new Date(MONDAY.getTime() + 30 * day));
    const [a, b] = await Promise.all([deemOverdueAccepted(t.ctx), deemOverdueAccepted(t.ctx)]);
    assert.ok(a + b >= 1);
    const after = (await company.get(`/api/cases/${c.id}`)).json();
    assert.equal(after.status, 'accepted');
    assert.equal(after.deemedAccepted, true);
    assert.equal(after.acceptedDate, '2026-03-02', 'as of the day of receipt');
    assert.equal(after.timeline.filter((x: { action: string }) => x.action === 'case.deem_accept').length, 1);
    assert.equal(await deemOverdueAccepted(t.ctx), 0);
    t.clock.set(MONDAY);
  });

  test('an instant item at the Haikou counter is accepted, reviewed by the clerk and decided the same day', async () => {
    t.clock.set(MONDAY);
    const hkWindow = await signIn(t.app, 'hk.window1');
    const hkChief = await signIn(t.app, 'hk.chief.market');
    const items = (await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent('个体工商户设立登记')}` })).json();
    const itemId = items.items.find((i: { name: string }) => i.name === '个体工商户设立登记').id;
    const form = (await t.app.inject({ method: 'GET', url: `/api/items/${itemId}/form` })).json();
    const values = Object.fromEntries(form.fields.filter((f: { required: boolean }) => f.required).map((f: { key: string }) => [f.key, '现场填写']));
    const fileId = await uploadMaterial(t.app, hkWindow);
    const walkIn = await hkWindow.post('/api/counter/cases', {
      itemId, applicant: { kind: 'person', name: '符小琼', idNumber: makeIdNumber('460106', '19920815', '001'), phone: '13976000000' },
      form: values, materials: [{ key: 'application', fileId }], idempotencyKey: randomUUID(),
    });
    assert.equal(walkIn.statusCode, 201, walkIn.body);
    const c = walkIn.json().case;
    assert.equal(c.channel, 'counter');
    assert.equal(c.processingMode, 'instant');
    // Issue 10: the clerk records the paper materials received before accepting (the counter's checklist).
    await receiveMaterials(hkWindow, c.id);
    assert.equal((await act(hkWindow, c.id, { action: 'accept' })).json().case.dueDate, '2026-03-02', 'due the same day');
    assert.equal((await act(hkWindow, c.id, { action: 'review', opinion: '当场审核通过', proposal: 'approve' })).statusCode, 200);
    const decided = (await act(hkChief, c.id, { action: 'decide', result: 'approved', reason: '当场办结' })).json().case;
    assert.equal(decided.status, 'decided');
    assert.equal(decided.decision.decidedAt.slice(0, 10), '2026-03-02');
    assert.equal((await window1.get(`/api/cases/${c.id}`)).statusCode, 403, 'the province window is outside the Haikou center');
  });

  test("a local holiday moves the due dates of that region's open cases, recorded on each case", async () => {
    t.clock.set(MONDAY);
    const hkWindow = await signIn(t.app, 'hk.window1');
    const hkManager = await signIn(t.app, 'hk.manager');
    const items = (await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent('食品经营许可')}` })).json();
    const itemId = items.items.find((i: { name: string; center: { name: string } }) => i.name === '食品经营许可' && i.center.name.startsWith('海口')).id;
    const hk = (await apply(company, itemId)).json().case;
    const accepted = (await act(hkWindow, hk.id, { action: 'accept' })).json().case;
    assert.equal(accepted.dueDate, '2026-03-03');
    const province = (await apply(company)).json().case;
    const provinceDue = (await act(window1, province.id, { action: 'accept' })).json().case.dueDate;

    const set = await hkManager.put('/api/admin/calendar/460100/days/2026-03-03', { kind: 'holiday', name: '测试假日' });
    assert.equal(set.statusCode, 200, set.body);
    const moved = (await company.get(`/api/cases/${hk.id}`)).json();
    assert.equal(moved.dueDate, '2026-03-04');
    assert.ok(moved.timeline.some((x: { action: string }) => x.action === 'case.clock_recomputed'));
    assert.equal((await company.get(`/api/cases/${province.id}`)).json().dueDate, provinceDue, 'the province is not Haikou');
  });

  test('verify-audit reports the first broken link when an event is altered', async () => {
    const c = (await apply(company)).json().case;
    await act(window1, c.id, { action: 'accept' });
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
    await t.owner.connection().execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      await sql`UPDATE audit_events SET data = jsonb_set(data, '{to}', '"decided"') WHERE stream = ${`case:${c.id}`} AND seq = 2`.execute(conn);
      await sql`SET session_replication_role = origin`.execute(conn);
    });
    const r = await verifyAudit(t.ctx.db);
    assert.deepEqual(r.broken && { stream: r.broken.stream, seq: r.broken.seq, reason: r.broken.reason }, { stream: `case:${c.id}`, seq: 2, reason: 'hash' });
  });

  test('verify-audit reports a removed event', async () => {
    t.clock.set(MONDAY);
    // A database of its own, so the altered row of the test before does not stop the walk first.
    const fresh = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
    try {
      const s = await signIn(fresh.app, DEMO_ENTERPRISE.creditCode);
      const w = await signIn(fresh.app, 'window1');
      // Issue 10: an online application carries its required materials.
      const c = (await s.post('/api/cases', await applicationBody(fresh.app, s, permitId))).json().case;
      await w.post(`/api/cases/${c.id}/actions`, { action: 'refuse', reason: '不属于本机关职权范围', remedies: '可向有权机关申请' });
      const refusal = await s.get(`/api/cases/${c.id}/documents/refusal`);
      assert.equal(refusal.statusCode, 200);
      assert.equal(refusal.headers['content-type'], 'application/pdf');
      assert.equal((await verifyAudit(fresh.ctx.db)).broken, null);
      await fresh.owner.connection().execute(async (conn) => {
        await sql`SET session_replication_role = replica`.execute(conn);
        await sql`DELETE FROM audit_events WHERE stream = ${`case:${c.id}`} AND seq = 1`.execute(conn);
        await sql`SET session_replication_role = origin`.execute(conn);
      });
      const r = await verifyAudit(fresh.ctx.db);
      assert.equal(r.broken?.stream, `case:${c.id}`);
      assert.equal(r.broken?.reason, 'gap');
    } finally {
      await fresh.close();
    }
  });
});

describe('documents are dated in China time', () => {

  test('a decision at 01:30 in China (17:30 UTC the day before) is dated that China day, as is the application', async () => {
    t.clock.set(new Date('2026-11-22T16:30:00Z')); // Monday 11-23, 00:30 in China
    const c = (await apply(company)).json().case;
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
    assert.equal((await act(window1, c.id, { action: 'accept' })).statusCode, 200);
    assert.equal((await act(approver, c.id, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' })).statusCode, 200);
    t.clock.set(new Date('2026-11-23T17:30:00Z')); // Tuesday 11-24, 01:30 in China
    const decided = await act(chief, c.id, { action: 'decide', result: 'approved', reason: '符合法定条件' });
    assert.equal(decided.statusCode, 200, decided.body);
    t.clock.set(new Date('2026-11-25T03:00:00Z')); // printed later: the letter keeps the day of its event

    const letter = await caseDocumentText(company, c.id, 'decision');
    assert.ok(letter.includes('申请日期：2026年11月23日'), letter);
    assert.ok(letter.includes('决定日期：2026年11月24日'), letter);
    assert.ok(letter.endsWith('2026年11月24日'), 'the letter is signed on the day of the decision');
    assert.ok(!letter.includes('2026年11月25日'), 'not the day of printing');

    const receipt = await caseDocumentText(company, c.id, 'receipt');
    assert.ok(receipt.includes('申请日期：2026年11月23日'), receipt);
    assert.ok(receipt.includes('本中心已于2026年11月23日'), receipt);
    assert.ok(!receipt.includes('2026年11月22日'), 'no UTC date');
  });
});
