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
  const expert = await e.newPage();
  await signInPage(expert, f.seated[0]!.username);
  await expert.setViewportSize({ width: 390, height: 844 });
  await expert.goto(`/workbench/evaluation/${f.tenderId}`);
  await expert.getByTestId('bid-registry-missing').first().waitFor();
  assert.equal(await expert.getByTestId('sheet-bid').count(), f.opened.length);
  assert.equal(await expert.getByTestId('bid-registry-missing').count(), f.opened.length, 'every opened bid says so');
  assert.match(await expert.getByTestId('bid-registry-missing').first().innerText(), /企业登记系统尚未就本投标人作出答复/);
  await assertNoViolations(expert, '[data-testid="sheet-bid"]', 'score sheet, the registry check missing');

  const staff = await e.newPage();
  await signInPage(staff, 'hk.trading1');
  await staff.goto(`/workbench/tenders/${f.tenderId}/evaluation`);
  const missing = staff.getByTestId('evaluation-registry-missing');
  await missing.waitFor();
  const text = await missing.innerText();
  for (const bid of f.opened) assert.ok(text.includes(bid.name), `${bid.name} named\n${text}`);
});
