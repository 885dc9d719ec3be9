// The manager's open-interfaces page (docs/open-api.md, docs/user-guide.md): register a system, issue
// a key with scopes and a rate limit (shown once) and see it used, subscribe a real receiver (the
// signing secret shown once) and see a signed delivery in the log, pause, resume and delete the
// subscription, revoke the key after a confirmation; a phone-width check; a window clerk is refused.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../server/src/seed/seed.ts';
import { apiOf, signInPage, startE2E, submittedPermitCase, type E2E } from './harness.ts';

let e: E2E;
before(async () => {
  e = await startE2E({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
});
after(async () => { await e.close(); });

test('the manager issues a key and a subscription, each secret shown once; the key works until revoked; a delivery arrives signed', async () => {
  const received: Array<{ body: string; signature: string }> = [];
  let arrived!: () => void;
  const first = new Promise<void>((r) => { arrived = r; });
  const rx = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-onewindow-signature']) });
      res.writeHead(200).end();
      arrived();
    });
  });
  await new Promise<void>((r) => rx.listen(0, '127.0.0.1', () => r()));
  const target = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/events`;
  try {
    const page = await e.newPage();
    await signInPage(page, 'manager');
    await page.goto('/admin/integrations');
    await page.getByRole('heading', { name: '开放接口对接系统' }).waitFor();

    // Register a system.
    await page.getByTestId('int-register').click();
    await page.getByTestId('int-name').fill('市民热线系统');
    await page.getByTestId('int-contact').fill('0898-12345');
    await page.getByTestId('int-submit').click();
    const card = page.locator('[data-testid="int-client"][data-client-name="市民热线系统"]');
    await card.waitFor();

    // Issue a key with two scopes and a rate limit: shown once.
    await card.getByTestId('int-issue-key').click();
    await page.getByLabel('办事指南（guides:read）').check();
    await page.getByTestId('int-rate').fill('30');
    await page.getByTestId('int-submit').click();
    const key = (await page.getByTestId('int-shown-value').innerText()).trim();
    // The whole secret after the key id (base64url holds '_' itself: a split on it could leave a piece found by chance).
    const keySecret = /^owk_[0-9a-f]{16}_([A-Za-z0-9_-]{43})$/.exec(key)?.[1];
    assert.ok(keySecret, `the key's form: ${key}`);
    await e.shot(page, 'integrations-key-shown');
    await page.getByTestId('int-shown-close').click();
    await page.getByTestId('int-shown').waitFor({ state: 'detached' });
    const keyRow = card.getByTestId('int-key-row');
    await keyRow.getByText('每分钟 30 次').waitFor();
    await keyRow.getByText('办事指南（guides:read）').waitFor();
    assert.equal((await keyRow.getByTestId('int-key-last-used').innerText()).trim(), '从未使用');
    assert.ok(!(await page.content()).includes(keySecret), 'the key is not on the page once closed');

    // The key works; the list then shows when it was last used.
    const call = () => fetch(`${e.baseUrl}/open/v1/catalog/items`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal((await call()).status, 200);
    await page.reload();
    await card.getByTestId('int-key-row').waitFor();
    assert.notEqual((await card.getByTestId('int-key-last-used').innerText()).trim(), '从未使用');

    // Subscribe the receiver: the signing secret shown once.
    await card.getByTestId('int-subscribe').click();
    await page.getByTestId('int-url').fill(target);
    await page.getByLabel('case.submitted').check();
    await page.getByTestId('int-submit').click();
    const secret = (await page.getByTestId('int-shown-value').innerText()).trim();
    assert.match(secret, /^whsec_/);
    await page.getByTestId('int-shown-close').click();
    await card.getByTestId('int-sub-status').getByText('有效').waitFor();

    // An application: the server's delivery loop sends it, signed with the secret shown.
    const applicant = await e.newPage();
    await signInPage(applicant, DEMO_ENTERPRISE.creditCode);
    await submittedPermitCase(applicant);
    await first;
    assert.equal(received[0]!.signature, `sha256=${createHmac('sha256', secret).update(received[0]!.body).digest('hex')}`);
    assert.equal(JSON.parse(received[0]!.body).type, 'cn.onewindow.case.submitted');

    // The delivery log: delivered, one attempt.
    await card.getByTestId('int-deliveries').click();
    const log = page.getByTestId('int-delivery-log');
    await log.getByText('已送达').waitFor();
    assert.equal((await log.getByTestId('int-delivery-attempts').first().innerText()).trim(), '1');
    await e.shot(page, 'integrations-deliveries');
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached' });

    // Pause, resume, then delete after a confirmation.
    await card.getByTestId('int-pause').click();
    await card.getByTestId('int-sub-status').getByText('已暂停').waitFor();
    await card.getByTestId('int-resume').click();
    await card.getByTestId('int-sub-status').getByText('有效').waitFor();
    await card.getByTestId('int-end').click();
    await page.getByRole('button', { name: '删除' }).last().click();
    await card.getByTestId('int-sub-status').getByText('已结束').waitFor();

    // Revoke the key after a confirmation: the next call is refused.
    await card.getByTestId('int-revoke-key').click();
    await page.getByRole('tooltip').getByRole('button', { name: '停用' }).click();
    await keyRow.getByText('已停用').waitFor();
    const refused = await call();
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).code, 'API_KEY_REVOKED');
    await e.shot(page, 'integrations-page');

    // At 390 px: usable, no sideways scrolling of the page.
    // (The same signed-in page made phone-sized: the sign-in helper looks for the desktop header.)
    const phone = page;
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/admin/integrations');
    await phone.locator('[data-testid="int-client"][data-client-name="市民热线系统"]').waitFor();
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true, 'no sideways scrolling at 390 px');
    await phone.getByTestId('int-register').click();
    await phone.getByTestId('int-name').waitFor();
    await e.shot(phone, 'integrations-phone');
  } finally {
    await new Promise((r) => rx.close(r));
  }
});

test('a window clerk is refused: the page shows 403 and the API answers 403', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await clerk.goto('/admin/integrations');
  await clerk.getByTestId('forbidden').waitFor();
  const me = await apiOf(clerk);
  assert.ok(me.me.id);
  assert.equal((await clerk.request.get('/api/admin/integrations/clients')).status(), 403);
  assert.equal((await clerk.request.get('/api/admin/integrations/event-types')).status(), 403);
});
