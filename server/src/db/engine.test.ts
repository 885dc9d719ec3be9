import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { openPlatform } from '../platform.ts';

test('the embedded PostgreSQL keeps its data across a restart', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-engine-'));
  const config = loadConfig({}, { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(58000 + Math.floor(Math.random() * 1000)) });
  try {
    const first = await openPlatform(config);
    assert.equal(first.server.embedded, true);
    await first.ctx.db.insertInto('regions').values({ code: '469000', name: '省直辖县级行政区划', name_en: null, level: 'city', parent_code: null }).execute();
    await first.close();
    assert.ok(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')));

    const second = await openPlatform(config);
    const row = await second.ctx.db.selectFrom('regions').select('name').where('code', '=', '469000').executeTakeFirst();
    assert.equal(row?.name, '省直辖县级行政区划');
    const migrations = await second.database.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    assert.ok(migrations.rows[0].n >= 1, 'migrations are recorded and not applied twice');
    await second.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

const { DATABASE_URL: _external, ...withoutDatabaseUrl } = process.env;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `npm run cli -- serve` as a child process; resolves with its port once the start banner names it. */
function serveChild(dataDir: string, pgPort: number): { child: ChildProcess; port: Promise<number>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
    cwd: root,
    env: { ...withoutDatabaseUrl, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = new Promise<number>((resolve, reject) => {
    const seen = (c: Buffer) => {
      out += c;
      const m = /is running: http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (c) => { out += c; });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before its banner:\n${out}`)));
  });
  return { child, port, output: () => out };
}

/** The embedded cluster's postmaster pid and port, from its postmaster.pid. */
function postmaster(dataDir: string) {
  const lines = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}
const alive = (pid: number) => { try { process.kill(pid, 0); return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; } };

async function withClient<T>(port: number, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `postgres://onewindow:onewindow-local@127.0.0.1:${port}/onewindow` });
  await c.connect();
  try { return await run(c); } finally { await c.end(); }
}

test('killed hard while serving (its PostgreSQL left running), the platform comes up by itself on the next start, data intact', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-engine-kill-'));
  const pgPort = 57000 + Math.floor(Math.random() * 1000);
  try {
    const first = serveChild(dataDir, pgPort);
    const port = await first.port;
    assert.equal((await fetch(`http://127.0.0.1:${port}/api/health`)).status, 200);
    const orphan = postmaster(dataDir);
    await withClient(orphan.port, (c) => c.query(`INSERT INTO regions (code, name, level) VALUES ('469001', '五指山市', 'city')`));
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    assert.ok(alive(orphan.pid), 'the killed app left its PostgreSQL running');

    const second = serveChild(dataDir, pgPort);
    try {
      const again = await second.port;
      assert.equal((await fetch(`http://127.0.0.1:${again}/api/health`)).status, 200, second.output());
      assert.equal(alive(orphan.pid), false, 'the orphan was stopped');
      assert.match(second.output(), /left running by a OneWindow that did not shut down/);
      const rows = await withClient(postmaster(dataDir).port, (c) => c.query(`SELECT name FROM regions WHERE code = '469001'`));
      assert.equal(rows.rows[0]?.name, '五指山市');
    } finally {
      const closed = new Promise((r) => second.child.once('exit', r));
      second.child.kill('SIGTERM');
      await closed;
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a second platform on a DATA_DIR a live one is using is refused in one sentence', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-engine-twice-'));
  const config = loadConfig({}, { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(56000 + Math.floor(Math.random() * 1000)) });
  try {
    const first = await openPlatform(config, { migrate: false });
    try {
      await assert.rejects(openPlatform(config, { migrate: false }), (err: Error) => {
        assert.match(err.message, /^Another OneWindow \(pid \d+\) is using DATA_DIR .*: stop it first, or give this one another DATA_DIR\.$/);
        return true;
      });
      assert.equal((await first.database.pool.query('SELECT 1 AS one')).rows[0].one, 1, 'and the running one is left alone');
    } finally {
      await first.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('as root, a DATA_DIR under a folder others cannot enter (mode 0700) stops with one sentence that says what to do', { skip: process.getuid?.() !== 0 && 'only root runs PostgreSQL as another user' }, async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-engine-home-'));
  fs.chmodSync(home, 0o700);
  const config = loadConfig({}, { DATA_DIR: path.join(home, 'clone', 'data'), EMBEDDED_PG_PORT: String(55000 + Math.floor(Math.random() * 1000)) });
  try {
    await assert.rejects(openPlatform(config), (err: Error) => {
      assert.match(err.message, new RegExp(`cannot enter ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(mode 700\\): .*chmod o\\+x`));
      assert.doesNotMatch(err.message, /EACCES|\n/);
      return true;
    });
    assert.equal(fs.existsSync(path.join(home, 'clone', 'data', 'pg')), false, 'nothing half-made is left');
    // Following the advice, it starts.
    fs.chmodSync(home, 0o711);
    const p = await openPlatform(config, { migrate: false });
    assert.equal((await p.database.pool.query('SELECT 1 AS one')).rows[0].one, 1);
    await p.close();
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
