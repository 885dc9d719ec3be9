import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { pdfToText } from '../../test/pdf-text.ts';

/**
 * A third party consulted on a disclosure request (政府信息公开条例 第三十二条, 第三十三条; docs/disclosure.md
 * "Third parties"), on the 2026 official schedule (国庆 1–7 October, make-up workday 10 October).
 */
let t: TestApp;
let person: Session; let officer: Session; let hkOfficer: Session; let supervisor: Session;
let provinceId: string;
// Thursday 17 September 2026, 10:00 in China: a request received then is due on 21 October.
const START = new Date('2026-09-17T02:00:00Z');
const chinaNoon = (day: string) => new Date(`${day}T04:00:00Z`);

before(async () => {
  t = await testApp({ now: START, env: { SESSION_TTL_HOURS: '100000' } });
  [person, officer, hkOfficer, supervisor] = await Promise.all([
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'disclosure1'), signIn(t.app, 'hk.disclosure'), signIn(t.app, 'supervisor'),
  ]);
  provinceId = officer.user.centerId!;
});
after(() => t.close());

/** Everything a refusal must leave as it was: the row, its events, the requester's messages. */
const footprint = async (id: string) => {
  const row = await t.ctx.db.selectFrom('disclosure_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await t.ctx.db.selectFrom('disclosure_request_events').select('id').where('request_id', '=', id).execute();
  const messages = await t.ctx.db.selectFrom('applicant_messages').select('id').where('user_id', '=', row.requester_id).execute();
  return { row, events: events.length, messages: messages.length };
};
const ok = (r: LightMyRequestResponse) => { assert.equal(r.statusCode, 200, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); return r.json(); };
async function submit() {
  t.clock.set(START);
  const res = await person.post('/api/disclosure/requests', { centerId: provinceId, description: '某企业的环境影响评价报告全文', delivery: 'electronic' });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
/** The letters to the third party, as text (pdftotext), spaces removed. */
async function letterText(s: Session, id: string) {
  const res = await s.get(`/api/disclosure/requests/${id}/third-party-letter.pdf`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return pdfToText(res.rawPayload).replace(/\s+/g, '');
}
const act = (s: Session, id: string, body: object) => s.post(`/api/disclosure/requests/${id}/actions`, body);
const consult = (id: string, s = officer) => act(s, id, { action: 'consult_third_party', thirdParty: '海南某化工有限公司', matter: '报告中的生产工艺参数可能涉及该企业商业秘密' });

describe('a third party consulted (第三十二条): the clock stops and resumes (第三十三条)', () => {
  test('consulted on 12 October with 7 working days left: no due date while it is asked, its silence recorded only after its 15 working days, then the 7 days resume; a second consultation refused', async () => {
    const id = await submit();
    t.clock.set(chinaNoon('2026-10-12'));
    refused(await officer.get(`/api/disclosure/requests/${id}/third-party-letter.pdf`), 404, 'DISCLOSURE_NO_THIRD_PARTY_LETTER');
    const messagesBefore = (await footprint(id)).messages;
    const asked = ok(await consult(id));
    assert.deepEqual([asked.status, asked.dueDate, asked.overdue], ['consulting', null, false]);
    assert.deepEqual(asked.thirdParty, {
      name: '海南某化工有限公司', matter: '报告中的生产工艺参数可能涉及该企业商业秘密', consultedDate: '2026-10-12', answerBy: '2026-11-02',
      opinion: null, reason: null, opinionDate: null, publicInterest: null,
    });
    assert.equal(asked.events.at(-1).data.workdaysLeft, 7);
    assert.equal((await footprint(id)).messages, messagesBefore + 1, 'the requester is told the clock stopped');
    // The requester sees it, with the third party's name.
    assert.equal(ok(await person.get(`/api/disclosure/requests/${id}`)).thirdParty.name, '海南某化工有限公司');
    // The consultation letter (征求第三方意见书): to the third party, its matter and last day; the requester is not named,
    // and does not read it (the office's file).
    const letter = await letterText(officer, id);
    for (const part of ['征求第三方意见书', '海南某化工有限公司：', '报告中的生产工艺参数可能涉及该企业商业秘密', '2026年11月2日前', '第三十二条']) assert.ok(letter.includes(part), part);
    assert.ok(!letter.includes(DEMO_PERSON.name), 'the requester is not named to the third party');
    assert.ok(!letter.includes('政府信息公开告知书'), 'no notice of disclosure yet');
    assert.equal((await letterText(supervisor, id)).length, letter.length);
    refused(await person.get(`/api/disclosure/requests/${id}/third-party-letter.pdf`), 403, 'FORBIDDEN');
    assert.notEqual((await hkOfficer.get(`/api/disclosure/requests/${id}/third-party-letter.pdf`)).statusCode, 200);

    // While it is asked, the office neither replies nor consults again; silence is not recorded before its last day.
    t.clock.set(chinaNoon('2026-11-02'));
    const before = await footprint(id);
    refused(await act(officer, id, { action: 'reply', replyType: 'open', text: '报告全文见附件' }), 409, 'DISCLOSURE_STATE');
    refused(await consult(id), 409, 'DISCLOSURE_STATE');
    const early = refused(await act(officer, id, { action: 'record_opinion', opinion: 'no_reply' }), 409, 'DISCLOSURE_THIRD_PARTY_PERIOD_OPEN');
    assert.deepEqual(early.details, { answerBy: '2026-11-02' });
    assert.match(early.message.zh, /第三十二条/);
    assert.deepEqual(await footprint(id), before);

    // The day after: silence recorded, the 7 working days left run from today.
    t.clock.set(chinaNoon('2026-11-03'));
    const resumed = ok(await act(officer, id, { action: 'record_opinion', opinion: 'no_reply' }));
    assert.deepEqual([resumed.status, resumed.dueDate, resumed.thirdParty.opinion, resumed.thirdParty.opinionDate], ['received', '2026-11-12', 'no_reply', '2026-11-03']);
    // Once only: the clock is not stopped twice.
    const after = await footprint(id);
    refused(await consult(id), 409, 'DISCLOSURE_ALREADY_CONSULTED');
    assert.deepEqual(await footprint(id), after);
    assert.ok(!ok(await officer.get(`/api/disclosure/requests/${id}`)).actions.includes('consult_third_party'), 'not offered either');
    // Silence leaves the decision to the office: a full disclosure needs no more.
    assert.equal(ok(await act(officer, id, { action: 'reply', replyType: 'open', text: '报告全文见附件' })).status, 'replied');
  });

  test('after the reply period has ended a consultation cannot stop the clock; the requester, supervision and other centers cannot consult; the requester may withdraw while it is asked', async () => {
    const late = await submit();
    t.clock.set(chinaNoon('2026-10-22'));
    const before = await footprint(late);
    const r = refused(await consult(late), 409, 'DISCLOSURE_CONSULT_AFTER_DUE');
    assert.deepEqual(r.details, { dueDate: '2026-10-21' });
    assert.deepEqual(await footprint(late), before);

    const id = await submit();
    const untouched = await footprint(id);
    refused(await consult(id, person), 403, 'FORBIDDEN');
    assert.notEqual((await consult(id, hkOfficer)).statusCode, 200);
    refused(await consult(id, supervisor), 403, 'FORBIDDEN');
    assert.deepEqual(await footprint(id), untouched);
    ok(await consult(id));
    assert.equal(ok(await act(person, id, { action: 'withdraw' })).status, 'withdrawn');
  });
});

describe('the third party objects (第三十二条)', () => {
  test('an objection is recorded with its reasons; then a full disclosure is refused unless the public interest is stated, which the third party is told; a partial one is not', async () => {
    const id = await submit();
    t.clock.set(chinaNoon('2026-10-12'));
    ok(await consult(id));
    t.clock.set(chinaNoon('2026-10-15'));
    let before = await footprint(id);
    refused(await act(officer, id, { action: 'record_opinion', opinion: 'object' }), 400, 'VALIDATION_FAILED');
    refused(await act(officer, id, { action: 'record_opinion', opinion: 'maybe', reason: '…' }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(await footprint(id), before);
    // Answered on 15 October: the 7 working days left run from then (16, 19–23, 26).
    const objected = ok(await act(officer, id, { action: 'record_opinion', opinion: 'object', reason: '工艺参数属于商业秘密，公开将造成竞争损害' }));
    assert.deepEqual([objected.status, objected.dueDate, objected.thirdParty.opinion], ['received', '2026-10-26', 'object']);

    before = await footprint(id);
    const r = refused(await act(officer, id, { action: 'reply', replyType: 'open', text: '报告全文见附件' }), 409, 'DISCLOSURE_THIRD_PARTY_OBJECTED');
    assert.equal(r.field, 'publicInterest');
    assert.deepEqual(await footprint(id), before);
    const done = ok(await act(officer, id, { action: 'reply', replyType: 'open', text: '报告全文见附件', publicInterest: '涉及周边居民饮用水安全，不公开可能对公共利益造成重大影响' }));
    assert.deepEqual([done.status, done.thirdParty.publicInterest], ['replied', '涉及周边居民饮用水安全，不公开可能对公共利益造成重大影响']);
    assert.deepEqual(done.events.at(-1).data.thirdPartyNotice, { to: '海南某化工有限公司', disclosed: '报告全文见附件', reason: '涉及周边居民饮用水安全，不公开可能对公共利益造成重大影响' });
    // The written notice to the third party follows its consultation letter in the same file.
    const letters = await letterText(officer, id);
    for (const part of ['征求第三方意见书', '政府信息公开告知书（决定公开）', '报告全文见附件', '涉及周边居民饮用水安全，不公开可能对公共利益造成重大影响']) assert.ok(letters.includes(part), part);

    // Another request, the same objection: disclosing the rest (部分公开) withholds the third party's part and needs no more.
    const other = await submit();
    t.clock.set(chinaNoon('2026-10-12'));
    ok(await consult(other));
    ok(await act(officer, other, { action: 'record_opinion', opinion: 'object', reason: '商业秘密' }));
    const partial = ok(await act(officer, other, { action: 'reply', replyType: 'partial', text: '报告除工艺参数外的部分见附件', reason: '工艺参数涉及第三方商业秘密，第三方不同意公开（第三十二条）' }));
    assert.deepEqual([partial.status, partial.thirdParty.publicInterest], ['replied', null]);
  });
});
