// The versioned public API and its keys (docs/open-api.md): a key per consuming system, shown once and
// kept only as a hash, scopes, a rate limit per key, revocation; the manager's console and its policy.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let manager: Session;
let hkManager: Session;
let window1: Session;
let clientId: string;

const call = (url: string, key?: string) => t.app.inject({ method: 'GET', url, headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.owner)).rows[0]!.n);
const auditCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE stream LIKE 'api_client:%'`.execute(t.owner)).rows[0]!.n);

async function issue(scopes: string[], ratePerMinute?: number) {
  const res = await manager.post(`/api/admin/integrations/clients/${clientId}/keys`, { scopes, ...(ratePerMinute ? { ratePerMinute } : {}) });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; keyId: string; key: string };
}

before(async () => {
  t = await testApp({ env: { PROGRESS_RATE_PER_MINUTE: '10000', PROGRESS_RECEIPT_RATE_PER_MINUTE: '10000' } });
  [manager, hkManager, window1] = await Promise.all([signIn(t.app, 'manager'), signIn(t.app, 'hk.manager'), signIn(t.app, 'window1')]);
  const res = await manager.post('/api/admin/integrations/clients', { name: '省一体化政务服务平台', contact: '0898-12345' });
  assert.equal(res.statusCode, 201, res.body);
  clientId = res.json().id;
});
after(() => t.close());

describe('keys', () => {
  test('a key is answered once and only its sha256 is kept; the list shows its key id, never the key', async () => {
    const k = await issue(['catalog:read']);
    const secret = /^owk_[0-9a-f]{16}_([A-Za-z0-9_-]{43})$/.exec(k.key)?.[1];
    assert.ok(secret, `the key's form: ${k.key}`);
    const row = await t.owner.selectFrom('api_keys').selectAll().where('id', '=', k.id).executeTakeFirstOrThrow();
    assert.deepEqual(row.key_hash, createHash('sha256').update(k.key).digest());
    const stored = JSON.stringify(await sql`SELECT * FROM api_keys`.execute(t.owner));
    // The whole secret (base64url may hold '_' itself, so not a split on it: a short piece could appear by chance).
    assert.ok(!stored.includes(secret), 'the secret part is nowhere in the table');
    const list = (await manager.get('/api/admin/integrations/clients')).json();
    const mine = list.clients.find((c: { id: string }) => c.id === clientId);
    assert.equal(mine.keys.find((x: { id: string }) => x.id === k.id).keyId, k.keyId);
    assert.ok(!JSON.stringify(list).includes(k.key));
    assert.equal((await call('/open/v1/catalog/items?q=许可', k.key)).statusCode, 200);
  });

  test('missing, malformed, unknown and wrong-secret keys are refused with 401 and their own codes', async () => {
    const k = await issue(['catalog:read']);
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'API_KEY_MISSING'],
      ['not-a-key', 'API_KEY_INVALID'],
      [`owk_0123456789abcdef_${'A'.repeat(43)}`, 'API_KEY_INVALID'],
      [`owk_${k.keyId}_${'B'.repeat(43)}`, 'API_KEY_INVALID'],
    ];
    for (const [key, code] of cases) {
      const res = await call('/open/v1/catalog/items', key);
      assert.equal(res.statusCode, 401, `${key}: ${res.body}`);
      assert.equal(res.json().code, code);
    }
    // A session cookie is no key: the open API answers to keys only.
    const res = await t.app.inject({ method: 'GET', url: '/open/v1/catalog/items', headers: { cookie: manager.cookie } });
    assert.equal(res.json().code, 'API_KEY_MISSING');
  });

  test('a revoked key, and every key of a revoked system, is refused (API_KEY_REVOKED)', async () => {
    const k = await issue(['catalog:read']);
    const other = await issue(['catalog:read']);
    assert.equal((await manager.post(`/api/admin/integrations/clients/${clientId}/keys/${k.id}/revoke`)).statusCode, 200);
    const res = await call('/open/v1/catalog/items', k.key);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'API_KEY_REVOKED');
    assert.equal((await call('/open/v1/catalog/items', other.key)).statusCode, 200, 'revoking one key leaves the others');

    const sys = (await manager.post('/api/admin/integrations/clients', { name: '待停用系统' })).json().id as string;
    const key = (await manager.post(`/api/admin/integrations/clients/${sys}/keys`, { scopes: ['catalog:read'] })).json().key as string;
    assert.equal((await call('/open/v1/catalog/items', key)).statusCode, 200);
    assert.equal((await manager.post(`/api/admin/integrations/clients/${sys}/revoke`)).statusCode, 200);
    assert.equal((await call('/open/v1/catalog/items', key)).json().code, 'API_KEY_REVOKED');
    // A revoked system gets no new key, and the refusal writes nothing.
    const [keys, audits] = [await count('api_keys'), await auditCount()];
    const again = await manager.post(`/api/admin/integrations/clients/${sys}/keys`, { scopes: ['catalog:read'] });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'API_CLIENT_REVOKED');
    assert.deepEqual([await count('api_keys'), await auditCount()], [keys, audits]);
  });

  test('a key is refused outside its scopes (403 API_SCOPE_MISSING), and the refusal counts no call', async () => {
    const k = await issue(['catalog:read']);
    const item = (await call('/open/v1/catalog/items?q=许可', k.key)).json().items[0];
    const windows = await t.owner.selectFrom('api_key_windows').selectAll().where('key_id', '=', k.id).executeTakeFirst();
    for (const url of [`/open/v1/catalog/items/${item.id}/guide`, '/open/v1/progress?receiptNo=460000202600000000&queryCode=123456', '/open/v1/subscriptions']) {
      const res = await call(url, k.key);
      assert.equal(res.statusCode, 403, url);
      assert.equal(res.json().code, 'API_SCOPE_MISSING');
    }
    assert.deepEqual(await t.owner.selectFrom('api_key_windows').selectAll().where('key_id', '=', k.id).executeTakeFirst(), windows);
    const guides = await issue(['guides:read']);
    const guide = await call(`/open/v1/catalog/items/${item.id}/guide`, guides.key);
    assert.equal(guide.statusCode, 200, guide.body);
    assert.equal(guide.json().item.id, item.id);
  });

  test('the rate limit is per key: one key used up is refused (429, retry-after) while another key goes on; the next minute it works again', async () => {
    const a = await issue(['catalog:read'], 3);
    const b = await issue(['catalog:read'], 3);
    for (let i = 0; i < 3; i++) {
      const res = await call('/open/v1/catalog/items', a.key);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-ratelimit-remaining'], String(2 - i));
    }
    const limited = await call('/open/v1/catalog/items', a.key);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'API_RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    const other = await call('/open/v1/catalog/items', b.key);
    assert.equal(other.statusCode, 200, 'the other key is not held up');
    assert.equal(other.headers['x-ratelimit-remaining'], '2');
    t.clock.advance(60_000);
    assert.equal((await call('/open/v1/catalog/items', a.key)).statusCode, 200);
  });

  test('progress by receipt number and query code, masked as the public sees it', async () => {
    const cast = await housingCast(t.app);
    const c = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
    const accepted = (await cast.window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).json().case;
    const k = await issue(['progress:read']);
    const url = `/open/v1/progress?receiptNo=${accepted.receiptNo}&queryCode=${accepted.queryCode}`;
    const res = await call(url, k.key);
    assert.equal(res.statusCode, 200, res.body);
    const publicView = await t.app.inject({ method: 'GET', url: `/api/progress?receiptNo=${accepted.receiptNo}&queryCode=${accepted.queryCode}` });
    assert.deepEqual(res.json(), publicView.json());
    assert.match(res.json().applicantName, /\*/);
    const wrong = await call(`/open/v1/progress?receiptNo=${accepted.receiptNo}&queryCode=${accepted.queryCode === '000000' ? '111111' : '000000'}`, k.key);
    assert.equal(wrong.statusCode, 404);
  });
});

describe('the console of consuming systems: who may', () => {
  test('the manager of the center only: public 401, other staff 403, another center\'s manager 404; refusals write nothing', async () => {
    const before = [await count('api_clients'), await count('api_keys'), await auditCount()];
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/integrations/clients' })).statusCode, 401);
    assert.equal((await window1.get('/api/admin/integrations/clients')).statusCode, 403);
    assert.equal((await window1.post('/api/admin/integrations/clients', { name: 'x' })).statusCode, 403);
    assert.equal((await hkManager.post(`/api/admin/integrations/clients/${clientId}/keys`, { scopes: ['catalog:read'] })).statusCode, 404);
    assert.equal((await hkManager.post(`/api/admin/integrations/clients/${clientId}/revoke`)).statusCode, 404);
    assert.deepEqual([await count('api_clients'), await count('api_keys'), await auditCount()], before);
    const hkList = (await hkManager.get('/api/admin/integrations/clients')).json();
    assert.ok(!hkList.clients.some((c: { id: string }) => c.id === clientId), "Haikou's manager does not list the province's systems");
    assert.equal((await manager.get('/api/admin/integrations/clients')).statusCode, 200);
  });

  test('bad input is a 400, never a 500', async () => {
    assert.equal((await manager.post(`/api/admin/integrations/clients/${clientId}/keys`, { scopes: ['admin:all'] })).statusCode, 400);
    assert.equal((await manager.post(`/api/admin/integrations/clients/${clientId}/keys`, { scopes: [] })).statusCode, 400);
    assert.equal((await manager.post(`/api/admin/integrations/clients/${clientId}/keys`, { scopes: ['catalog:read', 'catalog:read'] })).statusCode, 400);
    assert.equal((await manager.post('/api/admin/integrations/clients', { name: '' })).statusCode, 400);
    assert.equal((await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url: 'ftp://example.com/x', eventTypes: ['case.accept'] })).statusCode, 400);
  });
});
