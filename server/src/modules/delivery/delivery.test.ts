import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, receiveMaterials, signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';
import { expireLockers } from './delivery.cabinet.ts';
import { pollParcels } from './delivery.post.ts';

const TOKEN = 'cabinet-device-token-for-tests';
let t: TestApp;
let company: Session, person: Session, window1: Session, approver: Session, chief: Session, delivery: Session, hkWindow: Session, manager: Session;
let permitId: string;
const HOUR = 3600_000;
const POST = { method: 'post', recipientName: '张三', recipientPhone: '13800138000', regionCode: '460100', address: '海口市美兰区国兴大道5号' };

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000', CABINET_DEVICE_TOKEN: TOKEN, CABINET_MAX_TRIES: '3', CABINET_HOLD_WORKDAYS: '2' } });
  [company, person, window1, approver, chief, delivery, hkWindow, manager] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'window1'), signIn(t.app, 'approver.housing'),
    signIn(t.app, 'chief.housing'), signIn(t.app, 'delivery1'), signIn(t.app, 'hk.window1'), signIn(t.app, 'manager'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
});
after(() => t.close());

const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
};

/** A case of the company with this delivery choice, taken to `ready` (decided, handed over). */
async function readyCase(choice?: object) {
  const body = { ...(await applicationBody(t.app, company, permitId)), ...(choice ? { delivery: choice } : {}) };
  const c = (await ok(company.post('/api/cases', body), 201)).case;
  await receiveMaterials(window1, c.id);
  await ok(window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' }));
  await ok(approver.post(`/api/cases/${c.id}/actions`, { action: 'review', opinion: '符合条件', proposal: 'approve' }));
  await ok(chief.post(`/api/cases/${c.id}/actions`, { action: 'decide', result: 'approved', reason: '依法决定' }));
  const ready = (await ok(chief.post(`/api/cases/${c.id}/actions`, { action: 'handover' }))).case;
  assert.equal(ready.status, 'ready');
  return ready as { id: string; receiptNo: string; queryCode: string };
}

/** What a refusal must leave untouched: the status, the deliveries, the choice and the case's audit stream. */
async function snapshot(id: string) {
  const [c, deliveries, choice, audit] = await Promise.all([
    t.ctx.db.selectFrom('cases').select(['status', 'delivery_method', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    t.ctx.db.selectFrom('case_deliveries').selectAll().where('case_id', '=', id).orderBy('created_at').execute(),
    t.ctx.db.selectFrom('case_delivery_choices').selectAll().where('case_id', '=', id).executeTakeFirst(),
    t.ctx.db.selectFrom('audit_events').select(['seq', 'action']).where('stream', '=', `case:${id}`).orderBy('seq').execute(),
  ]);
  return JSON.stringify({ c, deliveries, choice, audit });
}

async function refused(res: Promise<LightMyRequestResponse>, status: number, code: string | null, id: string, before: string) {
  const r = await res;
  assert.equal(r.statusCode, status, JSON.stringify(r.json()));
  if (code) assert.equal(r.json().code, code);
  assert.equal(await snapshot(id), before, `${code ?? status}: nothing written`);
}

/** A UPU S10 tracking number with its check digit (EMS). */
function s10(serial8: string) {
  const sum = [...serial8].reduce((s, d, i) => s + Number(d) * [8, 6, 4, 2, 3, 5, 9, 7][i]!, 0);
  const c = 11 - (sum % 11);
  return `EA${serial8}${c === 10 ? 0 : c === 11 ? 5 : c}CN`;
}
const deliverCount = async (id: string) => (await t.ctx.db.selectFrom('audit_events').select('id').where('stream', '=', `case:${id}`).where('action', '=', 'case.deliver').execute()).length;

describe('the applicant chooses how the result is delivered', () => {
  test('at application, with the application; an unknown region refuses the whole application', async () => {
    const before = (await company.get('/api/my/cases?pageSize=100')).json().total;
    const bad = { ...(await applicationBody(t.app, company, permitId)), delivery: { ...POST, regionCode: '999999' } };
    const r = await company.post('/api/cases', bad);
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'DELIVERY_REGION_UNKNOWN');
    assert.equal((await company.get('/api/my/cases?pageSize=100')).json().total, before, 'no case written');
    const good = (await ok(company.post('/api/cases', { ...(await applicationBody(t.app, company, permitId)), delivery: POST }), 201)).case;
    const d = await ok(company.get(`/api/cases/${good.id}/delivery`));
    assert.deepEqual({ ...d.choice, chosenAt: undefined }, { method: 'post', recipientName: '张三', recipientPhone: '13800138000', regionCode: '460100', address: POST.address, chosenAt: undefined });
    assert.equal(d.canChange, true);
    // Without a choice: pickup at the window.
    const plain = (await ok(company.post('/api/cases', await applicationBody(t.app, company, permitId)), 201)).case;
    assert.equal((await ok(company.get(`/api/cases/${plain.id}/delivery`))).choice.method, 'pickup');
  });

  test('later, on the own case only, until it is delivered; refusals write nothing', async () => {
    const c = await readyCase();
    const before = await snapshot(c.id);
    await refused(person.put(`/api/cases/${c.id}/delivery/choice`, POST), 404, 'NOT_FOUND', c.id, before);
    await refused(hkWindow.put(`/api/cases/${c.id}/delivery/choice`, POST), 403, 'FORBIDDEN', c.id, before);
    await refused(approver.put(`/api/cases/${c.id}/delivery/choice`, POST), 403, 'FORBIDDEN', c.id, before);
    await refused(t.app.inject({ method: 'PUT', url: `/api/cases/${c.id}/delivery/choice`, payload: POST }), 401, null, c.id, before);
    await refused(company.put(`/api/cases/${c.id}/delivery/choice`, { ...POST, regionCode: '469999' }), 400, 'DELIVERY_REGION_UNKNOWN', c.id, before);
    await refused(company.put(`/api/cases/${c.id}/delivery/choice`, { method: 'post', address: 'x' }), 400, null, c.id, before);
    const changed = await ok(company.put(`/api/cases/${c.id}/delivery/choice`, { method: 'cabinet' }));
    assert.equal(changed.choice.method, 'cabinet');
    const timeline = (await ok(company.get(`/api/cases/${c.id}`))).timeline.map((e: { action: string }) => e.action);
    assert.ok(timeline.includes('case.delivery_choice_set'), 'the applicant sees the change in the history');
    await ok(company.put(`/api/cases/${c.id}/delivery/choice`, { method: 'pickup' }));
    await ok(delivery.post(`/api/cases/${c.id}/delivery/pickup`, { verification: { kind: 'query_code', receiptNo: c.receiptNo, queryCode: c.queryCode }, collector: { kind: 'holder' } }));
    const done = await snapshot(c.id);
    await refused(company.put(`/api/cases/${c.id}/delivery/choice`, POST), 409, 'DELIVERY_CHOICE_CLOSED', c.id, done);
  });
});

describe('pickup at the delivery window', () => {
  test('every failed check refuses with its code and writes nothing; only the window of the center delivers', async () => {
    const c = await readyCase();
    const before = await snapshot(c.id);
    const holder = { kind: 'holder' };
    const pickup = (s: Session, body: object) => s.post(`/api/cases/${c.id}/delivery/pickup`, body);
    const good = { verification: { kind: 'query_code', receiptNo: c.receiptNo, queryCode: c.queryCode }, collector: holder };
    await refused(delivery.post(`/api/cases/${c.id}/actions`, { action: 'deliver', method: 'pickup' }), 409, 'DELIVERY_VERIFICATION_REQUIRED', c.id, before);
    const wrongCode = c.queryCode === '000000' ? '111111' : '000000';
    await refused(pickup(delivery, { verification: { kind: 'query_code', receiptNo: c.receiptNo, queryCode: wrongCode }, collector: holder }), 409, 'DELIVERY_QUERY_CODE_WRONG', c.id, before);
    await refused(pickup(delivery, { verification: { kind: 'query_code', receiptNo: `${c.receiptNo.slice(0, -1)}0`.replace(c.receiptNo, `${c.receiptNo}9`), queryCode: c.queryCode }, collector: holder }), 409, 'DELIVERY_QUERY_CODE_WRONG', c.id, before);
    await refused(pickup(delivery, { verification: { kind: 'identity', number: DEMO_PERSON.idNumber }, collector: holder }), 409, 'DELIVERY_IDENTITY_MISMATCH', c.id, before);
    const proxyId = makeIdNumber('460100', '19900101', '123');
    const scan = await uploadMaterial(t.app, delivery, '授权委托书.pdf');
    const someoneElses = await uploadMaterial(t.app, company, '授权委托书.pdf');
    const identity = { kind: 'identity', number: DEMO_ENTERPRISE.creditCode.toLowerCase() };
    for (const proxy of [{ name: '李四', idNumber: proxyId }, { name: '李四', authorisationFileId: scan }, { idNumber: proxyId, authorisationFileId: scan },
      { name: '李四', idNumber: '460100199013011234', authorisationFileId: scan }, { name: '李四', idNumber: proxyId, authorisationFileId: someoneElses }]) {
      await refused(pickup(delivery, { verification: identity, collector: { kind: 'proxy', ...proxy } }), 409, 'DELIVERY_PROXY_AUTHORISATION_REQUIRED', c.id, before);
    }
    // Permissions: only the window staff of the case's center.
    for (const [who, status] of [[company, 403], [person, 403], [approver, 403], [chief, 403], [manager, 403], [hkWindow, 403]] as const) {
      await refused(pickup(who, good), status, null, c.id, before);
    }
    await refused(t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/delivery/pickup`, payload: good }), 401, null, c.id, before);
    // The holder's credit code (any letter case), collected by a proxy with the written authorisation.
    const done = await ok(pickup(delivery, { verification: identity, collector: { kind: 'proxy', name: '李四', idNumber: proxyId, authorisationFileId: scan } }));
    assert.equal(done.current, null);
    assert.equal(done.history.length, 1);
    const h = done.history[0];
    assert.deepEqual([h.method, h.status, h.verifiedBy, h.collector, h.proxyName, h.authorisationFileId], ['pickup', 'delivered', 'identity', 'proxy', '李四', scan]);
    assert.notEqual(h.proxyIdNumber, proxyId, 'masked');
    const mine = await ok(company.get(`/api/cases/${c.id}`));
    assert.equal(mine.status, 'delivered');
    assert.deepEqual(mine.delivery, { method: 'pickup', trackingNo: null });
    assert.equal((await ok(company.get(`/api/cases/${c.id}/delivery`))).history[0].proxyIdNumber, null, 'the proxy’s identity is for staff');
    const row = await t.ctx.db.selectFrom('audit_events').select('actor_id').where('stream', '=', `case:${c.id}`).where('action', '=', 'case.deliver').executeTakeFirstOrThrow();
    assert.equal(row.actor_id, delivery.user.id);
    // Delivered once: a second pickup is a state conflict.
    const after = await snapshot(c.id);
    await refused(pickup(delivery, good), 409, 'CASE_STATE_CONFLICT', c.id, after);
  });
});

describe('post', () => {
  test('posted only to the chosen address, delivered when the carrier reports it signed for, once', async () => {
    const c = await readyCase();
    const before = await snapshot(c.id);
    const post = (s: Session, body: object) => s.post(`/api/cases/${c.id}/delivery/post`, body);
    await refused(post(delivery, { carrier: 'ems', trackingNo: s10('12345678') }), 409, 'DELIVERY_METHOD_NOT_CHOSEN', c.id, before);
    await ok(company.put(`/api/cases/${c.id}/delivery/choice`, POST));
    const chosen = await snapshot(c.id);
    const bad = s10('12345678').replace(/\d(?=CN$)/, (d) => String((Number(d) + 1) % 10));
    for (const trackingNo of [bad, 'XX12', 'SF12345']) await refused(post(delivery, { carrier: trackingNo.startsWith('SF') ? 'sf' : 'ems', trackingNo }), 400, null, c.id, chosen);
    assert.equal((await post(delivery, { carrier: 'ems', trackingNo: bad })).json().code, 'TRACKING_NO_INVALID');
    await refused(post(hkWindow, { carrier: 'ems', trackingNo: s10('12345678') }), 403, 'FORBIDDEN', c.id, chosen);
    await refused(post(company, { carrier: 'ems', trackingNo: s10('12345678') }), 403, 'FORBIDDEN', c.id, chosen);
    const out = await ok(post(delivery, { carrier: 'ems', trackingNo: s10('12345678').toLowerCase() }));
    assert.equal(out.current.trackingNo, s10('12345678'));
    assert.equal(out.current.carrierStatus, 'dispatched');
    const row = await t.ctx.db.selectFrom('case_deliveries').select(['address', 'region_code', 'recipient_name']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { address: POST.address, region_code: '460100', recipient_name: '张三' }, 'the address the applicant chose');
    // The applicant is told, once, with the carrier's tracking number.
    const told = await t.ctx.db.selectFrom('applicant_messages').select(['user_id', 'body', 'dedupe_key']).where('case_id', '=', c.id).where('kind', '=', 'delivery.posted').execute();
    assert.equal(told.length, 1);
    assert.equal(told[0]!.user_id, company.user.id);
    assert.ok(told[0]!.body.zh.includes(s10('12345678')) && told[0]!.body.en.includes(s10('12345678')));
    assert.match(told[0]!.dedupe_key, /^delivery\.posted:/);
    const posted = await snapshot(c.id);
    await refused(company.put(`/api/cases/${c.id}/delivery/choice`, { method: 'pickup' }), 409, 'DELIVERY_ALREADY_OUT', c.id, posted);
    await refused(delivery.post(`/api/cases/${c.id}/delivery/pickup`, { verification: { kind: 'query_code', receiptNo: c.receiptNo, queryCode: c.queryCode }, collector: { kind: 'holder' } }), 409, 'DELIVERY_ALREADY_OUT', c.id, posted);
    const other = await readyCase(POST);
    const taken = await snapshot(other.id);
    await refused(delivery.post(`/api/cases/${other.id}/delivery/post`, { carrier: 'ems', trackingNo: s10('12345678') }), 409, 'TRACKING_NO_TAKEN', other.id, taken);

    assert.equal(await pollParcels(t.ctx), 1, 'due at once');
    assert.equal((await ok(company.get(`/api/cases/${c.id}/delivery`))).current.carrierStatus, 'dispatched', 'nothing from the carrier yet');
    assert.equal(await pollParcels(t.ctx), 0, 'not due again before the poll interval');
    t.clock.advance(25 * HOUR);
    assert.equal(await pollParcels(t.ctx), 1);
    const transit = await ok(company.get(`/api/cases/${c.id}/delivery`));
    assert.deepEqual(transit.current.carrierEvents.map((e: { status: string }) => e.status), ['dispatched', 'collected', 'in_transit']);
    assert.equal((await ok(company.get(`/api/cases/${c.id}`))).status, 'ready');
    t.clock.advance(24 * HOUR);
    // Two instances asking at once: the parcel is claimed by one.
    const [a, b] = await Promise.all([pollParcels(t.ctx), pollParcels(t.ctx)]);
    assert.equal(a + b, 1);
    const signed = await ok(company.get(`/api/cases/${c.id}/delivery`));
    assert.equal(signed.current, null);
    assert.equal(signed.history[0].status, 'delivered');
    assert.equal(signed.history[0].signedDate, '2026-11-25', 'signed for two days after dispatch, in China time');
    const mine = await ok(company.get(`/api/cases/${c.id}`));
    assert.equal(mine.status, 'delivered');
    assert.deepEqual(mine.delivery, { method: 'post', trackingNo: s10('12345678') });
    assert.equal(await deliverCount(c.id), 1);
    t.clock.advance(48 * HOUR);
    await pollParcels(t.ctx);
    assert.equal(await deliverCount(c.id), 1, 'delivered once');
  });

  test('a parcel returned undeliverable comes back to the delivery window with the reason', async () => {
    const c = await readyCase(POST);
    const undeliverable = s10('55500999');
    await ok(delivery.post(`/api/cases/${c.id}/delivery/post`, { carrier: 'ems', trackingNo: undeliverable }));
    const outList = (await ok(delivery.get('/api/workbench/deliveries?status=out&pageSize=100'))).deliveries;
    assert.ok(outList.some((d: { caseId: string }) => d.caseId === c.id));
    assert.ok(!(await ok(hkWindow.get('/api/workbench/deliveries?status=out&pageSize=100'))).deliveries.some((d: { caseId: string }) => d.caseId === c.id), 'another center does not see it');
    assert.equal((await company.get('/api/workbench/deliveries')).statusCode, 403);
    t.clock.advance(73 * HOUR);
    await pollParcels(t.ctx);
    const back = await ok(delivery.get(`/api/cases/${c.id}/delivery`));
    assert.equal(back.current, null);
    assert.equal(back.history[0].status, 'returned');
    assert.match(back.history[0].returnedReason, /无法投递/);
    assert.equal((await ok(company.get(`/api/cases/${c.id}`))).status, 'ready', 'back at the window, not delivered');
    assert.equal(await deliverCount(c.id), 0);
    const returned = (await ok(delivery.get('/api/workbench/deliveries?status=returned&pageSize=100'))).deliveries;
    assert.ok(returned.some((d: { caseId: string; returnedReason: string }) => d.caseId === c.id && /无法投递/.test(d.returnedReason)));
    // The applicant corrects the address; the window posts again.
    await ok(company.put(`/api/cases/${c.id}/delivery/choice`, { ...POST, address: '海口市龙华区滨海大道1号' }));
    await ok(delivery.post(`/api/cases/${c.id}/delivery/post`, { carrier: 'sf', trackingNo: 'SF1234567890123' }));
    assert.ok(!(await ok(delivery.get('/api/workbench/deliveries?status=returned&pageSize=100'))).deliveries.some((d: { caseId: string }) => d.caseId === c.id));
  });
});

describe('self-pickup cabinet', () => {
  const device = (body: object, token = TOKEN) => t.app.inject({ method: 'POST', url: '/api/delivery/cabinet/pickups', payload: body, headers: { authorization: `Bearer ${token}` } });

  test('the code is the applicant’s alone; the right code delivers exactly once, even reported twice', async () => {
    const c = await readyCase({ method: 'cabinet' });
    const placed = await ok(delivery.post(`/api/cases/${c.id}/delivery/cabinet`));
    assert.equal(placed.current.pickupCode, null, 'the clerk never sees the code');
    const mine = await ok(company.get(`/api/cases/${c.id}/delivery`));
    const code: string = mine.current.pickupCode;
    assert.match(code, /^\d{8}$/);
    // The applicant alone is told the code, once; the clerk's answer never had it.
    const told = await t.ctx.db.selectFrom('applicant_messages').select(['user_id', 'body']).where('case_id', '=', c.id).where('kind', '=', 'delivery.in_cabinet').execute();
    assert.deepEqual(told.map((m) => m.user_id), [company.user.id]);
    assert.ok(told[0]!.body.zh.includes(code) && told[0]!.body.en.includes(code));
    const stored = await t.ctx.db.selectFrom('case_deliveries').select(['code_hash', 'locker_no', 'cabinet_id']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
    assert.ok(!stored.code_hash!.includes(code), 'kept hashed for the check');
    const where = { cabinetId: stored.cabinet_id, lockerNo: stored.locker_no };
    const before = await snapshot(c.id);
    await refused(t.app.inject({ method: 'POST', url: '/api/delivery/cabinet/pickups', payload: { ...where, code } }), 401, 'UNAUTHENTICATED', c.id, before);
    await refused(device({ ...where, code }, 'x'.repeat(TOKEN.length)), 401, 'UNAUTHENTICATED', c.id, before);
    await refused(company.post('/api/delivery/cabinet/pickups', { ...where, code }), 401, 'UNAUTHENTICATED', c.id, before);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const w = await device({ ...where, code: wrong });
    assert.equal(w.statusCode, 409);
    assert.equal(w.json().code, 'CABINET_CODE_WRONG');
    assert.equal((await t.ctx.db.selectFrom('case_deliveries').select('wrong_tries').where('case_id', '=', c.id).executeTakeFirstOrThrow()).wrong_tries, 1, 'counted');
    assert.equal((await ok(company.get(`/api/cases/${c.id}`))).status, 'ready');
    const [r1, r2] = await Promise.all([device({ ...where, code }), device({ ...where, code })]);
    assert.deepEqual([r1.statusCode, r2.statusCode].sort(), [200, 409]);
    assert.equal([r1, r2].find((r) => r.statusCode === 409)!.json().code, 'CABINET_ALREADY_COLLECTED');
    assert.equal((await device({ ...where, code })).json().code, 'CABINET_ALREADY_COLLECTED');
    assert.equal(await deliverCount(c.id), 1);
    const done = await ok(company.get(`/api/cases/${c.id}/delivery`));
    assert.equal(done.history[0].pickupCode, null, 'the code is gone once collected');
    assert.equal((await ok(company.get(`/api/cases/${c.id}`))).status, 'delivered');
    assert.equal((await t.ctx.db.selectFrom('case_deliveries').select('pickup_code').where('case_id', '=', c.id).executeTakeFirstOrThrow()).pickup_code, null);
  });

  test('locked after too many wrong codes; taken back to the window; not collected in time goes back too', async () => {
    const c = await readyCase();
    const before = await snapshot(c.id);
    await refused(delivery.post(`/api/cases/${c.id}/delivery/cabinet`), 409, 'DELIVERY_METHOD_NOT_CHOSEN', c.id, before);
    await ok(company.put(`/api/cases/${c.id}/delivery/choice`, { method: 'cabinet' }));
    await ok(delivery.post(`/api/cases/${c.id}/delivery/cabinet`));
    const code: string = (await ok(company.get(`/api/cases/${c.id}/delivery`))).current.pickupCode;
    const s = await t.ctx.db.selectFrom('case_deliveries').select(['locker_no', 'cabinet_id']).where('case_id', '=', c.id).where('status', '=', 'out').executeTakeFirstOrThrow();
    const where = { cabinetId: s.cabinet_id, lockerNo: s.locker_no };
    const wrong = code === '00000000' ? '11111111' : '00000000';
    assert.deepEqual([(await device({ ...where, code: wrong })).json().code, (await device({ ...where, code: wrong })).json().code, (await device({ ...where, code: wrong })).json().code],
      ['CABINET_CODE_WRONG', 'CABINET_CODE_WRONG', 'CABINET_LOCKED']);
    const locked = await device({ ...where, code });
    assert.equal(locked.statusCode, 423, 'even the right code, once locked');
    assert.equal((await ok(company.get(`/api/cases/${c.id}`))).status, 'ready');
    assert.equal((await ok(delivery.get(`/api/cases/${c.id}/delivery`))).current.locked, true);
    await refused(hkWindow.post(`/api/cases/${c.id}/delivery/return`, { reason: '取件码错误锁定' }), 403, 'FORBIDDEN', c.id, await snapshot(c.id));
    await ok(delivery.post(`/api/cases/${c.id}/delivery/return`, { reason: '取件码错误锁定，改窗口领取' }));
    const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'delivery.cabinet_release'`.execute(t.owner);
    assert.ok(jobs.rows[0]!.n >= 1, 'the cabinet is told to open the locker, through the job queue');
    await ok(delivery.post(`/api/cases/${c.id}/delivery/pickup`, { verification: { kind: 'identity', number: DEMO_ENTERPRISE.creditCode }, collector: { kind: 'holder' } }));

    // Not collected within the working days: back to the window, the code gone.
    const late = await readyCase({ method: 'cabinet' });
    const placed = await ok(delivery.post(`/api/cases/${late.id}/delivery/cabinet`));
    assert.equal(await expireLockers(t.ctx), 0, 'still within its working days');
    t.clock.advance(24 * 7 * HOUR);
    assert.ok(placed.current.holdUntilDate < new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10));
    assert.match(placed.current.holdUntilDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(await expireLockers(t.ctx), 1);
    const back = await ok(company.get(`/api/cases/${late.id}/delivery`));
    assert.equal(back.current, null);
    assert.equal(back.history[0].status, 'returned');
    assert.equal(back.history[0].pickupCode, null);
    assert.equal((await ok(company.get(`/api/cases/${late.id}`))).status, 'ready');
  });
});
