/**
 * The fuzz test of the issue "no 500 for any input": every write endpoint (POST/PUT/PATCH/DELETE)
 * of the app's own OpenAPI document is driven with inputs generated from its schemas (fast-check,
 * fixed seed, bounded count) plus hostile strings, anonymously and as signed-in users of the roles
 * that use it. Asserted for every request: no 500, and a refused request (4xx) wrote no row —
 * counted by a trigger on every table of the database, so a write the refusal forgot to roll back
 * fails the test. Reading endpoints get NUL and lone surrogates in every query parameter.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../seed/seed.ts';
import { dbUrl } from './env.ts';
import { signIn, testApp, type Session, type TestApp } from './harness.ts';
import { arbitraryOf, hostileString, resolverOf, type JsonSchema } from './schema-arbitrary.ts';

const SEED = 20261203;
/** Generated requests per write endpoint (and session kind): bounded so the file runs in well under a minute. */
const RUNS_PER_ENDPOINT = 14;

/**
 * Writes a refused request may make by design: a failed sign-in counts the failure for the lock-out
 * (docs/security.md, "Sign-in"). Nothing else may write when it refuses.
 */
const WRITES_ALLOWED_ON_REFUSAL: Record<string, string[]> = {
  // A lock-out it newly sets is audited and, for staff, sent to the managers.
  'POST /api/auth/login': ['users', 'login_clients', 'audit_events', 'notifications'],
  // A wrong cabinet pickup code is counted (and the locker locked after too many): docs/fees.md, Delivery.
  'POST /api/delivery/cabinet/pickups': ['case_deliveries', 'audit_events'],
};

type Operation = { method: string; path: string; params: Array<{ name: string; in: string; schema: JsonSchema; required?: boolean }>; body?: JsonSchema; multipart: boolean };
type Doc = { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>; components?: { schemas?: Record<string, JsonSchema> } };

let t: TestApp;
let admin: pg.Client;
let doc: Doc;
let sessions: Record<string, Session | null>;
let pool: string[];
const outcomes = new Map<string, number>();
let successfulWrites = 0;

before(async () => {
  t = await testApp();
  admin = new pg.Client({ connectionString: dbUrl(new URL(t.config.DATABASE_URL!).pathname.slice(1)) });
  await admin.connect();
  await installWriteCounter(admin);
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const logins = ['manager', 'window1', 'approver.housing', 'chief.housing', 'supervisor', DEMO_PERSON.idNumber, DEMO_ENTERPRISE.creditCode];
  sessions = { anonymous: null };
  for (const login of logins) sessions[login] = await signIn(t.app, login);
  // Real ids, so that generated requests also reach existing cases, items, matters and requests.
  const ids = await admin.query<{ id: string }>(`
    (SELECT id::text FROM cases ORDER BY id LIMIT 30) UNION ALL (SELECT id::text FROM items ORDER BY id LIMIT 20)
    UNION ALL (SELECT id::text FROM departments ORDER BY id LIMIT 10) UNION ALL (SELECT id::text FROM windows ORDER BY id LIMIT 10)
    UNION ALL (SELECT id::text FROM files ORDER BY id LIMIT 10)`);
  pool = ids.rows.map((r) => r.id);
});

after(async () => {
  await admin?.end();
  await t?.close();
});

/** A counter per table, raised by a row trigger on every table: transactional, so a rolled-back write leaves it as it was. */
async function installWriteCounter(c: pg.Client) {
  await c.query(`
    CREATE TABLE fuzz_writes (tbl text PRIMARY KEY, n bigint NOT NULL);
    -- SECURITY DEFINER: the platform works as a runtime role without rights on this test-only table.
    CREATE FUNCTION fuzz_count() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
      INSERT INTO fuzz_writes VALUES (TG_TABLE_NAME, 1) ON CONFLICT (tbl) DO UPDATE SET n = fuzz_writes.n + 1;
      RETURN NULL;
    END $$;`);
  const tables = await c.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'fuzz_writes'`);
  assert.ok(tables.rows.length > 10, 'the database has its tables');
  for (const { name } of tables.rows) {
    await c.query(`CREATE TRIGGER fuzz_count AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_count()`);
  }
}

async function writeCounts(): Promise<Map<string, number>> {
  const rows = await admin.query<{ tbl: string; n: string }>('SELECT tbl, n FROM fuzz_writes');
  return new Map(rows.rows.map((r) => [r.tbl, Number(r.n)]));
}

function writtenBetween(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([tbl, n]) => n !== (before.get(tbl) ?? 0)).map(([tbl]) => tbl);
}

function writeOperations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: content['application/json']?.schema, multipart: !!content['multipart/form-data'] });
    }
  }
  return ops;
}

/** The sessions that use an endpoint (most runs) besides everyone else (some runs). */
function usersOf(path: string): string[] {
  if (path.startsWith('/api/auth/')) return ['anonymous'];
  if (path.startsWith('/api/admin/') || path.startsWith('/api/manage/') || path.startsWith('/api/org/')) return ['manager'];
  if (path.startsWith('/api/counter/')) return ['window1'];
  if (path.startsWith('/api/supervision/')) return ['supervisor', 'chief.housing'];
  if (path.startsWith('/api/joint/cases/')) return ['approver.housing', 'chief.housing'];
  if (path === '/api/cases/{id}/actions') return ['window1', 'approver.housing', 'chief.housing', DEMO_PERSON.idNumber];
  if (path.startsWith('/api/cases/{id}/green')) return ['manager'];
  return [DEMO_PERSON.idNumber, DEMO_ENTERPRISE.creditCode];
}

interface Attempt { session: string; url: string; payload?: unknown; raw?: { body: string | Buffer; contentType: string } }

function attemptsFor(op: Operation): fc.Arbitrary<Attempt> {
  const r = resolverOf(doc);
  const preferred = usersOf(op.path);
  const session = fc.oneof({ arbitrary: fc.constantFrom(...preferred), weight: 3 }, { arbitrary: fc.constantFrom(...Object.keys(sessions)), weight: 1 });
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const params = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, arbitraryOf(p.schema, r, pool, 0, 0.2).map(String)])));
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arbitraryOf(p.schema, r, pool, 0, 0.2).map(String)])), { requiredKeys: [] });
  const body: fc.Arbitrary<Attempt['raw'] | { json: unknown } | undefined> = op.multipart
    ? fc.tuple(fc.oneof(hostileString, fc.string({ maxLength: 12 })), fc.constantFrom('application/pdf', 'image/png', 'text/html', ''), fc.uint8Array({ maxLength: 64 }))
      .map(([name, type, bytes]) => multipart(name, type, Buffer.from(bytes)))
    : op.body
      // Clean bodies get furthest (to the services and the database); one hostile leaf in a clean body is the sharpest probe.
      ? fc.oneof(...[0, 0.03, 0.2].map((rate) => arbitraryOf(op.body!, r, pool, 0, rate))).map((json) => ({ json }))
      : fc.constant(undefined);
  return fc.record({ session, params, query, body }).map(({ session: s, params: p, query: q, body: b }) => {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathSegment(p[name] as string));
    const qs = new URLSearchParams(q as Record<string, string>).toString();
    const url = qs ? `${path}?${qs}` : path;
    if (b && 'json' in b) return { session: s, url, payload: b.json };
    return { session: s, url, raw: b };
  });
}

/** A path segment as a hostile client sends it: a lone surrogate as its raw (invalid UTF-8) bytes. */
function pathSegment(v: string): string {
  const lone = /([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/;
  return v.split(lone).map((part, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(part))).join('');
}

function multipart(filename: string, type: string, data: Buffer): { body: Buffer; contentType: string } {
  const boundary = '----fuzz7MA4YWxkTrZu0gW';
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename.replace(/["\r\n]/g, '_')}"\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`),
      Buffer.concat([Buffer.from('%PDF-1.4\n'), data]), Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

async function send(op: Operation, a: Attempt) {
  const s = sessions[a.session] ?? null;
  const headers: Record<string, string> = s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {};
  if (a.raw) {
    headers['content-type'] = a.raw.contentType;
    return t.app.inject({ method: op.method as 'POST', url: a.url, headers, payload: a.raw.body });
  }
  if (a.payload === undefined) return t.app.inject({ method: op.method as 'POST', url: a.url, headers });
  headers['content-type'] = 'application/json';
  return t.app.inject({ method: op.method as 'POST', url: a.url, headers, payload: JSON.stringify(a.payload) });
}

/** Sends one request and returns a complaint if it answered 500 or wrote on refusal. */
async function check(op: Operation, a: Attempt): Promise<string | null> {
  const before = await writeCounts();
  const res = await send(op, a);
  const written = writtenBetween(before, await writeCounts());
  const shown = `${op.method} ${a.url} as ${a.session} ${JSON.stringify(a.payload ?? a.raw?.contentType ?? null)?.slice(0, 300)}`;
  const code = res.statusCode < 400 ? String(res.statusCode) : `${res.statusCode} ${res.json().code}`;
  outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
  if (res.statusCode < 300 && written.length) successfulWrites++;
  if (res.statusCode >= 500) return `${res.statusCode} for ${shown}: ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 400) {
    const allowed = new Set(WRITES_ALLOWED_ON_REFUSAL[`${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`] ?? []);
    const wrongly = written.filter((tbl) => !allowed.has(tbl));
    if (wrongly.length) return `${res.statusCode} ${res.json().code} wrote ${wrongly.join(', ')} for ${shown}`;
    const body = res.json();
    if (typeof body.code !== 'string' || !body.message?.zh || !body.message?.en) return `${res.statusCode} without code and bilingual message for ${shown}`;
  }
  return null;
}

test('every write endpoint: schema-generated and hostile inputs never answer 500, and a refusal writes no row', { timeout: 240_000 }, async () => {
  const ops = writeOperations();
  assert.ok(ops.length >= 30, `the OpenAPI document lists the write endpoints (${ops.length})`);
  // A known-good write first, through the same check: the write counter must see it (random bodies
  // rarely pass every rule, so the control is not left to chance).
  const { makeIdNumber } = await import('../lib/identity.ts');
  const register = ops.find((o) => o.method === 'POST' && o.path === '/api/auth/register')!;
  const control = { kind: 'person', name: '王五', idNumber: makeIdNumber('460100', '19900101', '123'), phone: '13800002222', password: 'Passw0rd!y' };
  assert.equal(await check(register, { session: 'anonymous', url: register.path, payload: control }), null);
  assert.equal(successfulWrites, 1, 'the control registration was accepted and its rows counted');
  const problems: string[] = [];
  for (const [i, op] of ops.entries()) {
    // Signing out as a shared session would end it for the rest of the run.
    if (op.path === '/api/auth/logout') continue;
    const attempts = fc.sample(attemptsFor(op), { seed: SEED + i, numRuns: RUNS_PER_ENDPOINT });
    for (const a of attempts) {
      const complaint = await check(op, a);
      if (complaint) problems.push(complaint);
    }
  }
  for (const p of problems.slice(0, 40)) console.log(p);
  assert.deepEqual(problems, [], `${problems.length} bad answers`);
  // The run reached past the checks: requests were accepted and their rows counted (the control at least).
  const accepted = [...outcomes].filter(([k]) => k.startsWith('2'));
  console.log('outcomes', JSON.stringify(Object.fromEntries(outcomes)));
  assert.ok(accepted.length > 0 && successfulWrites > 0, 'some generated requests were accepted and wrote rows');
});

test('every write endpoint: malformed JSON, NUL, lone surrogates, a multipart body without a boundary answer 400 with a code and write nothing', { timeout: 120_000 }, async () => {
  const raws: Array<{ name: string; body: string; contentType: string; code: string }> = [
    { name: 'malformed JSON', body: '{"a": ', contentType: 'application/json', code: 'BAD_REQUEST' },
    { name: 'NUL in a string', body: '{"name":"a\\u0000b","reason":"x\\u0000","items":["\\u0000"]}', contentType: 'application/json', code: 'INPUT_INVALID_CHARACTER' },
    { name: 'lone surrogate', body: '{"name":"\\ud800","reason":"\\udfff"}', contentType: 'application/json', code: 'INPUT_INVALID_CHARACTER' },
    { name: 'NUL in a key', body: '{"a\\u0000":1}', contentType: 'application/json', code: 'INPUT_INVALID_CHARACTER' },
    { name: 'multipart without boundary', body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF\r\n--x--\r\n', contentType: 'multipart/form-data', code: 'MULTIPART_INVALID' },
  ];
  const problems: string[] = [];
  for (const op of writeOperations()) {
    if (op.path === '/api/auth/logout') continue;
    const url = op.path.replace(/\{(\w+)\}/g, () => pool[0]!);
    for (const who of [...new Set(['anonymous', ...usersOf(op.path)])]) {
      const s = sessions[who] ?? null;
      for (const raw of raws) {
        const before = await writeCounts();
        const res = await t.app.inject({ method: op.method as 'POST', url, payload: raw.body, headers: { 'content-type': raw.contentType, ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) } });
        const written = writtenBetween(before, await writeCounts());
        const what = `${op.method} ${op.path} as ${who}, ${raw.name}`;
        if (res.statusCode >= 500) problems.push(`${res.statusCode} for ${what}: ${res.body.slice(0, 200)}`);
        else if (written.length) problems.push(`${what} wrote ${written.join(', ')}`);
        // Signed out, a protected route may refuse first (401/403); whatever refuses, it says so with a code.
        else if (res.statusCode === 400 && res.json().code !== raw.code && !(op.multipart || raw.name.startsWith('multipart'))) problems.push(`${what}: ${res.json().code} instead of ${raw.code}`);
        else if (res.statusCode < 400) problems.push(`${what} accepted (${res.statusCode})`);
      }
    }
  }
  for (const p of problems.slice(0, 40)) console.log(p);
  assert.deepEqual(problems, []);
});

test('reading endpoints: NUL and lone surrogates in any query parameter answer 400 INPUT_INVALID_CHARACTER, never 500', async () => {
  const problems: string[] = [];
  let tried = 0;
  const manager = sessions.manager!;
  for (const [path, methods] of Object.entries(doc.paths)) {
    const params = (methods.get?.parameters ?? []).filter((p) => p.in === 'query');
    if (!methods.get || path.includes('{') || params.length === 0) continue;
    for (const p of params) {
      for (const bad of ['%00', 'a%00b', '%ED%A0%80']) {
        tried++;
        const url = `${path}?${p.name}=${bad}`;
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie: manager.cookie } });
        if (res.statusCode >= 500) problems.push(`${res.statusCode} for GET ${url}: ${res.body.slice(0, 200)}`);
        else if (bad !== '%ED%A0%80' && res.statusCode === 200) problems.push(`GET ${url} answered 200`);
      }
    }
  }
  assert.ok(tried > 10, `query parameters were tried (${tried})`);
  assert.deepEqual(problems, []);
  const res = await t.app.inject({ method: 'GET', url: '/api/items?q=%E5%BB%BA%00' });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().code, 'INPUT_INVALID_CHARACTER');
  assert.equal(res.json().field, 'q');
  assert.ok(res.json().message.zh && res.json().message.en);
});

/** Every string leaf of a value, by path. */
function stringLeaves(v: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v === 'string') return [path];
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, Array.isArray(v) ? Number(k) : k]));
}

function withLeaf(v: unknown, path: Array<string | number>, value: string): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

test('a valid request with one string made NUL or a lone surrogate is refused with INPUT_INVALID_CHARACTER and writes nothing', { timeout: 120_000 }, async () => {
  const { applicationBody, itemIdByName } = await import('./harness.ts');
  const { makeIdNumber } = await import('../lib/identity.ts');
  // The permit serves enterprises (服务对象): the company applies.
  const company = sessions[DEMO_ENTERPRISE.creditCode]!;
  const manager = sessions.manager!;
  const permit = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  const valid: Array<{ url: string; who: Session | null; body: unknown }> = [
    { url: '/api/auth/register', who: null, body: { kind: 'person', name: '李四', idNumber: makeIdNumber('460100', '19880808', '321'), phone: '13800001111', password: 'Passw0rd!x' } },
    { url: '/api/cases', who: company, body: await applicationBody(t.app, company, permit) },
    { url: '/api/admin/staff', who: manager, body: { username: 'fuzz.staff', name: '测试员', roles: ['window'], password: 'Window#2026x' } },
  ];
  const problems: string[] = [];
  let tried = 0;
  for (const v of valid) {
    for (const leaf of stringLeaves(v.body)) {
      for (const bad of ['a\u0000b', 'x\ud800']) {
        tried++;
        const before = await writeCounts();
        const headers = v.who ? { cookie: v.who.cookie, 'x-csrf-token': v.who.csrf, 'content-type': 'application/json' } : { 'content-type': 'application/json' };
        const res = await t.app.inject({ method: 'POST', url: v.url, headers, payload: JSON.stringify(withLeaf(v.body, leaf, bad)) });
        const written = writtenBetween(before, await writeCounts());
        const what = `${v.url} ${leaf.join('.')}=${JSON.stringify(bad)}`;
        if (res.statusCode !== 400 || res.json().code !== 'INPUT_INVALID_CHARACTER') problems.push(`${what}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (written.length) problems.push(`${what} wrote ${written.join(', ')}`);
      }
    }
  }
  assert.ok(tried >= 20, `string leaves were tried (${tried})`);
  assert.deepEqual(problems, []);
  // The valid bodies themselves are accepted: the refusals above were for the one bad string.
  for (const v of valid) {
    const headers = v.who ? { cookie: v.who.cookie, 'x-csrf-token': v.who.csrf } : {};
    const res = await t.app.inject({ method: 'POST', url: v.url, headers, payload: v.body as object });
    assert.equal(res.statusCode, 201, `${v.url}: ${res.body}`);
  }
});
