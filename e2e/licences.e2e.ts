import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/**
 * The staff side of the e-licence library: the manager's licence types (the demo types with their
 * items), and the issuing department's chief revoking the demo enterprise's licence with a reason on
 * the workbench; the public verification then shows it revoked with the date.
 */
test('licence types for the manager; the issuing chief revokes a licence and the verification shows it revoked', async () => {
  const manager = await e.newPage();
  await signInPage(manager, 'hk.manager');
  await manager.goto('/admin/licence-types');
  const hygiene = manager.locator('[data-testid="licence-type-row"]', { hasText: '公共场所卫生许可证' });
  await hygiene.waitFor();
  assert.match(await hygiene.innerText(), /公共场所卫生许可/);
  assert.ok(await manager.locator('[data-testid="licence-type-row"][data-code="出生医学证明电子证照"]').count() === 1, 'the type code the demo material names');
  await e.shot(manager, 'licence-types');

  const chief = await e.newPage();
  await signInPage(chief, 'hk.chief.health');
  await chief.goto('/workbench/licences');
  const row = chief.locator('[data-testid="licence-row"]', { hasText: '海南椰风示例餐饮有限公司' });
  await row.waitFor();
  const licenceId = (await row.getAttribute('data-licence-id'))!;
  await e.shot(chief, 'licences-department');
  await row.getByTestId('licence-revoke').click();
  await chief.getByTestId('licence-action-reason').fill('以欺骗手段取得许可，依法撤销');
  await chief.getByTestId('licence-action-ok').click();
  await chief.locator(`[data-testid="licence-row"][data-licence-id="${licenceId}"] [data-status="revoked"]`).waitFor();
  assert.equal(await chief.locator(`[data-testid="licence-row"][data-licence-id="${licenceId}"] [data-testid="licence-revoke"]`).count(), 0, 'nothing more to do with a revoked licence');

  const holder = await e.newPage();
  await signInPage(holder, '91460100MA5T00010J');
  const view = await (await holder.request.get(`/api/licences/${licenceId}`)).json() as { status: string; verificationId: string | null };
  assert.equal(view.status, 'revoked');
  const visitor = await e.newPage({ mobile: true });
  await visitor.goto(`/verify/${view.verificationId}`);
  await visitor.locator('[data-testid="verify-status"] [data-status="revoked"]').waitFor();
  await e.shot(visitor, 'licence-verify-revoked');
});
