import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { evaluationFixture, type EvaluationFixture } from '../server/src/modules/evaluation/evaluation-fixture.ts';
import { signInPage, startE2E, type E2E } from './harness.ts';

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

async function putSheet(page: Page, scores: Array<{ bidId: string; criterion: string; score: number }>) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const put = await page.request.put(`/api/tenders/${f.tenderId}/evaluation/sheet`, { data: { scores }, headers });
  assert.ok(put.ok(), await put.text());
  const submit = await page.request.post(`/api/tenders/${f.tenderId}/evaluation/submit`, { data: {}, headers });
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
    const card = cards.filter({ hasText: bid.name });
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
