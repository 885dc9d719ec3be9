import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, signIn, type Session, type TestApp, testApp } from '../../test/harness.ts';
import { DEMO_TRADING_PROJECT } from '../trading/trading.seed.ts';
import { publishWithKey } from '../trading/bid-key-fixture.ts';
import { publishCandidatesAsSystem } from '../trading/candidates-fixture.ts';
import { handInBids } from '../trading/handed-in-bids-fixture.ts';

// Issue 16: the center's manager marks an item whose cases need a project awarded in the center.
// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
let t: TestApp;
let manager: Session; let hkManager: Session; let clerk: Session; let chief: Session; let person: Session; let company: Session;
let trading: Session; let supervisor: Session; let housingId: string;
let itemId: string; let url: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  let housing: Session;
  [manager, hkManager, clerk, chief, person, company, trading, supervisor, housing] = await Promise.all([
    signIn(t.app, 'manager'), signIn(t.app, 'hk.manager'), signIn(t.app, 'window1'), signIn(t.app, 'chief.housing'), signIn(t.app, DEMO_PERSON.idNumber),
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'trading1'), signIn(t.app, 'supervisor'), signIn(t.app, 'approver.housing'),
  ]);
  housingId = housing.user.departmentId!;
  itemId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  url = `/api/admin/items/${itemId}/trading-award-requirement`;
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const count = async (table: 'audit_events' | 'cases') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
/** Everything a refused change must leave as it was: the requirement rows and the audit chain. */
const footprint = async () => ({
  requirements: await t.ctx.db.selectFrom('trading_award_requirements').selectAll().orderBy('item_id').execute(),
  audit: await count('audit_events'),
});
const itemAudit = async () => (await t.ctx.db.selectFrom('audit_events').select(['action', 'data']).where('stream', '=', `item:${itemId}`).orderBy('seq').execute())
  .filter((e) => e.action.startsWith('item.trading_award'));
const guide = async () => ok(await t.app.inject({ method: 'GET', url: `/api/items/${itemId}/guide` }));

/** A project of the province center whose tender went through to the award and the contract (as trading.test.ts walks it). */
async function awardedProjectCode() {
  const code = `AWARD-REQ-${Date.now()}`;
  const projectId = ok(await trading.post('/api/trading/projects', {
    kind: 'construction', code, name: '施工许可测试项目', buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K',
    departmentId: housingId, lots: [{ name: '一标段', budgetFen: 100_000_000 }],
  }), 201).id as string;
  const id = ok(await trading.post(`/api/trading/projects/${projectId}/tenders`, {
    title: '测试招标', bidDeadline: at(21).toISOString(), budgetFen: 100_000_000, clarificationUntil: at(5).toISOString(),
    criteria: [{ key: 'price', name: { zh: '报价', en: 'Price' }, weight: 70 }, { key: 'tech', name: { zh: '技术', en: 'Technical' }, weight: 30 }],
  }), 201).id as string;
  const act = (body: object) => trading.post(`/api/trading/tenders/${id}/actions`, body);
  ok(await publishWithKey(trading, chief, id));
  ok(await act({ action: 'start_clarification' }));
  t.clock.set(at(5)); ok(await act({ action: 'start_bidding' }));
  await handInBids(t.owner, id);
  t.clock.set(at(21)); ok(await act({ action: 'open' }));
  ok(await act({ action: 'start_evaluation' }));
  await publishCandidatesAsSystem(t.ctx, id, { candidates: [
    { rank: 1, name: '海南一建集团有限公司', orgCode: '91460000MA5T0101XA', score: 92.5, priceFen: 95_000_000 },
    { rank: 2, name: '海南二建集团有限公司', orgCode: '91460000MA5T0102XB', score: 88 },
  ] });
  t.clock.set(at(24)); ok(await act({ action: 'award' }));
  t.clock.set(NOW);
  return code;
}

describe('the trading-award requirement of an item (issue 16)', () => {
  test('the manager sets it; a case without an awarded project is refused with nothing written; an awarded one passes; clearing it lets any through', async () => {
    const start = ok(await manager.get(url));
    assert.equal(start.projectCodeField, null);
    assert.ok(start.choices.length > 0, 'the permit has text fields of its own');
    const body = await applicationBody(t.app, company, itemId);
    // A required text field of the item's own form: the applicant fills it in.
    const field = start.choices.map((c: { key: string }) => c.key).find((k: string) => k in body.form) as string;
    assert.ok(field, 'a required text field to name the project in');
    assert.equal((await guide()).tradingAward, null);

    const set = ok(await manager.put(url, { projectCodeField: field }));
    assert.equal(set.projectCodeField, field);
    assert.deepEqual((await itemAudit()).map((e) => [e.action, (e.data as { projectCodeField?: string }).projectCodeField]), [['item.trading_award_required', field]]);
    const note = (await guide()).tradingAward;
    assert.equal(note.field, field);
    assert.equal(note.label, start.choices.find((c: { key: string }) => c.key === field).label);
    // Setting the same field again changes nothing and writes nothing.
    const same = await footprint();
    ok(await manager.put(url, { projectCodeField: field }));
    assert.deepEqual(await footprint(), same);

    const before = { cases: await count('cases'), audit: await count('audit_events') };
    // The demo project has a published tender, not an award; an unknown code has none.
    refused(await company.post('/api/cases', { ...body, form: { ...body.form, [field]: DEMO_TRADING_PROJECT } }), 409, 'TRADING_AWARD_REQUIRED');
    refused(await company.post('/api/cases', { ...body, form: { ...body.form, [field]: 'NO-SUCH-PROJECT' } }), 409, 'TRADING_AWARD_REQUIRED');
    assert.deepEqual({ cases: await count('cases'), audit: await count('audit_events') }, before);

    const code = await awardedProjectCode();
    ok(await company.post('/api/cases', { ...body, idempotencyKey: crypto.randomUUID(), form: { ...body.form, [field]: code } }), 201);

    assert.equal((await manager.del(url)).statusCode, 204);
    assert.deepEqual((await itemAudit()).map((e) => e.action), ['item.trading_award_required', 'item.trading_award_cleared']);
    assert.equal(ok(await manager.get(url)).projectCodeField, null);
    assert.equal((await guide()).tradingAward, null);
    ok(await company.post('/api/cases', { ...body, idempotencyKey: crypto.randomUUID(), form: { ...body.form, [field]: 'NO-SUCH-PROJECT' } }), 201);
    // Clearing what is not set writes nothing.
    const cleared = await footprint();
    assert.equal((await manager.del(url)).statusCode, 204);
    assert.deepEqual(await footprint(), cleared);
  });

  test('a window clerk, the department\'s chief, the supervisor, applicants, the city center\'s manager and an anonymous caller are refused, nothing written; an unknown item is 404', async () => {
    const field = ok(await manager.get(url)).choices[0].key as string;
    // Set first, so that the refused clearing has something it could have removed.
    ok(await manager.put(url, { projectCodeField: field }));
    const before = await footprint();
    for (const s of [clerk, chief, supervisor, person, company, hkManager]) {
      refused(await s.put(url, { projectCodeField: field }), 403, 'FORBIDDEN');
      refused(await s.del(url), 403, 'FORBIDDEN');
    }
    // The city's manager reads nothing of the province's item either; the clerk has no catalog reading; the chief reads.
    refused(await hkManager.get(url), 403, 'FORBIDDEN');
    refused(await clerk.get(url), 403, 'FORBIDDEN');
    assert.equal(ok(await chief.get(url)).projectCodeField, field);
    refused(await t.app.inject({ method: 'PUT', url, payload: { projectCodeField: field } }), 401, 'UNAUTHENTICATED');
    assert.deepEqual(await footprint(), before);
    const unknown = '/api/admin/items/00000000-0000-4000-8000-000000000000/trading-award-requirement';
    refused(await manager.put(unknown, { projectCodeField: field }), 404, 'NOT_FOUND');
    refused(await manager.del(unknown), 404, 'NOT_FOUND');
    refused(await manager.get(unknown), 404, 'NOT_FOUND');
    assert.deepEqual(await footprint(), before);
    assert.equal((await manager.del(url)).statusCode, 204);
  });

  test('a field that is not a text field of the item\'s form is refused with nothing written', async () => {
    const before = await footprint();
    // Not in the form; a contact field every form has (not the item's own); a badly formed key.
    refused(await manager.put(url, { projectCodeField: 'noSuchField' }), 400, 'TRADING_AWARD_FIELD_INVALID');
    refused(await manager.put(url, { projectCodeField: 'contactName' }), 400, 'TRADING_AWARD_FIELD_INVALID');
    refused(await manager.put(url, { projectCodeField: 'Bad-Key' }), 400, 'VALIDATION_FAILED');
    const refusal = (await manager.put(url, { projectCodeField: 'noSuchField' })).json();
    assert.match(refusal.message.zh, /文本字段/); assert.match(refusal.message.en, /text field/);
    assert.equal(refusal.field, 'projectCodeField');
    // A field only in an open draft is not in the published form applicants fill in now.
    ok(await manager.post(`/api/admin/items/${itemId}/draft`), 201);
    const detail = ok(await manager.get(`/api/admin/items/${itemId}`));
    const content = detail.draft.content;
    const withNew = { ...content, formFields: [...content.formFields, { key: 'projectCode', label: '项目编号', labelEn: 'Project code', type: 'text', required: true }] };
    ok(await manager.put(`/api/admin/items/${itemId}/draft`, { content: withNew }));
    const after = await footprint();
    refused(await manager.put(url, { projectCodeField: 'projectCode' }), 400, 'TRADING_AWARD_FIELD_INVALID');
    // A field dropped from the open draft would be lost at its publication: refused as well.
    const kept = content.formFields.filter((f: { type: string }) => f.type === 'text');
    ok(await manager.put(`/api/admin/items/${itemId}/draft`, { content: { ...content, formFields: content.formFields.filter((f: { key: string }) => f.key !== kept[0].key) } }));
    refused(await manager.put(url, { projectCodeField: kept[0].key }), 400, 'TRADING_AWARD_FIELD_INVALID');
    assert.deepEqual((await footprint()).requirements, after.requirements);
    assert.deepEqual(after.requirements, before.requirements);
    assert.equal((await manager.del(`/api/admin/items/${itemId}/draft`)).statusCode, 204);
  });

  test('a draft that drops the chosen field is not published (nothing written) until the field is back or the setting is off', async () => {
    const field = ok(await manager.get(url)).choices[0].key as string;
    ok(await manager.put(url, { projectCodeField: field }));
    ok(await manager.post(`/api/admin/items/${itemId}/draft`), 201);
    const detail = ok(await manager.get(`/api/admin/items/${itemId}`));
    const content = detail.draft.content;
    ok(await manager.put(`/api/admin/items/${itemId}/draft`, { content: { ...content, formFields: content.formFields.filter((f: { key: string }) => f.key !== field) } }));
    const state = async () => ({
      item: await t.ctx.db.selectFrom('items').select(['latest_version', 'draft_version', 'updated_at']).where('id', '=', itemId).executeTakeFirstOrThrow(),
      versions: await t.ctx.db.selectFrom('item_versions').select(['version', 'status']).where('item_id', '=', itemId).orderBy('version').execute(),
      audit: await count('audit_events'),
    });
    const before = await state();
    const publish = () => manager.post(`/api/admin/items/${itemId}/publish`, { validFrom: '2026-11-23' });
    const r = await publish();
    refused(r, 409, 'TRADING_AWARD_FIELD_DROPPED');
    assert.match(r.json().message.zh, new RegExp(field)); assert.match(r.json().message.en, /cannot be published/);
    assert.deepEqual(await state(), before);
    // Switched off, the draft publishes.
    assert.equal((await manager.del(url)).statusCode, 204);
    ok(await publish());
  });
});
