import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoViolations } from './axe.ts';
import { chinaLocal, confirmClick } from './antd.ts';
import { DEMO_ENTERPRISE } from '../server/src/seed/seed.ts';
import { publishWithKey } from '../server/src/modules/trading/bid-key-fixture.ts';
import { apiOf, callerOf, samplePdf, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/** No serious or critical axe violation on the page as it is now; then a fresh page (settle() switched animations off). */
async function noViolations(page: Page, ready: string, name: string) {
  await assertNoViolations(page, ready, name);
  await page.reload();
  await page.locator(ready).first().waitFor();
}

test('trading staff upload a tender document, amend the conditions during bidding (new deadline shown, bidders asked to re-confirm) and cancel another tender with a reason, in the console', async () => {
  const staff = await e.newPage();
  await signInPage(staff, 'trading1');
  const api = await apiOf(staff);
  // Set-up a person would do on the list page (tested in trading-journey.e2e.ts): two projects with their tenders,
  // the first published and in its bidding period. The supervising department: the demo tender's.
  const demo = (await api.get<{ rows: Array<{ id: string; projectCode: string }> }>('/api/trading/tenders?staff=1&pageSize=100')).rows.find((r) => r.projectCode === 'JS-2026-001')!;
  const departmentId = (await api.get<{ project: { departmentId: string } }>(`/api/trading/tenders/${demo.id}`)).project.departmentId;
  const tag = Date.now();
  const tenderOf = async (n: number) => {
    const project = await api.post<{ id: string }>('/api/trading/projects', {
      kind: 'construction', code: `E2E-ST-${tag}-${n}`, name: `交易员页面端到端测试项目${n}`, buyerName: '海南省测试建设单位', buyerOrgCode: '12460000MB0000001X', departmentId,
    });
    return api.post<{ id: string }>(`/api/trading/projects/${project.id}/tenders`, { title: `交易员页面测试施工招标${n} ${tag}`, bidDeadline: new Date(Date.now() + 21 * 86_400_000).toISOString() });
  };
  const bidding = await tenderOf(1);
  // The bid key first (2 of 2: the staff member and the supervising department's approver), then the notice (TENDER_BID_KEY_REQUIRED).
  const official = await e.newPage();
  await signInPage(official, 'approver.housing');
  const published = await publishWithKey(callerOf(staff), callerOf(official), bidding.id);
  assert.equal(published.statusCode, 200, published.body);
  await official.close();
  await api.post(`/api/trading/tenders/${bidding.id}/actions`, { action: 'start_bidding' });
  const other = await tenderOf(2);

  // 1. The console of the tender in bidding: no document yet; axe on the console with its forms.
  await staff.goto(`/workbench/tenders/${bidding.id}`);
  await staff.getByTestId('tender-status').filter({ hasText: '投标期' }).waitFor();
  await staff.getByTestId('tender-amend').waitFor();
  await noViolations(staff, '[data-testid="tender-documents"]', 'tender console (bidding)');
  // Offered by the server's actions: cancel; not the contract, not unsuccessful (bidding).
  await staff.getByTestId('tender-cancel').waitFor();
  assert.equal(await staff.getByTestId('tender-contract').count(), 0);
  assert.equal(await staff.getByTestId('tender-declare_unsuccessful').count(), 0);

  // 2. A tender document: version 1, with its hash, registered in the tender.
  await staff.getByTestId('doc-title').fill('招标文件（第一版）');
  await staff.getByTestId('doc-file').setInputFiles(samplePdf());
  await staff.getByTestId('doc-add').and(staff.locator(':enabled')).click();
  await staff.getByTestId('tender-documents-list').getByText('招标文件（第一版）').waitFor();
  const afterDoc = await api.get<{ documents: Array<{ version: number; title: string }> }>(`/api/trading/tenders/${bidding.id}`);
  assert.deepEqual(afterDoc.documents.map((d) => [d.version, d.title]), [[1, '招标文件（第一版）']]);

  // An enterprise takes the document (registered download; the portal's part, by request here): a registered bidder.
  const bidder = await e.newPage();
  await signInPage(bidder, DEMO_ENTERPRISE.creditCode);
  const docId = (await api.get<{ documents: Array<{ id: string }> }>(`/api/trading/tenders/${bidding.id}`)).documents[0]!.id;
  assert.equal((await bidder.request.get(`/api/trading/tenders/${bidding.id}/documents/${docId}`)).status(), 200);
  const registered = await e.db().selectFrom('tender_document_downloads').select('document_id').where('tender_id', '=', bidding.id).execute();
  assert.deepEqual(registered.map((r) => r.document_id), [docId]);
  // 招标投标法 第二十二条: who took it is sealed until the opening, for the trading staff too; the console says so.
  const sealed = await callerOf(staff).get(`/api/trading/tenders/${bidding.id}/downloads`);
  assert.deepEqual([sealed.statusCode, (sealed.json() as { code: string }).code], [409, 'TENDER_BIDDERS_SEALED'], sealed.body);
  await staff.getByTestId('tender-downloads-sealed').waitFor();
  assert.equal(await staff.getByTestId('tender-downloads').count(), 0);

  // 3. An amendment during bidding: a later deadline (30 days from now, 10:00 Beijing time) with its reason.
  const before = await api.get<{ version: number; bidDeadline: string }>(`/api/trading/tenders/${bidding.id}`);
  const wanted = chinaLocal(new Date(Date.now() + 30 * 86_400_000)).slice(0, 10) + 'T10:00';
  const wantedIso = new Date(`${wanted}:00+08:00`).toISOString();
  await staff.getByTestId('amend-deadline').fill(wanted);
  await staff.getByTestId('amend-reason').fill('补充资格条件，延长投标截止时间。');
  await staff.getByTestId('amend-submit').click();
  // The console shows times in China time whatever the browser's zone.
  await staff.getByTestId('tender-deadline').filter({ hasText: wanted.replace('T', ' ') }).waitFor();
  const amended = await api.get<{ version: number; bidDeadline: string }>(`/api/trading/tenders/${bidding.id}`);
  assert.equal(new Date(amended.bidDeadline).toISOString(), wantedIso);
  assert.notEqual(amended.bidDeadline, before.bidDeadline);
  assert.ok(amended.version > before.version, 'the amendment is a new revision');
  const revs = await api.get<{ revisions: Array<{ action: string; reason: string | null }> }>(`/api/trading/tenders/${bidding.id}/revisions`);
  assert.equal(revs.revisions.at(-1)?.action, 'amend');
  assert.equal(revs.revisions.at(-1)?.reason, '补充资格条件，延长投标截止时间。');
  // The registered bidder is asked to re-confirm the new revision.
  const seen = await (await apiOf(bidder)).get<{ mustReconfirm: number[] }>(`/api/trading/tenders/${bidding.id}`);
  assert.deepEqual(seen.mustReconfirm, [amended.version]);
  // An empty reason is not sent: the button waits for it.
  assert.equal(await staff.getByTestId('amend-submit').isDisabled(), true);
  await e.shot(staff, 'trading-staff-amended');

  // 4. The other tender (a draft) is cancelled with a reason: the status shows it, the reason is kept; no more forms.
  await staff.goto(`/workbench/tenders/${other.id}`);
  await staff.getByTestId('tender-status').filter({ hasText: '草稿' }).waitFor();
  await staff.getByTestId('cancel-reason').fill('项目资金未落实，终止招标。');
  await confirmClick(staff, 'cancel-submit', '终止招标');
  await staff.getByTestId('tender-status').filter({ hasText: '已终止' }).waitFor();
  await staff.getByTestId('tender-closed-reason').filter({ hasText: '项目资金未落实，终止招标。' }).waitFor();
  assert.equal(await staff.getByTestId('tender-cancel').count(), 0);
  assert.equal(await staff.getByTestId('tender-amend').count(), 0);
  const cancelled = await api.get<{ status: string; closedReason: string }>(`/api/trading/tenders/${other.id}`);
  assert.deepEqual([cancelled.status, cancelled.closedReason], ['cancelled', '项目资金未落实，终止招标。']);
  await noViolations(staff, '[data-testid="tender-documents"]', 'tender console (cancelled)');
});
