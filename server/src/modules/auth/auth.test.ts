import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeCreditCode, makeIdNumber } from '../../lib/identity.ts';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

const goodId = makeIdNumber('460105', '19880512', '271');
const register = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/register', payload });
const userCount = async () => Number((await t.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('registration', () => {
  test('a person with a valid ID number is registered once', async () => {
    const res = await register({ kind: 'person', name: '海小南', idNumber: goodId, phone: '13700001111', password: 'Secret123' });
    assert.equal(res.statusCode, 201, res.body);
    const user = res.json().user;
    assert.equal(user.kind, 'person');
    assert.equal(user.maskedId, `${goodId.slice(0, 3)}***********${goodId.slice(-4)}`);
    const again = await register({ kind: 'person', name: '海小南', idNumber: goodId, phone: '13700001111', password: 'Secret123' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ACCOUNT_EXISTS');
  });

  test('each ID number rule is named in the error, in Chinese and English, and nothing is written', async () => {
    const before = await userCount();
    const cases: Array<[string, string]> = [
      [goodId.slice(0, 17) + (goodId[17] === '0' ? '1' : '0'), 'ID_NUMBER_CHECK_DIGIT'],
      ['46010519881332271' + '0', 'ID_NUMBER_BIRTH_DATE'],
      ['12345', 'ID_NUMBER_FORMAT'],
      ['990105198805122710', 'ID_NUMBER_REGION'],
    ];
    for (const [idNumber, code] of cases) {
      const res = await register({ kind: 'person', name: '测试', idNumber, phone: '13700002222', password: 'Secret123' });
      assert.equal(res.statusCode, 400, idNumber);
      const body = res.json();
      assert.equal(body.code, code, `${idNumber}: ${res.body}`);
      assert.equal(body.field, 'idNumber');
      assert.ok(body.message.zh.length > 0 && /[\u4e00-\u9fff]/.test(body.message.zh));
      assert.ok(/[a-z]/i.test(body.message.en));
    }
    assert.equal(await userCount(), before);
  });

  test('an enterprise registers by credit code; a wrong check character is refused', async () => {
    const code = makeCreditCode('9', '1', '460100', 'MA5T9999');
    const bad = code.slice(0, 17) + (code[17] === 'A' ? 'B' : 'A');
    const refused = await register({ kind: 'enterprise', name: '示例公司', creditCode: bad, legalRepresentative: '王五', phone: '13700003333', password: 'Secret123' });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'CREDIT_CODE_CHECK_CHAR');
    assert.equal(refused.json().field, 'creditCode');
    const ok = await register({ kind: 'enterprise', name: '示例公司', creditCode: code, legalRepresentative: '王五', phone: '13700003333', password: 'Secret123' });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('a weak password and a missing field get stable codes', async () => {
    const weak = await register({ kind: 'person', name: '测试', idNumber: makeIdNumber('460105', '19900101', '555'), phone: '13700004444', password: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().field, 'password');
    const missing = await register({ kind: 'person', name: '测试', phone: '13700004444', password: 'Secret123' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'VALIDATION_FAILED');
    assert.equal(missing.json().field, 'idNumber');
  });
});

describe('sign-in, session and CSRF', () => {
  test('sign in sets an HTTP-only cookie; me answers; sign-out ends the session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: DEMO_PERSON.idNumber, password: 'Demo@2026' } });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === 'ow_session')!;
    assert.ok(cookie.httpOnly);
    assert.equal(cookie.sameSite, 'Lax');
    const headers = { cookie: `ow_session=${cookie.value}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.name, DEMO_PERSON.name);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'CSRF_TOKEN_INVALID');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, 'x-csrf-token': res.json().csrfToken } });
    assert.equal(out.statusCode, 204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    assert.equal(after.statusCode, 401);
  });

  test('repeated failures lock the account, and the right password is refused while locked', async () => {
    const idNumber = makeIdNumber('460106', '19750203', '888');
    assert.equal((await register({ kind: 'person', name: '锁定', idNumber, phone: '13700005555', password: 'Secret123' })).statusCode, 201);
    for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: idNumber, password: 'Wrong1234' } });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'BAD_CREDENTIALS');
    }
    const lockedOut = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: idNumber, password: 'Secret123' } });
    assert.equal(lockedOut.statusCode, 423);
    assert.equal(lockedOut.json().code, 'ACCOUNT_LOCKED');
    t.clock.advance((t.config.LOGIN_LOCK_MINUTES + 1) * 60_000);
    const later = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: idNumber, password: 'Secret123' } });
    assert.equal(later.statusCode, 200);
  });

  test('a session ends after its lifetime', async () => {
    const s = await signIn(t.app, 'window1');
    assert.equal((await s.get('/api/auth/me')).statusCode, 200);
    t.clock.advance(t.config.SESSION_TTL_HOURS * 3600_000 + 1000);
    assert.equal((await s.get('/api/auth/me')).statusCode, 401);
    assert.equal((await s.get('/api/admin/org')).statusCode, 401);
    await signIn(t.app, 'window1');
    const rows = await t.ctx.db.selectFrom('sessions').select('expires_at').where('user_id', '=', s.user.id).execute();
    assert.equal(rows.length, 1, 'the expired session was removed at the next sign-in');
  });

  test('an unknown account and a wrong password answer alike', async () => {
    const a = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'nobody', password: 'x' } });
    const b = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'manager', password: 'wrong' } });
    assert.equal(a.statusCode, 401);
    assert.deepEqual(a.json(), b.json());
  });

  test('passwords are stored as Argon2id hashes', async () => {
    const row = await t.ctx.db.selectFrom('users').select('password_hash').where('username', '=', 'manager').executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^\$argon2id\$/);
  });

  test('an applicant cannot reach staff endpoints', async () => {
    const s = await signIn(t.app, DEMO_PERSON.idNumber);
    for (const url of ['/api/admin/items', '/api/admin/requests', '/api/admin/org', '/api/admin/staff']) {
      const r = await s.get(url);
      assert.equal(r.statusCode, 403, url);
      assert.equal(r.json().code, 'FORBIDDEN');
    }
    const anon = await t.app.inject({ method: 'GET', url: '/api/admin/items' });
    assert.equal(anon.statusCode, 401);
  });
});
