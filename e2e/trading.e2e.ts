import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { publishWithKey } from '../server/src/modules/trading/bid-key-fixture.ts';
import { apiOf, callerOf, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('the trading center publishes a tender and the public sees the notice, its periods and its revisions, on a phone', async () => {
  const staff = await e.newPage();
  await signInPage(staff, 'trading1');
  const api = await apiOf(staff);
  // The supervising department of the demo project (the housing department).
  const demo = (await api.get<{ rows: Array<{ id: string; projectCode: string }> }>('/api/trading/tenders?pageSize=100')).rows.find((r) => r.projectCode === 'JS-2026-001')!;
  const housing = (await api.get<{ project: { departmentId: string } }>(`/api/trading/tenders/${demo.id}`)).project.departmentId;
  const code = `E2E-${Date.now()}`;
  const project = await api.post<{ id: string }>('/api/trading/projects', {
    kind: 'procurement', code, name: '端到端测试采购项目', buyerName: '海南省测试采购单位', buyerOrgCode: '12460000MB0000001X', departmentId: housing,
  });
  const deadline = new Date(Date.now() + 21 * 86_400_000).toISOString();
  const tender = await api.post<{ id: string }>(`/api/trading/projects/${project.id}/tenders`, { title: '端到端测试办公设备采购', bidDeadline: deadline });
  // The bid key first (2 of 2: the staff member and the supervising department's approver), then the notice (TENDER_BID_KEY_REQUIRED).
  const official = await e.newPage();
  await signInPage(official, 'approver.housing');
  const published = await publishWithKey(callerOf(staff), callerOf(official), tender.id);
  assert.equal(published.statusCode, 200, published.body);
  await official.close();

  const visitor = await e.newPage({ mobile: true });
  await visitor.goto('/trading');
  await visitor.getByTestId('trading-notices').waitFor();
  await visitor.getByRole('link', { name: '端到端测试办公设备采购' }).click();
  await visitor.getByTestId('trading-notice').waitFor();
  await visitor.getByRole('heading', { name: /端到端测试办公设备采购/ }).waitFor();
  assert.notEqual((await visitor.getByTestId('trading-deadline').innerText()).trim(), '—');
  // The three revisions (created, its key made, published) are public; the documents ask the visitor to sign in.
  await visitor.getByText('登录后可下载招标文件').waitFor();
  assert.equal(await visitor.locator('[data-testid="trading-notice"] .ant-table-tbody').last().locator('tr.ant-table-row').count(), 3);
  const width = await visitor.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling at 390 px (${width})`);
  await e.shot(visitor, 'trading-notice');
});
