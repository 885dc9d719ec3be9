/**
 * Graceful shutdown of `serve` (issue 18; docs/operations.md, "Graceful shutdown"), on a real
 * process, synchronised on database conditions only (no timing):
 *
 * - a case submission is held in flight by a row lock the test holds (the FK check of its
 *   `case_materials` insert waits on the test's `FOR UPDATE` of the uploaded file's row);
 * - a background job (an SMS of the outbound queue) is held running by a second lock (the simulated
 *   gateway's `sim_sms_faults` row for its number, taken `FOR UPDATE`);
 * - `pg_blocking_pids()` shows both of the server's backends waiting on the test's lock holders;
 *   then SIGTERM: new connections are refused while the request is still held; released, the request
 *   is answered 201 and its case committed; the platform then waits for the job (still held, its
 *   graphile-worker claim still taken), which completes once released; the process exits 0, no job
 *   is left claimed and no warning lease is left.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { after, test } from 'node:test';
import pg from 'pg';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { systemClock } from './lib/clock.ts';
import type { AppContext } from './lib/context.ts';
import { diskStorage } from './modules/files/storage.ts';
import { DEMO_ENTERPRISE } from './seed/seed.ts';
import { domainEvents } from './subscribers.ts';
import { applicationBody, createTestDatabase, instanceEnv, itemIdByName, signIn } from './test/harness.ts';
import { enterpriseRegistry } from './modules/bids/registries.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
after(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
});

/** A client of the test's own (as the owner), with its backend pid. */
async function client(url: string) {
  const c = new pg.Client({ connectionString: url, application_name: 'shutdown-test' });
  await c.connect();
  cleanups.push(() => c.end());
  const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return { c, pid };
}

/** Re-checks a condition until it holds (each probe is a query or a connection attempt); fails after `limitMs` naming what was awaited. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, limitMs = 300_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The process's standard output, and a promise for the first time it matches `re`. */
function watch(child: ChildProcess) {
  let out = '';
  let err = '';
  const waiting: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }> = [];
  const check = () => {
    for (const w of [...waiting]) {
      const m = out.match(w.re);
      if (m) { waiting.splice(waiting.indexOf(w), 1); w.resolve(m); }
    }
  };
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); check(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const w of waiting.splice(0)) w.reject(new Error(`the server exited (${code ?? signal}) before printing ${w.re}\n${out.slice(-3000)}\n${err.slice(-3000)}`));
      resolve({ code, signal });
    });
  });
  return {
    exited,
    get out() { return out; },
    get err() { return err; },
    line: (re: RegExp) => new Promise<RegExpMatchArray>((resolve, reject) => { waiting.push({ re, resolve, reject }); check(); }),
  };
}

/** Whether a new TCP connection to the port is refused now (a connection accepted is closed at once). */
const refused = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  s.once('connect', () => { s.destroy(); resolve(false); });
  s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
});

test('SIGTERM: the request in flight is answered and committed, new connections are refused, the running job completes, exit 0', { timeout: 900_000 }, async (t) => {
  const t0 = Date.now();
  const mark = (what: string) => t.diagnostic(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  const env = instanceEnv(db, 'shutdown');

  // The applicant's session and uploaded materials, made beside the server on the same database and
  // DATA_DIR (sessions are rows: the server accepts the cookie and its CSRF token).
  const local = openDatabase(db.runtimeUrl, 3);
  const config = loadConfig({}, env);
  const ctx: AppContext = { db: local.db, clock: systemClock, config, storage: diskStorage(config.filesDir), events: domainEvents(), registry: enterpriseRegistry(config) };
  const app = await buildApp(ctx);
  const company = await signIn(app, DEMO_ENTERPRISE.creditCode);
  const body = await applicationBody(app, company, await itemIdByName(app, '建筑工程施工许可证核发', '海南省'));
  const heldFile = body.materials[0]!.fileId;
  await app.close();
  await local.close();

  const owner = await client(db.url);
  assert.equal((await owner.c.query('SELECT 1 FROM cases WHERE light_claim IS NOT NULL')).rowCount, 0, 'no warning lease before the start');

  // The server, as `npm start` runs it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  const server = watch(child);
  const port = Number((await server.line(/is running: http:\/\/[^\s:]+:(\d+)/))[1]);
  mark('the server is up');

  // Lock 1 holds the submission: its case_materials insert checks the file's row (FOR KEY SHARE), which waits on FOR UPDATE.
  const requestLock = await client(db.url);
  await requestLock.c.query('BEGIN');
  assert.equal((await requestLock.c.query('SELECT id FROM files WHERE id = $1 FOR UPDATE', [heldFile])).rowCount, 1);
  // Lock 2 holds the job: the simulated SMS gateway reads its fault row for the number FOR UPDATE
  // (remaining 0: once released it plays no fault and sends).
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await owner.c.query(`INSERT INTO sim_sms_faults (phone, fault, remaining) VALUES ($1, 'timeout', 0)`, [phone]);
  const jobLock = await client(db.url);
  await jobLock.c.query('BEGIN');
  assert.equal((await jobLock.c.query('SELECT phone FROM sim_sms_faults WHERE phone = $1 FOR UPDATE', [phone])).rowCount, 1);
  const outboundId = (await owner.c.query<{ id: string }>(`INSERT INTO outbound_messages (channel, recipient, text, dedupe_key, created_at)
    VALUES ('sms', $1, '【一窗通办】停机测试', $2, now()) RETURNING id`, [phone, `shutdown-test:${phone}`])).rows[0]!.id;
  const jobId = (await owner.c.query<{ id: string }>(`SELECT id FROM graphile_worker.add_job('messages.send_outbound', json_build_object('id', $1::bigint))`, [outboundId])).rows[0]!.id;

  // The submission, over HTTP, on a kept-alive connection as a load balancer holds them (it must not hold the shutdown up).
  const agent = new http.Agent({ keepAlive: true });
  cleanups.push(() => agent.destroy());
  let answered = false;
  const response = new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request({
      host: '127.0.0.1', port, path: '/api/cases', method: 'POST', agent,
      headers: { cookie: company.cookie, 'x-csrf-token': company.csrf, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => { answered = true; resolve({ status: res.statusCode!, body: text, connection: res.headers.connection }); });
    });
    req.on('error', reject);
    req.end(payload);
  });
  const blockedOn = async (holder: number) => (await owner.c.query<{ pid: number; query: string }>(
    'SELECT pid, query FROM pg_stat_activity WHERE datname = $1 AND $2 = ANY (pg_blocking_pids(pid))', [db.name, holder])).rows[0];
  const requestBackend = await until('the submission waiting on the file row lock', () => blockedOn(requestLock.pid));
  // The submission's one statement (case, materials, audit event); pg_stat_activity shows its first 1 KB.
  assert.match(requestBackend.query, /^with "c" as \(insert into "cases"/i);
  const jobBackend = await until('the SMS job waiting on the fault row lock', () => blockedOn(jobLock.pid));
  assert.match(jobBackend.query, /sim_sms_faults/i);
  const jobClaim = async () => (await owner.c.query<{ locked_by: string | null }>('SELECT locked_by FROM graphile_worker.jobs WHERE id = $1', [jobId])).rows[0]?.locked_by ?? null;
  assert.ok(await jobClaim(), 'the job is claimed by the server\'s worker');

  mark('both held');
  child.kill('SIGTERM');
  await server.line(/stopping: finishing the requests in flight/);
  await until('new connections refused', () => refused(port));
  assert.equal(answered, false, 'the request is still in flight while new connections are refused');
  assert.ok(await blockedOn(requestLock.pid), 'and still waiting on the lock');

  await requestLock.c.query('ROLLBACK');
  const res = await response;
  mark('request answered');
  assert.equal(res.status, 201, res.body);
  assert.equal(res.connection, 'close', 'answered during the stop, the kept-alive connection is closed (not left open for the 72 s keep-alive timeout)');
  const caseId = JSON.parse(res.body).case.id as string;
  const committed = await owner.c.query<{ status: string; materials: number }>(`SELECT c.status, (SELECT count(*)::int FROM case_materials m WHERE m.case_id = c.id) AS materials
    FROM cases c WHERE c.id = $1 AND c.idempotency_key = $2`, [caseId, body.idempotencyKey]);
  assert.deepEqual(committed.rows, [{ status: 'submitted', materials: body.materials.length }], 'the case answered in flight is committed');

  // The HTTP server is closed and the sweeps idle; the platform now waits for the job, which is still held with its claim.
  await server.line(/waiting for the running background jobs/);
  assert.ok(await blockedOn(jobLock.pid), 'the job is still running when the worker is asked to stop');
  assert.ok(await jobClaim(), 'and still claimed');
  assert.equal(child.exitCode, null);
  mark('request answered, the job awaited');
  await jobLock.c.query('ROLLBACK');

  const { code, signal } = await server.exited;
  mark('exited');
  assert.equal(signal, null);
  assert.equal(code, 0, server.out.slice(-3000) + server.err.slice(-3000));
  assert.match(server.out, /\[onewindow\] stopped/);

  // The job ran to its end: the SMS was sent once, its row says so, the job is done (graphile-worker deletes it).
  const sms = await owner.c.query('SELECT phone FROM sim_sms_messages WHERE client_ref = $1', [`ow-out-${outboundId}`]);
  assert.equal(sms.rowCount, 1);
  const row = await owner.c.query<{ status: string }>('SELECT status FROM outbound_messages WHERE id = $1', [outboundId]);
  assert.equal(row.rows[0]!.status, 'sent');
  const left = await owner.c.query('SELECT attempts, locked_by, locked_at, last_error FROM graphile_worker.jobs WHERE id = $1', [jobId]);
  assert.deepEqual(left.rows, [], 'the job is done: its completion was written before the pool closed');
  assert.equal((await owner.c.query('SELECT 1 FROM graphile_worker.jobs WHERE locked_by IS NOT NULL')).rowCount, 0, 'no job left claimed');
  assert.equal((await owner.c.query('SELECT 1 FROM cases WHERE light_claim IS NOT NULL')).rowCount, 0, 'no warning lease left');
});
