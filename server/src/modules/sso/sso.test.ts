import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { buildApp } from '../../app.ts';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { poolOf } from '../../db/database.ts';
import { startJobWorker, type JobWorker } from '../../lib/jobs.ts';
import { DEMO_PASSWORD, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { KEY_GRACE_SECONDS } from './sso.keys.ts';
import { providerFor } from './sso.provider.ts';
import { Browser, csrfOf, verifyWithJwks } from './sso-flow.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

let t: TestApp;
let issuer: string;
let manager: Session;
const RP = 'http://127.0.0.1:7999/cb';

before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}/oidc`;
  t = await testApp({ env: { OIDC_ISSUER: issuer, WEBHOOK_ALLOW_PRIVATE: 'true' } });
  await t.app.listen({ port, host: '127.0.0.1' });
  manager = await signIn(t.app, 'manager');
});
after(() => t.close());

async function register(body: object = {}) {
  const res = await manager.post('/api/admin/sso/clients', { name: '不动产登记系统', redirectUris: [RP], scopes: ['openid', 'profile', 'phone'], ...body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { client: { id: string; clientId: string }; clientSecret: string | null };
}

async function configFor(clientId: string, secret: string | null) {
  return oidc.discovery(new URL(issuer), clientId, undefined, secret ? oidc.ClientSecretBasic(secret) : oidc.None(), { execute: [oidc.allowInsecureRequests] });
}

/** The browser part of the code flow: sign in on our page (unless already signed in), consent (unless granted); answers the redirect back to the RP. */
async function browse(browser: Browser, authUrl: string, opts: { password?: string } = {}) {
  let res = await browser.go(authUrl);
  for (let step = 0; step < 10; step++) {
    assert.ok(res.status === 303 || res.status === 302 || res.status === 200, `step ${step}: ${res.status} ${res.text.slice(0, 300)}`);
    if (res.status === 200) {
      if (res.text.includes('name="password"')) {
        res = await browser.go(`${lastPage}/login`, { form: { csrf: csrfOf(res.text), login: DEMO_PERSON.idNumber, password: opts.password ?? DEMO_PASSWORD } });
      } else {
        res = await browser.go(`${lastPage}/consent`, { form: { csrf: csrfOf(res.text) } });
      }
      continue;
    }
    const next = res.location!;
    if (next.startsWith(RP)) return new URL(next);
    if (next.includes('/oidc/interaction/')) lastPage = next.split('?')[0]!;
    res = await browser.go(next);
  }
  throw new Error('the flow did not come back');
}
let lastPage = '';

async function codeFlow(clientId: string, secret: string | null, browser = new Browser(), scope = 'openid profile phone') {
  const config = await configFor(clientId, secret);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP, scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const back = await browse(browser, authUrl.href);
  const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state });
  return { config, tokens, browser };
}

describe('single sign-on: OneWindow as an OpenID Connect provider', () => {
  test('the full code flow with PKCE from openid-client: ID token verified against the JWKS, userinfo with the name and the masked phone', async () => {
    const { client, clientSecret } = await register();
    assert.ok(clientSecret && clientSecret.length >= 40);
    // The secret is kept only as its hash.
    const stored = await t.ctx.db.selectFrom('oidc_clients').select('secret_hash').where('id', '=', client.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.secret_hash, clientSecret);
    assert.ok(!JSON.stringify(stored).includes(clientSecret));

    const { config, tokens, browser } = await codeFlow(client.clientId, clientSecret);
    const checked = await verifyWithJwks(tokens.id_token!, `${issuer}/jwks`);
    assert.equal(checked.valid, true);
    assert.equal(checked.payload!.iss, issuer);
    assert.equal(checked.payload!.aud, client.clientId);
    const person = await t.ctx.db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
    const sub = String(checked.payload!.sub);
    assert.notEqual(sub, person.id, 'the subject is pairwise, not the user id');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    assert.equal(info.name, DEMO_PERSON.name);
    assert.equal(info.phone_number, '138****1234');
    assert.equal(info.applicant_type, 'person');

    // Signing in made the applicant signed in to OneWindow too (single sign-on both ways).
    const me = await browser.go(`${issuer.replace('/oidc', '')}/api/auth/me`);
    assert.equal(me.status, 200);
    assert.equal(JSON.parse(me.text).user.name, DEMO_PERSON.name);

    // A second system: the same applicant, already signed in, is not asked for a password, and gets another subject.
    const other = await register({ name: '公积金系统' });
    const second = await codeFlow(other.client.clientId, other.clientSecret, browser);
    const sub2 = (await verifyWithJwks(second.tokens.id_token!, `${issuer}/jwks`)).payload!.sub;
    assert.notEqual(sub2, sub);
  });

  test('a public client: no secret, PKCE required (a request without code_challenge is refused), profile only without phone', async () => {
    const { client, clientSecret } = await register({ public: true, scopes: ['openid', 'profile'] });
    assert.equal(clientSecret, null);
    const { tokens, config } = await codeFlow(client.clientId, null, new Browser(), 'openid profile');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck);
    assert.equal(info.name, DEMO_PERSON.name);
    assert.equal(info.phone_number, undefined);
    // A scope the client was not allowed is refused outright.
    await assert.rejects(codeFlow(client.clientId, null, new Browser(), 'openid profile phone'), (e: { error?: string }) => e.error === 'invalid_scope');

    const noPkce = new URL(`${issuer}/auth`);
    noPkce.search = new URLSearchParams({ client_id: client.clientId, response_type: 'code', redirect_uri: RP, scope: 'openid', state: 'x' }).toString();
    const res = await new Browser().go(noPkce.href);
    assert.equal(res.status, 303);
    const back = new URL(res.location!);
    assert.equal(back.origin + back.pathname, RP);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description') ?? '', /PKCE/);
  });

  test('an unregistered redirect URI is refused on our error page, never redirected to, and nothing is stored', async () => {
    const { client } = await register();
    const count = async () => Number((await t.ctx.db.selectFrom('oidc_payloads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (const bad of ['http://127.0.0.1:7999/cb/other', 'http://127.0.0.1:7999/cb?x=1', 'https://evil.example.com/cb', 'http://127.0.0.1:7998/cb']) {
      const url = new URL(`${issuer}/auth`);
      url.search = new URLSearchParams({ client_id: client.clientId, response_type: 'code', redirect_uri: bad, scope: 'openid', state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString();
      const res = await new Browser().go(url.href);
      assert.equal(res.status, 400, bad);
      assert.equal(res.location, null, bad);
      assert.match(res.text, /redirect_uri/);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    }
    assert.equal(await count(), before);
  });

  test('a wrong client secret is refused at the token endpoint and does not use up the code', async () => {
    const { client, clientSecret } = await register();
    const config = await configFor(client.clientId, clientSecret);
    const verifier = oidc.randomPKCECodeVerifier();
    const authUrl = oidc.buildAuthorizationUrl(config, { redirect_uri: RP, scope: 'openid', state: 's1', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const back = await browse(new Browser(), authUrl.href);
    const wrong = await configFor(client.clientId, `${clientSecret}x`);
    await assert.rejects(oidc.authorizationCodeGrant(wrong, back, { pkceCodeVerifier: verifier, expectedState: 's1' }), (e: { cause?: unknown }) => JSON.stringify(e.cause ?? '').includes('invalid_client'));
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: 's1' });
    assert.ok(tokens.access_token);
  });

  test('a revoked client: its tokens stop working, new sign-ins are refused; revoking again is refused and writes nothing', async () => {
    const { client, clientSecret } = await register();
    const { tokens, config } = await codeFlow(client.clientId, clientSecret);
    const revoked = await manager.post(`/api/admin/sso/clients/${client.id}/revoke`);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().revokedAt);
    await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck));
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({ client_id: client.clientId, response_type: 'code', redirect_uri: RP, scope: 'openid', state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString();
    const res = await new Browser().go(url.href);
    assert.equal(res.status, 400);
    assert.equal(res.location, null);

    const audits = async () => Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('stream', '=', `oidc_client:${client.id}`).executeTakeFirstOrThrow()).n);
    const n = await audits();
    const again = await manager.post(`/api/admin/sso/clients/${client.id}/revoke`);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'SSO_CLIENT_REVOKED');
    assert.equal(await audits(), n);
  });

  test('registration rules: https only (http on localhost), no fragment, one host; refused with nothing written', async () => {
    const count = async () => Number((await t.ctx.db.selectFrom('oidc_clients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    for (const [uris, code] of [
      [['http://rp.example.cn/cb'], 'SSO_REDIRECT_URI_INVALID'],
      [['https://rp.example.cn/cb#frag'], 'SSO_REDIRECT_URI_INVALID'],
      [['not a url'], 'SSO_REDIRECT_URI_INVALID'],
      [['https://user:pw@rp.example.cn/cb'], 'SSO_REDIRECT_URI_INVALID'],
      [['https://a.example.cn/cb', 'https://b.example.cn/cb'], 'SSO_REDIRECT_HOSTS'],
    ] as const) {
      const res = await manager.post('/api/admin/sso/clients', { name: 'x', redirectUris: uris, scopes: ['openid'] });
      assert.equal(res.statusCode, 400, JSON.stringify(uris));
      assert.equal(res.json().code, code);
    }
    const noOpenid = await manager.post('/api/admin/sso/clients', { name: 'x', redirectUris: ['https://rp.example.cn/cb'], scopes: ['profile'] });
    assert.equal(noOpenid.statusCode, 400);
    assert.equal(await count(), n);
    const ok = await manager.post('/api/admin/sso/clients', { name: 'x', redirectUris: ['https://rp.example.cn/cb', 'https://rp.example.cn/cb2'], scopes: ['openid'] });
    assert.equal(ok.statusCode, 201);
  });

  test('only a center manager registers, lists and revokes, and only the center\'s own clients', async () => {
    const { client } = await register();
    const applicant = await signIn(t.app, DEMO_PERSON.idNumber);
    const window = await signIn(t.app, 'window1');
    const hk = await signIn(t.app, 'hk.manager');
    const body = { name: 'x', redirectUris: [RP], scopes: ['openid'] };
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/admin/sso/clients', payload: body })).statusCode, 401);
    assert.equal((await applicant.post('/api/admin/sso/clients', body)).statusCode, 403);
    assert.equal((await window.post('/api/admin/sso/clients', body)).statusCode, 403);
    assert.equal((await window.get('/api/admin/sso/clients')).statusCode, 403);
    assert.equal((await applicant.post('/api/admin/sso/keys/rotate')).statusCode, 403);
    assert.equal((await hk.post(`/api/admin/sso/clients/${client.id}/revoke`)).statusCode, 403);
    const hkList = (await hk.get('/api/admin/sso/clients')).json();
    assert.ok(!hkList.items.some((c: { id: string }) => c.id === client.id));
    const list = (await manager.get('/api/admin/sso/clients?pageSize=100')).json();
    assert.ok(list.items.some((c: { id: string }) => c.id === client.id));
    const row = await t.ctx.db.selectFrom('oidc_clients').select('revoked_at').where('id', '=', client.id).executeTakeFirstOrThrow();
    assert.equal(row.revoked_at, null);
  });

  test('staff cannot sign in to a relying party; a wrong password shows our page again with the reason', async () => {
    const { client, clientSecret } = await register();
    const config = await configFor(client.clientId, clientSecret);
    const verifier = oidc.randomPKCECodeVerifier();
    const authUrl = oidc.buildAuthorizationUrl(config, { redirect_uri: RP, scope: 'openid', state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new Browser();
    const first = await browser.go(authUrl.href);
    const page = first.location!.split('?')[0]!;
    const form = await browser.go(page);
    assert.equal(form.status, 200);
    assert.match(form.headers.get('content-security-policy') ?? '', /form-action 'self' http:\/\/127\.0\.0\.1:7999/);
    const csrf = csrfOf(form.text);
    const staff = await browser.go(`${page}/login`, { form: { csrf, login: 'window1', password: DEMO_PASSWORD } });
    assert.equal(staff.status, 403);
    assert.match(staff.text, /工作人员账号不能用于登录其他系统/);
    assert.ok(!browser.jar.has('ow_session'));
    const wrong = await browser.go(`${page}/login?lang=en`, { form: { csrf, login: DEMO_PERSON.idNumber, password: 'wrong-password' } });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /lang="en"/);
    // A form without our token (another site posting) is refused and signs nobody in.
    const forged = await browser.go(`${page}/login`, { form: { csrf: 'forged', login: DEMO_PERSON.idNumber, password: DEMO_PASSWORD } });
    assert.equal(forged.status, 403);
    assert.ok(!browser.jar.has('ow_session'));
  });

  test('sessions are in the database: another instance (a fresh provider) continues the applicant\'s single sign-on', async () => {
    const { client, clientSecret } = await register();
    const { browser } = await codeFlow(client.clientId, clientSecret);
    const app2 = await buildApp({ ...t.ctx });
    const port2 = await freePort();
    await app2.listen({ port: port2, host: '127.0.0.1' });
    try {
      const config = await configFor(client.clientId, clientSecret);
      const authUrl = oidc.buildAuthorizationUrl(config, { redirect_uri: RP, scope: 'openid profile phone', state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
      const there = authUrl.href.replace(issuer, `http://127.0.0.1:${port2}/oidc`);
      const res = await browser.go(there);
      // Signed in and consented already: straight back to the relying party with a code.
      assert.equal(res.status, 303, res.text);
      assert.ok(res.location!.startsWith(`${RP}?code=`), res.location!);
    } finally {
      await app2.close();
    }
  });

  test('key rotation: the JWKS shows both keys, new tokens are signed with the new one, old tokens still verify; the old key leaves after its grace time', async () => {
    const { client, clientSecret } = await register();
    const before = await codeFlow(client.clientId, clientSecret);
    const oldKid = (await verifyWithJwks(before.tokens.id_token!, `${issuer}/jwks`)).header.kid;
    const rotated = await manager.post('/api/admin/sso/keys/rotate');
    assert.equal(rotated.statusCode, 200, rotated.body);
    const keys = rotated.json().keys as Array<{ kid: string; active: boolean }>;
    assert.equal(keys.length, 2);
    assert.equal(keys.find((k) => !k.active)!.kid, oldKid);
    const newKid = keys.find((k) => k.active)!.kid;

    const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: Array<{ kid: string; d?: string }> };
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [oldKid, newKid].sort());
    assert.ok(jwks.keys.every((k) => k.d === undefined), 'no private part published');
    assert.equal((await verifyWithJwks(before.tokens.id_token!, `${issuer}/jwks`)).valid, true);
    const after = await codeFlow(client.clientId, clientSecret);
    const fresh = await verifyWithJwks(after.tokens.id_token!, `${issuer}/jwks`);
    assert.equal(fresh.valid, true);
    assert.equal(fresh.header.kid, newKid);

    // The private keys are stored encrypted.
    const rows = await t.ctx.db.selectFrom('oidc_signing_keys').select('private_jwk').execute();
    assert.ok(rows.every((r) => r.private_jwk.startsWith('a256gcm1.') && !r.private_jwk.includes('"d"')));

    t.clock.advance((KEY_GRACE_SECONDS + 60) * 1000);
    await providerFor(t.ctx, { fresh: true });
    const later = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    assert.deepEqual(later.keys.map((k) => k.kid), [newKid]);
  });
});

test('the clean-up removes expired artefacts only', async () => {
  const { deleteExpiredPayloads, upsertPayload } = await import('./sso.repository.ts');
  const now = t.clock.now();
  await upsertPayload(t.ctx.db, { model: 'Session', id: 'old-one', payload: { a: 1 }, grant_id: null, user_code: null, uid: null, expires_at: new Date(now.getTime() - 1000) });
  await upsertPayload(t.ctx.db, { model: 'Session', id: 'live-one', payload: { a: 2 }, grant_id: null, user_code: null, uid: null, expires_at: new Date(now.getTime() + 60_000) });
  assert.ok(await deleteExpiredPayloads(t.ctx.db, now, 500) >= 1);
  const left = await t.ctx.db.selectFrom('oidc_payloads').select('id').where('id', 'in', ['old-one', 'live-one']).execute();
  assert.deepEqual(left.map((r) => r.id), ['live-one']);
});

/**
 * A relying party's back-channel logout endpoint: each request is held until the test answers it
 * (`next()` gives the next request to arrive, with its form body and an `answer(status)`).
 */
interface Held { contentType: string; body: string; answer(status: number): void }
async function receiver() {
  const arrived: Held[] = [];
  const waiting: Array<(h: Held) => void> = [];
  let count = 0;
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      const h: Held = { contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8'), answer: (status) => { res.writeHead(status).end(); } };
      const w = waiting.shift();
      if (w) w(h);
      else arrived.push(h);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    uri: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/backchannel-logout`,
    next: () => (arrived.length > 0 ? Promise.resolve(arrived.shift()!) : new Promise<Held>((r) => waiting.push(r))),
    get count() { return count; },
    close: () => new Promise<void>((r) => { srv.closeAllConnections(); srv.close(() => r()); }),
  };
}

describe('back-channel logout (OpenID Connect Back-Channel Logout 1.0)', () => {
  // The job worker of this instance (lib/jobs.ts), as the platform runs it; a short poll so that a
  // job the test reschedules is taken soon. The tests wait for its events, never for a time.
  let worker: JobWorker;
  before(async () => {
    worker = await startJobWorker(poolOf(t.ctx.db)!, () => {}, { concurrency: 2, pollInterval: 100 });
  });
  after(async () => { await worker.stop(); });

  /** Resolves when an attempt of the back-channel job for this client ends with `event`. */
  const jobEnds = (event: 'job:success' | 'job:error', clientId: string) => new Promise<void>((resolve) => {
    const on = ({ job }: { job: { task_identifier: string; payload: unknown } }) => {
      if (job.task_identifier === 'sso.backchannel_logout' && (job.payload as { clientId?: string }).clientId === clientId) {
        worker.events.off(event, on);
        resolve();
      }
    };
    worker.events.on(event, on);
  });
  const queued = async (keyPrefix: string) => (await sql<{ key: string; attempts: number; last_error: string | null; locked: boolean; id: string }>`
    SELECT key, attempts, last_error, locked_at IS NOT NULL AS locked, id::text FROM graphile_worker.jobs WHERE key LIKE ${`${keyPrefix}%`}`.execute(t.owner)).rows;
  const attempts = (clientId: string) => t.ctx.db.selectFrom('oidc_backchannel_attempts').select(['sid', 'attempt', 'outcome', 'error'])
    .where('client_id', '=', clientId).orderBy('id').execute();
  async function signOut(browser: Browser) {
    const base = issuer.replace('/oidc', '');
    const me = JSON.parse((await browser.go(`${base}/api/auth/me`)).text);
    return browser.go(`${base}/api/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
  }

  test('signing out answers at once; a job POSTs the logout token, signed with a key of the JWKS, to each client with a back-channel URI; the provider session ends in the sign-out', async () => {
    const rx = await receiver();
    try {
      const withUri = await register({ name: '住房公积金系统', backchannelLogoutUri: rx.uri });
      const listed = (await manager.get('/api/admin/sso/clients')).json().items.find((c: { id: string }) => c.id === withUri.client.id);
      assert.equal(listed.backchannelLogoutUri, rx.uri);
      assert.equal(listed.backchannelLast, null);
      const without = await register({ name: '不通知的系统' });
      const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.backchannel_logout_supported, true);
      assert.equal(discovery.backchannel_logout_session_supported, true);

      const first = await codeFlow(withUri.client.clientId, withUri.clientSecret);
      await codeFlow(without.client.clientId, without.clientSecret, first.browser);
      const idToken = (await verifyWithJwks(first.tokens.id_token!, `${issuer}/jwks`)).payload!;
      assert.ok(idToken.sid, 'the ID token carries the session id the logout token will name');
      const delivered = jobEnds('job:success', withUri.client.clientId);

      // The applicant signs out of OneWindow itself (not of the provider): it answers while the
      // relying party still holds its answer (it has not even been asked, or is being asked).
      const out = await signOut(first.browser);
      assert.equal(out.status, 204, out.text);
      const sessions = await t.ctx.db.selectFrom('oidc_payloads').select('id').where('model', '=', 'Session')
        .where(sql<boolean>`payload->>'accountId' = (SELECT id::text FROM users WHERE id_number = ${DEMO_PERSON.idNumber})`).execute();
      assert.equal(sessions.length, 0, 'the provider\'s sessions ended in the sign-out: no silent sign-in again');

      const held = await rx.next();
      // The token is in flight from the job, which waits for the relying party's answer.
      const jobs = await queued(`sso.backchannel:${withUri.client.clientId}:`);
      assert.deepEqual(jobs.map((j) => [j.key, j.locked]), [[`sso.backchannel:${withUri.client.clientId}:${String(idToken.sid)}`, true]]);
      assert.equal((await queued(`sso.backchannel:${without.client.clientId}:`)).length, 0, 'the client without a back-channel URI gets no job');
      assert.deepEqual(await attempts(withUri.client.clientId), [], 'nothing recorded before the answer');

      assert.match(held.contentType, /^application\/x-www-form-urlencoded/);
      const logoutToken = new URLSearchParams(held.body).get('logout_token')!;
      const checked = await verifyWithJwks(logoutToken, `${issuer}/jwks`);
      assert.equal(checked.valid, true, 'signed with a key the provider publishes');
      const claims = checked.payload!;
      assert.equal(claims.iss, issuer);
      assert.equal(claims.aud, withUri.client.clientId);
      assert.equal(claims.sub, idToken.sub, 'the pairwise subject the client knows');
      assert.equal(claims.sid, idToken.sid);
      assert.ok(claims.jti && claims.iat);
      assert.equal(claims.nonce, undefined, 'a logout token never carries a nonce');
      assert.deepEqual(claims.events, { 'http://schemas.openid.net/event/backchannel-logout': {} });

      held.answer(200);
      await delivered;
      assert.deepEqual(await attempts(withUri.client.clientId), [{ sid: String(idToken.sid), attempt: 1, outcome: 'delivered', error: null }]);
      assert.equal(rx.count, 1, 'one token, once');
      const after = (await manager.get('/api/admin/sso/clients')).json().items.find((c: { id: string }) => c.id === withUri.client.id);
      assert.equal(after.backchannelLast.outcome, 'delivered');
    } finally {
      await rx.close();
    }
  });

  test('the provider\'s own end_session (RP-initiated logout) queues the same job: it answers while the relying party holds its answer', async () => {
    const rx = await receiver();
    try {
      const { client, clientSecret } = await register({ name: '公积金查询系统', backchannelLogoutUri: rx.uri });
      const flow = await codeFlow(client.clientId, clientSecret);
      const idToken = (await verifyWithJwks(flow.tokens.id_token!, `${issuer}/jwks`)).payload!;
      const delivered = jobEnds('job:success', client.clientId);

      // The relying party sends the applicant's browser to end_session; the logout page's form is confirmed.
      const page = await flow.browser.go(`${issuer}/session/end?client_id=${client.clientId}&id_token_hint=${flow.tokens.id_token!}`);
      assert.equal(page.status, 200, page.text.slice(0, 300));
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)![1]!;
      const out = await flow.browser.go(`${issuer}/session/end/confirm`, { form: { xsrf, logout: 'yes' } });
      assert.equal(out.status, 303, out.text.slice(0, 300));
      assert.match(out.location ?? '', /\/oidc\/session\/end\/success/);

      // end_session has answered; the relying party is asked now (or was while it answered) and holds its answer.
      const held = await rx.next();
      const jobs = await queued(`sso.backchannel:${client.clientId}:`);
      assert.deepEqual(jobs.map((j) => [j.key, j.locked]), [[`sso.backchannel:${client.clientId}:${String(idToken.sid)}`, true]], 'the job is the one sending, not end_session');
      assert.deepEqual(await attempts(client.clientId), []);
      const checked = await verifyWithJwks(new URLSearchParams(held.body).get('logout_token')!, `${issuer}/jwks`);
      assert.equal(checked.valid, true);
      assert.equal(checked.payload!.sub, idToken.sub);
      assert.equal(checked.payload!.sid, idToken.sid);
      held.answer(204);
      await delivered;
      assert.deepEqual(await attempts(client.clientId), [{ sid: String(idToken.sid), attempt: 1, outcome: 'delivered', error: null }]);
      assert.equal(rx.count, 1, 'one token, once');
    } finally {
      await rx.close();
    }
  });

  test('a relying party answering 500 gets the token again on the retry; each attempt is recorded for the manager', async () => {
    const rx = await receiver();
    try {
      const { client, clientSecret } = await register({ name: '社保系统', backchannelLogoutUri: rx.uri });
      const flow = await codeFlow(client.clientId, clientSecret);
      const sid = String((await verifyWithJwks(flow.tokens.id_token!, `${issuer}/jwks`)).payload!.sid);
      const failed = jobEnds('job:error', client.clientId);
      assert.equal((await signOut(flow.browser)).status, 204);

      const first = await rx.next();
      first.answer(500);
      await failed;
      // graphile-worker writes the failure (attempts, error, a later run_at) after the event, in a
      // batch: wait for the row to say so (the condition itself, bounded), then bring the retry forward.
      const key = `sso.backchannel:${client.clientId}:${sid}`;
      let job = (await queued(key))[0];
      for (const deadline = Date.now() + 10_000; (job?.last_error == null || job.locked) && Date.now() < deadline;) {
        await new Promise<void>((resolve) => { worker.events.once('job:complete', () => resolve()); setImmediate(resolve); });
        job = (await queued(key))[0];
      }
      assert.equal(job!.attempts, 1);
      assert.match(job!.last_error ?? '', /500/);
      assert.deepEqual(await attempts(client.clientId), [{ sid, attempt: 1, outcome: 'failed', error: job!.last_error }]);
      const failing = (await manager.get('/api/admin/sso/clients?pageSize=100')).json().items.find((c: { id: string }) => c.id === client.id);
      assert.equal(failing.backchannelLast.outcome, 'failed');
      assert.match(failing.backchannelLast.error, /500/);

      const delivered = jobEnds('job:success', client.clientId);
      await sql`SELECT graphile_worker.reschedule_jobs(ARRAY[${job!.id}]::bigint[], run_at := now())`.execute(t.owner);
      const second = await rx.next();
      const again = await verifyWithJwks(new URLSearchParams(second.body).get('logout_token')!, `${issuer}/jwks`);
      assert.equal(again.valid, true);
      assert.equal(again.payload!.sid, sid);
      assert.equal(again.payload!.aud, client.clientId);
      second.answer(204);
      await delivered;

      const seen = await manager.get(`/api/admin/sso/clients/${client.id}/backchannel-attempts`);
      assert.equal(seen.statusCode, 200, seen.body);
      assert.deepEqual(seen.json().items.map((a: { attempt: number; outcome: string }) => [a.attempt, a.outcome]), [[2, 'delivered'], [1, 'failed']]);
      assert.equal(rx.count, 2);
      const hk = await signIn(t.app, 'hk.manager');
      assert.equal((await hk.get(`/api/admin/sso/clients/${client.id}/backchannel-attempts`)).statusCode, 403);
    } finally {
      await rx.close();
    }
  });

  test('a back-channel URI follows the redirect URI rules (https, or http on loopback): refused at registration and on edit with nothing written', async () => {
    const count = async () => (await t.ctx.db.selectFrom('oidc_clients').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    const bads = ['http://example.com/logout', 'https://example.com/logout#x', 'not a url', 'https://user:pw@example.com/logout', 'ftp://127.0.0.1/logout'];
    for (const bad of bads) {
      const res = await manager.post('/api/admin/sso/clients', { name: '坏系统', redirectUris: [RP], scopes: ['openid'], backchannelLogoutUri: bad });
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().code, 'SSO_REDIRECT_URI_INVALID');
      assert.equal(res.json().field, 'backchannelLogoutUri');
    }
    assert.equal(await count(), before);

    // Edit: the same rule; a refusal changes nothing and audits nothing.
    const { client } = await register({ name: '可编辑的系统' });
    const row = () => t.ctx.db.selectFrom('oidc_clients').select('backchannel_logout_uri').where('id', '=', client.id).executeTakeFirstOrThrow();
    const audits = async () => Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('stream', '=', `oidc_client:${client.id}`).executeTakeFirstOrThrow()).n);
    const url = `/api/admin/sso/clients/${client.id}/backchannel-logout`;
    const n = await audits();
    for (const bad of bads) {
      const res = await manager.put(url, { backchannelLogoutUri: bad });
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().code, 'SSO_REDIRECT_URI_INVALID');
      assert.equal(res.json().field, 'backchannelLogoutUri');
    }
    const hk = await signIn(t.app, 'hk.manager');
    assert.equal((await hk.put(url, { backchannelLogoutUri: 'https://rp.example.cn/logout' })).statusCode, 403);
    assert.equal((await row()).backchannel_logout_uri, null);
    assert.equal(await audits(), n);

    const set = await manager.put(url, { backchannelLogoutUri: 'https://rp.example.cn/logout' });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().backchannelLogoutUri, 'https://rp.example.cn/logout');
    assert.equal((await row()).backchannel_logout_uri, 'https://rp.example.cn/logout');
    assert.equal(await audits(), n + 1);
    // The provider reads the client anew: its metadata now carries the URI.
    const { provider } = await providerFor(t.ctx);
    assert.equal((await provider.Client.find(client.clientId)).backchannelLogoutUri, 'https://rp.example.cn/logout');
    const cleared = await manager.put(url, { backchannelLogoutUri: null });
    assert.equal(cleared.json().backchannelLogoutUri, null);
    assert.equal(await audits(), n + 2);

    // A revoked client cannot be edited.
    assert.equal((await manager.post(`/api/admin/sso/clients/${client.id}/revoke`)).statusCode, 200);
    const m = await audits();
    const late = await manager.put(url, { backchannelLogoutUri: 'https://rp.example.cn/logout' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'SSO_CLIENT_REVOKED');
    assert.equal((await row()).backchannel_logout_uri, null);
    assert.equal(await audits(), m);
  });
});
