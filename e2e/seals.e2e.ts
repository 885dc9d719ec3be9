import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, formCloses, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/**
 * Four eyes on the manager's e-seal page: manager A requests a key rotation of a department's seal,
 * sees it waiting for another manager and cannot decide it (no button; the API refuses with
 * FOUR_EYES); manager B, on a phone, approves it and the seal's key version goes up.
 */
test('a key rotation requested by one manager is approved by another, and the key version goes up', async () => {
  const a = await e.newPage();
  await signInPage(a, 'hk.manager');
  await a.goto('/admin/seals');
  const row = a.getByTestId('seal-row').first();
  await row.waitFor();
  const departmentId = (await row.getAttribute('data-department-id'))!;
  const before = Number(await row.getAttribute('data-version'));
  assert.ok(before >= 1, 'the demo seal has a key');
  assert.match(await row.getByTestId('seal-fingerprint').innerText(), /^[0-9A-F]{4}( [0-9A-F]{4}){15}$/, 'the SHA-256 fingerprint of the current public key');

  await row.getByTestId('seal-rotate').click();
  await a.getByTestId('seal-request-reason').fill('密钥定期轮换');
  await a.getByTestId('seal-request-submit').click();
  // CI once waited 30 s here for the row with nothing more to go on: the form says why when it stays open.
  await formCloses(a, 'seal-request-reason', 'key rotation request');
  const own = a.locator(`[data-testid="seal-request-row"][data-department-id="${departmentId}"]`);
  await own.getByTestId('seal-request-own').waitFor();
  assert.equal(await own.getByTestId('seal-request-approve').count(), 0, 'the requester has no approve button');
  const requestId = (await own.getAttribute('data-request-id'))!;
  await e.shot(a, 'seals-requested');

  // Even past the page, the server refuses the requester's own decision and writes nothing.
  const me = await (await a.request.get('/api/auth/me')).json() as { csrfToken: string };
  const refused = await a.request.post(`/api/seals/requests/${requestId}/decision`, { data: { approve: true }, headers: { 'x-csrf-token': me.csrfToken } });
  assert.equal(refused.status(), 403);
  assert.equal((await refused.json() as { code: string }).code, 'FOUR_EYES');
  const stillPending = await (await apiOf(a)).get<{ items: Array<{ id: string; status: string }> }>('/api/seals/requests?status=pending');
  assert.ok(stillPending.items.some((r) => r.id === requestId), 'the request still waits');

  const b = await e.newPage({ mobile: true });
  // On a phone the console's header folds away: sign in with `next` and wait for the page.
  await b.goto(`/login?next=${encodeURIComponent('/admin/seals')}`);
  await b.getByTestId('login-name').fill('hk.manager2');
  await b.getByTestId('login-password').fill('Demo@2026');
  await b.getByTestId('login-submit').click();
  await b.waitForURL((u) => u.pathname === '/admin/seals');
  const theirs = b.locator(`[data-testid="seal-request-row"][data-request-id="${requestId}"]`);
  await theirs.getByTestId('seal-request-approve').click();
  await b.getByTestId('seal-decision-reason').fill('同意轮换');
  await b.getByTestId('seal-decision-ok').click();
  await theirs.waitFor({ state: 'detached' });
  await b.locator(`[data-testid="seal-row"][data-department-id="${departmentId}"][data-version="${before + 1}"]`).waitFor();
  assert.equal(await b.locator(`[data-testid="seal-row"][data-department-id="${departmentId}"]`).getByTestId('seal-version').innerText(), `v${before + 1}`);
  assert.equal(await b.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true, 'no sideways scrolling at phone width');
  await e.shot(b, 'seals-rotated-mobile');
});
