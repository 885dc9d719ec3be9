import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { evaluationFixture, type EvaluationFixture } from '../server/src/modules/evaluation/evaluation-fixture.ts';
import { makeIdNumber } from '../server/src/lib/identity.ts';
import { signInPage, startE2E, type E2E } from './harness.ts';
import { assertNoViolations } from './axe.ts';
import { sheetCard } from './sheet.ts';

let e: E2E;
let f: EvaluationFixture;
before(async () => {
  e = await startE2E();
  f = await evaluationFixture(e.db(), new Date());
});
after(async () => {
  await e.close();
});

/** Totals split over technical (50), commercial (20) and price (30). */
const parts = (total: number) => ({ technical: total / 2, commercial: total / 5, price: (total * 3) / 10 });

async function putSheet(page: Page, scores: Array<{ bidId: string; criterion: string; score: number }>, tenderId = f.tenderId, reject?: { bidId: string; ground: string; note: string }) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const put = await page.request.put(`/api/tenders/${tenderId}/evaluation/sheet`, { data: { scores }, headers });
  assert.ok(put.ok(), await put.text());
  if (reject) {
    const voted = await page.request.put(`/api/tenders/${tenderId}/evaluation/sheet/rejections/${reject.bidId}`, { data: { ground: reject.ground, note: reject.note }, headers });
    assert.ok(voted.ok(), await voted.text());
  }
  const submit = await page.request.post(`/api/tenders/${tenderId}/evaluation/submit`, { data: {}, headers });
  assert.ok(submit.ok(), await submit.text());
}

/**
 * Evaluation (issue 16): the first expert scores on a phone through the score sheet and submits after the
 * confirmation; the four others submit theirs; the trading staff see progress, totals and the flagged
 * outlier on their summary and publish the candidates; a visitor sees the candidates on the tender's page.
 */
test('experts score the opened bids, the trading staff publish the candidates, the public sees them', async () => {
  const totals = [[80, 74, 60], [80, 74, 60], [80, 74, 60], [80, 74, 60], [50, 74, 60]];
  // Expert 1, on a phone: the list, the sheet, every input, submit with confirmation.
  const expert = await e.newPage();
  await signInPage(expert, f.seated[0]!.username);
  await expert.setViewportSize({ width: 390, height: 844 });
  await expert.goto('/workbench/evaluation');
  await expert.getByRole('link', { name: /道路改造工程施工招标/ }).click();
  await expert.getByTestId('sheet-bid').first().waitFor();
  const cards = expert.getByTestId('sheet-bid');
  assert.equal(await cards.count(), 3, 'only the three opened bids are on the sheet');
  for (const [i, bid] of f.opened.entries()) {
    const card = sheetCard(expert, bid.name);
    for (const [criterion, score] of Object.entries(parts(totals[0]![i]!))) {
      await card.getByTestId(`score-${criterion}`).fill(String(score));
    }
    await card.getByTestId('sheet-total').filter({ hasText: totals[0]![i]!.toFixed(2) }).waitFor();
  }
  const width = await expert.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width})`);
  await e.shot(expert, 'evaluation-sheet-phone');
  await expert.getByTestId('sheet-submit').click();
  await expert.getByRole('button', { name: '确定提交' }).click();
  await expert.getByTestId('sheet-submitted').waitFor();
  assert.ok(await expert.getByTestId('score-technical').first().isDisabled(), 'a submitted sheet cannot change');

  // The four other experts submit through the API.
  for (const [seat, s] of f.seated.entries()) {
    if (seat === 0) continue;
    const page = await e.newPage();
    await signInPage(page, s.username);
    await putSheet(page, f.opened.flatMap((bid, i) => Object.entries(parts(totals[seat]![i]!)).map(([criterion, score]) => ({ bidId: bid.id, criterion, score }))));
    await page.close();
  }

  // The trading staff: the summary with progress, totals, the outlier; publish the candidates.
  const staff = await e.newPage();
  await signInPage(staff, 'hk.trading1');
  await staff.goto('/workbench/evaluations');
  await staff.getByTestId('evaluation-list').getByRole('link', { name: /道路改造工程施工招标/ }).click();
  await staff.getByTestId('evaluation-totals').waitFor();
  assert.equal(await staff.getByTestId('evaluation-outlier').count(), 1, 'the fifth expert\'s 50 against the others\' 80 is flagged');
  assert.deepEqual(await staff.getByTestId('evaluation-mean').allInnerTexts(), ['74.00', '74.00', '60.00']);
  assert.ok(!(await staff.getByTestId('evaluation-progress').innerText()).includes(f.seated[0]!.name), 'experts by number before the result');
  await e.shot(staff, 'evaluation-summary');
  await staff.getByTestId('evaluation-publish').click();
  await staff.getByRole('button', { name: '公示中标候选人' }).last().click();
  await staff.getByTestId('evaluation-published').waitFor();
  await staff.getByTestId('evaluation-report').waitFor();
  assert.ok((await staff.getByTestId('evaluation-progress').innerText()).includes(f.seated[0]!.name), 'named once the result is public');

  // The public tender page, on a phone: the candidates in order with their totals.
  const visitor = await e.newPage({ mobile: true });
  await visitor.goto(`/trading/tenders/${f.tenderId}`);
  await visitor.getByRole('heading', { name: '中标候选人', exact: true }).waitFor();
  const rows = visitor.getByTestId('trading-candidates').locator('tr.ant-table-row');
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(0).innerText(), new RegExp(`1\\s+${f.opened[1]!.name}\\s+74`));
  assert.match(await rows.nth(1).innerText(), new RegExp(`2\\s+${f.opened[0]!.name}\\s+74`));
  await e.shot(visitor, 'evaluation-candidates-public');
});

/**
 * Rejecting a bid (否决投标, 条例 第五十一条, 第三十四条): two bidders' legal representatives share a name, and the sheet
 * says so; the first expert, on a phone, votes to reject one with a ground and the facts, withdraws and votes again;
 * two more experts vote so: the staff's summary shows it rejected, unranked, with the votes, and it is no candidate.
 */
test('an expert votes to reject a bid on the sheet; rejected by the majority, it is neither ranked nor a candidate', async () => {
  const g = await evaluationFixture(e.db(), new Date());
  const [a, b, c] = g.opened;
  await e.db().updateTable('users').set({ legal_representative: '陈建国' }).where('id', 'in', [a!.bidderId, c!.bidderId]).execute();
  await e.db().updateTable('users').set({ legal_representative: '林海' }).where('id', '=', b!.bidderId).execute();
  await e.db().updateTable('tenders').set({ budget_fen: a!.priceFen }).where('id', '=', g.tenderId).execute();
  const expert = await e.newPage();
  await signInPage(expert, g.seated[0]!.username);
  await expert.setViewportSize({ width: 390, height: 844 });
  await expert.goto(`/workbench/evaluation/${g.tenderId}`);
  const card = sheetCard(expert, c!.name);
  await card.getByTestId('bid-namesake').filter({ hasText: a!.name }).waitFor();
  await card.getByTestId('bid-above-budget').filter({ hasText: '1,250,000.00' }).waitFor();
  assert.equal(await sheetCard(expert, a!.name).getByTestId('bid-above-budget').count(), 0, 'a price at the budget is not above it');
  assert.equal(await sheetCard(expert, b!.name).getByTestId('bid-namesake').count(), 0);
  await card.getByTestId('bid-reject-open').click();
  assert.equal(await card.getByTestId('bid-reject-submit').isDisabled(), true, 'the ground and the facts are required');
  await card.getByTestId('bid-reject-ground').getByText('不符合资格条件').click();
  await card.getByTestId('bid-reject-note').fill('资质证书已过有效期');
  await assertNoViolations(expert, '[data-testid="bid-rejection"]', 'score sheet, rejecting a bid');
  await card.getByTestId('bid-reject-submit').click();
  await card.getByTestId('bid-my-rejection').filter({ hasText: '不符合资格条件' }).waitFor();
  // Changed: withdrawn, then the ground the facts support.
  await card.getByTestId('bid-reject-withdraw').click();
  await card.getByTestId('bid-reject-open').click();
  await card.getByTestId('bid-reject-ground').getByText('单位负责人为同一人', { exact: false }).click();
  await card.getByTestId('bid-reject-note').fill('与投标企业1的法定代表人为同一人');
  await card.getByTestId('bid-reject-submit').click();
  await card.getByTestId('bid-my-rejection').filter({ hasText: '第三十四条' }).waitFor();
  const width = await expert.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width})`);
  await e.shot(expert, 'evaluation-reject-phone');
  const scores = g.opened.flatMap((bid, i) => Object.entries(parts([80, 74, 90][i]!)).map(([criterion, score]) => ({ bidId: bid.id, criterion, score })));
  await putSheet(expert, scores, g.tenderId);
  // Two more of the five vote to reject C: three of five, more than half.
  for (const [seat, s] of g.seated.entries()) {
    if (seat === 0) continue;
    const page = await e.newPage();
    await signInPage(page, s.username);
    await putSheet(page, scores, g.tenderId, seat <= 2 ? { bidId: c!.id, ground: 'related_bidders', note: '法定代表人为同一人' } : undefined);
    await page.close();
  }
  const staff = await e.newPage();
  await signInPage(staff, 'hk.trading1');
  await staff.goto(`/workbench/tenders/${g.tenderId}/evaluation`);
  const rejected = staff.getByTestId('evaluation-totals').locator('tr.ant-table-row').filter({ hasText: c!.name });
  await rejected.getByTestId('evaluation-rejected').waitFor();
  assert.equal(await rejected.getByTestId('evaluation-rejection-votes').locator('li').count(), 3);
  assert.match(await rejected.innerText(), /^—/, 'not ranked');
  assert.deepEqual(await staff.getByTestId('evaluation-candidates').locator('li').allInnerTexts(), [`${a!.name} · 80.00`, `${b!.name} · 74.00`]);
  // Two valid bids of a construction tender: the committee could have rejected all (第二十七条); publishing stays open.
  assert.match(await staff.getByTestId('evaluation-lacks-competition').innerText(), /有效投标只有 2 家/);
  await staff.getByTestId('evaluation-publish').waitFor();
  await assertNoViolations(staff, '[data-testid="evaluation-totals"]', 'evaluation summary, a rejected bid');
  await e.shot(staff, 'evaluation-rejected');
});

test('every bid rejected: the summary offers no publication and sends the staff to declare the tender unsuccessful', async () => {
  const g = await evaluationFixture(e.db(), new Date());
  const scores = g.opened.flatMap((bid) => Object.entries(parts(70)).map(([criterion, score]) => ({ bidId: bid.id, criterion, score })));
  for (const s of g.seated) {
    const page = await e.newPage();
    await signInPage(page, s.username);
    const me = await (await page.request.get('/api/auth/me')).json();
    for (const bid of g.opened) {
      const voted = await page.request.put(`/api/tenders/${g.tenderId}/evaluation/sheet/rejections/${bid.id}`, { data: { ground: 'not_responsive', note: '未响应实质性要求' }, headers: { 'x-csrf-token': me.csrfToken as string } });
      assert.ok(voted.ok(), await voted.text());
    }
    await putSheet(page, scores, g.tenderId);
    await page.close();
  }
  const staff = await e.newPage();
  await signInPage(staff, 'hk.trading1');
  await staff.goto(`/workbench/tenders/${g.tenderId}/evaluation`);
  await staff.getByTestId('evaluation-all-rejected').waitFor();
  assert.equal(await staff.getByTestId('evaluation-rejected').count(), 3);
  assert.equal(await staff.getByTestId('evaluation-publish').count(), 0, 'nothing to publish');
  await assertNoViolations(staff, '[data-testid="evaluation-all-rejected"]', 'evaluation summary, every bid rejected');
  await staff.getByTestId('evaluation-all-rejected').getByRole('link', { name: '打开招标项目' }).click();
  await staff.getByTestId('tender-status').waitFor();
});

test('government procurement with two valid bids left: the summary offers no publication (政府采购法 第三十六条)', async () => {
  const g = await evaluationFixture(e.db(), new Date());
  const { project_id } = await e.db().selectFrom('tenders').select('project_id').where('id', '=', g.tenderId).executeTakeFirstOrThrow();
  await e.db().updateTable('trading_projects').set({ kind: 'procurement' }).where('id', '=', project_id).execute();
  const scores = g.opened.flatMap((bid) => Object.entries(parts(70)).map(([criterion, score]) => ({ bidId: bid.id, criterion, score })));
  for (const [i, s] of g.seated.entries()) {
    const page = await e.newPage();
    await signInPage(page, s.username);
    // Three of five seats reject the first bid.
    await putSheet(page, scores, g.tenderId, i < 3 ? { bidId: g.opened[0]!.id, ground: 'not_responsive', note: '未满足采购需求' } : undefined);
    await page.close();
  }
  const staff = await e.newPage();
  await signInPage(staff, 'hk.trading1');
  await staff.goto(`/workbench/tenders/${g.tenderId}/evaluation`);
  const advice = staff.getByTestId('evaluation-too-few-valid');
  assert.match(await advice.innerText(), /有效投标只有 2 家，不足 3 家/);
  assert.equal(await staff.getByTestId('evaluation-publish').count(), 0, 'nothing to publish');
  await assertNoViolations(staff, '[data-testid="evaluation-too-few-valid"]', 'evaluation summary, too few valid bids');
  await advice.getByRole('link', { name: '打开招标项目' }).click();
  await staff.getByTestId('tender-status').waitFor();
});

/**
 * Related bidders (条例 第三十四条): two bidders declared the same principal; the expert's sheet says on both cards that the
 * bids are void and must be rejected, and the form opens on that ground.
 */
test('bids related by the bidders\' declarations are marked void on the sheet, the form opening on that ground', async () => {
  const g = await evaluationFixture(e.db(), new Date());
  const [a, b, c] = g.opened;
  const now = new Date();
  for (const x of [a!, b!]) {
    await e.db().insertInto('bidder_declarations').values({ user_id: x.bidderId, representative_id_number: makeIdNumber('460100', '19750505', '017'), controller_code: null, manager_code: null, declared_at: now }).execute();
  }
  const expert = await e.newPage();
  await signInPage(expert, g.seated[1]!.username);
  await expert.goto(`/workbench/evaluation/${g.tenderId}`);
  const card = sheetCard(expert, a!.name);
  assert.match(await card.getByTestId('bid-related').innerText(), new RegExp(`与 ${b!.name} 的单位负责人为同一人`));
  await sheetCard(expert, b!.name).getByTestId('bid-related').filter({ hasText: a!.name }).waitFor();
  assert.equal(await sheetCard(expert, c!.name).getByTestId('bid-related').count(), 0, 'an unrelated bid is not marked');
  await card.getByTestId('bid-reject-open').click();
  assert.equal(await card.getByTestId('bid-reject-ground').getByRole('radio', { name: /第三十四条/ }).isChecked(), true);
  await assertNoViolations(expert, '[data-testid="bid-rejection"]', 'score sheet, a related bid');
});

/**
 * An expert gives up their seat from the sheet (回避, 条例 第四十六条) with the reason and a confirmation: back on their list
 * the tender is gone, and the reserve finds it on theirs.
 */
test('an expert recuses themselves from the sheet; the reserve takes the seat', async () => {
  const g = await evaluationFixture(e.db(), new Date());
  const expert = await e.newPage();
  await signInPage(expert, g.seated[2]!.username);
  await expert.goto(`/workbench/evaluation/${g.tenderId}`);
  await expert.getByTestId('seat-decline-open').click();
  const card = expert.getByTestId('seat-decline');
  assert.equal(await card.getByTestId('seat-decline-submit').isDisabled(), true, 'a reason is required');
  await card.getByTestId('seat-decline-reason').fill('本人近亲属在投标人处任职，依法回避');
  await assertNoViolations(expert, '[data-testid="seat-decline"]', 'score sheet, giving up the seat');
  await card.getByTestId('seat-decline-submit').click();
  await expert.locator('.ant-popconfirm').getByRole('button', { name: '确认放弃席位' }).click();
  await expert.waitForURL(/\/workbench\/evaluation$/);
  // The fixture's experts sit on this committee only: the list is now empty.
  await expert.getByTestId('evaluation-mine').getByText('暂无需要评分的项目').waitFor();
  const { title } = await e.db().selectFrom('tenders').select('title').where('id', '=', g.tenderId).executeTakeFirstOrThrow();
  const reserve = await e.newPage();
  await signInPage(reserve, g.reserve.username);
  await reserve.goto('/workbench/evaluation');
  await reserve.getByTestId('evaluation-mine').locator('tr.ant-table-row').filter({ hasText: title }).waitFor();
});
