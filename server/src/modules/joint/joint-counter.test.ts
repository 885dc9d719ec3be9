import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { verifyAudit } from '../../lib/audit.ts';
import { makeCreditCode } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { deemOverdueAccepted } from '../cases/cases.jobs.ts';
import { sweepAllLights } from '../supervision/warnings.jobs.ts';
import { caseDocumentText } from '../../test/pdf-text.ts';
import { jointApplication, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/** A joint matter at the counter, deemed acceptance of a joint case, its receipt and its public progress. */
describe('joint cases at the counter and on the clock', () => {
  let t: TestApp;
  let hkWindow: Session;
  let window1: Session;
  let company: Session;
  let matterId: string;
  const answers = { entity: 'company', large: 'yes', sewage: 'no' };

  before(async () => {
    t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
    [hkWindow, window1, company] = await Promise.all([signIn(t.app, 'hk.window1'), signIn(t.app, 'window1'), signIn(t.app, DEMO_ENTERPRISE.creditCode)]);
    const matters = (await t.app.inject({ method: 'GET', url: '/api/joint/matters' })).json().matters;
    matterId = matters.find((m: { key: string }) => m.key === 'open-restaurant').id;
  });
  after(() => t.close());

  const body = (s: Session) => jointApplication(t.app, s, matterId, answers);
  const walkIn = { kind: 'enterprise', name: '海口示例小吃有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0099'), legalRepresentative: '王五', phone: '13900001111' };

  test('a window clerk registers a walk-in joint application; only the window of the matter\'s center may', async () => {
    const b = await body(hkWindow);
    const res = await hkWindow.post(`/api/counter/joint/matters/${matterId}/cases`, { ...b, applicant: walkIn });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().case.channel, 'counter');
    assert.equal(res.json().case.applicantName, walkIn.name);
    const retry = await hkWindow.post(`/api/counter/joint/matters/${matterId}/cases`, { ...b, applicant: walkIn });
    assert.equal(retry.json().case.id, res.json().case.id, 'a retry is the same case');
    const otherPhone = await hkWindow.post(`/api/counter/joint/matters/${matterId}/cases`, { ...b, applicant: { ...walkIn, phone: '13900002222' } });
    assert.equal(otherPhone.statusCode, 422, 'the same key for another counter applicant record is another request');
    assert.equal(otherPhone.json().code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal((await window1.post(`/api/counter/joint/matters/${matterId}/cases`, { ...(await body(window1)), applicant: walkIn })).statusCode, 403, "another center's window");
    assert.equal((await company.post(`/api/counter/joint/matters/${matterId}/cases`, { ...(await body(company)), applicant: walkIn })).statusCode, 403, 'an applicant');
    const future = await hkWindow.post(`/api/counter/joint/matters/${matterId}/cases`, { ...b, idempotencyKey: randomUUID(), applicant: walkIn, receivedAt: '2026-12-30T00:00:00Z' });
    assert.equal(future.json().code, 'RECEIVED_AT_INVALID');
  });

  test('unanswered for 5 working days a joint case is deemed accepted with its parts; the receipt lists them; progress shows each part', async () => {
    const res = await company.post(`/api/joint/matters/${matterId}/cases`, await body(company));
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().case.id;
    t.clock.set(new Date('2026-12-02T02:00:00Z'));
    assert.ok((await deemOverdueAccepted(t.ctx)) >= 1);
    const c = (await company.get(`/api/cases/${id}`)).json();
    assert.equal(c.status, 'accepted');
    assert.equal(c.deemedAccepted, true);
    assert.equal(c.children.length, 3);
    assert.ok(c.children.every((p: { acceptedDate: string }) => p.acceptedDate === c.acceptedDate), 'parts accepted on the day of receipt too');
    const text = await caseDocumentText(company, id, 'receipt');
    assert.match(text, /并联审批事项/);
    for (const p of c.children) assert.ok(text.includes(p.receiptNo), `part ${p.receiptNo} on the receipt`);
    const progress = (await t.app.inject({ method: 'GET', url: `/api/progress?receiptNo=${c.receiptNo}&queryCode=${c.queryCode}` })).json();
    assert.equal(progress.itemName, '我要开餐馆');
    assert.deepEqual(progress.parts.map((p: { departmentName: string }) => p.departmentName).sort(), ['海口市市场监督管理局', '海口市市场监督管理局', '海口市消防救援支队']);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('a proxy window accepts a joint case only when it serves every department of the matter', async () => {
    const res = await company.post(`/api/joint/matters/${matterId}/cases`, await body(company));
    const id = res.json().case.id;
    const proxy = await signIn(t.app, 'hk.proxy1');
    const refused = await proxy.post(`/api/cases/${id}/actions`, { action: 'accept' });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'WINDOW_OUT_OF_SCOPE');
    assert.equal((await company.get(`/api/cases/${id}`)).json().status, 'submitted', 'nothing changed');
    assert.equal((await hkWindow.post(`/api/cases/${id}/actions`, { action: 'accept' })).statusCode, 200, 'an intake window serves them all');
  });

  test('the sweep watches the parts for idleness, not the joint case that waits on them', async () => {
    t.clock.set(new Date('2026-12-07T02:00:00Z'));
    const res = await company.post(`/api/joint/matters/${matterId}/cases`, await body(company));
    const id = res.json().case.id;
    assert.equal((await hkWindow.post(`/api/cases/${id}/actions`, { action: 'accept' })).statusCode, 200);
    const parts = (await hkWindow.get(`/api/cases/${id}`)).json().children.map((p: { id: string }) => p.id);
    await sweepAllLights(t.ctx);
    t.clock.set(new Date('2026-12-21T02:00:00Z'));
    await sweepAllLights(t.ctx);
    const idle = await t.ctx.db.selectFrom('findings').select('case_id').where('rule', '=', 'idle_step').where('case_id', 'in', [id, ...parts]).execute();
    assert.ok(idle.some((f) => parts.includes(f.case_id)), 'an idle part is a finding');
    assert.ok(!idle.some((f) => f.case_id === id), 'the joint case is not');
  });
  test('Prefer: return=minimal (RFC 7240): the joint case as My cases lists it, online and at the counter; a retry after the acceptance period shows it deemed accepted', async () => {
    const preferring = (s: Session, url: string, payload: object) => s.post(url, payload, { prefer: 'return=minimal' });
    const listed = async (id: string) => ((await company.get('/api/my/cases?pageSize=100')).json().cases as Array<{ id: string }>).find((c) => c.id === id);
    t.clock.set(new Date('2026-12-21T02:00:00Z'));
    const b = await body(company);
    const res = await preferring(company, `/api/joint/matters/${matterId}/cases`, b);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['preference-applied'], 'return=minimal');
    const summary = res.json().case;
    assert.equal(summary.kind, 'joint');
    assert.equal(JSON.stringify(summary), JSON.stringify(await listed(summary.id)), 'the listed summary, key for key');
    // Five working days later nobody has answered: the retry's summary shows the law's acceptance (Art. 32), as the detail would.
    t.clock.set(new Date('2027-01-05T02:00:00Z'));
    const retry = await preferring(company, `/api/joint/matters/${matterId}/cases`, b);
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(retry.json().case.id, summary.id);
    assert.equal(retry.json().case.status, 'accepted');
    assert.equal(JSON.stringify(retry.json().case), JSON.stringify(await listed(summary.id)));
    const counter = await preferring(hkWindow, `/api/counter/joint/matters/${matterId}/cases`, { ...(await body(hkWindow)), applicant: walkIn });
    assert.equal(counter.statusCode, 201, counter.body);
    assert.equal(counter.headers['preference-applied'], 'return=minimal');
    assert.deepEqual(Object.keys(counter.json().case), Object.keys(summary), 'the same summary shape at the counter');
    assert.equal(counter.json().case.channel, 'counter');
    // Refused the same way with the preference: another center's window.
    const refused = await preferring(window1, `/api/counter/joint/matters/${matterId}/cases`, { ...(await body(window1)), applicant: walkIn });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.headers['preference-applied'], undefined);
  });
});
