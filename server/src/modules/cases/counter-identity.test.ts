import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { makeCreditCode, makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, jointApplication, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * At the counter a clerk registers a walk-in by ID number or credit code and name: a name that is not
 * the account's is refused with both names, and a refused registration writes nothing, not even the
 * applicant's account.
 */
let t: TestApp;
let window1: Session;
let hkWindow: Session;
/** 社会团体成立登记: persons and enterprises both apply for it (服务对象), so one item serves every walk-in here. */
let itemId: string;
let matterId: string;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z') });
  [window1, hkWindow] = await Promise.all([signIn(t.app, 'window1'), signIn(t.app, 'hk.window1')]);
  itemId = await itemIdByName(t.app, '社会团体成立登记', '海南省');
  const matters = (await t.app.inject({ method: 'GET', url: '/api/joint/matters' })).json().matters;
  matterId = matters.find((m: { key: string }) => m.key === 'open-restaurant').id;
});
after(async () => { await t.close(); });

const counts = async () => {
  const n = async (table: 'cases' | 'users' | 'audit_events') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { cases: await n('cases'), users: await n('users'), audit: await n('audit_events') };
};
const usersWith = async (id: { idNumber: string } | { creditCode: string }) => {
  const q = t.ctx.db.selectFrom('users').select(['id', 'name']);
  return ('idNumber' in id ? q.where('id_number', '=', id.idNumber) : q.where('credit_code', '=', id.creditCode)).execute();
};
const register = async (applicant: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, itemId)), applicant, ...over });

describe('the applicant at the counter', () => {
  test('a name that is not the account of the ID number or credit code is refused with both names; nothing is written', async () => {
    const before = await counts();
    const person = await register({ kind: 'person', name: '张三丰', idNumber: DEMO_PERSON.idNumber, phone: '13800000000' });
    assert.equal(person.statusCode, 409, person.body);
    assert.equal(person.json().code, 'COUNTER_NAME_MISMATCH');
    assert.equal(person.json().field, 'applicant.name');
    for (const text of [person.json().message.zh, person.json().message.en]) {
      assert.ok(text.includes('张三丰') && text.includes(DEMO_PERSON.name), text);
    }
    const company = await register({ kind: 'enterprise', name: '海南另一家有限公司', creditCode: DEMO_ENTERPRISE.creditCode, legalRepresentative: '王五', phone: '13900000000' });
    assert.equal(company.statusCode, 409);
    assert.equal(company.json().code, 'COUNTER_NAME_MISMATCH');
    assert.ok(company.json().message.zh.includes(DEMO_ENTERPRISE.name) && company.json().message.zh.includes('海南另一家有限公司'));
    assert.match(company.json().message.en, /credit code/);
    assert.deepEqual(await counts(), before, 'no case, no account, no audit event');
    assert.deepEqual((await usersWith({ idNumber: DEMO_PERSON.idNumber })).map((u) => u.name), [DEMO_PERSON.name], 'the account keeps its name');
  });

  test("the account's own name, typed with full-width or extra spaces, is the same name and the case is filed under that account", async () => {
    const res = await register({ kind: 'person', name: ` ${DEMO_PERSON.name}\u3000`, idNumber: DEMO_PERSON.idNumber, phone: '13800000000' });
    assert.equal(res.statusCode, 201, res.body);
    const [account] = await usersWith({ idNumber: DEMO_PERSON.idNumber });
    const row = await t.ctx.db.selectFrom('cases').select(['applicant_id', 'applicant_name']).where('id', '=', res.json().case.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { applicant_id: account!.id, applicant_name: DEMO_PERSON.name });
  });

  test('a new walk-in: every refused registration writes no account; the accepted one makes it once; then another name for it is refused', async () => {
    const walkIn = { kind: 'person', name: '新来客', idNumber: makeIdNumber('460100', '19800101', '555'), phone: '13800005555' };
    const before = await counts();
    const refusals = [
      await register(walkIn, { materials: [{ key: 'no-such-material', fileId: randomUUID() }] }),
      await register(walkIn, { form: { unknownField: 'x' } }),
      await register(walkIn, { receivedAt: '2026-03-09T00:00:00Z' }),
      await register(walkIn, { itemId: randomUUID() }),
      await register(walkIn, { materials: [{ key: 'application', fileId: randomUUID() }] }),
    ];
    assert.deepEqual(refusals.map((r) => r.statusCode), [400, 400, 400, 404, 400], refusals.map((r) => r.body).join('\n'));
    assert.deepEqual(refusals.map((r) => r.json().code), ['MATERIAL_UNKNOWN', 'FORM_FIELD_UNKNOWN', 'RECEIVED_AT_INVALID', 'NOT_FOUND', 'FILE_NOT_FOUND']);
    assert.deepEqual(await usersWith({ idNumber: walkIn.idNumber }), [], 'no account for a refused registration');
    assert.deepEqual(await counts(), before, 'nothing written');

    const body = await applicationBody(t.app, window1, itemId);
    const [a, b] = await Promise.all([
      window1.post('/api/counter/cases', { ...body, applicant: walkIn }),
      window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, itemId)), applicant: walkIn }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode], [201, 201], a.body + b.body);
    assert.equal((await usersWith({ idNumber: walkIn.idNumber })).length, 1, 'one account for two registrations at once');
    const retry = await window1.post('/api/counter/cases', { ...body, applicant: walkIn });
    assert.equal(retry.statusCode, 200);
    assert.equal(retry.json().case.id, a.json().case.id);
    const other = await register({ ...walkIn, name: '冒名人' });
    assert.equal(other.json().code, 'COUNTER_NAME_MISMATCH');
    assert.ok(other.json().message.zh.includes('新来客') && other.json().message.zh.includes('冒名人'));
  });

  test('joint matters at the counter: the same name rule, and a refused registration makes no account', async () => {
    const before = await counts();
    const mismatch = await hkWindow.post(`/api/counter/joint/matters/${matterId}/cases`, {
      ...(await jointApplication(t.app, hkWindow, matterId, { entity: 'company', large: 'yes', sewage: 'no' })),
      applicant: { kind: 'enterprise', name: '别的名字有限公司', creditCode: DEMO_ENTERPRISE.creditCode, legalRepresentative: '李四', phone: '13900005678' },
    });
    assert.equal(mismatch.statusCode, 409);
    assert.equal(mismatch.json().code, 'COUNTER_NAME_MISMATCH');
    const creditCode = makeCreditCode('9', '1', '460100', 'MA5T0777');
    const bad = await hkWindow.post(`/api/counter/joint/matters/${matterId}/cases`, {
      ...(await jointApplication(t.app, hkWindow, matterId, { entity: 'company', large: 'yes', sewage: 'no' })), materials: [{ key: 'nope', fileId: randomUUID() }],
      applicant: { kind: 'enterprise', name: '海口新开小馆有限公司', creditCode, legalRepresentative: '赵七', phone: '13900007777' },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(await usersWith({ creditCode }), []);
    assert.deepEqual(await counts(), before, 'nothing written');
  });
});
