/**
 * Applicants see only their own data, checked across every reading endpoint at once: the rows an
 * applicant owns (their cases, and every row of a table whose foreign key names them or their cases:
 * files, e-licences, notices, drafts …) are found in the database; each GET endpoint with one path
 * parameter is asked for each of them, first as the owner, and where the owner gets 200 the same
 * request as the other demo applicant must not. New endpoints and tables join the check without
 * being listed here. Domain tests prove each refusal's code; this proves none was forgotten.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../seed/seed.ts';
import { dbUrl } from './env.ts';
import { itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from './harness.ts';

let t: TestApp;
let admin: pg.Client;
let doc: { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
const sessions: Record<'person' | 'company', Session> = {} as never;
before(async () => {
  t = await testApp();
  admin = new pg.Client({ connectionString: dbUrl(new URL(t.config.DATABASE_URL!).pathname.slice(1)) });
  await admin.connect();
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  sessions.person = await signIn(t.app, DEMO_PERSON.idNumber);
  sessions.company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  // An item both persons and enterprises apply for (服务对象), so each holds a case of the same item.
  const society = await itemIdByName(t.app, '社会团体成立登记', '海南省');
  for (const s of Object.values(sessions)) await submittedCase(t.app, s, society);
});
after(async () => { await admin?.end(); await t?.close(); });

/** The rows `userId` owns: their cases, and up to three rows of every table whose foreign key names them or one of their cases. */
async function ownedBy(userId: string) {
  const caseIds = (await admin.query<{ id: string }>('SELECT id FROM cases WHERE applicant_id = $1', [userId])).rows.map((r) => r.id);
  const fks = await admin.query<{ t: string; c: string; ref: string }>(`
    SELECT cl.relname AS t, a.attname AS c, rf.relname AS ref FROM pg_constraint k
    JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class rf ON rf.oid = k.confrelid
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    WHERE k.contype = 'f' AND rf.relname IN ('users', 'cases') AND array_length(k.conkey, 1) = 1
      AND EXISTS (SELECT 1 FROM pg_attribute i WHERE i.attrelid = k.conrelid AND i.attname = 'id')`);
  const owned: Array<{ table: string; id: string }> = caseIds.map((id) => ({ table: 'cases', id }));
  for (const { t: table, c, ref } of fks.rows) {
    const rows = await admin.query<{ id: string }>(`SELECT id::text FROM "${table}" WHERE "${c}" = ANY($1::uuid[]) LIMIT 3`, [ref === 'users' ? [userId] : caseIds]);
    owned.push(...rows.rows.map((r) => ({ table, id: r.id })));
  }
  return owned;
}

/** The demo account's id, by its identity number or credit code. */
const userIdOf = async (login: string) =>
  (await admin.query<{ id: string }>('SELECT id FROM users WHERE id_number = $1 OR credit_code = $1', [login])).rows[0]!.id;

/**
 * Each GET endpoint with one path parameter, asked for each row: where `entitled` is answered 200 (and, with
 * `skipPublic`, an anonymous request is not: public by design, tested on its own), every one of `others` must
 * be refused. `reached`: the endpoints the entitled reader was answered on, so a check is seen not to be vacuous.
 */
async function readsRefused(rows: Array<{ table: string; id: string }>, entitled: Session, others: Record<string, Session>, skipPublic = false) {
  const leaks: string[] = [];
  const reached = new Set<string>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    // Server-sent event streams stay open; they have tests of their own.
    if (!methods.get || path.includes('/stream') || (methods.get.parameters ?? []).filter((p) => p.in === 'path').length !== 1) continue;
    for (const o of rows) {
      const url = path.replace(/\{(\w+)\}/, encodeURIComponent(o.id));
      if ((await t.app.inject({ method: 'GET', url, headers: { cookie: entitled.cookie } })).statusCode !== 200) continue;
      if (skipPublic && (await t.app.inject({ method: 'GET', url })).statusCode === 200) continue;
      reached.add(`${path} (${o.table})`);
      for (const [who, s] of Object.entries(others)) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
        if (res.statusCode < 400) leaks.push(`GET ${url}, a ${o.table} row, answered ${res.statusCode} to ${who}: ${res.body.slice(0, 150)}`);
      }
    }
  }
  for (const l of leaks) console.log(l);
  return { leaks, reached };
}

test("no reading endpoint answers one applicant with another applicant's rows", { timeout: 300_000 }, async () => {
  const owners = { person: await userIdOf(DEMO_PERSON.idNumber), company: await userIdOf(DEMO_ENTERPRISE.creditCode) };
  const reached = new Set<string>();
  for (const [owner, other] of [['person', 'company'], ['company', 'person']] as const) {
    const r = await readsRefused(await ownedBy(owners[owner]), sessions[owner], { [`the ${other}`]: sessions[other] });
    assert.deepEqual(r.leaks, [], `the ${owner}'s rows`);
    for (const e of r.reached) reached.add(e);
  }
  // Not vacuous: the owners were answered on their cases, files and e-licences through many endpoints.
  assert.ok(reached.size >= 10, `owners reached their own rows through ${reached.size} endpoints: ${[...reached].join(', ')}`);
  for (const table of ['cases', 'files', 'elicences']) assert.ok([...reached].some((r) => r.endsWith(`(${table})`)), `an endpoint answered the owner's ${table}`);
});

test('no reading endpoint answers staff with a case, or its rows, outside their center or department', { timeout: 300_000 }, async () => {
  // The demo person's permit case: the province's housing department, received by the province's intake window.
  const rows = (await ownedBy(await userIdOf(DEMO_PERSON.idNumber))).filter((o) => o.table !== 'elicences' && o.table !== 'files');
  const inScope = await signIn(t.app, 'window1');
  const outOfScope = Object.fromEntries(await Promise.all(['hk.window1', 'hk.manager', 'hk.approver.market', 'approver.market', 'chief.market'].map(async (l) => [l, await signIn(t.app, l)] as const)));
  const { leaks, reached } = await readsRefused(rows, inScope, outOfScope, true);
  assert.deepEqual(leaks, []);
  assert.ok(reached.size >= 3, `the in-scope clerk reached the case through ${reached.size} endpoints: ${[...reached].join(', ')}`);
});
