import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../server/src/seed/seed.ts';
import { publishWithKey } from '../server/src/modules/trading/bid-key-fixture.ts';
import { apiOf, callerOf, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('a bidder raises a question on a phone, the trading staff answer, the bidder complains, the supervising department upholds it; the board counts trading', async () => {
  // The trading center publishes a procurement tender with its documents (API: the staff pages of tenders are not built).
  const staff = await e.newPage();
  await signInPage(staff, 'trading1');
  const api = await apiOf(staff);
  const demo = (await api.get<{ rows: Array<{ id: string; projectCode: string }> }>('/api/trading/tenders?pageSize=100')).rows.find((r) => r.projectCode === 'JS-2026-001')!;
  const housing = (await api.get<{ project: { departmentId: string } }>(`/api/trading/tenders/${demo.id}`)).project.departmentId;
  const project = await api.post<{ id: string }>('/api/trading/projects', {
    kind: 'procurement', code: `E2E-D-${Date.now()}`, name: '质疑投诉端到端测试项目', buyerName: '海南省测试采购单位', buyerOrgCode: '12460000MB0000001X', departmentId: housing,
  });
  const tender = await api.post<{ id: string }>(`/api/trading/projects/${project.id}/tenders`, { title: '质疑投诉测试设备采购', bidDeadline: new Date(Date.now() + 21 * 86_400_000).toISOString() });
  const doc = await api.post<{ id: string }>(`/api/trading/tenders/${tender.id}/documents`, { title: '采购文件', fileId: await api.upload() });
  // The bid key first (2 of 2: the staff member and the supervising department's approver), then the notice (TENDER_BID_KEY_REQUIRED).
  const official = await e.newPage();
  await signInPage(official, 'approver.housing');
  const published = await publishWithKey(callerOf(staff), callerOf(official), tender.id);
  assert.equal(published.statusCode, 200, published.body);
  await official.close();

  // The bidder takes the documents (registered), then raises a question on the tender page, on a phone.
  const bidder = await e.newPage();
  await signInPage(bidder, DEMO_ENTERPRISE.creditCode);
  await bidder.setViewportSize({ width: 390, height: 844 }); // a phone's width once signed in
  assert.equal((await bidder.request.get(`/api/trading/tenders/${tender.id}/documents/${doc.id}`)).status(), 200);
  await bidder.goto(`/trading/tenders/${tender.id}`);
  await bidder.getByTestId('tender-disputes').waitFor();
  await bidder.getByTestId('dispute-body').fill('技术参数第 3 项指向特定品牌，请予澄清。');
  await bidder.getByTestId('dispute-submit').click();
  const mine = bidder.getByTestId('my-disputes');
  await mine.getByText('技术参数第 3 项指向特定品牌').waitFor();
  assert.equal((await mine.getByTestId('dispute-status').first().innerText()).trim(), '待处理');
  const width = await bidder.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling at 390 px (${width})`);
  await e.shot(bidder, 'trading-dispute-raised');

  // The trading staff answer it on the workbench.
  await staff.goto('/workbench/tender-disputes');
  const item = staff.getByTestId('staff-disputes').locator('[data-testid^="dispute-"]').filter({ hasText: '技术参数第 3 项指向特定品牌' }).first();
  await item.getByTestId('dispute-reply').fill('技术参数系通用标准，不指向特定品牌。');
  await item.getByTestId('dispute-answer-submit').click();
  await item.getByTestId('dispute-answer').waitFor();
  assert.equal((await item.getByTestId('dispute-status').innerText()).trim(), '已答复');

  // Not satisfied, the bidder complains to the supervising department.
  await bidder.reload();
  await mine.getByTestId('dispute-answer').waitFor();
  await bidder.getByTestId('dispute-complain').click();
  await bidder.getByTestId('complaint-body').fill('答复未说明理由，向监督部门投诉。');
  await bidder.getByTestId('complaint-submit').click();
  await mine.getByText('答复未说明理由').waitFor();

  // The supervising department (housing) upholds it and orders the tender suspended.
  const dept = await e.newPage();
  await signInPage(dept, 'chief.housing');
  await dept.goto('/workbench/tender-disputes');
  const complaint = dept.getByTestId('staff-disputes').locator('[data-testid^="dispute-"]').filter({ hasText: '答复未说明理由' }).first();
  await complaint.getByTestId('decide-upheld').click();
  await complaint.getByText('责令暂停招标投标活动').click();
  await complaint.getByTestId('dispute-reply').fill('技术参数确有排他性，投诉成立。');
  await complaint.getByTestId('dispute-decide-submit').click();
  await complaint.getByTestId('dispute-answer').waitFor();
  assert.equal((await complaint.getByTestId('dispute-status').innerText()).trim(), '投诉成立');
  await e.shot(dept, 'trading-complaint-decided');

  // The bidder sees the decision and, on the tender page, that the tender is suspended; the supervision board shows trading beside the cases.
  await bidder.reload();
  await mine.getByText('技术参数确有排他性，投诉成立。').waitFor();
  await bidder.getByTestId('trading-suspended').getByText('技术参数确有排他性，投诉成立。').waitFor();
  const sup = await e.newPage();
  await signInPage(sup, 'supervisor');
  await sup.goto('/supervision');
  await sup.getByTestId('board-trading').waitFor();
  await sup.getByTestId('board-trading-openComplaints').filter({ hasText: /^\d+$/ }).waitFor();
  await e.shot(sup, 'trading-board');
});
