import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, toleratingLostServer, type Db } from '../db/database.ts';
import type { DB } from '../db/types.ts';
import { fixedClock } from '../lib/clock.ts';
import { makeCreditCode } from '../lib/identity.ts';
import type { AppContext } from '../lib/context.ts';
import { diskStorage } from '../modules/files/storage.ts';
import { DEMO_ENTERPRISE, DEMO_PASSWORD } from '../seed/seed.ts';
import { domainEvents } from '../subscribers.ts';
import { dbUrl, runtimeDbUrl, TEST_ENV } from './env.ts';
import { enterpriseRegistry } from '../modules/bids/registries.ts';

export { DEMO_PASSWORD };

let dataDir: string | undefined;
/**
 * This test file's own data folder (DATA_DIR), starting with the template's files (linked, see linkTree).
 * node:test runs each file in a process of its own and the folder is made once per process, so two
 * files never share one: one file's uploads, temp files and removals cannot change what another sees.
 */
export function testDataDir(): string {
  if (!dataDir) {
    const file = path.basename(process.argv[1] ?? 'test').replace(/[^\w.-]/g, '_');
    const dir = fs.mkdtempSync(path.join(TEST_ENV.tmp, `data-${file}-`));
    linkTree(TEST_ENV.seedDataDir, dir);
    dataDir = dir;
  }
  return dataDir;
}

/**
 * Hard-links every file under `from` into `to`: stored files are content-addressed and only ever
 * replaced by a rename, never rewritten in place, so a link is as good as a copy and costs no space.
 */
function linkTree(from: string, to: string) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) linkTree(source, path.join(to, entry.name));
    else fs.linkSync(source, path.join(to, entry.name));
  }
}

/**
 * A database of its own, a clone of the prepared template (migrated, demo data) unless another
 * template is named (`template1`: an empty database, for tests of the migrations themselves).
 */
export async function createTestDatabase(template = TEST_ENV.template): Promise<{ name: string; url: string; runtimeUrl: string; drop(): Promise<void> }> {
  const name = `t_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const admin = new pg.Client({ connectionString: TEST_ENV.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    /** As the owner (the test server's superuser): migrations, and tests that play the insider. */
    url: dbUrl(name),
    /** As the runtime role the platform works as. */
    runtimeUrl: runtimeDbUrl(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_ENV.adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The environment of an instance in a process of its own on the test database `db`, started as
 * `serve` starts one: this file's DATA_DIR, an audit key named after `name`, any port, no demo data
 * loaded; the test run's own environment without its replicas (DATABASE_READ_URL).
 */
export function instanceEnv(db: { url: string; runtimeUrl: string }, name: string): NodeJS.ProcessEnv {
  const { DATABASE_READ_URL: _replicas, ...inherited } = process.env;
  return {
    ...inherited, DATABASE_URL: db.runtimeUrl, DATABASE_OWNER_URL: db.url, DATA_DIR: testDataDir(),
    AUDIT_KEY_FILE: path.join(TEST_ENV.tmp, `${name}-audit-key.pem`), PORT: '0', HOST: '127.0.0.1',
    SEED_DEMO: 'false', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn', LOGIN_RATE_PER_MINUTE: '10000',
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  /** The same database as its owner (a superuser in tests): for tests that tamper with what the platform cannot. */
  owner: Db;
  close(): Promise<void>;
}

export async function testApp(opts: { now?: Date; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({}, {
    DATABASE_URL: database.runtimeUrl,
    DATABASE_OWNER_URL: database.url,
    DATA_DIR: testDataDir(),
    COOKIE_SECURE: 'false',
    LOGIN_RATE_PER_MINUTE: '10000',
    ...opts.env,
  });
  const db = openDatabase(database.runtimeUrl, 5);
  const owner = openDatabase(database.url, 2);
  const clock = fixedClock(opts.now ?? new Date('2026-11-23T02:00:00Z'));
  // The same wiring as openPlatform: events are the context's, not the routes'.
  const ctx: AppContext = { db: db.db, clock, config, storage: diskStorage(config.filesDir), events: domainEvents(), registry: enterpriseRegistry(config) };
  const app = await buildApp(ctx);
  return {
    app, ctx, clock, config, owner: owner.db,
    close: async () => {
      await app.close();
      await db.close();
      await owner.close();
      await database.drop();
    },
  };
}

/**
 * A second connection pool standing for the replicas (`ctx.readDb`, read through replicaDb), which
 * records the SQL of every statement it runs in the array answered. The test destroys it (`t.ctx.readDb.destroy()`).
 */
export function recordingReplica(t: TestApp): string[] {
  const statements: string[] = [];
  const pool = toleratingLostServer(new pg.Pool({ connectionString: t.config.DATABASE_URL, max: 2 }));
  t.ctx.readDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { statements.push(e.query.sql); } });
  return statements;
}

/** A signed-in client: sends the session cookie and the CSRF token like the web app does. */
export interface Session {
  cookie: string;
  csrf: string;
  user: { id: string; kind: string; roles: string[]; centerId: string | null; departmentId: string | null };
  get(url: string): Promise<LightMyRequestResponse>;
  /** `headers`: more request headers (e.g. `prefer`) beside the session's. */
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

export async function signIn(app: FastifyInstance, login: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${login} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ow_session');
  if (!cookie) throw new Error('no session cookie');
  const body = res.json();
  const headers = { cookie: `ow_session=${cookie.value}`, 'x-csrf-token': body.csrfToken };
  const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, more: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { ...more, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    cookie: headers.cookie, csrf: body.csrfToken, user: body.user,
    get: (url) => send('GET', url),
    post: (url, b, more) => send('POST', url, b ?? {}, more),
    put: (url, b) => send('PUT', url, b ?? {}),
    del: (url) => send('DELETE', url),
  };
}

/** A lifecycle action on a case, as `s`. */
export const caseAction = (s: Session, id: string, body: Record<string, unknown>) => s.post(`/api/cases/${id}/actions`, body);

/** The same, expected to succeed: answers the case as it now is. */
export async function caseActionOk(s: Session, id: string, body: Record<string, unknown>) {
  const r = await caseAction(s, id, body);
  assert.equal(r.statusCode, 200, `${String(body.action)}: ${r.body}`);
  return r.json().case;
}

/** Uploads a small real PDF as a material through POST /api/files; returns its id. */
export async function uploadMaterial(app: FastifyInstance, s: Session, name = '材料.pdf', bytes?: Buffer): Promise<string> {
  const data = bytes ?? Buffer.concat([Buffer.from('%PDF-1.4\n% material\n'), Buffer.alloc(512, 0x20)]);
  const boundary = '----ow' + randomUUID();
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await app.inject({ method: 'POST', url: '/api/files', payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** The id of a demo item by its exact name and the start of its center's name. */
export async function itemIdByName(app: FastifyInstance, name: string, center: string): Promise<string> {
  const found = (await app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent(name)}` })).json();
  const item = found.items.find((i: { name: string; center: { name: string } }) => i.name === name && i.center.name.startsWith(center));
  if (!item) throw new Error(`no demo item ${name} at ${center}`);
  return item.id;
}

/**
 * A walk-in the counter registers for `itemId`, of a kind the item serves (服务对象): this person when
 * it serves persons, else an enterprise named after them (the same each time, so its account is reused).
 */
export async function walkInFor(app: FastifyInstance, itemId: string, person: { name: string; idNumber: string; phone: string }) {
  const guide = (await app.inject({ method: 'GET', url: `/api/items/${itemId}/guide` })).json();
  const audiences = guide.version.content.audiences as string[];
  if (audiences.includes('person')) return { kind: 'person', ...person };
  const orgBase = `MA5TW${person.idNumber.slice(-4, -1)}`;
  return { kind: 'enterprise', name: `海口${person.name}代办有限公司`, creditCode: makeCreditCode('9', '1', '460100', orgBase), legalRepresentative: person.name, phone: person.phone };
}

/** Applies as `s`: the required form fields filled in, a PDF for every required material (issue 10: an online application carries them all). */
export async function submitApplication(app: FastifyInstance, s: Session, itemId: string, idempotencyKey: string = randomUUID()) {
  return s.post('/api/cases', await applicationBody(app, s, itemId, idempotencyKey));
}

/** The body `submitApplication` sends: every required field filled in, every required material uploaded by `s`. */
export async function applicationBody(app: FastifyInstance, s: Session, itemId: string, idempotencyKey: string = randomUUID()) {
  const form = (await app.inject({ method: 'GET', url: `/api/items/${itemId}/form` })).json();
  const values: Record<string, string> = {};
  for (const f of form.fields) if (f.required) values[f.key] = f.type === 'date' ? '2026-03-01' : f.type === 'number' ? '1' : '测试填写';
  const materials = [];
  for (const m of form.materials.filter((x: { requirement: string }) => x.requirement === 'required')) {
    materials.push({ key: m.key, fileId: await uploadMaterial(app, s, `${m.name}.pdf`) });
  }
  return { itemId, form: values, materials, idempotencyKey };
}

/**
 * The window clerk `s` records every required material of the case not yet received as received in
 * the original (issue 10: the counter's checklist, which `accept` needs); returns the checklist.
 */
export async function receiveMaterials(s: Session, caseId: string) {
  const list = (await s.get(`/api/cases/${caseId}/checklist`)).json();
  const items = list.materials.filter((m: { required: boolean; received: boolean }) => m.required && !m.received).map((m: { key: string }) => ({ key: m.key, state: 'original' }));
  if (items.length === 0) return list;
  const res = await s.put(`/api/cases/${caseId}/checklist`, { items });
  if (res.statusCode !== 200) throw new Error(`checklist failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Applies as `s` and expects the case created (201); returns it. */
export async function submittedCase(app: FastifyInstance, s: Session, itemId: string) {
  const res = await submitApplication(app, s, itemId);
  if (res.statusCode !== 201) throw new Error(`application failed: ${res.statusCode} ${res.body}`);
  return res.json().case as { id: string; materials: Array<{ key: string; status: string }> };
}

/**
 * The body of one joint application for these answers, as `s` would send it: every required field
 * of the merged form filled in, a PDF uploaded by `s` for every required material of the checklist.
 */
export async function jointApplication(app: FastifyInstance, s: Session, matterId: string, answers: Record<string, string>) {
  const list = (await app.inject({ method: 'POST', url: `/api/joint/matters/${matterId}/checklist`, payload: { answers } })).json();
  const form: Record<string, string> = {};
  for (const f of list.fields) if (f.required) form[f.key] = f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  // What the matter itself issues (a prerequisite's result, `producedWithin`) is not uploaded.
  for (const m of list.materials.filter((x: { requirement: string; producedWithin?: string[] }) => x.requirement === 'required' && !x.producedWithin)) {
    materials.push({ key: m.key, fileId: await uploadMaterial(app, s, `${m.name}.pdf`) });
  }
  return { answers, form, materials, idempotencyKey: randomUUID() };
}

/** The cast around the province's building permit: the applicant company, the intake window, the housing department's approver and chief, the supervisor. */
export async function housingCast(app: FastifyInstance) {
  const [company, window1, approver, chief, supervisor] = await Promise.all([
    signIn(app, DEMO_ENTERPRISE.creditCode), signIn(app, 'window1'), signIn(app, 'approver.housing'), signIn(app, 'chief.housing'), signIn(app, 'supervisor'),
  ]);
  return { company, window1, approver, chief, supervisor, permitId: await itemIdByName(app, '建筑工程施工许可证核发', '海南省') };
}
