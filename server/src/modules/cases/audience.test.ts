import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { makeCreditCode, makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, jointApplication, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 服务对象: an item serves persons, enterprises or both. An applicant of another kind is refused
 * with 409 ITEM_AUDIENCE_MISMATCH, online, at the counter (no account made for the walk-in) and for
 * a joint matter's items; nothing is written. An item a joint matter applies for on behalf of the
 * company or individual business it sets up is not judged against the founder's kind.
 */
let t: TestApp;
let person: Session;
let company: Session;
let window1: Session;
let hkWindow: Session;
/** 建筑工程施工许可证核发: enterprises only. 律师执业许可: persons only. 社会团体成立登记: both. */
let permitId: string;
let lawyerId: string;
let societyId: string;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z') });
  [person, company, window1, hkWindow] = await Promise.all([
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'window1'), signIn(t.app, 'hk.window1'),
  ]);
  [permitId, lawyerId, societyId] = await Promise.all([
    itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'), itemIdByName(t.app, '律师执业许可', '海南省'), itemIdByName(t.app, '社会团体成立登记', '海南省'),
  ]);
});
after(async () => { await t.close(); });

const counts = async () => {
  const n = async (table: 'cases' | 'users' | 'audit_events') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { cases: await n('cases'), users: await n('users'), audit: await n('audit_events') };
};

function refused(res: { statusCode: number; body: string; json(): { code: string; field: string; message: { zh: string; en: string }; details: unknown } }, applicantKind: string, audiences: string[]) {
  assert.equal(res.statusCode, 409, res.body);
  const e = res.json();
  assert.equal(e.code, 'ITEM_AUDIENCE_MISMATCH');
  assert.equal(e.field, 'itemId');
  assert.match(e.message.zh, /服务对象/);
  assert.match(e.message.en, /serves/);
  assert.deepEqual(e.details, { applicantKind, audiences });
}

const walkInPerson = () => ({ kind: 'person', name: '王窗口', idNumber: makeIdNumber('460100', '19800101', String(100 + Math.floor(Math.random() * 800))), phone: '13800001111' });
const walkInCompany = () => ({
  kind: 'enterprise', name: `海口测试${randomUUID().slice(0, 6)}有限公司`, legalRepresentative: '赵六', phone: '13900002222',
  creditCode: makeCreditCode('9', '1', '460100', `MA5T${String(Math.floor(Math.random() * 9000) + 1000)}`),
});

describe('online', () => {
  test('a person for an item only enterprises apply for, and an enterprise for one only persons apply for: 409, nothing written', async () => {
    const before = await counts();
    refused(await person.post('/api/cases', await applicationBody(t.app, person, permitId)), 'person', ['enterprise']);
    refused(await company.post('/api/cases', await applicationBody(t.app, company, lawyerId)), 'enterprise', ['person']);
    assert.deepEqual(await counts(), before);
  });

  test('the kinds the item serves are accepted: the company for the permit, the person for the lawyer licence, both for an item serving both', async () => {
    for (const [s, itemId] of [[company, permitId], [person, lawyerId], [person, societyId], [company, societyId]] as const) {
      const res = await s.post('/api/cases', await applicationBody(t.app, s, itemId));
      assert.equal(res.statusCode, 201, res.body);
    }
  });
});

describe('at the counter', () => {
  test("a walk-in of a kind the item does not serve: 409 before the walk-in's account is made", async () => {
    const before = await counts();
    const p = walkInPerson();
    refused(await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant: p }), 'person', ['enterprise']);
    const c = walkInCompany();
    refused(await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, lawyerId)), applicant: c }), 'enterprise', ['person']);
    assert.deepEqual(await counts(), before);
    // The same walk-ins for items they may apply for: registered, each with an account made.
    for (const [applicant, itemId] of [[p, lawyerId], [c, permitId]] as const) {
      const res = await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, itemId)), applicant });
      assert.equal(res.statusCode, 201, res.body);
    }
    assert.equal((await counts()).users, before.users + 2);
  });
});

describe('a joint matter', () => {
  const matterId = async (key: string) => {
    const center = hkWindow.user.centerId!;
    return (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${center}/matters/${key}` })).json().id as string;
  };

  test("each included item applied for as the applicant is judged: a person opening a hotel for an existing business (the hotel's licences are for enterprises), an enterprise as an individual business", async () => {
    const hotel = await matterId('open-hotel');
    const restaurant = await matterId('open-restaurant');
    const before = await counts();
    refused(await person.post(`/api/joint/matters/${hotel}/cases`, await jointApplication(t.app, person, hotel, { new_company: 'no' })), 'person', ['enterprise']);
    refused(await company.post(`/api/joint/matters/${restaurant}/cases`, await jointApplication(t.app, company, restaurant, { entity: 'individual', large: 'no', sewage: 'no' })), 'enterprise', ['person']);
    const walkIn = walkInPerson();
    refused(await hkWindow.post(`/api/counter/joint/matters/${hotel}/cases`, { ...(await jointApplication(t.app, hkWindow, hotel, { new_company: 'no' })), applicant: walkIn }), 'person', ['enterprise']);
    assert.deepEqual(await counts(), before);
  });

  test('the checklist says who may apply for the answers (applicantKinds), as the submission judges it', async () => {
    const hotel = await matterId('open-hotel');
    const restaurant = await matterId('open-restaurant');
    const kinds = async (id: string, answers: object) => (await t.app.inject({ method: 'POST', url: `/api/joint/matters/${id}/checklist`, payload: { answers } })).json().applicantKinds;
    assert.deepEqual(await kinds(hotel, { new_company: 'no' }), ['enterprise']);
    assert.deepEqual(await kinds(hotel, { new_company: 'yes' }), ['person', 'enterprise']);
    assert.deepEqual(await kinds(restaurant, { entity: 'individual', large: 'yes', sewage: 'yes' }), ['person']);
    assert.deepEqual(await kinds(restaurant, { entity: 'company', large: 'no', sewage: 'no' }), ['person', 'enterprise']);
  });

  test("the licences a matter applies for on behalf of the company or individual business it sets up are not judged against the founder's kind", async () => {
    const hotel = await matterId('open-hotel');
    const restaurant = await matterId('open-restaurant');
    for (const [s, id, answers] of [
      [person, hotel, { new_company: 'yes' }],
      [person, restaurant, { entity: 'individual', large: 'yes', sewage: 'yes' }],
      [person, restaurant, { entity: 'company', large: 'yes', sewage: 'yes' }],
      [company, hotel, { new_company: 'no' }],
    ] as const) {
      const res = await s.post(`/api/joint/matters/${id}/cases`, await jointApplication(t.app, s, id, answers));
      assert.equal(res.statusCode, 201, `${JSON.stringify(answers)}: ${res.body}`);
    }
  });
});
