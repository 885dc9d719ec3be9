import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Issue 18: the configuration a submission reads every time (the trading-award rule of its item, the
 * event subscriptions of its center, its region's working-day calendar) is kept in each instance's
 * memory, and a change made through ANOTHER instance on the same database is seen by the next
 * submission of this one, with no wait: the change raises a version in its own transaction (migration
 * 0057), the submission reads the versions in its item read, and reads again what is older
 * (lib/config-versions.ts). Two apps, each with its own pool, on one database: the first is warmed
 * (its copies are filled) before each change, which goes through the second; the write path never
 * touches the copies, so only the versions can tell the first about it. A change made by the owner
 * in plain SQL (no app at all) is seen the same way.
 */
// Monday 2026-03-02, 10:00 in Beijing: five working days run to Monday 2026-03-09.
const MONDAY = new Date('2026-03-02T02:00:00Z');
let t: TestApp;
let app2: FastifyInstance;
let closeOther: () => Promise<void>;
let company: Session;
let manager2: Session;
let permitId: string;

before(async () => {
  t = await testApp({ now: MONDAY, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  const other = openDatabase(t.config.DATABASE_URL!, 3);
  const ctx2: AppContext = { ...t.ctx, db: other.db };
  app2 = await buildApp(ctx2);
  closeOther = async () => { await app2.close(); await other.close(); };
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  manager2 = await signIn(app2, 'manager');
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
});
after(async () => {
  await closeOther();
  await t.close();
});

/** Submits the permit through the first instance; answers the response and the case row if one was made. */
async function submitHere() {
  const body = await applicationBody(t.app, company, permitId, randomUUID());
  const res = await company.post('/api/cases', body);
  const row = await t.owner.selectFrom('cases').select(['id', 'acceptance_due_date']).where('idempotency_key', '=', body.idempotencyKey).executeTakeFirst();
  return { res, row, body };
}
/** A text field of the permit's own form the applicant filled in, which may name the project. */
async function projectField(form: Record<string, string>) {
  const choices = (await manager2.get(`/api/admin/items/${permitId}/trading-award-requirement`)).json().choices as Array<{ key: string }>;
  return choices.map((c) => c.key).find((k) => k in form)!;
}
const deliveriesOf = async (caseId: string) =>
  Number((await t.owner.selectFrom('event_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);

describe('configuration kept per instance, changed through another instance', () => {
  test('the trading-award rule of an item: required, then no longer', async () => {
    const warm = await submitHere();
    assert.equal(warm.res.statusCode, 201, warm.res.body);
    const url = `/api/admin/items/${permitId}/trading-award-requirement`;
    const field = await projectField(warm.body.form);
    const set = await manager2.put(url, { projectCodeField: field });
    assert.equal(set.statusCode, 200, set.body);

    const refused = await submitHere();
    assert.equal(refused.res.statusCode, 409, refused.res.body);
    assert.equal(refused.res.json().code, 'TRADING_AWARD_REQUIRED');
    assert.equal(refused.row, undefined, 'nothing written');

    assert.equal((await manager2.del(url)).statusCode, 204);
    const again = await submitHere();
    assert.equal(again.res.statusCode, 201, again.res.body);
  });

  test("a center's event subscriptions: a new one gets the submission's event, a revoked one no longer", async () => {
    const warm = await submitHere();
    assert.equal(warm.res.statusCode, 201, warm.res.body);
    assert.equal(await deliveriesOf(warm.row!.id), 0, 'no subscription yet');
    const clientId = (await manager2.post('/api/admin/integrations/clients', { name: '配置缓存测试系统' })).json().id as string;
    const made = await manager2.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url: 'http://127.0.0.1:9/hook', eventTypes: ['case.submitted'] });
    assert.equal(made.statusCode, 201, made.body);

    const seen = await submitHere();
    assert.equal(seen.res.statusCode, 201, seen.res.body);
    assert.equal(await deliveriesOf(seen.row!.id), 1, 'the new subscription gets the event');

    assert.equal((await manager2.post(`/api/admin/integrations/subscriptions/${made.json().id}/revoke`)).statusCode, 200);
    const after = await submitHere();
    assert.equal(after.res.statusCode, 201, after.res.body);
    assert.equal(await deliveriesOf(after.row!.id), 0, 'a revoked subscription gets nothing');
  });

  test("the region's calendar: a local holiday set through the other instance moves the acceptance deadline", async () => {
    const warm = await submitHere();
    assert.equal(warm.res.statusCode, 201, warm.res.body);
    assert.equal(warm.row!.acceptance_due_date, '2026-03-09');
    const set = await manager2.put('/api/admin/calendar/460000/days/2026-03-04', { kind: 'holiday', name: '配置缓存测试' });
    assert.equal(set.statusCode, 200, set.body);

    const moved = await submitHere();
    assert.equal(moved.res.statusCode, 201, moved.res.body);
    assert.equal(moved.row!.acceptance_due_date, '2026-03-10', 'one working day fewer this week');

    assert.equal((await manager2.del('/api/admin/calendar/460000/days/2026-03-04')).statusCode, 200);
    const back = await submitHere();
    assert.equal(back.row!.acceptance_due_date, '2026-03-09');
  });

  test('a change in plain SQL by the owner, through no app at all, is seen as well', async () => {
    const warm = await submitHere();
    assert.equal(warm.res.statusCode, 201, warm.res.body);
    const field = await projectField(warm.body.form);
    await t.owner.insertInto('trading_award_requirements').values({ item_id: permitId, project_code_field: field, created_at: MONDAY }).execute();
    const refused = await submitHere();
    assert.equal(refused.res.statusCode, 409, refused.res.body);
    assert.equal(refused.row, undefined);
    await t.owner.deleteFrom('trading_award_requirements').where('item_id', '=', permitId).execute();
    assert.equal((await submitHere()).res.statusCode, 201);
  });

  test("the item's version in force: its content is not read again, and a version published through the other instance is taken at once", async () => {
    // The content each submission's item read answered (null: left out, this instance keeps it).
    const answered: Array<Promise<unknown>> = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const r = (query as (...a: unknown[]) => unknown).apply(this, args);
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      if (text.includes('"version_content"') && r instanceof Promise) answered.push(r.then((x: pg.QueryResult) => x.rows[0]?.version_content));
      return r;
    } as typeof query;
    const itemVersionOf = async (caseId: string) => (await t.owner.selectFrom('cases').select(['item_version', 'promised_days']).where('id', '=', caseId).executeTakeFirstOrThrow());
    try {
      const warm = await submitHere();
      assert.equal(warm.res.statusCode, 201, warm.res.body);
      const before = await itemVersionOf(warm.row!.id);
      const kept = await submitHere();
      assert.equal(kept.res.statusCode, 201, kept.res.body);
      assert.equal(await answered.at(-1), null, 'the content of the version this instance keeps is not sent again');
      assert.deepEqual(await itemVersionOf(kept.row!.id), before);

      // A new version through the other instance, in force today, with another promised time limit.
      const content = (await manager2.get(`/api/admin/items/${permitId}/versions/${before.item_version}`)).json().content;
      assert.equal((await manager2.post(`/api/admin/items/${permitId}/draft`)).statusCode, 201);
      const saved = await manager2.put(`/api/admin/items/${permitId}/draft`, { content: { ...content, promisedLimitDays: before.promised_days + 2 } });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal((await manager2.post(`/api/admin/items/${permitId}/publish`, { validFrom: '2026-03-02' })).statusCode, 200);

      const readsBefore = answered.length;
      const next = await submitHere();
      assert.equal(next.res.statusCode, 201, next.res.body);
      assert.deepEqual(await itemVersionOf(next.row!.id), { item_version: before.item_version! + 1, promised_days: before.promised_days + 2 });
      // Read by the form the applicant opened first (GET /api/items/:id/form), then kept for the submission.
      const since = await Promise.all(answered.slice(readsBefore));
      assert.equal((since[0] as { promisedLimitDays: number }).promisedLimitDays, before.promised_days + 2, 'the new version\'s content is read');
      assert.equal(since.at(-1), null);
      const again = await submitHere();
      assert.equal(await answered.at(-1), null, 'and then kept');
      assert.equal((await itemVersionOf(again.row!.id)).item_version, before.item_version! + 1);
    } finally {
      pg.Client.prototype.query = query;
    }
  });
});
