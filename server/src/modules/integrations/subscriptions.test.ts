// Webhook subscriptions (docs/open-api.md): the signing secret is kept encrypted (never in clear in
// the database, shown once), secrets written before migration 0048 are encrypted at start and still
// sign with the secret the manager was shown; pause and resume keep every event; only the center's
// manager may manage them, and a refusal writes nothing.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { deliverDue } from './deliveries.ts';
import { newSigningSecret } from './keys.ts';
import { decryptSecret, encryptClearSecrets } from './secret-box.ts';

interface Received { body: string; signature: string }

/** A receiver that acknowledges every event with 200 and keeps what it got. */
async function receiver() {
  const log: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      log.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-onewindow-signature']) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    log,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const signed = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const auditCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE stream LIKE 'api_client:%'`.execute(t.owner)).rows[0]!.n);

let t: TestApp;
let manager: Session;
let clientId: string;
before(async () => {
  t = await testApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  manager = await signIn(t.app, 'manager');
  clientId = (await manager.post('/api/admin/integrations/clients', { name: '不动产登记系统' })).json().id;
});
after(() => t.close());

describe('signing secrets at rest', () => {
  test('the secret is answered once and the table holds it only encrypted, bound to its row', async () => {
    const rx = await receiver();
    try {
      const made = await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url: rx.url, eventTypes: ['case.submitted'] });
      assert.equal(made.statusCode, 201, made.body);
      const { id, secret } = made.json() as { id: string; secret: string };
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);

      const row = await t.owner.selectFrom('event_subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.secret, null, 'no clear column value');
      const whole = JSON.stringify(row);
      assert.ok(!whole.includes(secret) && !whole.includes(secret.slice('whsec_'.length)), 'the secret is nowhere in the row');
      assert.match(String(row.secret_enc), /^a256gcm1\.[0-9a-f]{16}\./);
      assert.equal(decryptSecret(t.config.sealKeyFile, id, row.secret_enc!), secret);
      // Copied onto another row it does not open (the row id is authenticated with it).
      assert.throws(() => decryptSecret(t.config.sealKeyFile, randomUUID(), row.secret_enc!));

      // Never answered again: not in the list, not in the delivery log.
      const list = await manager.get('/api/admin/integrations/clients');
      assert.ok(!list.body.includes(secret.slice('whsec_'.length)));

      // A delivery still verifies with the secret shown at creation.
      const cast = await housingCast(t.app);
      await submitApplication(t.app, cast.company, cast.permitId);
      await deliverDue(t.ctx, 1);
      assert.equal(rx.log.length, 1);
      assert.equal(rx.log[0]!.signature, signed(secret, rx.log[0]!.body));
      assert.ok(!(await manager.get(`/api/admin/integrations/subscriptions/${id}/deliveries`)).body.includes(secret.slice(6)));
      await manager.post(`/api/admin/integrations/subscriptions/${id}/revoke`);
    } finally {
      await rx.close();
    }
  });

  test('a secret written in clear before migration 0048 is encrypted at start and signs as before', async () => {
    const rx = await receiver();
    try {
      const secret = newSigningSecret();
      const client = await t.owner.selectFrom('api_clients').select(['id', 'center_id', 'created_by']).where('id', '=', clientId).executeTakeFirstOrThrow();
      // As 0042 wrote it: the clear column only.
      const { id } = await t.owner.insertInto('event_subscriptions').values({
        client_id: client.id, center_id: client.center_id, url: rx.url, event_types: ['case.submitted'], secret, created_by: client.created_by, created_at: t.clock.now(),
      }).returning('id').executeTakeFirstOrThrow();

      assert.equal(await encryptClearSecrets(t.ctx.db, t.config.sealKeyFile), 1);
      assert.equal(await encryptClearSecrets(t.ctx.db, t.config.sealKeyFile), 0, 'a second start has nothing left to do');
      const row = await t.owner.selectFrom('event_subscriptions').select(['secret', 'secret_enc']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.secret, null);
      assert.ok(row.secret_enc && !row.secret_enc.includes(secret.slice(6)));
      const clear = await sql<{ n: string }>`SELECT count(*) AS n FROM event_subscriptions WHERE secret IS NOT NULL`.execute(t.owner);
      assert.equal(Number(clear.rows[0]!.n), 0);

      const cast = await housingCast(t.app);
      await submitApplication(t.app, cast.company, cast.permitId);
      await deliverDue(t.ctx, 1);
      assert.equal(rx.log.length, 1);
      assert.equal(rx.log[0]!.signature, signed(secret, rx.log[0]!.body), 'signed with the secret the manager was shown');
      await manager.post(`/api/admin/integrations/subscriptions/${id}/revoke`);
    } finally {
      await rx.close();
    }
  });

  test('the database refuses a subscription with no secret at all', async () => {
    const client = await t.owner.selectFrom('api_clients').select(['id', 'center_id', 'created_by']).where('id', '=', clientId).executeTakeFirstOrThrow();
    await assert.rejects(t.owner.insertInto('event_subscriptions').values({
      client_id: client.id, center_id: client.center_id, url: 'https://example.com/x', event_types: ['case.submitted'], created_by: client.created_by, created_at: t.clock.now(),
    }).execute(), /event_subscriptions_secret_kept/);
  });
});

describe('pause and resume', () => {
  test('a paused subscription keeps its events and sends them, in order, once resumed', async () => {
    const rx = await receiver();
    try {
      const { id, secret } = (await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url: rx.url, eventTypes: ['case.submitted', 'case.accept'] })).json();
      assert.equal((await manager.post(`/api/admin/integrations/subscriptions/${id}/pause`)).statusCode, 200);
      const listed = (await manager.get('/api/admin/integrations/clients?pageSize=100')).json().clients
        .flatMap((c: { subscriptions: Array<{ id: string; pausedAt: string | null }> }) => c.subscriptions).find((s: { id: string }) => s.id === id);
      assert.ok(listed.pausedAt, 'the list shows it paused');
      // Pausing again writes nothing.
      const audits = await auditCount();
      assert.equal((await manager.post(`/api/admin/integrations/subscriptions/${id}/pause`)).statusCode, 200);
      assert.equal(await auditCount(), audits);

      const cast = await housingCast(t.app);
      const c = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
      assert.equal((await cast.window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 200);
      await deliverDue(t.ctx, 2);
      assert.equal(rx.log.length, 0, 'nothing sent while paused');
      const kept = await t.owner.selectFrom('event_deliveries').select(['event_type', 'status']).where('subscription_id', '=', id).orderBy('id').execute();
      assert.deepEqual(kept, [{ event_type: 'case.submitted', status: 'pending' }, { event_type: 'case.accept', status: 'pending' }]);

      assert.equal((await manager.post(`/api/admin/integrations/subscriptions/${id}/resume`)).statusCode, 200);
      await deliverDue(t.ctx, 2);
      assert.deepEqual(rx.log.map((r) => JSON.parse(r.body).type), ['cn.onewindow.case.submitted', 'cn.onewindow.case.accept']);
      assert.ok(rx.log.every((r) => r.signature === signed(secret, r.body)));
    } finally {
      await rx.close();
    }
  });

  test('an ended subscription cannot be paused or resumed (409 SUBSCRIPTION_ENDED), and nothing is written', async () => {
    const { id } = (await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url: 'http://127.0.0.1:9/x', eventTypes: ['case.submitted'] })).json();
    assert.equal((await manager.post(`/api/admin/integrations/subscriptions/${id}/revoke`)).statusCode, 200);
    const audits = await auditCount();
    for (const action of ['pause', 'resume']) {
      const res = await manager.post(`/api/admin/integrations/subscriptions/${id}/${action}`);
      assert.equal(res.statusCode, 409, action);
      assert.equal(res.json().code, 'SUBSCRIPTION_ENDED');
    }
    const row = await t.owner.selectFrom('event_subscriptions').select('paused_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.paused_at, null);
    assert.equal(await auditCount(), audits);
  });

  test('a window clerk is refused (403) and another center\'s manager sees nothing (404); refusals write nothing', async () => {
    const { id } = (await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url: 'http://127.0.0.1:9/y', eventTypes: ['case.submitted'] })).json();
    const [clerk, hkManager] = await Promise.all([signIn(t.app, 'window1'), signIn(t.app, 'hk.manager')]);
    const before = [await auditCount(), (await t.owner.selectFrom('event_subscriptions').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n];
    for (const [who, status] of [[clerk, 403], [hkManager, 404]] as const) {
      assert.equal((await who.post(`/api/admin/integrations/subscriptions/${id}/pause`)).statusCode, status);
      assert.equal((await who.post(`/api/admin/integrations/subscriptions/${id}/revoke`)).statusCode, status);
      assert.equal((await who.get(`/api/admin/integrations/subscriptions/${id}/deliveries`)).statusCode, status);
      assert.equal((await who.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url: 'http://127.0.0.1:9/z', eventTypes: ['case.submitted'] })).statusCode, status);
      assert.equal((await who.post(`/api/admin/integrations/clients/${clientId}/keys`, { scopes: ['catalog:read'] })).statusCode, status);
    }
    assert.equal((await clerk.get('/api/admin/integrations/event-types')).statusCode, 403, 'the console itself is closed to a clerk');
    const after = [await auditCount(), (await t.owner.selectFrom('event_subscriptions').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n];
    assert.deepEqual(after, before);
    assert.equal((await t.owner.selectFrom('event_subscriptions').select('paused_at').where('id', '=', id).executeTakeFirstOrThrow()).paused_at, null);
  });
});
