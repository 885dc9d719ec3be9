import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE } from '../../../seed/seed.ts';
import { signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../../test/harness.ts';
import { ocidOf } from './ocds.service.ts';
import { makeBidKey, publishWithKey } from '../bid-key-fixture.ts';
import { publishCandidatesAsSystem } from '../candidates-fixture.ts';
import { handInBids } from '../handed-in-bids-fixture.ts';

/**
 * The OCDS export validated against the OFFICIAL OCDS 1.1.5 schemas kept beside the service (from
 * open-contracting/standard, tag 1.1, commit 715687a462f9869f7290dca9408fce1bf0bd931f): draft-04 JSON Schema,
 * read by ajv-draft-04 with strict mode off (the schemas carry OCDS keywords such as `codelist`, `omitWhenMerged`).
 * The package schemas name the release schema by its URL, so it is registered under its own id.
 */
const schema = (name: string) => JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as { id: string };
// A CommonJS package: its class is the default export's `default` under NodeNext resolution.
const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
for (const name of ['release-schema', 'versioned-release-validation-schema']) ajv.addSchema(schema(name));
const validateReleasePackage = ajv.compile(schema('release-package-schema'));
const validateRecordPackage = ajv.compile(schema('record-package-schema'));
const validateRelease = ajv.getSchema(schema('release-schema').id)!;
/** A plain boolean (the validators are type guards to `unknown`, which would hide the package's fields from the asserts below). */
const valid = (v: (d: unknown) => boolean, data: unknown): boolean => v(data);

const NOW = new Date('2026-11-23T02:00:00Z');
const at = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
let t: TestApp; let trading: Session;
before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  trading = await signIn(t.app, 'trading1');
});
after(() => t.close());

test('every published tender is exported as OCDS 1.1 releases (one per revision, tagged by stage) and one record per ocid, valid against the official schemas', async () => {
  const housing = await signIn(t.app, 'approver.housing');
  const p = (await trading.post('/api/trading/projects', {
    kind: 'construction', code: 'OCDS-1', name: '开放合同测试项目', buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K',
    agentName: '海南示例招标代理有限公司', agentOrgCode: '91460100MA5T00002Y', departmentId: housing.user.departmentId,
  })).json();
  const id = (await trading.post(`/api/trading/projects/${p.id}/tenders`, {
    title: '开放合同测试招标', description: '说明', bidDeadline: at(21).toISOString(), clarificationUntil: at(5).toISOString(), budgetFen: 123_456,
    criteria: [{ key: 'price', name: { zh: '报价', en: 'Price' }, weight: 100 }],
  })).json().id as string;
  const act = async (body: object) => assert.equal((await trading.post(`/api/trading/tenders/${id}/actions`, body)).statusCode, 200);
  // A draft is not exported, nor its key ceremony (a revision before the publication).
  await makeBidKey(trading, housing, id);
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/ocds/releases/${id}` })).statusCode, 404);
  await act({ action: 'publish' });
  assert.equal((await trading.post(`/api/trading/tenders/${id}/amend`, { reason: '补充说明', description: '补充后的说明' })).statusCode, 200);
  await handInBids(t.owner, id);
  t.clock.set(at(21)); await act({ action: 'start_bidding' }); await act({ action: 'open' }); await act({ action: 'start_evaluation' });
  await publishCandidatesAsSystem(t.ctx, id, { candidates: [{ rank: 1, name: '海南一建集团有限公司', orgCode: '91460000MA5T0101XA', score: 90, priceFen: 100_000 }] });
  t.clock.set(at(24)); await act({ action: 'award' });
  await act({ action: 'sign_contract', contract: { title: '施工合同', priceFen: 100_000, signedOn: '2026-12-17' } });

  const rel = await t.app.inject({ method: 'GET', url: `/api/public/ocds/releases/${id}` });
  assert.equal(rel.statusCode, 200, rel.body);
  const pkg = rel.json();
  assert.ok(valid(validateReleasePackage, pkg), JSON.stringify(validateReleasePackage.errors, null, 1));
  for (const r of pkg.releases) assert.ok(valid(validateRelease, r), JSON.stringify(validateRelease.errors, null, 1));
  assert.deepEqual(pkg.releases.map((r: { tag: string[] }) => r.tag[0]),
    ['tender', 'tenderAmendment', 'tenderUpdate', 'tenderUpdate', 'tenderUpdate', 'tenderUpdate', 'award', 'contract']);
  assert.ok(pkg.releases.every((r: { ocid: string }) => r.ocid === ocidOf(id)));
  assert.equal(new Set(pkg.releases.map((r: { id: string }) => r.id)).size, pkg.releases.length, 'release ids are unique');
  const last = pkg.releases.at(-1);
  assert.equal(last.awards[0].suppliers[0].name, '海南一建集团有限公司');
  assert.deepEqual(last.awards[0].value, { amount: 1000, currency: 'CNY' });
  assert.equal(last.contracts[0].awardID, last.awards[0].id);

  const rec = (await t.app.inject({ method: 'GET', url: `/api/public/ocds/records/${id}` })).json();
  assert.ok(valid(validateRecordPackage, rec), JSON.stringify(validateRecordPackage.errors, null, 1));
  assert.equal(rec.records.length, 1);
  assert.equal(rec.records[0].ocid, ocidOf(id));
  assert.deepEqual(rec.records[0].compiledRelease.tag, ['compiled']);
  assert.equal(rec.records[0].compiledRelease.tender.status, 'complete');

  // The validator is not vacuous: a release without its ocid, or with a tag outside the codelist, fails.
  const broken = structuredClone(pkg);
  delete broken.releases[0].ocid;
  assert.equal(valid(validateReleasePackage, broken), false);
  const badTag = structuredClone(pkg);
  badTag.releases[0].tag = ['opening'];
  assert.equal(valid(validateReleasePackage, badTag), false);
});

test('a suspension (an upheld complaint) and its lifting are OCDS releases (tenderUpdate, tender.amendments), valid, and the compiled record shows them', async () => {
  t.clock.set(NOW);
  const [housing, chief, company] = await Promise.all([signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'), signIn(t.app, DEMO_ENTERPRISE.creditCode)]);
  const ok = async (r: Promise<LightMyRequestResponse>, status = 200) => { const res = await r; assert.equal(res.statusCode, status, res.body); return res.json(); };
  const p = await ok(trading.post('/api/trading/projects', {
    kind: 'construction', code: 'OCDS-2', name: '暂停导出测试项目', buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K', departmentId: housing.user.departmentId,
  }), 201);
  const id = (await ok(trading.post(`/api/trading/projects/${p.id}/tenders`, {
    title: '暂停导出测试招标', bidDeadline: at(21).toISOString(), criteria: [{ key: 'price', name: { zh: '报价', en: 'Price' }, weight: 100 }],
  }), 201)).id as string;
  const file = await uploadMaterial(t.app, trading, '招标文件.pdf');
  const doc = await ok(trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: file }), 201);
  await ok(publishWithKey(trading, housing, id));
  await ok(trading.post(`/api/trading/tenders/${id}/actions`, { action: 'start_bidding' }));
  assert.equal((await company.get(`/api/trading/tenders/${id}/documents/${doc.id}`)).statusCode, 200, 'the enterprise takes the documents: a party');
  const objection = await ok(company.post(`/api/trading/tenders/${id}/disputes`, { kind: 'objection', subject: 'documents', body: '资格条件排斥潜在投标人。' }), 201);
  await ok(trading.post(`/api/trading/disputes/${objection.id}/answer`, { answer: '不予修改。' }));
  const complaint = await ok(company.post(`/api/trading/disputes/${objection.id}/complaints`, { body: '对答复不满意。' }), 201);
  t.clock.set(at(1));
  await ok(chief.post(`/api/trading/disputes/${complaint.id}/decide`, { outcome: 'upheld', reason: '资格条件排斥潜在投标人，责令暂停。', suspendTender: true }));
  const suspended = await ok(t.app.inject({ method: 'GET', url: `/api/public/ocds/records/${id}` }));
  assert.ok(valid(validateRecordPackage, suspended), JSON.stringify(validateRecordPackage.errors, null, 1));
  const whileSuspended = suspended.records[0].compiledRelease;
  assert.deepEqual(whileSuspended.tender.amendments.map((a: { id: string }) => a.id.split('-')[0]), ['suspension'], 'the compiled record names the open suspension');
  assert.equal(whileSuspended.tender.amendments[0].rationale, '资格条件排斥潜在投标人，责令暂停。');

  t.clock.set(at(2));
  await ok(housing.post(`/api/trading/tenders/${id}/resume`, { reason: '招标人已修改资格条件，恢复。' }));
  await handInBids(t.owner, id);
  t.clock.set(at(21));
  await ok(trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' }));

  const pkg = await ok(t.app.inject({ method: 'GET', url: `/api/public/ocds/releases/${id}` }));
  assert.ok(valid(validateReleasePackage, pkg), JSON.stringify(validateReleasePackage.errors, null, 1));
  for (const r of pkg.releases) assert.ok(valid(validateRelease, r), JSON.stringify(validateRelease.errors, null, 1));
  type Rel = { id: string; date: string; tag: string[]; tender: { status: string; amendments?: Array<{ id: string; date: string; rationale: string; amendsReleaseID: string; releaseID: string }> } };
  const releases = pkg.releases as Rel[];
  // publish, start_bidding, the suspension, the lifting, open: in time order, ids unique.
  assert.deepEqual(releases.map((r) => [r.tag[0], r.date]), [
    ['tender', NOW.toISOString()], ['tenderUpdate', NOW.toISOString()], ['tenderUpdate', at(1).toISOString()], ['tenderUpdate', at(2).toISOString()], ['tenderUpdate', at(21).toISOString()],
  ]);
  assert.equal(new Set(releases.map((r) => r.id)).size, releases.length);
  const [, bidding, suspension, lifting, opened] = releases as [Rel, Rel, Rel, Rel, Rel];
  assert.equal(bidding.tender.amendments, undefined, 'no amendment before the suspension');
  assert.match(suspension.id, /-suspension-/); assert.match(lifting.id, /-resumption-/);
  assert.deepEqual(suspension.tender.amendments!.map((a) => [a.date, a.rationale, a.amendsReleaseID, a.releaseID]),
    [[at(1).toISOString(), '资格条件排斥潜在投标人，责令暂停。', bidding.id, suspension.id]]);
  assert.deepEqual(lifting.tender.amendments!.map((a) => [a.date, a.rationale, a.amendsReleaseID, a.releaseID]), [
    [at(1).toISOString(), '资格条件排斥潜在投标人，责令暂停。', bidding.id, suspension.id],
    [at(2).toISOString(), '招标人已修改资格条件，恢复。', suspension.id, lifting.id],
  ]);
  assert.equal(JSON.stringify(opened.tender.amendments), JSON.stringify(lifting.tender.amendments), 'later releases keep the amendments');
  assert.ok(!JSON.stringify(pkg).includes(complaint.id), 'the complaint itself is not public');

  const rec = await ok(t.app.inject({ method: 'GET', url: `/api/public/ocds/records/${id}` }));
  assert.ok(valid(validateRecordPackage, rec), JSON.stringify(validateRecordPackage.errors, null, 1));
  assert.equal(rec.publishedDate, at(21).toISOString());
  const compiled = rec.records[0].compiledRelease;
  assert.deepEqual(compiled.tender.amendments.map((a: { id: string }) => a.id.split('-')[0]), ['suspension', 'resumption']);
  assert.equal(compiled.tender.status, 'active');
  assert.equal(rec.records[0].releases.length, 5);
  t.clock.set(NOW);
});
