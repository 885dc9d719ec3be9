import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, itemIdByName, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseOption } from './antd.ts';

// Issue 16: the center's manager marks in the item editor that the item's cases need a project awarded in the
// center, choosing the form field that names it; the guide and the application page tell the applicant.
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('the manager sets the trading-award requirement in the item editor, the guide shows the note, and switching it off removes it', async () => {
  const page = await e.newPage();
  await signInPage(page, 'manager');
  const itemId = await itemIdByName(page, '建筑工程施工许可证核发', '海南省');
  const api = await apiOf(page);
  const { choices } = await api.get(`/api/admin/items/${itemId}/trading-award-requirement`);
  assert.ok(choices.length > 0, 'the permit has text fields of its own');
  const chosen = choices[0] as { key: string; label: string };

  await page.goto(`/admin/items/${itemId}`);
  await page.getByTestId('item-detail-page').waitFor();
  const card = page.getByTestId('trading-award-card');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-field'), '');
  await chooseOption(page, 'trading-award-field', chosen.label);
  await page.getByTestId('trading-award-save').click();
  await page.locator(`[data-testid="trading-award-card"][data-field="${chosen.key}"]`).waitFor();
  assert.match(await page.getByTestId('trading-award-state').innerText(), new RegExp(chosen.label));
  await page.getByTestId('tab-history').click();
  await page.locator('[data-testid="history-row"][data-action="item.trading_award_required"]').first().waitFor();
  await e.shot(page, 'trading-award-editor');

  // The public guide (no sign-in) and the application page tell the applicant which field and what it needs.
  const portal = await e.newPage();
  await portal.goto(`/items/${itemId}`);
  const note = portal.getByTestId('guide-trading-award');
  await note.waitFor();
  assert.equal(await note.getAttribute('data-field'), chosen.key);
  assert.match(await note.innerText(), new RegExp(`${chosen.label}[\\s\\S]*中标`));
  await e.shot(portal, 'trading-award-guide');

  // Switched off in the editor, the note goes.
  await chooseOption(page, 'trading-award-field', '不需要');
  await page.getByTestId('trading-award-save').click();
  await page.locator('[data-testid="trading-award-card"][data-field=""]').waitFor();
  assert.equal((await api.get(`/api/admin/items/${itemId}/trading-award-requirement`)).projectCodeField, null);
  await portal.reload();
  await portal.getByTestId('guide-basic-info').waitFor();
  assert.equal(await portal.getByTestId('guide-trading-award').count(), 0);
});
