import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('the hotline lead edits the time limits and the category tree on a phone; a refused limit says why; an operator and another center are refused', async () => {
  const lead = await e.newPage();
  await signInPage(lead, 'hotline.lead');
  await lead.setViewportSize({ width: 390, height: 844 }); // a phone: 390 px usable
  await lead.goto('/workbench/hotline/config');
  await lead.getByTestId('hotline-config').waitFor();
  await lead.getByTestId('wo-limit-complaint-normal').waitFor();

  // A limit: complaints 13 → 12 working days.
  const complaintNormal = lead.getByTestId('wo-limit-complaint-normal');
  await complaintNormal.fill('12');
  await lead.getByTestId('wo-limits-save').click();
  await lead.getByTestId('wo-config-saved').waitFor();
  const api = await apiOf(lead);
  const limits = (await api.get('/api/workorders/config')).limits as Array<{ kind: string; urgency: string; workdays: number }>;
  assert.equal(limits.find((l) => l.kind === 'complaint' && l.urgency === 'normal')!.workdays, 12);

  // Urgent longer than normal: refused with the reason, nothing saved.
  await lead.getByTestId('wo-limit-request-urgent').fill('30');
  await lead.getByTestId('wo-limits-save').click();
  await lead.getByText('紧急件的办理时限不能长于普通件').waitFor();
  const afterRefusal = (await api.get('/api/workorders/config')).limits as Array<{ kind: string; urgency: string; workdays: number }>;
  assert.equal(afterRefusal.find((l) => l.kind === 'request' && l.urgency === 'urgent')!.workdays, 0);

  // A category added, then retired: the operators' call form no longer offers it.
  await lead.getByTestId('wo-category-code').fill('E2E.PARKING');
  await lead.getByTestId('wo-category-zh').fill('停车管理');
  await lead.getByTestId('wo-category-en').fill('Parking');
  await lead.getByTestId('wo-category-add-save').click();
  const row = lead.getByTestId('wo-category-row').filter({ hasText: 'E2E.PARKING' });
  await row.waitFor();
  await row.getByTestId('wo-category-retire').click();
  await row.getByText('已停用').waitFor();
  await e.shot(lead, 'hotline-config-phone');
  const overflow = await lead.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow} px)`);
  const reference = (await api.get('/api/workorders/reference')).categories as Array<{ id: string; code: string; retired: boolean }>;
  const parking = reference.find((c) => c.code === 'E2E.PARKING')!;
  assert.equal(parking.retired, true);

  // An operator is refused the page's data.
  const op = await e.newPage();
  await signInPage(op, 'hotline1');
  const res = await op.request.get('/api/workorders/config');
  assert.equal(res.status(), 403);

  // Each center its own (0051): another center's manager sees neither the category nor the changed limit,
  // and is refused the category by id (nothing changes: it stays retired).
  const other = await e.newPage();
  await signInPage(other, 'hk.manager');
  const theirs = await (await apiOf(other)).get('/api/workorders/config') as { categories: Array<{ code: string }>; limits: Array<{ kind: string; urgency: string; workdays: number }> };
  assert.ok(!theirs.categories.some((c) => c.code === 'E2E.PARKING'));
  assert.equal(theirs.limits.find((l) => l.kind === 'complaint' && l.urgency === 'normal')!.workdays, 13);
  const csrf = (await (await other.request.get('/api/auth/me')).json()).csrfToken as string;
  const refused = await other.request.put(`/api/workorders/config/categories/${parking.id}`, { data: { retired: false }, headers: { 'x-csrf-token': csrf } });
  assert.equal(refused.status(), 403);
  const still = (await api.get('/api/workorders/reference')).categories as Array<{ id: string; retired: boolean }>;
  assert.equal(still.find((c) => c.id === parking.id)!.retired, true);
});
