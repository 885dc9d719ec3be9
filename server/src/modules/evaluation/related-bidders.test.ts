import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { uniqueIdNumber } from '../../test/unique-identity.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { relatedBids } from './evaluation.compute.ts';
import { evaluationFixture, type EvaluationFixture } from './evaluation-fixture.ts';

/**
 * Related bidders (招标投标法实施条例 第三十四条; docs/trading.md "Related bidders"): each bidding enterprise declares its
 * principal's ID number and the units it is controlled or managed by; the evaluation names the opened bids these facts
 * relate, and an expert's sheet is not submitted until each of them is rejected.
 */
let t: TestApp;
let f: EvaluationFixture;
let bidders: Session[];
let experts: Session[];
let codes: string[];

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  f = await evaluationFixture(t.owner, t.clock.now());
  bidders = await Promise.all(f.opened.map((o) => signIn(t.app, f.bidders.find((b) => b.id === o.bidderId)!.username)));
  experts = await Promise.all(f.seated.map((e) => signIn(t.app, e.username)));
  codes = await Promise.all(f.opened.map(async (o) => (await t.owner.selectFrom('users').select('credit_code').where('id', '=', o.bidderId).executeTakeFirstOrThrow()).credit_code!));
});
after(() => t.close());

const DECL = '/api/me/bidder-declaration';
const declarations = () => t.owner.selectFrom('bidder_declarations').selectAll().orderBy('user_id').execute();
const audits = async () => Number((await t.owner.selectFrom('audit_events').select((e) => e.fn.countAll<string>().as('n')).where('action', '=', 'bid.declaration').executeTakeFirstOrThrow()).n);
const refused = (res: { statusCode: number; json(): { code: string; field?: string; message: { zh: string; en: string } } }, status: number, code: string, field?: string) => {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal(res.json().code, code);
  assert.ok(res.json().message.zh && res.json().message.en);
  if (field) assert.equal(res.json().field, field);
};
const sheetUrl = (p = '') => `/api/tenders/${f.tenderId}/evaluation${p}`;

describe('the declaration', () => {
  test('only a bidding enterprise declares, with a valid ID number and credit codes, never its own; nothing written otherwise', async () => {
    const before = [await declarations(), await audits()];
    const person = await signIn(t.app, DEMO_PERSON.idNumber);
    for (const s of [experts[0]!, person]) {
      assert.equal((await s.get(DECL)).statusCode, 403);
      assert.equal((await s.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null })).statusCode, 403);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: DECL })).statusCode, 401);
    const b = bidders[0]!;
    const badId = uniqueIdNumber().slice(0, 17) + 'Z';
    for (const [bad, code, field] of [
      [{ representativeIdNumber: badId, controllerCode: null, managerCode: null }, null, 'representativeIdNumber'],
      [{ representativeIdNumber: uniqueIdNumber(), controllerCode: codes[1]!.slice(0, 17) + (codes[1]!.endsWith('0') ? '1' : '0'), managerCode: null }, null, 'controllerCode'],
      [{ representativeIdNumber: uniqueIdNumber(), controllerCode: null }, 'VALIDATION_FAILED', null],
      [{ representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null, extra: 1 }, 'VALIDATION_FAILED', null],
    ] as const) {
      const r = await b.put(DECL, bad);
      assert.equal(r.statusCode, 400, r.body);
      if (code) assert.equal(r.json().code, code);
      if (field) assert.equal(r.json().field, field, r.body);
      assert.ok(r.json().message.zh && r.json().message.en);
    }
    refused(await b.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: codes[0], managerCode: null }), 400, 'BIDDER_DECLARATION_SELF', 'controllerCode');
    refused(await b.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: codes[0] }), 400, 'BIDDER_DECLARATION_SELF', 'managerCode');
    assert.deepEqual([await declarations(), await audits()], before);
    assert.deepEqual((await b.get(DECL)).json(), { declared: false, representativeIdNumber: null, controllerCode: null, managerCode: null, declaredAt: null, version: 0, registryCheck: null, registryCheckedAt: null, registryContradiction: null, registryRecheckAt: null, verified: false, verifiedAt: null });
  });

  test('made and changed by the bidder: the ID number answered masked, each change an audit event', async () => {
    const id = uniqueIdNumber();
    const b = bidders[1]!;
    const first = await b.put(DECL, { representativeIdNumber: id, controllerCode: null, managerCode: null });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().representativeIdNumber, `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(-4)}`);
    assert.ok(!first.body.includes(id), 'the full number is never answered');
    const changed = (await b.put(DECL, { representativeIdNumber: id.toLowerCase(), controllerCode: codes[2]!.toLowerCase(), managerCode: null })).json();
    assert.deepEqual([changed.declared, changed.controllerCode, changed.version], [true, codes[2], 2]);
    assert.equal((await b.get(DECL)).json().version, 2);
    assert.equal(await audits(), 2);
    // Another bidder's declaration is not this one's.
    assert.equal((await bidders[0]!.get(DECL)).json().declared, false);
    // Clean up for the next test: B's declaration is replaced there.
  });
});

describe('the evaluation', () => {
  test('the sheet names the bids related by the declarations; a sheet that does not reject them is not submitted, nothing written', async () => {
    const [a, b, c] = f.opened;
    const shared = uniqueIdNumber();
    // A and B: the same principal (one ID number); C: controlled by A. Each as they declared it.
    assert.equal((await bidders[0]!.put(DECL, { representativeIdNumber: shared, controllerCode: null, managerCode: null })).statusCode, 200);
    assert.equal((await bidders[1]!.put(DECL, { representativeIdNumber: shared, controllerCode: null, managerCode: null })).statusCode, 200);
    assert.equal((await bidders[2]!.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: codes[0], managerCode: null })).statusCode, 200);
    const e = experts[0]!;
    const sheet = (await e.get(sheetUrl('/sheet'))).json();
    const rel = (id: string) => sheet.bids.find((x: { id: string }) => x.id === id).related;
    const claimed = (id: string) => sheet.bids.find((x: { id: string }) => x.id === id).claimedRelated;
    // C's word that A controls it binds C; for A it is a claim to verify (the registry does not record it).
    assert.deepEqual([rel(a!.id), claimed(a!.id)], [[{ name: b!.name, relation: 'same_representative' }], [{ name: c!.name, relation: 'controls' }]]);
    assert.deepEqual([claimed(b!.id), claimed(c!.id)], [[], []]);
    assert.deepEqual(rel(b!.id), [{ name: a!.name, relation: 'same_representative' }]);
    assert.deepEqual(rel(c!.id), [{ name: a!.name, relation: 'controlled_by' }]);
    // Scored in full, but only A rejected: B and C are still to be rejected.
    const lines = f.opened.flatMap((o) => [{ bidId: o.id, criterion: 'technical', score: 40 }, { bidId: o.id, criterion: 'commercial', score: 15 }, { bidId: o.id, criterion: 'price', score: 20 }]);
    assert.equal((await e.put(sheetUrl('/sheet'), { scores: lines })).statusCode, 200);
    assert.equal((await e.put(sheetUrl(`/sheet/rejections/${a!.id}`), { ground: 'related_bidders', note: '与投标人B法定代表人为同一人' })).statusCode, 200);
    const before = await t.owner.selectFrom('evaluation_submissions').selectAll().where('tender_id', '=', f.tenderId).execute();
    const r = await e.post(sheetUrl('/submit'));
    refused(r, 409, 'EVALUATION_RELATED_NOT_REJECTED');
    assert.ok(r.json().message.zh.includes(b!.name) && r.json().message.zh.includes(c!.name) && !r.json().message.zh.includes(a!.name));
    assert.match(r.json().message.en, /^2 bid\(s\)/);
    assert.deepEqual(await t.owner.selectFrom('evaluation_submissions').selectAll().where('tender_id', '=', f.tenderId).execute(), before);
    // Each rejected (on any ground): submitted.
    for (const x of [b!, c!]) assert.equal((await e.put(sheetUrl(`/sheet/rejections/${x.id}`), { ground: 'related_bidders', note: '依投标人声明' })).statusCode, 200);
    assert.equal((await e.post(sheetUrl('/submit'))).statusCode, 200);
    // The staff's summary names the relations too.
    const staff = await signIn(t.app, 'hk.trading1');
    const summary = (await staff.get(sheetUrl())).json();
    assert.deepEqual(summary.bids.find((x: { bidId: string }) => x.bidId === c!.id).related, [{ name: a!.name, relation: 'controlled_by' }]);
    // The ordinary course: the related bids are not yet rejected by the committee (one sheet of five is in), and the
    // sheet in rejects them all: nothing to review, no sheet to return.
    assert.deepEqual([summary.relatedUnrejected, summary.sheetsToReview, summary.canReturnForReview], [[], [], false]);
  });
});

describe('a bidder naming a competitor', () => {
  test('a bid named as controller by another bidder\'s word alone is shown to verify, not forced: the sheet is submitted without rejecting it', async () => {
    const g = await evaluationFixture(t.owner, t.clock.now());
    const [x, y] = g.opened;
    const sessions = await Promise.all(g.opened.map((o) => signIn(t.app, g.bidders.find((b) => b.id === o.bidderId)!.username)));
    const yCode = (await t.owner.selectFrom('users').select('credit_code').where('id', '=', y!.bidderId).executeTakeFirstOrThrow()).credit_code!;
    // X declares Y its controlling unit; the registry has no record of either (the demo registry knows neither).
    assert.equal((await sessions[0]!.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: yCode, managerCode: null })).statusCode, 200);
    const e = await signIn(t.app, g.seated[0]!.username);
    const url = (p = '') => `/api/tenders/${g.tenderId}/evaluation${p}`;
    const sheet = (await e.get(url('/sheet'))).json();
    const of = (id: string) => sheet.bids.find((b: { id: string }) => b.id === id);
    assert.deepEqual([of(x!.id).related, of(x!.id).claimedRelated], [[{ name: y!.name, relation: 'controlled_by' }], []]);
    assert.deepEqual([of(y!.id).related, of(y!.id).claimedRelated], [[], [{ name: x!.name, relation: 'controls' }]]);
    const lines = g.opened.flatMap((o) => [{ bidId: o.id, criterion: 'technical', score: 40 }, { bidId: o.id, criterion: 'commercial', score: 15 }, { bidId: o.id, criterion: 'price', score: 20 }]);
    assert.equal((await e.put(url('/sheet'), { scores: lines })).statusCode, 200);
    // X's own word binds X: not submitted until X is rejected; Y is not required.
    refused(await e.post(url('/submit')), 409, 'EVALUATION_RELATED_NOT_REJECTED');
    assert.equal((await e.put(url(`/sheet/rejections/${x!.id}`), { ground: 'related_bidders', note: '投标人声明受Y控股' })).statusCode, 200);
    const r = await e.post(url('/submit'));
    assert.equal(r.statusCode, 200, r.body);
    const staff = await signIn(t.app, 'hk.trading1');
    const summary = (await staff.get(url())).json();
    assert.deepEqual(summary.bids.find((b: { bidId: string }) => b.bidId === y!.id).claimedRelated, [{ name: x!.name, relation: 'controls' }]);
    assert.deepEqual([summary.sheetsToReview, summary.relatedUnrejected], [[], []]);
  });
});

describe('the arithmetic', () => {
  const bidder = (id: string, over: Partial<Parameters<typeof relatedBids>[0][number]> = {}) => ({ id, name: id.toUpperCase(), orgCode: `ORG-${id}`, representativeId: null, controllerCode: null, managerCode: null, ...over });
  test('the same principal, control and management both ways; a common parent, an undeclared bidder and empty facts relate nothing', () => {
    const m = relatedBids([
      bidder('a', { representativeId: 'P1' }), bidder('b', { representativeId: 'P1' }),
      bidder('c', { managerCode: 'ORG-d' }), bidder('d'),
      bidder('e', { controllerCode: 'ORG-parent' }), bidder('f', { controllerCode: 'ORG-parent' }),
      bidder('g', { orgCode: null, controllerCode: null }), bidder('h', { orgCode: null }),
    ]);
    assert.deepEqual(m.get('a'), [{ bidId: 'b', name: 'B', relation: 'same_representative', binding: true }]);
    assert.deepEqual(m.get('c'), [{ bidId: 'd', name: 'D', relation: 'managed_by', binding: true }]);
    // D is named by C's declaration alone: shown to the committee, binding C (its own word) but not D.
    assert.deepEqual(m.get('d'), [{ bidId: 'c', name: 'C', relation: 'manages', binding: false }]);
    assert.deepEqual([m.get('e'), m.get('f'), m.get('g'), m.get('h')], [[], [], [], []]);
  });

  test('a bidder naming another as its controller or manager binds the other only when the registry records it', () => {
    const registry = (over: Partial<{ representativeId: string; controllerCode: string | null; managerCode: string | null }>) => ({ representativeId: 'R', controllerCode: null, managerCode: null, ...over });
    const m = relatedBids([
      bidder('a', { controllerCode: 'ORG-b' }), bidder('b'),
      bidder('c', { controllerCode: 'ORG-d', registry: registry({ controllerCode: 'ORG-d' }) }), bidder('d'),
      bidder('e', { registry: registry({ managerCode: 'ORG-f' }) }), bidder('f'),
      // G names H as its manager and, by the registry, H's principal is G's: the same principal binds both.
      bidder('g', { managerCode: 'ORG-h', representativeId: 'P2' }), bidder('h', { registry: registry({ representativeId: 'P2' }) }),
    ]);
    assert.deepEqual(m.get('a'), [{ bidId: 'b', name: 'B', relation: 'controlled_by', binding: true }]);
    assert.deepEqual(m.get('b'), [{ bidId: 'a', name: 'A', relation: 'controls', binding: false }]);
    assert.deepEqual(m.get('d'), [{ bidId: 'c', name: 'C', relation: 'controls', binding: true }], 'the registry records it');
    assert.deepEqual(m.get('f'), [{ bidId: 'e', name: 'E', relation: 'manages', binding: true }], 'by the registry alone');
    assert.deepEqual(m.get('h'), [{ bidId: 'g', name: 'G', relation: 'same_representative', binding: true }]);
  });
});
