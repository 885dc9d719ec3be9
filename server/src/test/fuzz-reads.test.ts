/**
 * The reading half of "no 500 for any input" (fuzz.test.ts drives the writes): every GET endpoint of
 * the app's OpenAPI document, its path parameters drawn from real ids of every table (and from its
 * schema), its query parameters generated from their schemas (fast-check, fixed seed), each request
 * as one of the demo accounts of every role or anonymously. Asserted: no answer is a 5xx, and the run
 * reached the handlers (a share of the endpoints answered 200 at least once).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../seed/seed.ts';
import { dbUrl } from './env.ts';
import { signIn, testApp, type Session, type TestApp } from './harness.ts';
import { arbitraryOf, resolverOf, type JsonSchema } from './schema-arbitrary.ts';

let t: TestApp;
let admin: pg.Client;
let doc: { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema: JsonSchema }> }>> };
const sessions: Record<string, Session | null> = { anonymous: null };
const pool: string[] = [];
/** Requests per GET endpoint: bounded so the file runs in under a minute. */
const RUNS_PER_ENDPOINT = 16;
before(async () => {
  t = await testApp();
  admin = new pg.Client({ connectionString: dbUrl(new URL(t.config.DATABASE_URL!).pathname.slice(1)) });
  await admin.connect();
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const logins = ['manager', 'hk.manager', 'supervisor', 'window1', 'delivery1', 'approver.housing', 'chief.housing', 'hk.window1', 'hk.proxy1', 'finance', 'bank1', 'hotline1', 'hotline.lead', 'trading1', 'disclosure1', 'draw1', 'expert1', DEMO_PERSON.idNumber, DEMO_ENTERPRISE.creditCode];
  for (const l of logins) sessions[l] = await signIn(t.app, l);
  // A few real ids of every table with a uuid id: cases, items, tickets, tenders, orders, notices …
  const tables = await admin.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.columns WHERE table_schema='public' AND column_name='id' AND data_type='uuid'`);
  for (const { t: tbl } of tables.rows) pool.push(...(await admin.query<{ id: string }>(`SELECT id::text FROM "${tbl}" LIMIT 3`)).rows.map((r) => r.id));
});
after(async () => { await admin?.end(); await t?.close(); });

test('every reading endpoint: real ids and schema-generated parameters, as every role, never answer 5xx', { timeout: 300_000 }, async () => {
  const r = resolverOf(doc as never);
  const problems: string[] = [];
  const outcomes = new Map<string, number>();
  const answered200 = new Set<string>();
  let endpoints = 0;
  let i = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    const op = methods.get;
    // Server-sent event streams stay open: the hall display and the live boards have tests of their own.
    if (!op || path.includes('/stream') || path.includes('events')) continue;
    endpoints++;
    const params = op.parameters ?? [];
    const generated = fc.record({
      who: fc.constantFrom(...Object.keys(sessions)),
      p: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof(fc.constantFrom(...pool), arbitraryOf(p.schema, r, pool, 0, 0).map(String))]))),
      q: fc.record(Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, arbitraryOf(p.schema, r, pool, 0, 0).map(String)])), { requiredKeys: [] }),
    });
    // Half plain: real ids and no query, so the handlers behind the checks are reached as often as the checks.
    const plain = fc.record({
      who: fc.constantFrom(...Object.keys(sessions)),
      p: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, fc.constantFrom(...pool)]))),
      q: fc.constant({}),
    });
    const arb = fc.oneof(generated, plain);
    for (const a of fc.sample(arb, { seed: 20261206 + i++, numRuns: RUNS_PER_ENDPOINT })) {
      const url = path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(a.p[n] as string)) + (Object.keys(a.q).length ? `?${new URLSearchParams(a.q as Record<string, string>)}` : '');
      const s = sessions[a.who];
      const res = await t.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
      const k = `${res.statusCode}`;
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
      if (res.statusCode === 200) answered200.add(path);
      if (res.statusCode >= 500) problems.push(`${res.statusCode} GET ${url} as ${a.who}: ${res.body.slice(0, 300)}`);
    }
  }
  console.log('outcomes', JSON.stringify(Object.fromEntries(outcomes)), `endpoints answering 200: ${answered200.size} of ${endpoints}`);
  for (const p of problems.slice(0, 60)) console.log(p);
  assert.deepEqual(problems, []);
  assert.ok(endpoints > 100, `the OpenAPI document lists the reading endpoints (${endpoints})`);
  assert.ok(answered200.size > endpoints / 3, `the run reached the handlers: ${answered200.size} of ${endpoints} endpoints answered 200`);
});
