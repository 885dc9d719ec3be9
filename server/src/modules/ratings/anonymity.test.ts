import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, receiveMaterials, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let company: Session, window1: Session, approver: Session, chief: Session, delivery: Session, manager: Session, supervisor: Session;
let permitId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [company, window1, approver, chief, delivery, manager, supervisor] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'window1'), signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'),
    signIn(t.app, 'delivery1'), signIn(t.app, 'manager'), signIn(t.app, 'supervisor'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
});
after(() => t.close());

const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.body;
};

/** A delivered case of the demo enterprise, rated badly at completion; its id, number, applicant and task. */
async function ratedBadly(realName: boolean) {
  const c = JSON.parse(await ok(company.post('/api/cases', await applicationBody(t.app, company, permitId)), 201)).case;
  await receiveMaterials(window1, c.id);
  await ok(window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' }));
  await ok(approver.post(`/api/cases/${c.id}/actions`, { action: 'review', opinion: '符合条件', proposal: 'approve' }));
  await ok(chief.post(`/api/cases/${c.id}/actions`, { action: 'decide', result: 'approved', reason: '依法决定' }));
  const ready = JSON.parse(await ok(chief.post(`/api/cases/${c.id}/actions`, { action: 'handover' }))).case;
  await ok(delivery.post(`/api/cases/${c.id}/delivery/pickup`, { verification: { kind: 'query_code', receiptNo: ready.receiptNo, queryCode: ready.queryCode }, collector: { kind: 'holder' } }));
  await ok(company.post(`/api/my/cases/${c.id}/ratings`, { stage: 'completion', level: 1, realName, comment: '等太久' }), 201);
  const row = await t.ctx.db.selectFrom('rectification_tasks as k').innerJoin('ratings as r', 'r.id', 'k.rating_id')
    .innerJoin('cases as c', 'c.id', 'r.case_id').innerJoin('users as u', 'u.id', 'c.applicant_id')
    .select(['k.id as taskId', 'c.receipt_no', 'c.applicant_id', 'u.name']).where('r.case_id', '=', c.id).executeTakeFirstOrThrow();
  assert.ok(row.receipt_no, 'the case has its number');
  return { caseId: c.id as string, receiptNo: row.receipt_no, applicantId: row.applicant_id, applicantName: row.name, taskId: row.taskId };
}

/** Every staff-facing answer about the task, as (label, raw JSON body). */
async function staffBodies(taskId: string, step: 'verify' | 'call_back') {
  const out: [string, string][] = [];
  for (const [who, s] of [['approver', approver], ['chief', chief], ['manager', manager], ['supervisor', supervisor]] as const) {
    out.push([`${who} list`, await ok(s.get('/api/rectifications?pageSize=100'))]);
    out.push([`${who} open list`, await ok(s.get('/api/rectifications?status=open&pageSize=100'))]);
    out.push([`${who} detail`, await ok(s.get(`/api/rectifications/${taskId}`))]);
  }
  out.push(['approver action', await ok(approver.post(`/api/rectifications/${taskId}/actions`, { action: step, note: '已核实' }))]);
  for (const [who, s] of [['manager', manager], ['supervisor', supervisor]] as const) {
    for (const by of ['department', 'window', 'staff']) out.push([`${who} figures by ${by}`, await ok(s.get(`/api/ratings/figures?by=${by}&from=2026-11-01&to=2026-11-30`))]);
  }
  return out;
}

describe('an anonymous case review does not identify its author to staff', () => {
  test('no staff answer about an anonymous review carries the case id, its number or the applicant; a real-name one still does', async () => {
    const anon = await ratedBadly(false);
    const named = await ratedBadly(true);
    assert.notEqual(anon.caseId, named.caseId);

    for (const [label, body] of await staffBodies(anon.taskId, 'verify')) {
      assert.ok(!body.includes(anon.caseId), `${label}: no case id`);
      assert.ok(!body.includes(anon.receiptNo), `${label}: no case number`);
      assert.ok(!body.includes(anon.applicantId), `${label}: no applicant id`);
      // The real-name review of the same applicant is on the lists, so the name is checked on the anonymous task's own view.
      if (label.endsWith('detail') || label.endsWith('action')) assert.ok(!body.includes(anon.applicantName), `${label}: no applicant name`);
    }
    const anonView = JSON.parse(await ok(manager.get(`/api/rectifications/${anon.taskId}`)));
    assert.deepEqual([anonView.realName, anonView.rating.caseId, anonView.rating.ticketId, anonView.rating.receiptNo, anonView.rating.raterName], [false, null, null, null, null]);
    assert.deepEqual([anonView.rating.stage, anonView.rating.comment, anonView.department.name.length > 0], ['completion', '等太久', true], 'what the rectification works on stays');

    // The real-name review keeps its link to the case, for every staff role that reads it.
    for (const s of [approver, chief, manager, supervisor]) {
      const v = JSON.parse(await ok(s.get(`/api/rectifications/${named.taskId}`)));
      assert.deepEqual([v.rating.caseId, v.rating.receiptNo, v.rating.raterName], [named.caseId, named.receiptNo, named.applicantName]);
      const list = JSON.parse(await ok(s.get('/api/rectifications?pageSize=100')));
      assert.equal(list.tasks.find((x: { id: string }) => x.id === named.taskId).receiptNo, named.receiptNo);
    }
    const action = JSON.parse(await ok(approver.post(`/api/rectifications/${named.taskId}/actions`, { action: 'call_back', note: '已回访' })));
    assert.deepEqual([action.rating.caseId, action.rating.receiptNo], [named.caseId, named.receiptNo]);

    // The applicant still reads their own case's rating and task.
    const page = JSON.parse(await ok(company.get(`/api/my/cases/${anon.caseId}/ratings`)));
    assert.equal(page.receiptNo, anon.receiptNo);
    assert.equal(page.stages[1].task.id, anon.taskId);
  });
});
