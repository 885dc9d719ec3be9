import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeCreditCode } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { applicationBody, caseAction, itemIdByName, jointApplication, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { deemOverdueAccepted } from './cases.jobs.ts';

/**
 * 行政许可法 第32条: within 5 working days of receipt the window accepts, refuses or issues the one-time
 * supplement notice; after that the case is accepted by law as of the day of receipt, and none of
 * the three answers is possible any more. The clock is the injected one, moved by the test.
 */
let t: TestApp;
let company: Session;
let window1: Session;
let hkWindow: Session;
let permitId: string;
let matterId: string;

// Monday 2026-03-02, 10:00 in Beijing: the acceptance period runs to Monday 2026-03-09 included.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const at = (chinaDay: string, hour = 10) => new Date(`${chinaDay}T${String(hour).padStart(2, '0')}:00:00+08:00`);

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  [company, window1, hkWindow] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'window1'), signIn(t.app, 'hk.window1'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  const matters = (await t.app.inject({ method: 'GET', url: '/api/joint/matters' })).json().matters;
  matterId = matters.find((m: { key: string }) => m.key === 'open-restaurant').id;
});
after(async () => { await t.close(); });

const act = caseAction;
const events = async (id: string) => (await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `case:${id}`).orderBy('seq').execute()).map((e) => e.action);
const row = (id: string) => t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const supplements = async (id: string) => (await t.ctx.db.selectFrom('case_supplements').select('round').where('case_id', '=', id).execute()).length;
const REFUSE = { action: 'refuse', reason: '申请事项不属于本机关职权范围', remedies: '可向有权机关申请' };
const NOTICE = { action: 'request_supplement', items: [{ key: 'application', reason: '请补交申请表原件' }], note: '一次告知' };

function assertPeriodPassed(res: { statusCode: number; json(): { code: string; message: { zh: string; en: string } } }, label: string) {
  assert.equal(res.statusCode, 409, label);
  assert.equal(res.json().code, 'ACCEPTANCE_PERIOD_PASSED', label);
  assert.match(res.json().message.zh, /视为受理/);
  assert.match(res.json().message.en, /accepted by law/);
}

describe('Art. 32: the acceptance period', () => {
  test('on the 5th working day the window still answers; the day after, a supplement notice, a refusal and a late acceptance are refused, nothing of them written, and the case is accepted by law as of receipt', async () => {
    t.clock.set(MONDAY);
    const inTime = (await submitApplication(t.app, company, permitId)).json().case;
    const late = (await submitApplication(t.app, company, permitId)).json().case;
    assert.equal(late.acceptanceDueDate, '2026-03-09');

    t.clock.set(at('2026-03-09', 17)); // the last day of the period (09:00 UTC)
    assert.equal((await act(window1, inTime.id, REFUSE)).statusCode, 200, 'the 5th working day is within the period');

    t.clock.set(at('2026-03-10', 7)); // 23:00 UTC on 03-09 is already 03-10 in Beijing
    const before = await row(late.id);
    for (const body of [NOTICE, REFUSE, { action: 'accept' }]) {
      const res = await act(window1, late.id, body);
      assertPeriodPassed(res, body.action);
      const ev = await events(late.id);
      assert.ok(!ev.includes(`case.${body.action}`), `no ${body.action} event`);
      assert.equal(await supplements(late.id), 0, 'no supplement notice');
    }
    const after = await row(late.id);
    assert.equal(after.status, 'accepted', 'deemed accepted when the window acted, not only when the job runs');
    assert.equal(after.deemed_accepted, true);
    assert.equal(after.accepted_date, '2026-03-02', 'as of the day of receipt');
    assert.equal(after.close_reason, before.close_reason);
    assert.deepEqual((await events(late.id)).filter((e) => e !== 'case.submitted'), ['case.deem_accept'], 'only the acceptance by law is written, once');
    const seen = (await window1.get(`/api/cases/${late.id}`)).json();
    assert.equal(seen.deemedAccepted, true);
    for (const a of ['accept', 'refuse', 'request_supplement']) assert.ok(!seen.allowedActions.includes(a), `no ${a} button`);
    assert.equal(await deemOverdueAccepted(t.ctx), 0, 'nothing left for the job');
  });

  test('a case looked at after its period shows as accepted by law before the job runs, and looking, the job and the window together deem it once', async () => {
    t.clock.set(MONDAY);
    const c = (await submitApplication(t.app, company, permitId)).json().case;
    const other = (await submitApplication(t.app, company, permitId)).json().case;
    t.clock.set(at('2026-03-16'));
    const seen = (await company.get(`/api/cases/${c.id}`)).json();
    assert.equal(seen.status, 'accepted');
    assert.equal(seen.deemedAccepted, true);
    assert.equal(seen.acceptedDate, '2026-03-02');
    assert.ok(seen.receiptNo, 'a receipt number with the acceptance');
    // Two instances of the job, the applicant looking and the window trying to refuse, all at once.
    const [, , look, refused] = await Promise.all([deemOverdueAccepted(t.ctx), deemOverdueAccepted(t.ctx), company.get(`/api/cases/${other.id}`), act(window1, other.id, REFUSE)]);
    assert.equal(look.statusCode, 200);
    assert.equal(refused.statusCode, 409);
    assert.ok(['ACCEPTANCE_PERIOD_PASSED', 'CASE_STATE_CONFLICT'].includes(refused.json().code), refused.body);
    for (const id of [c.id, other.id]) {
      assert.equal((await events(id)).filter((e) => e === 'case.deem_accept').length, 1, 'deemed once');
      assert.equal((await row(id)).status, 'accepted');
    }
  });

  test('a supplement notice answered restarts the period from the new receipt; after it runs out, no second notice or refusal', async () => {
    t.clock.set(MONDAY);
    const body = await applicationBody(t.app, company, permitId);
    // Every required material comes with an online application (issue 10); the notice asks for one again.
    const c = (await company.post('/api/cases', body)).json().case;
    const missing = body.materials[0]!;
    assert.equal((await act(window1, c.id, { ...NOTICE, items: [{ key: missing.key, reason: '扫描件不清晰' }] })).statusCode, 200);
    t.clock.set(at('2026-03-20')); // a supplement pending stops nothing: the applicant answers late
    assert.equal((await act(company, c.id, { action: 'resubmit', materials: [missing] })).statusCode, 200);
    const resubmitted = await row(c.id);
    assert.equal(resubmitted.received_date, '2026-03-20');
    t.clock.set(at('2026-03-27')); // 5 working days after 03-20 is 03-27: still in time
    assert.equal((await window1.get(`/api/cases/${c.id}`)).json().status, 'submitted');
    t.clock.set(at('2026-03-30'));
    assertPeriodPassed(await act(window1, c.id, NOTICE), 'second notice');
    assert.equal(await supplements(c.id), 1);
    const after = await row(c.id);
    assert.equal(after.accepted_date, '2026-03-20', 'accepted as of the complete materials');
  });

  test('paper received at the counter so long ago that its 5 working days have run out is accepted by law at once; a receipt still in its period waits; a bad receipt time is refused with nothing written', async () => {
    t.clock.set(at('2026-03-20'));
    const applicant = { kind: 'enterprise', name: '海南立法建设有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0320'), legalRepresentative: '王立法', phone: '13900009999' };
    const old = await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant, receivedAt: at('2026-03-10', 9).toISOString() });
    assert.equal(old.statusCode, 201, old.body);
    const c = old.json().case;
    assert.equal(c.status, 'accepted');
    assert.equal(c.deemedAccepted, true);
    assert.equal(c.acceptedDate, '2026-03-10', 'the clock starts from the day of receipt');
    assert.ok(c.receiptNo);
    // (registered over 24 hours after the receipt: the late-record finding of supervision is raised too)
    assert.deepEqual((await events(c.id)).filter((e) => e !== 'case.finding_raised'), ['case.submitted', 'case.deem_accept']);
    assertPeriodPassed(await act(window1, c.id, REFUSE), 'refusal of a deemed case');

    const recent = (await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant, receivedAt: at('2026-03-18', 9).toISOString() })).json().case;
    assert.equal(recent.status, 'submitted');
    assert.equal(recent.acceptanceDueDate, '2026-03-25');
    assert.equal((await act(window1, recent.id, { action: 'accept' })).statusCode, 200);

    const count = async () => Number((await t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    for (const receivedAt of [at('2026-03-21').toISOString(), at('2026-02-01').toISOString()]) {
      const bad = await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant, receivedAt });
      assert.equal(bad.statusCode, 400, receivedAt);
      assert.equal(bad.json().code, 'RECEIVED_AT_INVALID');
    }
    assert.equal(await count(), n, 'nothing written');
  });

  test('joint cases: a supplement notice or refusal after the period is refused, the joint case deemed accepted with its parts; paper received long ago at the counter is accepted by law with its parts at once', async () => {
    t.clock.set(at('2026-11-23'));
    const answers = { entity: 'company', large: 'yes', sewage: 'no' };
    const res = await company.post(`/api/joint/matters/${matterId}/cases`, await jointApplication(t.app, company, matterId, answers));
    assert.equal(res.statusCode, 201, res.body);
    const id2 = res.json().case.id;
    assert.equal(res.json().case.acceptanceDueDate, '2026-11-30');
    t.clock.set(at('2026-12-01'));
    for (const body of [REFUSE, NOTICE]) {
      assertPeriodPassed(await act(hkWindow, id2, body), `joint ${body.action}`);
      assert.equal(await supplements(id2), 0);
    }
    const joint = (await company.get(`/api/cases/${id2}`)).json();
    assert.equal(joint.status, 'accepted');
    assert.equal(joint.deemedAccepted, true);
    assert.equal(joint.acceptedDate, '2026-11-23');
    assert.equal(joint.children.length, 3, 'its parts with it');
    assert.ok(!(await events(id2)).includes('case.refuse'));

    const walkIn = { kind: 'enterprise', name: '海口依法受理餐饮有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0321'), legalRepresentative: '陈六', phone: '13900003333' };
    const counter = await hkWindow.post(`/api/counter/joint/matters/${matterId}/cases`, { ...(await jointApplication(t.app, hkWindow, matterId, answers)), applicant: walkIn, receivedAt: at('2026-11-20', 9).toISOString() });
    assert.equal(counter.statusCode, 201, counter.body);
    const cc = counter.json().case;
    assert.equal(cc.status, 'accepted');
    assert.equal(cc.deemedAccepted, true);
    assert.equal(cc.acceptedDate, '2026-11-20');
    assert.equal(cc.children.length, 3);
  });
});
