import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../config.ts';
import { fixedClock } from '../lib/clock.ts';
import { openPlatform, type Platform } from '../platform.ts';
import { findUserByLogin } from '../modules/auth/auth.repository.ts';
import type { Actor, StaffRole } from '../policies/index.ts';
import { act, applicationForm, submit } from '../modules/cases/cases.service.ts';
import { OPEN_STATES } from '../modules/cases/transitions.ts';
import { uploadMaterial } from '../modules/files/files.service.ts';
import { submitJoint } from '../modules/joint/joint.service.ts';
import { checklistFor, publishedMatter } from '../modules/joint/matters.service.ts';
import { DEMO_ENTERPRISE } from '../seed/seed.ts';
import { createTestDatabase } from '../test/harness.ts';
import { TEST_ENV } from '../test/env.ts';

/**
 * The platform as a jobs-only process would open it: `openPlatform` and its context, services called
 * directly, no HTTP app built and no route registered. The domain events must still be wired.
 */
describe('domain events are wired when the platform opens, not by the routes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let p: Platform;
  const actor = async (login: string): Promise<Actor> => {
    const u = (await findUserByLogin(p.ctx.db, login))!;
    return { id: u.id, kind: u.kind, name: u.name, roles: u.roles as StaffRole[], centerId: u.center_id, departmentId: u.department_id, windowId: u.window_id, centerRegion: null };
  };
  const pdf = (who: Actor, name: string) => uploadMaterial(p.ctx, who, {
    filename: `${name}.pdf`, mimetype: 'application/pdf', stream: Readable.from([Buffer.concat([Buffer.from('%PDF-1.4\n% material\n'), Buffer.alloc(256, 0x20)])]),
  }).then((f) => f.id);

  before(async () => {
    database = await createTestDatabase();
    const config = loadConfig({}, { DATABASE_URL: database.url, DATA_DIR: path.join(TEST_ENV.tmp, `events-${randomUUID()}`), COOKIE_SECURE: 'false' });
    p = await openPlatform(config, { clock: fixedClock(new Date('2026-11-23T02:00:00Z')), migrate: false });
  });
  after(async () => {
    await p.close();
    await database.drop();
  });

  test('joint acceptance creates the parts, each accepted through the table for the clerk who accepted the parent', async () => {
    const company = await actor(DEMO_ENTERPRISE.creditCode);
    const clerk = await actor('hk.window1');
    const answers = { entity: 'company', large: 'yes', sewage: 'no' };
    const matter = await publishedMatter(p.ctx, { centerId: clerk.centerId!, key: 'open-restaurant' });
    const { merged } = await checklistFor(p.ctx, matter, answers);
    const form = Object.fromEntries(merged.fields.filter((f) => f.required).map((f) => [f.key, f.key === 'contactPhone' ? '13800138000' : '测试填写']));
    const materials = [];
    for (const m of merged.checklist.filter((x) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await pdf(company, m.name) });
    const { id } = await submitJoint(p.ctx, company, matter.id, { answers, form, materials, idempotencyKey: randomUUID() });
    await act(p.ctx, clerk, id, { action: 'accept' });

    const parent = await p.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const parts = await p.ctx.db.selectFrom('cases').selectAll().where('parent_id', '=', id).orderBy('receipt_no').execute();
    assert.ok(merged.included.length > 1);
    assert.equal(parts.length, merged.included.length, 'one part per included item');
    for (const [n, part] of parts.entries()) {
      assert.equal(part.kind, 'part');
      assert.equal(part.status, 'accepted');
      assert.equal(part.accepted_date, parent.accepted_date);
      assert.equal(part.receipt_no, `${parent.receipt_no}-${n + 1}`);
      assert.ok(part.due_date, 'the clock column of the row started the part\'s clock');
      const events = await p.ctx.db.selectFrom('audit_events').select(['action', 'actor_id', 'data']).where('stream', '=', `case:${part.id}`).orderBy('seq').execute();
      assert.deepEqual(events.map((e) => e.action), ['case.accept']);
      assert.equal(events[0]!.actor_id, clerk.id);
      assert.deepEqual({ ...(events[0]!.data as object) }, { jointCaseId: id, from: 'submitted', to: 'accepted', receiptNo: part.receipt_no, acceptedDate: parent.accepted_date });
    }
  });

  test('a second supplement notice on one case raises a supervision finding', async () => {
    const company = await actor(DEMO_ENTERPRISE.creditCode);
    const clerk = await actor('window1');
    const item = await p.ctx.db.selectFrom('items as i').innerJoin('centers as c', 'c.id', 'i.center_id').select('i.id')
      .where('i.name', '=', '建筑工程施工许可证核发').where('c.name', 'like', '海南省%').executeTakeFirstOrThrow();
    const { fields, materials } = await applicationForm(p.ctx, item.id);
    const form = Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.key, f.type === 'date' ? '2026-03-01' : f.type === 'number' ? '1' : '测试填写']));
    const required = materials.filter((m) => m.requirement === 'required');
    // Issue 10: an online application carries every required material; the notice asks for one again (found wrong).
    const given = [];
    for (const m of required) given.push({ key: m.key, fileId: await pdf(company, m.name) });
    const { id } = await submit(p.ctx, company, { itemId: item.id, form, materials: given, idempotencyKey: randomUUID() });
    const missing = required[1]!.key;
    const notice = { action: 'request_supplement' as const, items: [{ key: missing, reason: '请补交' }] };
    await act(p.ctx, clerk, id, notice);
    await act(p.ctx, company, id, { action: 'resubmit', materials: [{ key: missing, fileId: await pdf(company, 'again') }] });
    const findings = () => p.ctx.db.selectFrom('findings').select(['rule', 'evidence']).where('case_id', '=', id).execute();
    assert.deepEqual(await findings(), [], 'one notice is the rule');
    await act(p.ctx, clerk, id, notice);
    const [f, ...rest] = await findings();
    assert.equal(rest.length, 0);
    assert.equal(f!.rule, 'repeated_supplement');
    assert.equal((f!.evidence as { round: number }).round, 2);
  });

  test('two platforms in one process have their own events: a listener of one never hears the other', async () => {
    const config = loadConfig({}, { DATABASE_URL: database.url, DATA_DIR: path.join(TEST_ENV.tmp, `events-${randomUUID()}`), COOKIE_SECURE: 'false' });
    const other = await openPlatform(config, { clock: fixedClock(new Date('2026-11-23T02:00:00Z')), migrate: false });
    try {
      const heard: string[] = [];
      other.ctx.events.on('case.submitted', async (_tx, e) => { heard.push(e.before.id); });
      const company = await actor(DEMO_ENTERPRISE.creditCode);
      const item = await p.ctx.db.selectFrom('items as i').innerJoin('centers as c', 'c.id', 'i.center_id').select('i.id')
        .where('i.name', '=', '建筑工程施工许可证核发').where('c.name', 'like', '海南省%').executeTakeFirstOrThrow();
      const { fields, materials } = await applicationForm(p.ctx, item.id);
      const form = Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.key, f.type === 'date' ? '2026-03-01' : f.type === 'number' ? '1' : '测试填写']));
      // Issue 10: an online application carries every required material.
      const given = [];
      for (const m of materials.filter((x) => x.requirement === 'required')) given.push({ key: m.key, fileId: await pdf(company, m.name) });
      const mine = await submit(p.ctx, company, { itemId: item.id, form, materials: given, idempotencyKey: randomUUID() });
      assert.deepEqual(heard, [], 'a submission through the first platform');
      const theirs = await submit(other.ctx, company, { itemId: item.id, form, materials: given, idempotencyKey: randomUUID() });
      assert.deepEqual(heard, [theirs.id]);
      assert.notEqual(mine.id, theirs.id);
    } finally {
      await other.close();
    }
  });

  test('the indexes of the open-case counts are made on the one list of open states', async () => {
    for (const index of ['cases_center_board', 'cases_joint_led']) {
      const r = await sql<{ pred: string }>`SELECT pg_get_expr(indpred, indrelid) AS pred FROM pg_index WHERE indexrelid = ${index}::regclass`.execute(p.ctx.db);
      const states = [...r.rows[0]!.pred.matchAll(/status = ANY \(ARRAY\[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([a-z_]+)'::text/g)].map((x) => x[1]));
      assert.deepEqual(states.sort(), [...OPEN_STATES].sort(), index);
    }
  });
});
