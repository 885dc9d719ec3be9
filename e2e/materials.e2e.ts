import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { makeCreditCode } from '../server/src/lib/identity.ts';
import { apiOf, itemIdByName, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/**
 * Issue 10, the counter's material checklist: a walk-in brings paper; the clerk sees the one scan
 * previewed, cannot accept while a required material is not recorded as received (the button says
 * why), marks each material, and accepts.
 */
test('a clerk marks the materials received at the counter and then accepts', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  const api = await apiOf(clerk);
  const permit = await itemIdByName(clerk, '建筑工程施工许可证核发', '海南省');
  const def = await api.get(`/api/items/${permit}/form`);
  const form: Record<string, string> = {};
  for (const f of def.fields.filter((x: { required: boolean }) => x.required)) form[f.key] = f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const required = def.materials.filter((m: { requirement: string }) => m.requirement === 'required') as Array<{ key: string; name: string }>;
  assert.ok(required.length >= 2, 'the permit asks for several materials');
  // The clerk scans the first material; the rest is paper on the desk.
  const created = await api.post('/api/counter/cases', {
    itemId: permit, form, materials: [{ key: required[0]!.key, fileId: await api.upload() }], idempotencyKey: randomUUID(),
    applicant: { kind: 'enterprise', name: '海南琼台建设有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0004'), legalRepresentative: '符小琼', phone: '13976000004' },
  });
  const id = created.case.id as string;

  await clerk.goto(`/workbench/cases/${id}`);
  await clerk.getByTestId('material-checklist').waitFor();
  // Accept is shown but disabled, with the missing materials named.
  const accept = clerk.getByTestId('action-accept');
  assert.equal(await accept.isDisabled(), true, 'accept waits for the materials');
  const reason = await clerk.getByTestId('action-accept-blocked').innerText();
  assert.ok(reason.includes(required[1]!.name), reason);
  assert.ok(!reason.includes(required[0]!.name), 'the scanned material counts as received');
  // The scan is previewed in an embedded viewer, with a link that opens it.
  const scanned = clerk.locator(`[data-testid="mc-row"][data-key="${required[0]!.key}"]`);
  // The viewer loads when asked (not with the page), and closes again.
  assert.equal(await scanned.getByTestId('mc-preview-pdf').count(), 0, 'no viewer before it is asked for');
  await scanned.getByTestId('mc-preview-toggle').click();
  await scanned.getByTestId('mc-preview-pdf').waitFor();
  assert.equal(await scanned.getByTestId('mc-preview-toggle').getAttribute('aria-expanded'), 'true');
  assert.match((await scanned.getByTestId('mc-open').getAttribute('href'))!, /^\/api\/files\/[0-9a-f-]+\?inline=1$/);
  const preview = await clerk.request.get((await scanned.getByTestId('mc-open').getAttribute('href'))!);
  assert.equal(preview.status(), 200);
  assert.match(preview.headers()['content-disposition']!, /^inline/);
  // The page's policy lets the viewer load it (helmet's default object-src 'none' blocked every preview).
  assert.match((await clerk.request.get('/workbench')).headers()['content-security-policy']!, /object-src 'self'/);
  await e.shot(clerk, 'materials-checklist-before');
  await scanned.getByTestId('mc-preview-toggle').click();
  await scanned.getByTestId('mc-preview-pdf').waitFor({ state: 'detached' });

  // Each paper material marked: the first unreceived one as a copy, the others as originals.
  const paper = required.slice(1);
  for (const [i, m] of paper.entries()) {
    const row = clerk.locator(`[data-testid="mc-row"][data-key="${m.key}"]`);
    await row.getByRole('radio', { name: i === 0 ? '复印件' : '原件' }).check();
  }
  await clerk.getByTestId('mc-save').click();
  await clerk.waitForFunction(() => !(document.querySelector('[data-testid="action-accept"]') as HTMLButtonElement | null)?.disabled);
  assert.equal(await clerk.getByTestId('action-accept-blocked').count(), 0, 'no reason left');
  for (const m of paper) {
    assert.equal(await clerk.locator(`[data-testid="mc-row"][data-key="${m.key}"]`).getAttribute('data-received'), 'true', m.name);
  }
  await e.shot(clerk, 'materials-checklist-after');

  await accept.click();
  await clerk.getByTestId('action-form').waitFor();
  await clerk.getByTestId('action-submit').click();
  await clerk.getByTestId('action-form').waitFor({ state: 'hidden' });
  await clerk.locator('[data-testid="case-status"][data-status="accepted"]').first().waitFor();
  const detail = await api.get(`/api/cases/${id}`);
  assert.equal(detail.status, 'accepted');
  assert.ok(detail.timeline.some((t: { action: string }) => t.action === 'case.materials_checked'), 'who checked is in the history');

  // On a phone the checklist reads the same, one material under another, and no longer editable.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/login?next=${encodeURIComponent(`/workbench/cases/${id}`)}`);
  await phone.getByTestId('login-name').fill('window1');
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.getByTestId('material-checklist').waitFor();
  assert.equal(await phone.getByTestId('mc-save').count(), 0, 'accepted: read only');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  assert.ok(width, 'no sideways scrolling on a phone');
  await e.shot(phone, 'materials-checklist-phone');
});
