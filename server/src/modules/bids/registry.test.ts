import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE, DEMO_ENTERPRISE_PARENT, DEMO_REGISTRY_RECORDS } from '../../seed/demo-enterprise.ts';
import { makeCreditCode } from '../../lib/identity.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { uniqueIdNumber } from '../../test/unique-identity.ts';
import { evaluationFixture } from '../evaluation/evaluation-fixture.ts';
import { enterpriseRegistry } from './registries.ts';
import { askRegistry, type RegistryRecord } from '../../lib/enterprise-registry.ts';
import { simulatedRegistry, type SimulatedRegistry } from './sim-registry.ts';

/**
 * The enterprise registry (docs/trading.md "The enterprise registry"): a bidder's declaration (条例 第三十四条) is checked
 * against it, refused when it contradicts the registry with nothing written, kept unverified when the registry does not
 * answer; the evaluation relates bids by the registry's records too, looked up once and kept, and says when it lacks them.
 */
let t: TestApp;
let sim: SimulatedRegistry;
const DECL = '/api/me/bidder-declaration';
const TIMEOUT_MS = 300;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000', ENTERPRISE_REGISTRY_TIMEOUT_MS: String(TIMEOUT_MS) } });
  sim = simulatedRegistry({ records: [] });
  t.ctx.registry = sim;
});
after(() => t.close());

const creditCodeOf = async (userId: string) => (await t.owner.selectFrom('users').select('credit_code').where('id', '=', userId).executeTakeFirstOrThrow()).credit_code!;
const declarations = () => t.owner.selectFrom('bidder_declarations').selectAll().orderBy('user_id').execute();
const audits = async () => Number((await t.owner.selectFrom('audit_events').select((e) => e.fn.countAll<string>().as('n')).where('action', '=', 'bid.declaration').executeTakeFirstOrThrow()).n);
const record = (creditCode: string, over: Partial<RegistryRecord> = {}): RegistryRecord => ({ creditCode, name: '登记名称', representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null, ...over });

/** The bidders of a fresh evaluation fixture: sessions and credit codes in the order of the opened bids. */
async function fixture() {
  const f = await evaluationFixture(t.owner, t.clock.now());
  const bidders = await Promise.all(f.opened.map((o) => signIn(t.app, f.bidders.find((b) => b.id === o.bidderId)!.username)));
  const codes = await Promise.all(f.opened.map((o) => creditCodeOf(o.bidderId)));
  return { f, bidders, codes };
}

describe('the simulated registry', () => {
  test('holds the demo enterprises, answers null for a unit it does not know, and plays its faults', async () => {
    const demo = enterpriseRegistry(t.config);
    const found = await askRegistry(demo, DEMO_ENTERPRISE.creditCode.toLowerCase(), TIMEOUT_MS);
    assert.deepEqual(found, { outcome: 'found', record: DEMO_REGISTRY_RECORDS[0] });
    assert.equal(DEMO_REGISTRY_RECORDS[0]!.controllerCode, DEMO_ENTERPRISE_PARENT.creditCode);
    const unknown = await askRegistry(demo, makeCreditCode('9', '1', '460100', 'MA5T0999'), TIMEOUT_MS);
    assert.deepEqual(unknown, { outcome: 'not_found' });

    const s = simulatedRegistry();
    s.fault('unavailable', { creditCode: DEMO_ENTERPRISE.creditCode, times: 1 });
    assert.equal((await askRegistry(s, DEMO_ENTERPRISE.creditCode, TIMEOUT_MS)).outcome, 'unavailable');
    assert.equal((await askRegistry(s, DEMO_ENTERPRISE.creditCode, TIMEOUT_MS)).outcome, 'found', 'once only');
    s.fault('timeout');
    const started = Date.now();
    const slow = await askRegistry(s, DEMO_ENTERPRISE_PARENT.creditCode, TIMEOUT_MS);
    assert.equal(slow.outcome, 'unavailable');
    assert.ok(Date.now() - started >= TIMEOUT_MS - 20 && Date.now() - started < TIMEOUT_MS + 2000, 'answered at the timeout');
    s.fault(null);
    // A record the platform cannot read (an old 15-digit ID number, a short code) is no answer, never a fact kept.
    const odd = makeCreditCode('9', '1', '460100', 'MA5T0998');
    s.put(record(odd, { representativeIdNumber: '460100500101561' }));
    assert.equal((await askRegistry(s, odd, TIMEOUT_MS)).outcome, 'unavailable');
    s.put(record(odd, { controllerCode: '91460100' }));
    assert.equal((await askRegistry(s, odd, TIMEOUT_MS)).outcome, 'unavailable');
    s.put(record(odd, { controllerCode: DEMO_ENTERPRISE_PARENT.creditCode.toLowerCase() }));
    const lower = await askRegistry(s, odd, TIMEOUT_MS);
    assert.equal(lower.outcome === 'found' && lower.record.controllerCode, DEMO_ENTERPRISE_PARENT.creditCode, 'kept upper case');
    assert.equal((await askRegistry(s, DEMO_ENTERPRISE_PARENT.creditCode, TIMEOUT_MS)).outcome, 'found');
    // The demo's faults come from the configuration, on every lookup.
    const down = enterpriseRegistry({ ENTERPRISE_REGISTRY: 'sim', SIM_REGISTRY_FAULTS: 'unavailable' });
    assert.equal((await askRegistry(down, DEMO_ENTERPRISE.creditCode, TIMEOUT_MS)).outcome, 'unavailable');
  });
});

describe('the declaration checked against the registry', () => {
  let bidders: Session[];
  let codes: string[];
  before(async () => ({ bidders, codes } = await fixture()));

  test('a declaration the registry contradicts is refused on its field, nothing written', async () => {
    const principal = uniqueIdNumber();
    sim.put(record(codes[0]!, { representativeIdNumber: principal, controllerCode: codes[1]!, managerCode: codes[2]! }));
    const b = bidders[0]!;
    const before = [await declarations(), await audits()];
    for (const [body, field] of [
      [{ representativeIdNumber: uniqueIdNumber(), controllerCode: codes[1], managerCode: codes[2] }, 'representativeIdNumber'],
      [{ representativeIdNumber: principal, controllerCode: null, managerCode: codes[2] }, 'controllerCode'],
      [{ representativeIdNumber: principal, controllerCode: codes[2], managerCode: codes[2] }, 'controllerCode'],
      [{ representativeIdNumber: principal, controllerCode: codes[1], managerCode: null }, 'managerCode'],
    ] as const) {
      const r = await b.put(DECL, body);
      assert.equal(r.statusCode, 409, r.body);
      assert.equal(r.json().code, 'BIDDER_DECLARATION_MISMATCH');
      assert.equal(r.json().field, field);
      assert.ok(r.json().message.zh.includes('不一致'));
      assert.ok(r.json().message.en && !/[\u3000-\u9fff]/.test(r.json().message.en), r.json().message.en);
      assert.ok(!r.body.includes(principal), 'the registry\'s number is never answered');
    }
    assert.deepEqual([await declarations(), await audits()], before);
    assert.equal((await b.get(DECL)).json().declared, false);

    // The registered facts (the ID number in lower case too): verified, with the time.
    const ok = await b.put(DECL, { representativeIdNumber: principal.toLowerCase(), controllerCode: codes[1]!.toLowerCase(), managerCode: codes[2] });
    assert.equal(ok.statusCode, 200, ok.body);
    const at = t.clock.now().toISOString();
    assert.deepEqual([ok.json().verified, ok.json().verifiedAt, ok.json().registryCheck, ok.json().registryCheckedAt], [true, at, 'verified', at]);
    assert.deepEqual((await b.get(DECL)).json(), ok.json());
  });

  test('a unit declared where the registry records none is kept: verified, the relation declared', async () => {
    const principal = uniqueIdNumber();
    sim.put(record(codes[1]!, { representativeIdNumber: principal }));
    const r = await bidders[1]!.put(DECL, { representativeIdNumber: principal, controllerCode: codes[2], managerCode: null });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().verified, r.json().controllerCode], [true, codes[2]]);
  });

  test('the registry down or too slow: accepted as a self-declaration, unverified; not known to it: not_found', async () => {
    const c = bidders[2]!;
    sim.put(record(codes[2]!));
    for (const fault of ['unavailable', 'timeout'] as const) {
      sim.fault(fault, { creditCode: codes[2]!, times: 1 });
      const r = await c.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual([r.json().registryCheck, r.json().verified, r.json().verifiedAt, r.json().registryCheckedAt], ['unavailable', false, null, t.clock.now().toISOString()]);
      assert.equal((await c.get(DECL)).json().registryCheck, 'unavailable');
    }
    const audit = await t.owner.selectFrom('audit_events').select('data').where('action', '=', 'bid.declaration').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal((audit.data as { registryCheck: string }).registryCheck, 'unavailable');
    // A bidder the registry does not know (another fixture's).
    const other = await fixture();
    const r = await other.bidders[0]!.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null });
    assert.deepEqual([r.statusCode, r.json().registryCheck, r.json().verified], [200, 'not_found', false]);
  });
});

describe('the evaluation relates bids by the registry', () => {
  test('undeclared bidders related through the registry, looked up once and kept; the registry down: the declarations still relate, the sheet says so; the guard refuses', async () => {
    const { f, bidders, codes } = await fixture();
    const [a, b, c] = f.opened as [typeof f.opened[number], typeof f.opened[number], typeof f.opened[number]];
    const url = (p = '') => `/api/tenders/${f.tenderId}/evaluation${p}`;
    // A and B have one principal by the registry, and neither declared. C's registry is down; C declared B its controller.
    const shared = uniqueIdNumber();
    sim.put(record(codes[0]!, { representativeIdNumber: shared }), record(codes[1]!, { representativeIdNumber: shared }), record(codes[2]!, { controllerCode: codes[0]! }));
    sim.fault('unavailable', { creditCode: codes[2]! });
    assert.equal((await bidders[2]!.put(DECL, { representativeIdNumber: uniqueIdNumber(), controllerCode: codes[1], managerCode: null })).json().registryCheck, 'unavailable');

    const e = await signIn(t.app, f.seated[0]!.username);
    const calls = () => sim.calls.filter((x) => codes.includes(x)).length;
    const before = calls();
    // An expert not on this committee is refused before the registry is asked.
    const outsider = await signIn(t.app, f.outsider.username);
    assert.equal((await outsider.get(url('/sheet'))).statusCode, 403);
    assert.equal((await outsider.post(url('/submit'))).statusCode, 403);
    assert.equal(calls() - before, 0, 'no lookup for a refused reader');
    const sheet = (await e.get(url('/sheet'))).json();
    assert.equal(calls() - before, 3, 'each opened bidder looked up once');
    const bid = (s: { bids: Array<{ id: string }> }, id: string) => s.bids.find((x) => x.id === id) as unknown as { related: unknown; claimedRelated: unknown; registry: string };
    assert.deepEqual(bid(sheet, a.id).related, [{ name: b.name, relation: 'same_representative' }]);
    // C's declaration alone names B its controller: binding C, a claim to verify for B.
    assert.deepEqual(bid(sheet, b.id).related, [{ name: a.name, relation: 'same_representative' }]);
    assert.deepEqual(bid(sheet, b.id).claimedRelated, [{ name: c.name, relation: 'controls' }]);
    assert.deepEqual(bid(sheet, c.id).related, [{ name: b.name, relation: 'controlled_by' }], 'by the declaration while the registry is down');
    assert.deepEqual([bid(sheet, a.id).registry, bid(sheet, c.id).registry, sheet.registryMissing], ['found', 'missing', [c.name]]);

    // Read again, by another expert and by the staff: the registry is not asked again (the failed lookup waits its retry).
    await (await signIn(t.app, f.seated[1]!.username)).get(url('/sheet'));
    const staff = await signIn(t.app, 'hk.trading1');
    assert.deepEqual((await staff.get(url())).json().registryMissing, [c.name]);
    assert.equal(calls() - before, 3, 'not on every read');

    // The registry back, after the retry interval: C is looked up again (only C); by its record A controls it.
    sim.fault(null, { creditCode: codes[2]! });
    t.clock.advance(t.config.ENTERPRISE_REGISTRY_RETRY_MINUTES * 60_000);
    const later = (await e.get(url('/sheet'))).json();
    assert.equal(calls() - before, 4);
    assert.deepEqual(bid(later, c.id).related, [{ name: a.name, relation: 'controlled_by' }, { name: b.name, relation: 'controlled_by' }]);
    assert.deepEqual(later.registryMissing, []);
    // What was found is kept for the tender: a later change at the registry does not move the evaluation's facts.
    sim.put(record(codes[0]!));
    t.clock.advance(t.config.ENTERPRISE_REGISTRY_RETRY_MINUTES * 60_000);
    assert.deepEqual(bid((await e.get(url('/sheet'))).json(), a.id).related, [{ name: b.name, relation: 'same_representative' }, { name: c.name, relation: 'controls' }]);
    assert.equal(calls() - before, 4);

    // The sheet is not submitted until each related bid is rejected (all three here), nothing written.
    const lines = f.opened.flatMap((o) => [{ bidId: o.id, criterion: 'technical', score: 40 }, { bidId: o.id, criterion: 'commercial', score: 15 }, { bidId: o.id, criterion: 'price', score: 20 }]);
    assert.equal((await e.put(url('/sheet'), { scores: lines })).statusCode, 200);
    assert.equal((await e.put(url(`/sheet/rejections/${c.id}`), { ground: 'related_bidders', note: '依企业登记信息受A控股' })).statusCode, 200);
    const submissions = () => t.owner.selectFrom('evaluation_submissions').selectAll().where('tender_id', '=', f.tenderId).execute();
    const kept = await submissions();
    const r = await e.post(url('/submit'));
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'EVALUATION_RELATED_NOT_REJECTED');
    assert.ok(r.json().message.zh.includes(a.name) && r.json().message.zh.includes(b.name) && !r.json().message.zh.includes(c.name));
    assert.deepEqual(await submissions(), kept);
    for (const x of [a, b]) assert.equal((await e.put(url(`/sheet/rejections/${x.id}`), { ground: 'related_bidders', note: '依企业登记信息负责人为同一人' })).statusCode, 200);
    assert.equal((await e.post(url('/submit'))).statusCode, 200);
  });
});
