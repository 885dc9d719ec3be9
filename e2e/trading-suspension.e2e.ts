import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeBidKey } from '../server/src/modules/trading/bid-key-fixture.ts';
import { DEMO_ENTERPRISE } from '../server/src/seed/seed.ts';
import { assertNoViolations as noViolations } from './axe.ts';
import { apiOf, callerOf, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('the supervising department lifts a suspension with the workbench button, giving a reason; the trading staff see the suspension but no button', async () => {
  // A published tender of the housing department, its documents taken by the enterprise (API: set-up only).
  const staff = await e.newPage();
  await signInPage(staff, 'trading1');
  const api = await apiOf(staff);
  const demo = (await api.get<{ rows: Array<{ id: string; projectCode: string }> }>('/api/trading/tenders?pageSize=100')).rows.find((r) => r.projectCode === 'JS-2026-001')!;
  const housing = (await api.get<{ project: { departmentId: string } }>(`/api/trading/tenders/${demo.id}`)).project.departmentId;
  const project = await api.post<{ id: string }>('/api/trading/projects', {
    kind: 'construction', code: `E2E-S-${Date.now()}`, name: '暂停解除端到端测试项目', buyerName: '海南省测试建设单位', buyerOrgCode: '12460000MB0000001X', departmentId: housing,
  });
  const title = `暂停解除测试施工招标 ${Date.now()}`;
  const tender = await api.post<{ id: string }>(`/api/trading/projects/${project.id}/tenders`, { title, bidDeadline: new Date(Date.now() + 21 * 86_400_000).toISOString() });
  const doc = await api.post<{ id: string }>(`/api/trading/tenders/${tender.id}/documents`, { title: '招标文件', fileId: await api.upload() });
  // The key ceremony (the staff member and the supervising department's approver, each with a registered key, 2 of 2: a public revision),
  // then the notice (TENDER_BID_KEY_REQUIRED).
  const official = await e.newPage();
  await signInPage(official, 'approver.housing');
  const key = await makeBidKey(callerOf(staff), callerOf(official), tender.id);
  await api.post(`/api/trading/tenders/${tender.id}/actions`, { action: 'publish' });

  // An objection, its answer, a complaint, upheld by the housing department with the order to suspend (API: the pages are tested in trading-disputes.e2e.ts).
  const bidder = await e.newPage();
  await signInPage(bidder, DEMO_ENTERPRISE.creditCode);
  assert.equal((await bidder.request.get(`/api/trading/tenders/${tender.id}/documents/${doc.id}`)).status(), 200);
  const bidderApi = await apiOf(bidder);
  const objection = await bidderApi.post<{ id: string }>(`/api/trading/tenders/${tender.id}/disputes`, { kind: 'objection', subject: 'documents', body: '资格条件排斥潜在投标人。' });
  await api.post(`/api/trading/disputes/${objection.id}/answer`, { answer: '不予修改。' });
  const complaint = await bidderApi.post<{ id: string }>(`/api/trading/disputes/${objection.id}/complaints`, { body: '对答复不满意，向监督部门投诉。' });
  const chief = await e.newPage();
  await signInPage(chief, 'chief.housing');
  await (await apiOf(chief)).post(`/api/trading/disputes/${complaint.id}/decide`, { outcome: 'upheld', reason: '资格条件确有排他性，责令暂停。', suspendTender: true });

  // The trading staff see the suspension on the workbench tender page, without the button (they may not lift it).
  await staff.goto(`/workbench/tenders/${tender.id}`);
  await staff.getByTestId('wb-tender-suspended').getByText('资格条件确有排他性，责令暂停。').waitFor();
  assert.equal(await staff.getByTestId('wb-tender-resume').count(), 0, 'no lift button for the trading staff');
  await noViolations(staff, '[data-testid="wb-tender-suspended"]', 'workbench tender page (trading, suspended)');

  // The housing approver goes from the complaint to the tender and lifts the suspension with a reason.
  const dept = await e.newPage();
  await signInPage(dept, 'approver.housing');
  await dept.goto('/workbench/tender-disputes');
  await dept.getByTestId(`dispute-${complaint.id}`).getByTestId('dispute-tender').click();
  await dept.waitForURL(`**/workbench/tenders/${tender.id}`);
  const button = dept.getByTestId('wb-tender-resume');
  await button.waitFor();
  await noViolations(dept, '[data-testid="wb-tender-resume"]', 'workbench tender page (supervising department, suspended)');
  await button.click();
  const submit = dept.getByTestId('wb-tender-resume-submit');
  assert.equal(await submit.isDisabled(), true, 'a reason is required');
  await dept.getByLabel('解除理由').fill('招标人已修改资格条件，恢复招标投标活动。');
  await noViolations(dept, '[data-testid="wb-tender-resume-form"]', 'workbench tender page (lift form)');
  await submit.click();
  await dept.getByTestId('wb-tender-resumed').waitFor();
  await dept.getByTestId('wb-tender-lifted').getByText('招标人已修改资格条件，恢复招标投标活动。').waitFor();
  assert.equal(await dept.getByTestId('wb-tender-suspended').count(), 0, 'the suspension notice is gone');
  assert.equal(await dept.getByTestId('wb-tender-resume').count(), 0, 'nothing left to lift');
  await noViolations(dept, '[data-testid="wb-tender-resumed"]', 'workbench tender page (lifted)');
  await e.shot(dept, 'trading-suspension-lifted');

  // The server agrees: the tender goes on, the lifting by this approver with this reason.
  const after = await api.get<{ suspended: boolean; actions: string[]; suspensions: Array<{ resumedAt: string | null; resumeReason: string | null }> }>(`/api/trading/tenders/${tender.id}`);
  assert.equal(after.suspended, false);
  assert.ok(after.actions.includes('cancel'), 'the tender takes its actions again');
  assert.deepEqual(after.suspensions.map((s) => s.resumeReason), ['招标人已修改资格条件，恢复招标投标活动。']);
  // The staff page, reloaded, shows the lifting too, and the key made.
  await staff.reload();
  await staff.getByTestId('wb-tender-lifted').waitFor();
  await staff.getByText('已生成，开标需 2 / 2 名持钥人').waitFor();
  // The public notice lists the key ceremony among the revisions, with the key's fingerprint.
  const visitor = await e.newPage();
  await visitor.goto(`/trading/tenders/${tender.id}`);
  await visitor.getByText(`生成投标加密密钥（2/2 分片开标，公钥指纹 ${key.keyId.slice(0, 16)}…）`).waitFor();
});
