import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { uniqueIdNumber } from '../../test/unique-identity.ts';
import { evaluationFixture } from '../evaluation/evaluation-fixture.ts';
import type { EnterpriseRegistry, RegistryRecord } from '../../lib/enterprise-registry.ts';
import { recheckDeclarations } from './declaration.service.ts';
import { simulatedRegistry, type SimulatedRegistry } from './sim-registry.ts';

/**
 * A declaration the enterprise registry could not check when it was made is asked about again in the background
 * (docs/trading.md "The enterprise registry"): not before its retry time, once per declaration whatever the number of
 * sweeps, never over a newer declaration; the answer settles it (verified, not found, or contradicted, marked and kept).
 */
let t: TestApp;
let sim: SimulatedRegistry;
let bidders: Session[];
let codes: string[];
let ids: string[];
let tenderId: string;
const DECL = '/api/me/bidder-declaration';
const RETRY_MINUTES = 10;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000', ENTERPRISE_REGISTRY_TIMEOUT_MS: '300', ENTERPRISE_REGISTRY_RETRY_MINUTES: String(RETRY_MINUTES) } });
  sim = simulatedRegistry({ records: [] });
  t.ctx.registry = sim;
  const f = await evaluationFixture(t.owner, t.clock.now());
  ids = f.bidders.map((b) => b.id);
  tenderId = f.tenderId;
  bidders = await Promise.all(f.bidders.map((b) => signIn(t.app, b.username)));
  codes = await Promise.all(ids.map(async (id) => (await t.owner.selectFrom('users').select('credit_code').where('id', '=', id).executeTakeFirstOrThrow()).credit_code!));
});
after(() => t.close());

const record = (creditCode: string, over: Partial<RegistryRecord> = {}): RegistryRecord => ({ creditCode, name: '登记名称', representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null, ...over });
const row = (userId: string) => t.owner.selectFrom('bidder_declarations').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
const rechecks = async (userId: string) => (await t.owner.selectFrom('audit_events').select('data')
  .where('action', '=', 'bid.declaration_rechecked').where('stream', '=', `user:${userId}`).orderBy('seq').execute()).map((a) => a.data as { registryCheck: string; contradiction: string | null });
const minutes = (n: number) => t.clock.advance(n * 60_000);
const asked = (code: string) => sim.calls.filter((c) => c === code).length;
/** The messages asking bidder i to correct the declaration, as the bidder reads them. */
const askedToCorrect = async (i: number) => (await bidders[i]!.get('/api/my/messages?limit=50')).json().rows
  .filter((m: { kind: string }) => m.kind === 'trading.declaration_contradicted');

/** Bidder i declares while the registry is down: kept unverified, asked again after the retry period. */
async function declareWhileDown(i: number, body: { representativeIdNumber: string; controllerCode: string | null; managerCode: string | null }) {
  sim.fault('unavailable', { creditCode: codes[i]!, times: 1 });
  const r = await bidders[i]!.put(DECL, body);
  assert.equal(r.statusCode, 200, r.body);
  const due = new Date(t.clock.now().getTime() + RETRY_MINUTES * 60_000).toISOString();
  assert.deepEqual([r.json().registryCheck, r.json().registryRecheckAt, r.json().registryContradiction], ['unavailable', due, null]);
  return r.json();
}

test('checked again once its retry time has come: the registry still down keeps it waiting; its answer verifies it', async () => {
  const principal = uniqueIdNumber();
  await declareWhileDown(0, { representativeIdNumber: principal, controllerCode: null, managerCode: null });
  sim.put(record(codes[0]!, { representativeIdNumber: principal }));

  minutes(RETRY_MINUTES - 1);
  assert.equal(await recheckDeclarations(t.ctx), 0, 'not before its time');
  assert.equal(asked(codes[0]!), 1, 'asked once, when it was made');

  minutes(1);
  sim.fault('unavailable', { creditCode: codes[0]!, times: 1 });
  assert.equal(await recheckDeclarations(t.ctx), 1);
  const waiting = (await bidders[0]!.get(DECL)).json();
  assert.deepEqual([waiting.registryCheck, waiting.registryCheckedAt, waiting.registryRecheckAt], [
    'unavailable', t.clock.now().toISOString(), new Date(t.clock.now().getTime() + RETRY_MINUTES * 60_000).toISOString(),
  ]);
  assert.equal(await recheckDeclarations(t.ctx), 0, 'the next attempt waits its own retry period');

  minutes(RETRY_MINUTES);
  assert.equal(await recheckDeclarations(t.ctx), 1);
  const settled = (await bidders[0]!.get(DECL)).json();
  assert.deepEqual([settled.registryCheck, settled.verified, settled.verifiedAt, settled.registryRecheckAt, settled.version], ['verified', true, t.clock.now().toISOString(), null, 1]);
  assert.deepEqual((await rechecks(ids[0]!)).map((a) => a.registryCheck), ['unavailable', 'verified']);
  minutes(RETRY_MINUTES * 10);
  assert.equal(await recheckDeclarations(t.ctx), 0, 'a settled declaration is never asked about again');
  assert.equal(asked(codes[0]!), 3);
  assert.deepEqual(await askedToCorrect(0), [], 'nothing to correct');
});

test('a registry record found afterwards that contradicts the declaration marks it, names the field, and keeps it until the bidder corrects it', async () => {
  const principal = uniqueIdNumber();
  await declareWhileDown(1, { representativeIdNumber: principal, controllerCode: null, managerCode: null });
  // The registry records a controlling unit the bidder did not declare.
  sim.put(record(codes[1]!, { representativeIdNumber: principal, controllerCode: codes[2]! }));
  minutes(RETRY_MINUTES);
  assert.equal(await recheckDeclarations(t.ctx), 1);
  const marked = (await bidders[1]!.get(DECL)).json();
  assert.deepEqual([marked.registryCheck, marked.registryContradiction, marked.verified, marked.controllerCode, marked.registryRecheckAt], ['contradicted', 'controllerCode', false, null, null]);
  assert.ok(!JSON.stringify(marked).includes(codes[2]!), "the registry's value is never answered");
  assert.deepEqual(await rechecks(ids[1]!), [{ version: 1, registryCheck: 'contradicted', contradiction: 'controllerCode' }]);
  // The bidder is asked to correct it, once, on the page of their bid, the field named and the registry's value not.
  const [told, ...more] = await askedToCorrect(1);
  assert.equal(more.length, 0);
  assert.equal(told.link, `/bids/${tenderId}`);
  assert.match(told.body.zh, /控股单位/);
  assert.match(told.body.en, /controlling unit/);
  assert.ok(!JSON.stringify(told).includes(codes[2]!), "the registry's value is not in the message");
  // Declared again as registered: verified, the mark gone.
  const fixed = await bidders[1]!.put(DECL, { representativeIdNumber: principal, controllerCode: codes[2], managerCode: null });
  assert.equal(fixed.statusCode, 200, fixed.body);
  assert.deepEqual([fixed.json().registryCheck, fixed.json().registryContradiction, fixed.json().verified], ['verified', null, true]);
  // A declaration the registry contradicts when it is made is still refused.
  const refused = await bidders[1]!.put(DECL, { representativeIdNumber: principal, controllerCode: null, managerCode: null });
  assert.deepEqual([refused.statusCode, refused.json().code], [409, 'BIDDER_DECLARATION_MISMATCH']);
});

test('two sweeps at once ask about each declaration once; the registry down stops a batch after its first refusal', async () => {
  for (const i of [2, 3, 4]) await declareWhileDown(i, { representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null });
  minutes(RETRY_MINUTES);
  sim.fault('unavailable');
  const before = sim.calls.length;
  assert.equal(await recheckDeclarations(t.ctx), 3, 'all three claimed');
  assert.equal(sim.calls.length - before, 1, 'one refusal is enough: the others wait their retry period');
  const rows = await Promise.all([2, 3, 4].map((i) => row(ids[i]!)));
  assert.equal(rows.filter((r) => r.registry_checked_at!.getTime() === t.clock.now().getTime()).length, 1, 'only the one asked has a new check time');
  assert.ok(rows.every((r) => r.registry_check === 'unavailable' && r.registry_recheck_at!.getTime() === t.clock.now().getTime() + RETRY_MINUTES * 60_000));

  sim.fault(null);
  minutes(RETRY_MINUTES);
  const [a, b] = await Promise.all([recheckDeclarations(t.ctx), recheckDeclarations(t.ctx)]);
  assert.equal(a + b, 3, 'each claimed by one sweep');
  for (const i of [2, 3, 4]) {
    assert.equal((await row(ids[i]!)).registry_check, 'not_found', 'the registry has no record of these units');
    assert.equal((await rechecks(ids[i]!)).filter((x) => x.registryCheck === 'not_found').length, 1);
    assert.deepEqual(await askedToCorrect(i), [], 'no record contradicts nothing');
  }
});

/** Resolves once a statement of this test's database waits for a lock (polled: PostgreSQL announces no such event). */
async function someoneWaitsForALock(stop: AbortSignal): Promise<'waited'> {
  while (!stop.aborted) {
    const { n } = await t.owner.selectFrom(sql<{ wait_event_type: string | null; datname: string }>`pg_stat_activity`.as('a'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.wait_event_type', '=', 'Lock').where('a.datname', '=', sql<string>`current_database()`).executeTakeFirstOrThrow();
    if (Number(n) > 0) return 'waited';
    await new Promise((r) => setTimeout(r, 10));
  }
  return new Promise(() => {});
}

test('a declaration another sweep holds is skipped, not waited for, and asked about once it is let go', async () => {
  for (const i of [2, 3]) await declareWhileDown(i, { representativeIdNumber: uniqueIdNumber(), controllerCode: null, managerCode: null });
  minutes(RETRY_MINUTES);
  const stop = new AbortController();
  // Another instance's claim in flight: bidder 2's declaration locked in a transaction still open.
  const first = await t.owner.transaction().execute(async (held) => {
    await held.selectFrom('bidder_declarations').select('user_id').where('user_id', '=', ids[2]!).forUpdate().execute();
    try {
      return await Promise.race([recheckDeclarations(t.ctx), someoneWaitsForALock(stop.signal)]);
    } finally {
      stop.abort();
    }
  });
  assert.equal(first, 1, 'the sweep claimed the free declaration and did not wait for the held one');
  assert.equal((await row(ids[3]!)).registry_check, 'not_found');
  assert.equal((await row(ids[2]!)).registry_check, 'unavailable', 'the held one untouched');
  assert.equal(await recheckDeclarations(t.ctx), 1, 'let go, it is claimed by the next sweep');
  assert.equal((await row(ids[2]!)).registry_check, 'not_found');
});

test('an answer for a declaration changed while the registry was asked is dropped: the new one stands as checked', async () => {
  const principal = uniqueIdNumber();
  await declareWhileDown(0, { representativeIdNumber: principal, controllerCode: null, managerCode: null });
  minutes(RETRY_MINUTES);
  // The bidder declares again while the sweep waits for the registry's answer (down for the new declaration too).
  const slow: EnterpriseRegistry = {
    async lookup(code, signal) {
      t.ctx.registry = sim;
      sim.fault('unavailable', { creditCode: codes[0]!, times: 1 });
      const r = await bidders[0]!.put(DECL, { representativeIdNumber: principal, controllerCode: codes[4]!, managerCode: null });
      assert.equal(r.statusCode, 200, r.body);
      return { ...record(code, { representativeIdNumber: principal }), ...(await sim.lookup(code, signal)) };
    },
  };
  sim.put(record(codes[0]!, { representativeIdNumber: principal }));
  t.ctx.registry = slow;
  const before = (await rechecks(ids[0]!)).length;
  assert.equal(await recheckDeclarations(t.ctx), 1);
  t.ctx.registry = sim;
  const now = await row(ids[0]!);
  assert.deepEqual([now.version, now.controller_code, now.registry_check], [3, codes[4], 'unavailable'], 'the newer declaration, as its own check left it');
  assert.equal((await rechecks(ids[0]!)).length, before, 'no event for the dropped answer');
});
