import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { evaluationFixture, type EvaluationFixture } from '../server/src/modules/evaluation/evaluation-fixture.ts';
import { signInPage, startE2E, type E2E } from './harness.ts';
import { assertNoViolations } from './axe.ts';

/**
 * The enterprise registry down (docs/trading.md "The enterprise registry"): the server's simulated registry refuses every
 * lookup (SIM_REGISTRY_FAULTS=unavailable), so no opened bidder's record is known. The expert's sheet marks each bid's
 * registry check as missing (the relations then come from the declarations alone), and the trading staff's summary
 * names the bidders the registry has not answered about. The API side is tested in modules/bids/registry.test.ts.
 */
let e: E2E;
let f: EvaluationFixture;
before(async () => {
  e = await startE2E({ env: { SIM_REGISTRY_FAULTS: 'unavailable' } });
  f = await evaluationFixture(e.db(), new Date());
});
after(async () => { await e.close(); });

test('while the enterprise registry does not answer, the expert\'s bid cards and the staff\'s summary say its check is missing', async () => {
  // The first bidder declares the second its controlling unit: binding the first, a claim to verify for the second.
  const [x, y] = f.opened as [typeof f.opened[number], typeof f.opened[number]];
  const yCode = (await e.db().selectFrom('users').select('credit_code').where('id', '=', y.bidderId).executeTakeFirstOrThrow()).credit_code!;
  await e.db().insertInto('bidder_declarations').values({ user_id: x.bidderId, representative_id_number: '460100198001011237', controller_code: yCode, manager_code: null, declared_at: new Date() }).execute();
  const expert = await e.newPage();
  await signInPage(expert, f.seated[0]!.username);
  await expert.setViewportSize({ width: 390, height: 844 });
  await expert.goto(`/workbench/evaluation/${f.tenderId}`);
  await expert.getByTestId('bid-registry-missing').first().waitFor();
  assert.equal(await expert.getByTestId('sheet-bid').count(), f.opened.length);
  assert.equal(await expert.getByTestId('bid-registry-missing').count(), f.opened.length, 'every opened bid says so');
  assert.match(await expert.getByTestId('bid-registry-missing').first().innerText(), /企业登记系统尚未就本投标人作出答复/);
  // By the card's title: each card's relations name the other bidders too.
  const card = (name: string) => expert.getByTestId('sheet-bid').filter({ has: expert.locator('.ant-card-head-title').getByText(name, { exact: true }) });
  assert.equal(await card(x.name).getByTestId('bid-related').count(), 1);
  assert.equal(await card(y.name).getByTestId('bid-related').count(), 0, 'the second is not forced');
  assert.match(await card(y.name).getByTestId('bid-claimed-related').innerText(), new RegExp(`请评标委员会核实[\\s\\S]*控股 ${x.name}`));
  await assertNoViolations(expert, '[data-testid="sheet-bid"]', 'score sheet, the registry check missing');

  const staff = await e.newPage();
  await signInPage(staff, 'hk.trading1');
  await staff.goto(`/workbench/tenders/${f.tenderId}/evaluation`);
  const missing = staff.getByTestId('evaluation-registry-missing');
  await missing.waitFor();
  const text = await missing.innerText();
  for (const bid of f.opened) assert.ok(text.includes(bid.name), `${bid.name} named\n${text}`);
  assert.match(await staff.getByTestId('evaluation-claimed-related').innerText(), new RegExp(`待核实.*控股 ${x.name}`));
});

test('a relation found after every sheet was in: the summary stops publication, the staff return the sheets with a reason, the expert\'s sheet opens again', async () => {
  const g = await evaluationFixture(e.db(), new Date());
  const db = e.db();
  const now = new Date();
  const [a, b] = g.opened as [typeof g.opened[number], typeof g.opened[number]];
  // Every sheet in, none rejecting A or B; then the registry's answer (kept as the lookup keeps it): A and B have one principal.
  const experts = await db.selectFrom('experts').select(['id', 'user_id']).where('user_id', 'in', g.seated.map((s) => s.userId)).execute();
  await db.insertInto('evaluation_scores').values(experts.flatMap((x) => g.opened.flatMap((o) => g.criteria.map((c) => ({
    tender_id: g.tenderId, bid_id: o.id, expert_id: x.id, criterion: c.key, score: String(Math.floor(c.weight * 0.8)), scored_at: now,
  }))))).execute();
  await db.insertInto('evaluation_submissions').values(experts.map((x) => ({ tender_id: g.tenderId, expert_id: x.id, submitted_at: now }))).execute();
  const principal = '460100198001011237';
  for (const o of [a, b]) {
    const code = (await db.selectFrom('users').select('credit_code').where('id', '=', o.bidderId).executeTakeFirstOrThrow()).credit_code!;
    await db.insertInto('tender_registry_records').values({ tender_id: g.tenderId, bidder_id: o.bidderId, credit_code: code, outcome: 'found', representative_id_number: principal, controller_code: null, manager_code: null, looked_up_at: now }).execute();
  }

  const staff = await e.newPage();
  await signInPage(staff, 'hk.trading1');
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goto(`/workbench/tenders/${g.tenderId}/evaluation`);
  const notice = staff.getByTestId('evaluation-to-review');
  await notice.waitFor();
  const text = await notice.innerText();
  assert.ok(text.includes(a.name) && text.includes(b.name) && !text.includes(g.opened[2]!.name), text);
  assert.match(text, /第三十四条/);
  assert.equal(await staff.getByTestId('evaluation-publish').count(), 0, 'no publication offered');
  await assertNoViolations(staff, '[data-testid="evaluation-to-review"]', 'evaluation summary, sheets to review');
  assert.equal(await staff.getByTestId('evaluation-review').isDisabled(), true, 'a reason first');
  await staff.getByTestId('evaluation-review-reason').fill('企业登记信息显示两家法定代表人为同一人');
  await staff.getByTestId('evaluation-review').click();
  await staff.getByRole('button', { name: '退回评标委员会复核' }).last().click();
  await staff.getByTestId('evaluation-returned').first().waitFor();
  assert.equal(await staff.getByTestId('evaluation-returned').count(), g.seated.length, 'every sheet open again');
  assert.equal(await staff.getByTestId('evaluation-to-review').count(), 0, 'nothing left to return');

  const expert = await e.newPage();
  await signInPage(expert, g.seated[0]!.username);
  // The expert is told on the workbench's bell, and its link opens the sheet.
  await expert.goto('/workbench/evaluation');
  await expert.getByTestId('notif-bell').click();
  const told = expert.locator('[data-testid="notif-row"][data-kind="evaluation.returned_for_review"]');
  await told.waitFor();
  assert.match(await told.innerText(), /评分表已退回复核/);
  await told.getByTestId('notif-link').click();
  await expert.waitForURL(`**/workbench/evaluation/${g.tenderId}`);
  await expert.getByTestId('sheet-bid').first().waitFor();
  assert.equal(await expert.getByTestId('sheet-submitted').count(), 0);
  const returned = await expert.getByTestId('sheet-returned').innerText();
  assert.ok(returned.includes('退回复核') && returned.includes('企业登记信息显示两家法定代表人为同一人'), returned);
  assert.equal(await expert.getByTestId('sheet-submit').isVisible(), true, 'the sheet can be submitted again');
});
