// Sign-in against an attacker (docs/security.md, "Sign-in"): X-Forwarded-For believed only from the
// configured proxies, the lock-out keyed by account and client address, the account-wide lock that
// the owner's known clients still pass, staff lock-outs alerting the managers, the staff password rule.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { makeIdNumber } from '../../lib/identity.ts';
import { signIn, testApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PASSWORD } from '../../seed/seed.ts';

const login = (t: TestApp, body: { login: string; password: string }, from: { ip?: string; forwardedFor?: string } = {}) =>
  t.app.inject({
    method: 'POST', url: '/api/auth/login', payload: body,
    ...(from.ip ? { remoteAddress: from.ip } : {}),
    headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
  });

async function registerPerson(t: TestApp, seq: string, password = 'Secret123') {
  const idNumber = makeIdNumber('460106', '19800101', seq);
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { kind: 'person', name: '测试', idNumber, phone: '13700001111', password } });
  assert.equal(r.statusCode, 201, r.body);
  return idNumber;
}

describe('X-Forwarded-For and the per-address rate limit', () => {
  test('without configured proxies, a client that sets X-Forwarded-For is still limited by its own address', async () => {
    const t = await testApp({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(t, { login: 'nobody', password: 'x' }, { forwardedFor: `203.0.113.${i + 1}` })).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      const refused = await login(t, { login: 'nobody', password: 'x' }, { forwardedFor: '198.51.100.9' });
      assert.equal(refused.json().code, 'TOO_MANY_REQUESTS');
      assert.ok(refused.json().message.zh && refused.json().message.en);
      // Another peer address is another client: not limited by the first one's requests.
      assert.equal((await login(t, { login: 'nobody', password: 'x' }, { ip: '192.0.2.50' })).statusCode, 401);
    } finally {
      await t.close();
    }
  });

  test('from a configured proxy, the forwarded client address is the one limited', async () => {
    const t = await testApp({ env: { LOGIN_RATE_PER_MINUTE: '3', TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(t, { login: 'nobody', password: 'x' }, { forwardedFor: `203.0.113.${i + 1}` })).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
      const same = [];
      for (let i = 0; i < 4; i++) same.push((await login(t, { login: 'nobody', password: 'x' }, { ip: '10.1.2.3', forwardedFor: '203.0.113.77' })).statusCode);
      assert.deepEqual(same, [401, 401, 401, 429]);
      // A peer that is not a configured proxy is not believed.
      const untrusted = [];
      for (let i = 0; i < 4; i++) untrusted.push((await login(t, { login: 'nobody', password: 'x' }, { ip: '192.0.2.99', forwardedFor: `198.51.100.${i}` })).statusCode);
      assert.deepEqual(untrusted, [401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });

  test('a malformed TRUSTED_PROXIES stops the configuration', async () => {
    await assert.rejects(testApp({ env: { TRUSTED_PROXIES: 'proxy.example, *' } }), /TRUSTED_PROXIES/);
  });
});

describe('lock-out keyed by account and client address', () => {
  let t: TestApp;
  before(async () => { t = await testApp(); });
  after(async () => { await t.close(); });

  const attacker = { ip: '198.51.100.66' };
  const owner = { ip: '192.0.2.7' };

  test("an attacker's failures lock the attacker's address out of the account, not the owner", async () => {
    const id = await registerPerson(t, '101');
    for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i++) assert.equal((await login(t, { login: id, password: 'Wrong1234' }, attacker)).statusCode, 401);
    const lockedOut = await login(t, { login: id, password: 'Secret123' }, attacker);
    assert.equal(lockedOut.statusCode, 423);
    assert.equal(lockedOut.json().code, 'ACCOUNT_LOCKED');
    assert.equal(lockedOut.json().details.scope, 'client');
    // Setting the owner's address in a header changes nothing (no proxy is configured).
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: attacker.ip, headers: { 'x-forwarded-for': owner.ip }, payload: { login: id, password: 'Secret123' } })).statusCode, 423);
    const ownerIn = await login(t, { login: id, password: 'Secret123' }, owner);
    assert.equal(ownerIn.statusCode, 200, ownerIn.body);
    // The attacker's address stays locked after the owner's success, until its time runs out.
    assert.equal((await login(t, { login: id, password: 'Secret123' }, attacker)).statusCode, 423);
    t.clock.advance((t.config.LOGIN_LOCK_MINUTES + 1) * 60_000);
    assert.equal((await login(t, { login: id, password: 'Secret123' }, attacker)).statusCode, 200);
  });

  test('failures from many addresses lock the account, except for a client the owner signed in from before', async () => {
    const id = await registerPerson(t, '202');
    assert.equal((await login(t, { login: id, password: 'Secret123' }, owner)).statusCode, 200);
    const perAddress = t.config.LOGIN_MAX_FAILURES - 1; // below the per-address lock, so only the account-wide count decides
    let n = 0;
    for (let a = 0; n < t.config.LOGIN_ACCOUNT_MAX_FAILURES; a++) {
      for (let i = 0; i < perAddress && n < t.config.LOGIN_ACCOUNT_MAX_FAILURES; i++, n++) {
        assert.equal((await login(t, { login: id, password: 'Wrong1234' }, { ip: `203.0.113.${a + 1}` })).statusCode, 401);
      }
    }
    const newClient = await login(t, { login: id, password: 'Secret123' }, { ip: '192.0.2.200' });
    assert.equal(newClient.statusCode, 423);
    assert.equal(newClient.json().details.scope, 'account');
    const known = await login(t, { login: id, password: 'Secret123' }, owner);
    assert.equal(known.statusCode, 200, known.body);
    // The owner's success does not reopen the account to unknown addresses while the lock lasts.
    assert.equal((await login(t, { login: id, password: 'Secret123' }, { ip: '192.0.2.201' })).statusCode, 423);
  });

  test("a staff member's lock-out alerts the managers of the center, once, and nobody else", async () => {
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM notifications WHERE kind = 'staff_locked'`.execute(t.ctx.db)).rows[0]!.n);
    assert.equal(await count(), 0);
    for (let i = 0; i < t.config.LOGIN_MAX_FAILURES + 2; i++) await login(t, { login: 'window1', password: 'Wrong1234' }, attacker);
    const manager = await signIn(t.app, 'manager');
    const inbox = (await manager.get('/api/notifications')).json();
    const alert = inbox.notifications.find((x: { kind: string }) => x.kind === 'staff_locked');
    assert.ok(alert, JSON.stringify(inbox).slice(0, 300));
    assert.match(alert.title.zh, /window1/);
    assert.match(alert.title.en, /window1/);
    // One alert per lock (to each manager of the province center), not one per refused attempt.
    const managers = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM users WHERE 'manager' = ANY(roles) AND center_id = (SELECT center_id FROM users WHERE username = 'window1')`.execute(t.ctx.db)).rows[0]!.n);
    assert.ok(managers >= 1);
    assert.equal(await count(), managers);
    // A supervisor of the center and the locked clerk get nothing.
    const supervisor = await signIn(t.app, 'supervisor');
    assert.equal((await supervisor.get('/api/notifications')).json().notifications.filter((x: { kind: string }) => x.kind === 'staff_locked').length, 0);
    // An applicant's lock-out alerts nobody.
    const id = await registerPerson(t, '303');
    for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i++) await login(t, { login: id, password: 'Wrong1234' }, attacker);
    assert.equal(await count(), managers);
    // The clerk still signs in from their own counter.
    assert.equal((await login(t, { login: 'window1', password: DEMO_PASSWORD }, owner)).statusCode, 200);
  });
});

describe('the staff password rule', () => {
  let t: TestApp;
  before(async () => { t = await testApp(); });
  after(async () => { await t.close(); });

  test('a staff password under 10 characters or without letters and digits is refused with PASSWORD_WEAK_STAFF, and no account is made', async () => {
    const manager = await signIn(t.app, 'manager');
    const users = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM users`.execute(t.ctx.db)).rows[0]!.n);
    const before = await users();
    for (const password of ['Abc123456', 'abcdefghijkl', '123456789012', '          ', '']) {
      const r = await manager.post('/api/admin/staff', { username: 'weak.pw', name: '弱密码', roles: ['window'], password });
      assert.equal(r.statusCode, 400, password);
      assert.equal(r.json().code, 'PASSWORD_WEAK_STAFF', password);
      assert.equal(r.json().field, 'password');
      assert.match(r.json().message.zh, /10/);
      assert.match(r.json().message.en, /10 characters/);
    }
    assert.equal(await users(), before);
    const ok = await manager.post('/api/admin/staff', { username: 'strong.pw', name: '强密码', roles: ['window'], password: 'Window2026x' });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(await users(), before + 1);
  });
});
