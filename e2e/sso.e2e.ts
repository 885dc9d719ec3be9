import assert from 'node:assert/strict';
import http from 'node:http';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import * as oidc from 'openid-client';
import { DEMO_PERSON } from '../server/src/seed/seed.ts';
import { signInPage, startE2E, type E2E } from './harness.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * An external relying party: a small web site that signs its visitors in with OneWindow through
 * openid-client (code flow, PKCE, client secret) and greets them by the name from userinfo. Its
 * back-channel logout endpoint hands each logout token to `onLogout` and answers 200.
 */
function relyingParty(issuer: string, port: number, client: { id: string; secret: string }, onLogout: (token: string) => void) {
  const redirect = `http://127.0.0.1:${port}/cb`;
  let config: oidc.Configuration | undefined;
  const pending = new Map<string, string>(); // state → PKCE verifier
  const server = http.createServer((req, res) => {
    void (async () => {
      config ??= await oidc.discovery(new URL(issuer), client.id, undefined, oidc.ClientSecretBasic(client.secret), { execute: [oidc.allowInsecureRequests] });
      const url = new URL(req.url!, `http://127.0.0.1:${port}`);
      if (url.pathname === '/backchannel-logout' && req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        onLogout(new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('logout_token') ?? '');
        res.writeHead(200).end();
      } else if (url.pathname === '/login') {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        pending.set(state, verifier);
        const to = oidc.buildAuthorizationUrl(config, { redirect_uri: redirect, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
        res.writeHead(302, { location: to.href }).end();
      } else if (url.pathname === '/cb') {
        const state = url.searchParams.get('state') ?? '';
        const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: pending.get(state), expectedState: state });
        const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html lang="zh-CN"><body><h1 data-testid="rp-welcome">欢迎，${String(info.name)}</h1></body></html>`);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html lang="zh-CN"><body><h1>不动产登记系统</h1><a href="/login" data-testid="rp-login">使用一窗通办账号登录</a></body></html>');
      }
    })().catch((err: Error) => res.writeHead(500).end(`RP error: ${err.message}`));
  });
  return { server, redirect };
}

let e: E2E;
let rpPort: number;
before(async () => {
  const port = await freePort();
  rpPort = await freePort();
  // The relying party listens on loopback: allowed as a back-channel logout target here (as for webhooks).
  e = await startE2E({ env: { PORT: String(port), OIDC_ISSUER: `http://127.0.0.1:${port}/oidc`, WEBHOOK_ALLOW_PRIVATE: 'true' } });
});
after(async () => { await e.close(); });

test('an external relying party signs an applicant in: the manager registers it (with its back-channel logout URI), the applicant signs in and consents, the RP greets them by name; signing out of OneWindow sends it a logout token', async () => {
  // The manager registers the system on the single sign-on page; the secret is shown once.
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  await manager.goto('/admin/sso');
  await manager.getByTestId('sso-register').click();
  await manager.getByTestId('sso-name').fill('不动产登记系统');
  await manager.getByTestId('sso-redirect-uris').fill(`http://127.0.0.1:${rpPort}/cb`);
  const logoutUri = `http://127.0.0.1:${rpPort}/backchannel-logout`;
  await manager.getByTestId('sso-backchannel-uri').fill(logoutUri);
  await manager.getByTestId('sso-submit').click();
  await manager.getByTestId('sso-registered').waitFor();
  const clientId = (await manager.getByTestId('sso-new-client-id').innerText()).trim();
  const secret = (await manager.getByTestId('sso-new-secret').innerText()).trim();
  assert.match(clientId, /^ow-/);
  assert.ok(secret.length >= 40);
  await e.shot(manager, 'sso-registered');
  await manager.getByRole('button', { name: '关闭' }).first().click();
  const row = manager.locator(`[data-testid="sso-client-row"][data-client-id="${clientId}"]`);
  await row.getByTestId('sso-backchannel').getByText(logoutUri).waitFor();

  // Edit: a plain-http address elsewhere than on this machine is refused with the reason, then a good one is saved.
  await row.getByTestId('sso-edit-backchannel').click();
  assert.equal(await manager.getByTestId('sso-edit-backchannel-uri').inputValue(), logoutUri);
  await manager.getByTestId('sso-edit-backchannel-uri').fill('http://rp.example.cn/backchannel-logout');
  await manager.getByTestId('sso-edit-submit').click();
  const refused = manager.getByTestId('error-alert');
  await refused.waitFor();
  assert.equal(await refused.getAttribute('data-code'), 'SSO_REDIRECT_URI_INVALID');
  assert.match(await refused.innerText(), /须使用 https/);
  await manager.getByTestId('sso-edit-backchannel-uri').fill(logoutUri);
  await manager.getByTestId('sso-edit-submit').click();
  await manager.getByText('已保存').waitFor();
  await row.getByTestId('sso-backchannel').getByText(logoutUri).waitFor();

  let loggedOut!: (token: string) => void;
  const logoutToken = new Promise<string>((r) => { loggedOut = r; });
  const rp = relyingParty(`${e.baseUrl}/oidc`, rpPort, { id: clientId, secret }, (token) => loggedOut(token));
  await new Promise<void>((r) => rp.server.listen(rpPort, '127.0.0.1', () => r()));
  try {
    // The applicant, on a phone, starts at the other system and is sent to OneWindow's sign-in.
    const page = await e.newPage({ mobile: true });
    await page.goto(`http://127.0.0.1:${rpPort}/`);
    await page.getByTestId('rp-login').click();
    await page.getByRole('heading', { name: '登录一窗通办' }).waitFor();
    assert.ok(page.url().startsWith(`${e.baseUrl}/oidc/interaction/`));
    await page.getByText('不动产登记系统').first().waitFor();
    await page.getByLabel('身份证号或统一社会信用代码').fill(DEMO_PERSON.idNumber);
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '授权确认' }).waitFor();
    await e.shot(page, 'sso-consent');
    await page.getByRole('button', { name: '同意并继续' }).click();
    await page.getByTestId('rp-welcome').waitFor();
    assert.equal(await page.getByTestId('rp-welcome').innerText(), '欢迎，张三');
    await e.shot(page, 'sso-rp-signed-in');

    // The applicant signs out of OneWindow (its session cookie, as the portal's sign-out does): the
    // sign-out answers at once, and the job delivers the logout token to the relying party.
    const me = await page.context().request.get(`${e.baseUrl}/api/auth/me`);
    const out = await page.context().request.post(`${e.baseUrl}/api/auth/logout`, { headers: { 'x-csrf-token': (await me.json()).csrfToken } });
    assert.equal(out.status(), 204);
    const token = await logoutToken;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    assert.equal(claims.aud, clientId);
    assert.deepEqual(claims.events, { 'http://schemas.openid.net/event/backchannel-logout': {} });
    // The manager sees that the last delivery succeeded. The job records it once the RP's answer is
    // read, just after the token arrived here: wait for that record (the condition itself, bounded).
    const lastOutcome = async () => ((await (await manager.context().request.get(`${e.baseUrl}/api/admin/sso/clients`)).json()) as { items: Array<{ clientId: string; backchannelLast: { outcome: string } | null }> })
      .items.find((c) => c.clientId === clientId)?.backchannelLast?.outcome;
    for (const deadline = Date.now() + 15_000; (await lastOutcome()) !== 'delivered' && Date.now() < deadline;);
    await manager.reload();
    await row.getByTestId('sso-backchannel-last').getByText('最近一次：已送达').waitFor();
    await e.shot(manager, 'sso-backchannel-delivered');
  } finally {
    await new Promise((r) => rp.server.close(r));
  }
});

