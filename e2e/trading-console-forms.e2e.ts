import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ensureOfficialKey } from '../server/src/modules/trading/bid-key-fixture.ts';
import { handInBids } from '../server/src/modules/trading/handed-in-bids-fixture.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../server/src/seed/seed.ts';
import { assertNoViolations } from './axe.ts';
import { chooseOption, confirmClick } from './antd.ts';
import { apiOf, callerOf, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => {
  e = await startE2E();
});
after(async () => {
  await e.close();
});

const DAY = 86_400_000;
/** The browser's zone in this test: New York (UTC−5 in winter), 13 hours behind China. */
const ZONE = 'America/New_York';
/** An instant as the console must show it: China time, minute precision. */
const china = (d: Date | string) => new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** No serious or critical axe violation on the page as it is now; then a fresh page (settle() switched animations off). */
async function noViolations(page: Page, ready: string, name: string) {
  await assertNoViolations(page, ready, name);
  await page.reload();
  await page.locator(ready).first().waitFor();
}

/** The custodians of every bid key made here, of both bodies: trading1 and the housing department's approver, each with the key they hold or a new one (a key with shares out cannot change). */
let custodians: Promise<string[]> | null = null;
function custodiansOf(staff: Page): Promise<string[]> {
  custodians ??= (async () => {
    const official = await e.newPage();
    await signInPage(official, 'approver.housing');
    const ids = [await ensureOfficialKey(callerOf(staff)), await ensureOfficialKey(callerOf(official))];
    await official.close();
    return ids;
  })();
  return custodians;
}

/**
 * Makes tenders of the housing department through the API as the signed-in trading staff `staff`: a project, a tender,
 * its bid key made in draft (before publication, as the server requires), optionally a document, published, in bidding.
 */
async function tenderMaker(staff: Page) {
  const api = await apiOf(staff);
  const demo = (await api.get<{ rows: Array<{ id: string; projectCode: string }> }>('/api/trading/tenders?staff=1&pageSize=100')).rows.find((r) => r.projectCode === 'JS-2026-001')!;
  const departmentId = (await api.get<{ project: { departmentId: string } }>(`/api/trading/tenders/${demo.id}`)).project.departmentId;
  const keyHolders = await custodiansOf(staff);
  return async (n: number | string, withDocument: boolean) => {
    const tag = `${Date.now()}-${n}`;
    const project = await api.post<{ id: string }>('/api/trading/projects', {
      kind: 'construction', code: `E2E-CF-${tag}`, name: `交易表单端到端测试项目${n}`, buyerName: '海南省测试建设单位', buyerOrgCode: '12460000MB0000001X', departmentId,
    });
    const title = `交易表单测试施工招标${n} ${tag}`;
    const { id } = await api.post<{ id: string }>(`/api/trading/projects/${project.id}/tenders`, { title, bidDeadline: new Date(Date.now() + 21 * DAY).toISOString() });
    await api.post(`/api/tenders/${id}/bid-key`, { custodians: keyHolders, threshold: 2 });
    const doc = withDocument ? await api.post<{ id: string }>(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: await api.upload() }) : null;
    await api.post(`/api/trading/tenders/${id}/actions`, { action: 'publish' });
    await api.post(`/api/trading/tenders/${id}/actions`, { action: 'start_bidding' });
    return { id, title, docId: doc?.id ?? null };
  };
}

test('trading staff, the browser in New York: the register sealed until the opening, then read in China time; declare a tender unsuccessful with a reason, record the contract of an awarded tender', async () => {
  const staff = await e.newPage({ timezoneId: ZONE });
  await signInPage(staff, 'trading1');
  assert.equal(await staff.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), ZONE);
  const api = await apiOf(staff);

  // Set-up (API; the pages that do it are tested in trading-journey.e2e.ts and trading-staff.e2e.ts): two tenders of the
  // housing department, each with its bid key made in draft (two officials, one of each body, 2 of 2), published and in bidding, each
  // with a tender document the demo enterprise takes.
  const tenderOf = await tenderMaker(staff);
  const failing = await tenderOf(1, true);
  const awarded = await tenderOf(2, true);
  const bidder = await e.newPage();
  await signInPage(bidder, DEMO_ENTERPRISE.creditCode);
  for (const t of [failing, awarded]) assert.equal((await bidder.request.get(`/api/trading/tenders/${t.id}/documents/${t.docId}`)).status(), 200);
  // Then a person takes the second one 20 times: once opened, its register holds 21 downloads, two pages of 20, the
  // enterprise's (the oldest) on the second.
  const person = await e.newPage();
  await signInPage(person, DEMO_PERSON.idNumber);
  for (let i = 0; i < 20; i++) assert.equal((await person.request.get(`/api/trading/tenders/${awarded.id}/documents/${awarded.docId}`)).status(), 200);
  await person.close();
  // 招标投标法 第二十二条: until the opening nobody is told who took the documents, the trading staff included.
  const sealed = await callerOf(staff).get(`/api/trading/tenders/${awarded.id}/downloads`);
  assert.deepEqual([sealed.statusCode, (sealed.json() as { code: string }).code], [409, 'TENDER_BIDDERS_SEALED'], sealed.body);

  // The deadline passes (the server runs on the real clock: the 21-day bidding period is moved back so that it ended
  // an hour ago, a minute shown 13 hours apart in China and in New York). Three bidders handed in a bid to the second
  // tender (rows as the bids module leaves them), which is opened; none to the first, whose opening is refused
  // (招标投标法 第二十八条: fewer than three bidders, TENDER_TOO_FEW_BIDS): it stays in bidding, to be declared unsuccessful.
  const deadline = new Date(Math.floor((Date.now() - 60 * 60_000) / 60_000) * 60_000);
  for (const t of [failing, awarded]) {
    await e.db().updateTable('tenders').set({ published_at: new Date(deadline.getTime() - 21 * DAY), bid_deadline: deadline, bidding_until: deadline, opening_at: deadline })
      .where('id', '=', t.id).execute();
  }
  await handInBids(e.db(), awarded.id);
  await api.post(`/api/trading/tenders/${awarded.id}/actions`, { action: 'open' });
  const refusedOpening = await callerOf(staff).post(`/api/trading/tenders/${failing.id}/actions`, { action: 'open' });
  assert.equal(refusedOpening.statusCode, 409, refusedOpening.body);
  assert.equal((refusedOpening.json() as { code: string }).code, 'TENDER_TOO_FEW_BIDS');
  // The second is evaluated; its candidates are the evaluation's to publish (tested in evaluation.e2e.ts), written here
  // as it leaves them, their three-day publication over; the staff award it to the first.
  await api.post(`/api/trading/tenders/${awarded.id}/actions`, { action: 'start_evaluation' });
  const candidates = [
    { rank: 1, name: '海南一建集团有限公司', orgCode: '91460000MA5T0101XA', score: 92.5, priceFen: 95_000_000 },
    { rank: 2, name: '海南二建集团有限公司', orgCode: '91460000MA5T0102XB', score: 88 },
    { rank: 3, name: '海南三建集团有限公司', orgCode: '91460000MA5T0103XC', score: 81 },
  ];
  await e.db().updateTable('tenders').set({
    status: 'candidates_published', candidates: JSON.stringify(candidates), candidates_published_at: new Date(Date.now() - 3 * DAY - 60_000), candidates_until: new Date(Date.now() - 60_000),
  }).where('id', '=', awarded.id).where('status', '=', 'evaluation').execute();
  await api.post(`/api/trading/tenders/${awarded.id}/actions`, { action: 'award' });
  // The award notice went out 40 days ago: the contract is past its 30 days (招标投标法 第四十六条) and needs the reason for the delay.
  const awardedAt = new Date(Date.now() - 40 * DAY);
  await e.db().updateTable('tenders').set({ awarded_at: awardedAt }).where('id', '=', awarded.id).execute();
  const [download] = (await api.get<{ rows: Array<{ name: string; version: number; at: string }> }>(`/api/trading/tenders/${awarded.id}/downloads?pageSize=100`)).rows.slice(-1);
  assert.equal(download?.name, DEMO_ENTERPRISE.name);

  // 1. The tender whose bidding closed without three bidders: its deadline and the server's time in China time, not New York's.
  await staff.goto(`/workbench/tenders/${failing.id}`);
  await staff.getByTestId('tender-status').filter({ hasText: '投标期' }).waitFor();
  const shownDeadline = (await staff.getByTestId('tender-deadline').innerText()).trim();
  assert.equal(shownDeadline, china(deadline));
  // The same instant in the browser's own zone ('sv-SE' writes YYYY-MM-DD HH:mm:ss).
  const newYork = await staff.evaluate((iso) => new Date(iso).toLocaleString('sv-SE').slice(0, 16), deadline.toISOString());
  assert.notEqual(newYork, shownDeadline, 'the browser\'s own zone would show another time');
  await staff.getByText('投标截止 （北京时间）').waitFor();
  // The server's time as it answered the page (read before and after: the minute it showed lies between).
  const shownNow = (await staff.getByTestId('tender-server-time').innerText()).trim();
  const serverNow = china((await api.get<{ serverTime: string }>(`/api/trading/tenders/${failing.id}`)).serverTime);
  assert.ok(shownNow <= serverNow && shownNow >= china(new Date(Date.now() - 5 * 60_000)), `${shownNow} is China time (now ${serverNow})`);

  // 2. Never opened: its download register stays sealed, said so in place of the list.
  await staff.getByTestId('tender-downloads-sealed').filter({ hasText: '开标前不公开' }).waitFor();
  assert.equal(await staff.getByTestId('tender-downloads').count(), 0);
  await noViolations(staff, '[data-testid="tender-downloads-sealed"]', 'tender console (bidding closed, register sealed)');

  // 3. Declared unsuccessful through the form: the reason is required; the status and the reason show; the form goes.
  assert.equal(await staff.getByTestId('declare_unsuccessful-submit').isDisabled(), true);
  await staff.getByTestId('declare_unsuccessful-reason').fill('递交投标文件的投标人少于三个，依法重新招标。');
  await confirmClick(staff, 'declare_unsuccessful-submit', '宣布招标失败');
  await staff.getByTestId('tender-status').filter({ hasText: '已流标' }).waitFor();
  await staff.getByTestId('tender-closed-reason').filter({ hasText: '递交投标文件的投标人少于三个，依法重新招标。' }).waitFor();
  assert.equal(await staff.getByTestId('tender-declare_unsuccessful').count(), 0);
  const failed = await api.get<{ status: string; closedReason: string }>(`/api/trading/tenders/${failing.id}`);
  assert.deepEqual([failed.status, failed.closedReason], ['unsuccessful', '递交投标文件的投标人少于三个，依法重新招标。']);
  const revs = await api.get<{ revisions: Array<{ action: string; reason: string | null }> }>(`/api/trading/tenders/${failing.id}/revisions`);
  assert.deepEqual([revs.revisions.at(-1)?.action, revs.revisions.at(-1)?.reason], ['declare_unsuccessful', '递交投标文件的投标人少于三个，依法重新招标。']);
  await noViolations(staff, '[data-testid="tender-closed-reason"]', 'tender console (unsuccessful)');

  // 4. The awarded tender: the contract form (its price the winning bid's, not editable: Art. 46), the date signed; the contract shows.
  await staff.goto(`/workbench/tenders/${awarded.id}`);
  await staff.getByTestId('tender-status').filter({ hasText: '已定标' }).waitFor();
  await staff.getByTestId('tender-award').filter({ hasText: '海南一建集团有限公司' }).waitFor();
  // The download register, opened: newest first, 20 a page: the person's downloads, then on the next page the
  // enterprise's, version 1, at the time of the download in China time.
  const register = staff.getByTestId('tender-downloads-list');
  await register.locator('tr.ant-table-row').nth(19).waitFor();
  assert.equal(await register.locator('tr.ant-table-row').count(), 20);
  assert.equal(await register.locator('tr.ant-table-row').filter({ hasText: DEMO_PERSON.name }).count(), 20);
  assert.equal(await staff.getByTestId('tender-downloads-prev').isDisabled(), true);
  await staff.getByTestId('tender-downloads-next').click();
  const row = register.locator('tr.ant-table-row').filter({ hasText: DEMO_ENTERPRISE.name });
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.map((c) => c.trim()), [DEMO_ENTERPRISE.name, '法人', DEMO_ENTERPRISE.creditCode, 'v1 招标文件', china(download!.at)]);
  assert.equal(await register.locator('tr.ant-table-row').count(), 1);
  await staff.getByTestId('tender-downloads-pages').filter({ hasText: '第 2 页' }).waitFor();
  assert.equal(await staff.getByTestId('tender-downloads-next').isDisabled(), true, 'the last page');
  await noViolations(staff, '[data-testid="tender-downloads-list"] tr.ant-table-row', 'tender console (awarded, download register)');
  await staff.getByTestId('tender-contract').waitFor();
  assert.equal(await staff.getByTestId('contract-price').inputValue(), '950000.00');
  await noViolations(staff, '[data-testid="tender-contract"]', 'tender console (awarded, contract form)');
  assert.equal(await staff.getByTestId('contract-submit').isDisabled(), true, 'the title and the date are required');
  await staff.getByTestId('contract-title').fill('海口市道路改造工程施工合同');
  assert.equal(await staff.getByTestId('contract-price').isDisabled(), true, 'the price is the award\'s');
  const picker = staff.getByTestId('contract-signed-on');
  const dateInput = (await picker.evaluate((el) => el.tagName)) === 'INPUT' ? picker : picker.locator('input');
  // Signed today (China time): after the award, not a day still to come (招标投标法 第四十六条; the picker disables the others).
  const signedOn = china(new Date()).slice(0, 10);
  await dateInput.click();
  await dateInput.fill(signedOn);
  await dateInput.press('Enter');
  // The supervision board counts it among the awarded tenders past their 30 days without a contract.
  const sup = await e.newPage();
  await signInPage(sup, 'supervisor');
  const supApi = await apiOf(sup);
  const overdueBefore = (await supApi.get<{ overdueContracts: number }>('/api/supervision/board/trading')).overdueContracts;
  assert.ok(overdueBefore >= 1, `the board counts it (${overdueBefore})`);
  await sup.goto('/supervision');
  await sup.getByTestId('board-trading-overdueContracts').filter({ hasText: new RegExp(`^${overdueBefore}$`) }).waitFor();
  await sup.getByText('定标超 30 日未签合同').waitFor();
  // Today is past the 30 days: the form shows the day it was due and asks the reason before it lets the contract be signed.
  const dueBy = china(new Date(awardedAt.getTime() + 30 * DAY)).slice(0, 10);
  await staff.getByTestId('contract-due-by').filter({ hasText: dueBy }).waitFor();
  await staff.getByTestId('contract-late-reason').waitFor();
  assert.equal(await staff.getByTestId('contract-submit').isDisabled(), true, 'a late contract needs its reason');
  const lateReason = '中标人法定代表人变更，待登记完成后签订';
  await staff.getByTestId('contract-late-reason').fill(lateReason);
  await staff.getByTestId('contract-submit').and(staff.locator(':enabled')).waitFor();
  await confirmClick(staff, 'contract-submit', '签订合同');
  await staff.getByTestId('tender-status').filter({ hasText: '已签合同' }).waitFor();
  await staff.getByTestId('tender-contract-shown').filter({ hasText: `海口市道路改造工程施工合同 · 950,000.00 元 · ${signedOn}` }).waitFor();
  await staff.getByTestId('tender-contract-late').filter({ hasText: `${dueBy}` }).filter({ hasText: lateReason }).waitFor();
  assert.equal(await staff.getByTestId('tender-contract').count(), 0, 'no second contract');
  const signed = await api.get<{ status: string; contract: { title: string; priceFen: number | null; signedOn: string; lateReason?: string } }>(`/api/trading/tenders/${awarded.id}`);
  assert.deepEqual([signed.status, signed.contract], ['contract', { title: '海口市道路改造工程施工合同', priceFen: 95_000_000, signedOn, lateReason }]);
  await noViolations(staff, '[data-testid="tender-contract-shown"]', 'tender console (contract)');
  assert.equal((await supApi.get<{ overdueContracts: number }>('/api/supervision/board/trading')).overdueContracts, overdueBefore - 1, 'signed, it leaves the count');
  await sup.close();

  // 5. The list: the deadlines in China time as well.
  await staff.goto('/workbench/tenders');
  const listed = staff.getByTestId('staff-tenders').locator('tr.ant-table-row').filter({ hasText: failing.title });
  await listed.filter({ hasText: china(deadline) }).waitFor();
  await e.shot(staff, 'trading-console-forms-list');

  // 6. Staff who may not read the register (another department) see the published tender without it; the route refuses them.
  const market = await e.newPage();
  await signInPage(market, 'approver.market');
  assert.equal((await market.request.get(`/api/trading/tenders/${failing.id}/downloads`)).status(), 403);
  const seen = await (await apiOf(market)).get<{ canReadRegister: boolean }>(`/api/trading/tenders/${failing.id}`);
  assert.equal(seen.canReadRegister, false);
  await market.goto(`/workbench/tenders/${failing.id}`);
  await market.getByTestId('tender-status').filter({ hasText: '已流标' }).waitFor();
  await market.getByTestId('tender-documents').waitFor();
  assert.equal(await market.getByTestId('tender-downloads').count(), 0);
  assert.equal((await bidder.request.get(`/api/trading/tenders/${failing.id}/downloads`)).status(), 403, 'the bidder');
});

test('the award of a state-funded tender (条例 第五十五条): a lower candidate only with the ground for each one ranked above and the account; the winner gives it up and the next is awarded; the grounds show on the console and the public page', async () => {
  const staff = await e.newPage();
  await signInPage(staff, 'trading1');
  const api = await apiOf(staff);
  // Set-up (API, as in the first test): a tender opened on three bids, its candidates published three days ago.
  const tender = await (await tenderMaker(staff))('award', false);
  const deadline = new Date(Date.now() - 60 * 60_000);
  await e.db().updateTable('tenders').set({ published_at: new Date(deadline.getTime() - 21 * DAY), bid_deadline: deadline, bidding_until: deadline, opening_at: deadline })
    .where('id', '=', tender.id).execute();
  await handInBids(e.db(), tender.id);
  await api.post(`/api/trading/tenders/${tender.id}/actions`, { action: 'open' });
  await api.post(`/api/trading/tenders/${tender.id}/actions`, { action: 'start_evaluation' });
  const candidates = [
    { rank: 1, name: '海南一建集团有限公司', orgCode: '91460000MA5T0101XA', score: 92.5, priceFen: 95_000_000 },
    { rank: 2, name: '海南二建集团有限公司', orgCode: '91460000MA5T0102XB', score: 88, priceFen: 96_000_000 },
    { rank: 3, name: '海南三建集团有限公司', orgCode: '91460000MA5T0103XC', score: 81, priceFen: 97_000_000 },
  ];
  await e.db().updateTable('tenders').set({
    status: 'candidates_published', candidates: JSON.stringify(candidates), candidates_published_at: new Date(Date.now() - 3 * DAY - 60_000), candidates_until: new Date(Date.now() - 60_000),
  }).where('id', '=', tender.id).where('status', '=', 'evaluation').execute();

  await staff.goto(`/workbench/tenders/${tender.id}`);
  await staff.getByTestId('tender-award-form').waitFor();
  await staff.getByTestId('tender-award-rule').filter({ hasText: '按中标候选人排序定标' }).waitFor();
  await staff.getByTestId('award-rule').filter({ hasText: '第五十五条' }).waitFor();
  await noViolations(staff, '[data-testid="tender-award-form"]', 'tender console (award form)');
  // The third: the button waits for a ground for each of the two above, then for the account.
  await chooseOption(staff, 'award-winner', '第 3 名 · 海南三建集团有限公司 · 81.00 分');
  const submit = staff.getByTestId('tender-action-award');
  await submit.filter({ hasText: '定标（第 3 名中标候选人）' }).waitFor();
  assert.equal(await submit.isDisabled(), true);
  await chooseOption(staff, 'award-ground-1', '被查实存在影响中标结果的违法行为');
  assert.equal(await submit.isDisabled(), true, 'the second has no ground yet');
  // The second instead: only the first needs its ground then, and the account.
  await chooseOption(staff, 'award-winner', '第 2 名 · 海南二建集团有限公司 · 88.00 分');
  assert.equal(await staff.getByTestId('award-ground-2').count(), 0);
  assert.equal(await submit.isDisabled(), true, 'no account yet');
  await staff.getByTestId('award-account').fill('第一名经行政监督部门查实串通投标。');
  await staff.getByTestId('tender-action-award').and(staff.locator(':enabled')).waitFor();
  await confirmClick(staff, 'tender-action-award', '定标（第 2 名中标候选人）');
  await staff.getByTestId('tender-status').filter({ hasText: '已定标' }).waitFor();
  await staff.getByTestId('tender-award').filter({ hasText: '海南二建集团有限公司' }).waitFor();

  // The second then gives it up before the contract: the staff award the third, stating the second's ground.
  await staff.getByTestId('tender-reaward-open').click();
  await staff.getByTestId('tender-reaward-form').waitFor();
  await assertNoViolations(staff, '[data-testid="tender-reaward-form"]', 'tender console (re-award form)');
  // A fresh page after axe (its run leaves the page's selects unable to open), the form opened again.
  await staff.reload();
  await staff.getByTestId('tender-reaward-open').click();
  const resubmit = staff.getByTestId('tender-action-reaward');
  await resubmit.filter({ hasText: '另行确定中标人（第 3 名中标候选人）' }).waitFor();
  assert.equal(await resubmit.isDisabled(), true, 'the winner it replaces needs its ground');
  await chooseOption(staff, 'award-ground-2', '放弃中标');
  await staff.getByTestId('award-account').fill('第二中标候选人书面放弃中标。');
  await staff.getByTestId('tender-action-reaward').and(staff.locator(':enabled')).waitFor();
  await confirmClick(staff, 'tender-action-reaward', '另行确定中标人（第 3 名中标候选人）');
  await staff.getByTestId('tender-award').filter({ hasText: '海南三建集团有限公司' }).waitFor();
  assert.equal((await staff.getByTestId('tender-award-passed-over').innerText()).trim(),
    '· 第 1 名 海南一建集团有限公司：被查实存在影响中标结果的违法行为；第 2 名 海南二建集团有限公司：放弃中标');
  const awarded = await api.get<{ award: { rank: number; priceFen: number; passedOver: Array<{ rank: number; reason: string }> } }>(`/api/trading/tenders/${tender.id}`);
  assert.deepEqual([awarded.award.rank, awarded.award.priceFen, awarded.award.passedOver.map((p) => [p.rank, p.reason])], [3, 97_000_000, [[1, 'violation'], [2, 'declined']]]);

  // The public page states the grounds beside the winner, in Chinese and in English.
  const visitor = await e.newPage();
  await visitor.goto(`/trading/tenders/${tender.id}`);
  await visitor.getByTestId('trading-award-passed-over').filter({ hasText: '第 2 名 海南二建集团有限公司：放弃中标' }).waitFor();
  await visitor.getByTestId('lang-switch').click();
  await visitor.waitForFunction(() => document.documentElement.lang === 'en');
  await visitor.getByTestId('trading-award-passed-over').filter({ hasText: 'No. 2 海南二建集团有限公司: Gave the award up' }).waitFor();
  await visitor.close();
  await staff.close();
});

test('the draw operator records that a seated expert declines, with a reason: the first reserve takes the seat; with no reserve left the page says a new draw is needed and nothing changes', async () => {
  const staff = await e.newPage();
  await signInPage(staff, 'trading1');
  const tender = await (await tenderMaker(staff))('draw', false);
  await staff.close();

  // Set-up (API; the commit and seed forms are tested in trading-journey.e2e.ts): a draw of five seats and one reserve
  // from the demo pool, its seed due time moved back so that the seed can be entered now.
  const operator = await e.newPage();
  await signInPage(operator, 'draw1');
  const op = await apiOf(operator);
  const committed = await op.post<{ id: string }>(`/api/tenders/${tender.id}/expert-draw`, {
    buyerReps: 0, reserves: 1, seedSource: '开标现场公开摇号', seedSources: 1, seedDueAt: new Date(Date.now() + DAY).toISOString(), filters: { specialties: ['municipal_works'] },
  });
  await e.db().updateTable('expert_draws').set({ seed_due_at: new Date() }).where('id', '=', committed.id).execute();
  type Drawn = { members: Array<{ rank: number; expertId: string; name: string; seat: string }> };
  const drawn = await op.post<Drawn>(`/api/expert-draws/${committed.id}/seed`, { seed: [['9319']] });
  assert.deepEqual(drawn.members.map((m) => m.seat), ['seated', 'seated', 'seated', 'seated', 'seated', 'reserve']);
  const seats = async () => (await op.get<Drawn>(`/api/tenders/${tender.id}/expert-draw`)).members.map((m) => m.seat);

  // 1. The draw page: a decline button on each seated expert, none on the reserve.
  await operator.goto(`/workbench/tenders/${tender.id}/draw`);
  await operator.getByTestId('draw-members').waitFor();
  for (let rank = 1; rank <= 5; rank++) await operator.getByTestId(`draw-decline-${rank}`).waitFor();
  assert.equal(await operator.getByTestId('draw-decline-6').count(), 0);

  // 2. The first declines: the form names the expert and wants a reason; the reserve is seated, the declined one marked.
  await operator.getByTestId('draw-decline-1').click();
  await operator.getByTestId('draw-decline').filter({ hasText: drawn.members[0]!.name }).waitFor();
  assert.equal(await operator.getByTestId('draw-decline-submit').isDisabled(), true);
  await noViolations(operator, '[data-testid="draw-members"]', 'expert draw (drawn)');
  await operator.getByTestId('draw-decline-1').click();
  await operator.getByTestId('draw-decline-reason').fill('出差在外，无法按时到场');
  await confirmClick(operator, 'draw-decline-submit', '登记拒绝并递补');
  await operator.getByTestId('draw-seat-1').filter({ hasText: '已回避/拒绝' }).waitFor();
  await operator.getByTestId('draw-seat-6').filter({ hasText: '入选' }).waitFor();
  await operator.getByTestId('draw-decline').waitFor({ state: 'detached' });
  assert.equal(await operator.getByTestId('draw-decline-1').count(), 0);
  assert.deepEqual(await seats(), ['declined', 'seated', 'seated', 'seated', 'seated', 'seated']);
  const audit = await e.db().selectFrom('audit_events').select('data').where('stream', '=', `expert_draw:${committed.id}`).where('action', '=', 'expert_draw.declined').execute();
  assert.deepEqual(audit.map((a) => a.data), [{ declinedRank: 1, seatedRank: 6, reason: '出差在外，无法按时到场', byExpert: false }]);

  // 3. Another declines, no reserve is left: the page shows the refusal; every seat is as it was.
  await operator.getByTestId('draw-decline-2').click();
  await operator.getByTestId('draw-decline-reason').fill('身体原因');
  await confirmClick(operator, 'draw-decline-submit', '登记拒绝并递补');
  await operator.getByTestId('draw-decline').getByTestId('error-alert').filter({ hasText: '候补专家已用完，须重新抽取' }).waitFor();
  assert.deepEqual(await seats(), ['declined', 'seated', 'seated', 'seated', 'seated', 'seated']);
  await operator.getByTestId('draw-seat-2').filter({ hasText: '入选' }).waitFor();
  await noViolations(operator, '[data-testid="draw-members"]', 'expert draw (a decline refused)');
  await e.shot(operator, 'trading-draw-decline');
});
