import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { pdfToText } from '../../test/pdf-text.ts';

/**
 * The annual disclosure report (docs/disclosure.md "The annual report"): the province's 2026 figures,
 * generated from requests, publications and decisions made through the API at their dates, compared
 * with the figures known by construction; published at the disclosure point as JSON and PDF (read
 * with pdftotext); refused for another center's staff and for a year not over, with nothing written.
 */
let t: TestApp;
let person: Session; let officer: Session; let manager: Session; let hkOfficer: Session; let window1: Session; let supervisor: Session;
let provinceId: string; let haikouId: string;
const at = (day: string) => new Date(`${day}T04:00:00Z`); // noon in China

before(async () => {
  t = await testApp({ now: at('2025-11-03'), env: { SESSION_TTL_HOURS: '100000' } });
  [person, officer, manager, hkOfficer, window1, supervisor] = await Promise.all([
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'disclosure1'), signIn(t.app, 'manager'), signIn(t.app, 'hk.disclosure'),
    signIn(t.app, 'window1'), signIn(t.app, 'supervisor'),
  ]);
  provinceId = officer.user.centerId!;
  haikouId = hkOfficer.user.centerId!;
});
after(() => t.close());

const ok = (res: LightMyRequestResponse, status = 200) => { assert.equal(res.statusCode, status, res.body); return res.json(); };
async function submit(day: string, centerId = provinceId) {
  t.clock.set(at(day));
  return ok(await person.post('/api/disclosure/requests', { centerId, description: `申请 ${day} 的政府信息` }), 201).id as string;
}
async function act(s: Session, id: string, day: string, body: object) {
  t.clock.set(at(day));
  return ok(await s.post(`/api/disclosure/requests/${id}/actions`, body));
}
async function publish(s: Session, day: string, category: string, title: string) {
  t.clock.set(at(day));
  return ok(await s.post('/api/disclosure/publications', { category, title, body: `${title}全文`, year: Number(day.slice(0, 4)) }), 201).id as string;
}
async function withdraw(id: string, day: string) {
  t.clock.set(at(day));
  ok(await officer.post(`/api/disclosure/publications/${id}/withdraw`, { reason: '文件已废止' }));
}
const publications = async () => Number((await t.ctx.db.selectFrom('disclosure_publications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const reply = (replyType: string) => ({ action: 'reply', replyType, text: replyType === 'open' || replyType === 'partial' ? '见附件' : undefined, reason: replyType === 'open' ? undefined : '依法说明理由' });

async function pdfText(res: LightMyRequestResponse) {
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return pdfToText(res.rawPayload, ['-layout']);
}

describe('the annual government information disclosure report (条例 第四十九、五十条)', () => {
  const expected = {
    proactive: [
      { category: 'regulations', published: 1, withdrawn: 0, inForce: 2 }, { category: 'plans', published: 1, withdrawn: 1, inForce: 0 },
      { category: 'budgets', published: 1, withdrawn: 0, inForce: 1 }, { category: 'fees', published: 0, withdrawn: 0, inForce: 0 },
      { category: 'major_projects', published: 0, withdrawn: 0, inForce: 0 }, { category: 'emergency_plans', published: 0, withdrawn: 0, inForce: 0 },
      { category: 'licences', published: 0, withdrawn: 0, inForce: 0 },
    ],
    requests: {
      received: 7, carriedOver: 1, answered: { open: 1, partial: 1, refused: 1, not_exist: 1, not_ours: 1, total: 5 }, withdrawn: 1,
      correctionsRequested: 1, corrected: 1, extensionsRequested: 1, extensionsApproved: 1, answeredLate: 1, carriedForward: 2, overdueAtYearEnd: 1,
    },
  };

  test('a year of records: the figures, the refusals, the publication as JSON and PDF', async () => {
    // Publications: one of 2025 still in force; 2026: a regulation (withdrawn only in 2027), a budget, a plan withdrawn in August.
    await publish(officer, '2025-11-03', 'regulations', '2025年度规范性文件');
    const reg = await publish(officer, '2026-02-02', 'regulations', '海南省政务服务管理办法');
    await publish(officer, '2026-05-06', 'budgets', '2026年部门预算');
    const plan = await publish(officer, '2026-06-01', 'plans', '2026年工作计划');
    await withdraw(plan, '2026-08-03');
    await publish(hkOfficer, '2026-03-02', 'regulations', '海口市文件'); // another center: not counted

    // A request of December 2025, open when 2026 begins, answered in January (on time).
    const r0 = await submit('2025-12-22');
    await act(officer, r0, '2026-01-06', reply('open'));
    // 2026: partial on time; refused after its due date.
    const ra = await submit('2026-03-02');
    await act(officer, ra, '2026-03-10', reply('partial'));
    const rb = await submit('2026-03-03');
    const rbDue = ok(await person.get(`/api/disclosure/requests/${rb}`)).dueDate as string;
    assert.ok(rbDue < '2026-04-20');
    await act(officer, rb, '2026-04-20', reply('refused'));
    // Sent back for correction, corrected: answered after the first due date but before the new one (on time).
    const rc = await submit('2026-04-01');
    const rcFirstDue = ok(await person.get(`/api/disclosure/requests/${rc}`)).dueDate as string;
    await act(officer, rc, '2026-04-02', { action: 'request_correction', note: '请写明文件名称' });
    const rcDue = (await act(person, rc, '2026-04-13', { action: 'correct', description: '2026年政务服务事项目录' })).dueDate as string;
    assert.ok(rcFirstDue < '2026-05-12' && rcDue >= '2026-05-12', `${rcFirstDue} / ${rcDue}`);
    await act(officer, rc, '2026-05-12', reply('not_exist'));
    // Extended with the head's consent: answered after the first due date, before the extended one.
    const rd = await submit('2026-06-01');
    await act(officer, rd, '2026-06-10', { action: 'request_extension', days: 20, reason: '需征求第三方意见' });
    const rdDue = (await act(manager, rd, '2026-06-11', { action: 'approve_extension' })).dueDate as string;
    assert.ok(rdDue > '2026-07-15');
    await act(officer, rd, '2026-07-15', reply('not_ours'));
    // Withdrawn by the requester.
    const re = await submit('2026-07-01');
    await act(person, re, '2026-07-02', { action: 'withdraw' });
    // Open at the year's end: one past its due date (answered only in 2027), one not yet due.
    const rg = await submit('2026-10-20');
    await submit('2026-12-21');
    await submit('2026-05-06', haikouId); // another center: not counted
    await act(officer, rg, '2027-01-05', reply('open'));
    await submit('2027-01-04'); // next year: not counted

    // The year is not over: refused, nothing written.
    t.clock.set(at('2026-12-31'));
    const before = await publications();
    const early = await officer.post('/api/disclosure/annual-reports', { centerId: provinceId, year: 2026 });
    assert.equal(early.statusCode, 409, early.body);
    assert.equal(early.json().code, 'DISCLOSURE_REPORT_YEAR_OPEN');
    assert.equal(early.json().message.en.length > 0 && early.json().message.zh.length > 0, true);
    assert.equal(await publications(), before);

    t.clock.set(at('2027-01-08'));
    await withdraw(reg, '2027-01-03'); // withdrawn after the year: still in force at its end
    t.clock.set(at('2027-01-08'));
    const preview = ok(await officer.get(`/api/disclosure/annual-reports/preview?centerId=${provinceId}&year=2026`));
    assert.deepEqual(preview.proactive.categories, expected.proactive);
    assert.deepEqual(preview.requests, expected.requests);
    let granted = 0;
    for (let cursor = ''; ;) {
      const page = ok(await officer.get(`/api/public/disclosure/licences?centerId=${provinceId}&year=2026&pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      granted += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    assert.equal(preview.proactive.licencesGranted, granted, 'the licences the portal lists for the year');

    // Other centers' staff, a window clerk, a supervisor, an applicant, nobody: refused, nothing written.
    const body = { centerId: provinceId, year: 2026 };
    for (const [s, status] of [[hkOfficer, 403], [window1, 403], [supervisor, 403], [person, 403]] as const) {
      const res = await s.post('/api/disclosure/annual-reports', body);
      assert.equal(res.statusCode, status, res.body);
      assert.equal((await s.get(`/api/disclosure/annual-reports/preview?centerId=${provinceId}&year=2026`)).statusCode, status);
    }
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/disclosure/annual-reports', payload: body })).statusCode, 401);
    assert.equal(await publications(), before, 'no report was written');

    // Published by the office: at the disclosure point under its category, the figures as JSON, the PDF.
    const published = ok(await officer.post('/api/disclosure/annual-reports', body), 201);
    assert.equal(published.category, 'annual_report');
    assert.equal(published.year, 2026);
    assert.deepEqual(published.report.requests, expected.requests);
    const listed = ok(await t.app.inject({ method: 'GET', url: `/api/public/disclosure?centerId=${provinceId}&category=annual_report` }));
    assert.deepEqual(listed.items.map((p: { id: string }) => p.id), [published.id]);
    const detail = ok(await t.app.inject({ method: 'GET', url: `/api/public/disclosure/${published.id}` }));
    assert.deepEqual(detail.report.proactive.categories, expected.proactive);
    assert.equal(detail.reportPdfUrl, `/api/public/disclosure/${published.id}/report.pdf`);
    const text = await pdfText(await t.app.inject({ method: 'GET', url: detail.reportPdfUrl }));
    assert.match(text, /2026年政府信息公开工作年度报告/);
    assert.match(text, /Annual Report on Government Information Disclosure, 2026/);
    for (const [label, n] of [['本年新收申请数量', 7], ['上年结转申请数量', 1], ['处理决定：部分公开', 1], ['办结答复总计', 5], ['其中超过答复期限答复的', 1],
      ['经负责人同意延长', 1], ['结转下年度继续办理', 2], ['其中年末已超过答复期限', 1]] as const) {
      assert.match(text, new RegExp(`${label}\\s+${n}\\n`), label);
    }
    assert.match(text, /Requests received during the year/);
    // The preview PDF says the same.
    assert.match(await pdfText(await officer.get(`/api/disclosure/annual-reports/preview.pdf?centerId=${provinceId}&year=2026`)), /本年新收申请数量\s+7\n/);

    // One published report per center and year: a second is refused, nothing written; withdrawn, the head publishes it again.
    const count = await publications();
    const twice = await manager.post('/api/disclosure/annual-reports', body);
    assert.equal(twice.statusCode, 409, twice.body);
    assert.equal(twice.json().code, 'DISCLOSURE_REPORT_EXISTS');
    assert.equal(await publications(), count);
    ok(await manager.post(`/api/disclosure/publications/${published.id}/withdraw`, { reason: '数据更正' }));
    const again = ok(await manager.post('/api/disclosure/annual-reports', body), 201);
    assert.notEqual(again.id, published.id);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/disclosure/${published.id}/report.pdf` })).statusCode, 404, 'a withdrawn report is no longer served');
    // Haikou's report of the same year counts Haikou's records only.
    const hk = ok(await hkOfficer.get(`/api/disclosure/annual-reports/preview?centerId=${haikouId}&year=2026`));
    assert.equal(hk.requests.received, 1);
    assert.equal(hk.proactive.categories.find((c: { category: string }) => c.category === 'regulations').published, 1);
  });

  test('the annual report is not published by hand', async () => {
    const res = await officer.post('/api/disclosure/publications', { category: 'annual_report', title: '手写的年度报告', body: '正文', year: 2026 });
    assert.equal(res.statusCode, 400, res.body);
  });
});
