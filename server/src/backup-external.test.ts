/**
 * Backup and restore with an external database (`DATABASE_URL`: pg_dump / pg_restore; issue 18,
 * docs/operations.md "Backup and restore").
 *
 * pg_dump refuses a server of a newer major version than itself. The test run's PostgreSQL is the
 * embedded one (18) and Debian's pg_dump is 15, so against it the backup must stop with the versions
 * and PG_DUMP named, writing nothing; that is the first test. The round trip itself runs on a
 * PostgreSQL pg_dump can dump: the test run's server when pg_dump is at least its version (e.g.
 * `DATABASE_URL` naming a 15 server for `npm test`), else a private server of pg_dump's own version
 * from Debian's postgresql package (the same `/usr/lib/postgresql/NN/bin` as pg_dump; `.ci/run`
 * installs it), started for this file on a loopback port and removed after.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openPlatform } from './platform.ts';
import { DEMO_ENTERPRISE, seedDemo } from './seed/seed.ts';
import { TEST_ENV } from './test/env.ts';
import { createTestDatabase, itemIdByName, signIn, submittedCase } from './test/harness.ts';

const { DATABASE_URL: _u, DATABASE_OWNER_URL: _o, DATABASE_READ_URL: _r, PG_DUMP: _d, PG_RESTORE: _s, ...baseEnv } = process.env;
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], { encoding: 'utf8', env: { ...baseEnv, ...env }, timeout: 600_000 });

const majorOf = (text: string) => Number(/(\d+)/.exec(text)?.[1]);
const pgDumpMajor = majorOf(spawnSync('pg_dump', ['--version'], { encoding: 'utf8' }).stdout ?? '');

async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query<R>(text, values);
  } finally {
    await c.end();
  }
}
const serverMajor = async (url: string) => Math.floor(Number((await query<{ n: string }>(url, `SELECT current_setting('server_version_num') AS n`)).rows[0]!.n) / 10000);
const withDatabase = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
const asRole = (url: string, role: string, password: string) => { const u = new URL(url); u.username = role; u.password = password; return u.toString(); };

/** A private PostgreSQL of pg_dump's major version (Debian's server binaries), as a superuser URL; stopped and removed by `stop`. */
async function privateServer(major: number): Promise<{ adminUrl: string; stop(): void }> {
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!fs.existsSync(path.join(bin, 'postgres'))) {
    throw new Error(`no PostgreSQL ${major} server in ${bin} to match pg_dump ${major}: install Debian's postgresql package (.ci/run does)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ow-pg${major}-`));
  // PostgreSQL refuses root: as root it runs as the `postgres` user the package created.
  let asUser: { uid?: number; gid?: number } = {};
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    asUser = { uid: id('-u'), gid: id('-g') };
    fs.chmodSync(dir, 0o755);
    fs.chownSync(data, asUser.uid!, asUser.gid!);
  }
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(path.join(bin, cmd), args, { encoding: 'utf8', cwd: dir, ...asUser, timeout: 300_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stdout}${r.stderr}`);
  };
  run('initdb', ['-D', data, '-U', 'ow', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
  // -w: pg_ctl returns once the server accepts connections.
  run('pg_ctl', ['-D', data, '-l', path.join(data, 'server.log'), '-w', '-o', `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`, 'start']);
  return {
    adminUrl: `postgres://ow@127.0.0.1:${port}/postgres`,
    stop: () => {
      spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], { ...asUser });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let harnessMajor: number;
before(async () => { harnessMajor = await serverMajor(TEST_ENV.adminUrl); });

test('backup with DATABASE_URL on a server newer than pg_dump stops with both versions and PG_DUMP named, and writes nothing', async (t) => {
  if (pgDumpMajor >= harnessMajor) {
    // pg_dump can dump the test run's server: the round trip below runs on it, and a newer server is shown by naming an older pg_dump.
    t.diagnostic(`pg_dump ${pgDumpMajor} >= server ${harnessMajor}: the refusal is shown with PG_DUMP naming a fake pg_dump 9`);
  }
  const db = await createTestDatabase();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-backup-ext-refused-'));
  try {
    const env: Record<string, string> = { DATABASE_URL: db.url, DATA_DIR: path.join(root, 'data') };
    if (pgDumpMajor >= harnessMajor) {
      const fake = path.join(root, 'pg_dump');
      fs.writeFileSync(fake, '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6"\n', { mode: 0o755 });
      env.PG_DUMP = fake;
    }
    const target = path.join(root, 'backup');
    const r = cli(['backup', target], env);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const tool = env.PG_DUMP ?? 'pg_dump';
    const toolMajor = env.PG_DUMP ? 9 : pgDumpMajor;
    assert.match(r.stderr, new RegExp(`${tool.replace(/[/.]/g, '\\$&')} is version ${toolMajor} and the server ${harnessMajor}\\.\\d+: pg_dump cannot dump a newer server\\. Install the client of version ${harnessMajor} or later and name it with PG_DUMP`));
    assert.deepEqual(fs.readdirSync(target), [], 'no dump, no manifest, no files');
    assert.equal(fs.existsSync(env.DATA_DIR!), false);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    await db.drop();
  }
});

let server: { adminUrl: string; stop(): void } | null = null;
after(() => server?.stop());

test('backup of an external database with pg_dump, restored with pg_restore into an empty database: the audit chain verifies, the case and its file are there', { timeout: 1_200_000 }, async () => {
  if (pgDumpMajor >= harnessMajor) server = { adminUrl: TEST_ENV.adminUrl, stop: () => {} };
  else server = await privateServer(pgDumpMajor);
  const major = await serverMajor(server.adminUrl);
  assert.ok(pgDumpMajor >= major);
  const suffix = Math.random().toString(36).slice(2, 10);
  const [source, target, role] = [`ow_src_${suffix}`, `ow_dst_${suffix}`, `ow_rt_${suffix}`];
  // The DBA's setup (docs/operations.md, "Database roles"): the owner migrates, the runtime role works.
  await query(server.adminUrl, `CREATE ROLE ${role} LOGIN PASSWORD 'rt-${suffix}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
  await query(server.adminUrl, `CREATE DATABASE ${source}`);
  const urls = (name: string) => ({ DATABASE_OWNER_URL: withDatabase(server!.adminUrl, name), DATABASE_URL: asRole(withDatabase(server!.adminUrl, name), role, `rt-${suffix}`) });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-backup-ext-'));
  fs.chmodSync(root, 0o755);
  const keyFile = path.join(root, 'audit-key.pem');
  const envA = { ...urls(source), DATA_DIR: path.join(root, 'a'), AUDIT_KEY_FILE: keyFile };
  const envB = { ...urls(target), DATA_DIR: path.join(root, 'b'), AUDIT_KEY_FILE: keyFile };
  const backupDir = path.join(root, 'backup');
  try {
    const a = await openPlatform(loadConfig({}, { ...envA, COOKIE_SECURE: 'false' }), { jobs: false });
    let caseId: string;
    let file: { id: string; sha256: string };
    try {
      await seedDemo(a.ctx);
      const app = await buildApp(a.ctx);
      try {
        const company = await signIn(app, DEMO_ENTERPRISE.creditCode);
        caseId = (await submittedCase(app, company, await itemIdByName(app, '建筑工程施工许可证核发', '海南省'))).id;
        file = await a.ctx.db.selectFrom('case_materials as m').innerJoin('files as f', 'f.id', 'm.file_id')
          .select(['f.id', 'f.sha256']).where('m.case_id', '=', caseId).executeTakeFirstOrThrow();

        // Beside the running platform.
        const b = cli(['backup', backupDir], envA);
        assert.equal(b.status, 0, b.stdout + b.stderr);
        assert.match(b.stdout, new RegExp(`database dumped \\(PostgreSQL ${major}\\.\\d+[^,]*, pg_dump ${pgDumpMajor}\\)`));
        const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
        assert.equal(manifest.kind, 'pg_dump');
        assert.equal(manifest.serverMajor, major);
        assert.ok(manifest.files > 0, 'the uploaded files are in it');
        // The dump's table of contents names the data of the tables that matter.
        const list = spawnSync('pg_restore', ['--list', path.join(backupDir, 'database.dump')], { encoding: 'utf8' });
        assert.equal(list.status, 0, list.stderr);
        for (const table of ['cases', 'case_materials', 'files', 'audit_events', 'schema_migrations']) {
          assert.match(list.stdout, new RegExp(`TABLE DATA public ${table} `), table);
        }
        assert.match(list.stdout, /SCHEMA - graphile_worker\b/);

        await a.ctx.db.insertInto('regions').values({ code: '469098', name: '备份之后', name_en: null, level: 'city', parent_code: null }).execute();
      } finally {
        await app.close();
      }
    } finally {
      await a.close();
    }

    // Into a new, empty database (the DBA creates it) and an empty DATA_DIR.
    await query(server.adminUrl, `CREATE DATABASE ${target}`);
    const r = cli(['restore', backupDir], envB);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /database restored with pg_restore/);

    const v = cli(['verify-audit'], envB);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /audit trail intact: \d+ events/);

    const b = await openPlatform(loadConfig({}, envB), { jobs: false });
    try {
      const restored = await b.ctx.db.selectFrom('cases').select(['status']).where('id', '=', caseId).executeTakeFirst();
      assert.equal(restored?.status, 'submitted');
      const f = await b.ctx.db.selectFrom('files').select(['sha256', 'storage_key']).where('id', '=', file.id).executeTakeFirstOrThrow();
      const bytes = fs.readFileSync(path.join(envB.DATA_DIR, 'files', f.storage_key));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), file.sha256, 'the uploaded file came back, byte for byte');
      assert.equal(await b.ctx.db.selectFrom('regions').select('code').where('code', '=', '469098').executeTakeFirst(), undefined, 'what was written after the backup is not in it');
    } finally {
      await b.close();
    }

    // A second restore into the now used database is refused and changes nothing.
    const count = async () => Number((await query<{ n: string }>(envB.DATABASE_OWNER_URL, 'SELECT count(*) AS n FROM cases')).rows[0]!.n);
    const before = await count();
    const again = cli(['restore', backupDir], envB);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /is not empty: restore into a new, empty database/);
    assert.equal(await count(), before);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    for (const name of [source, target]) await query(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await query(server.adminUrl, `DROP ROLE IF EXISTS ${role}`).catch(() => {});
  }
});
