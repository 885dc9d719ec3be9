import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './types.ts';
import { AFTER_COMMIT_SEND, AfterCommitDialect, AfterCommitNotifier } from './after-commit.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

// Dates stay strings (YYYY-MM-DD): a legal date has no time zone and must not shift through a Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts fit in a JS number for anything this system stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Statement texts the server keeps parsed and planned per connection (issue 18): text → name. A
 * text registered here (by `db/prepared.ts`) is sent as a named statement, so each connection
 * parses it once and PostgreSQL may reuse its plan, instead of parsing and planning it on every
 * call. Names are per process and per connection; a connection that does not know one yet (new,
 * after a failover, or handed over by PgBouncer in session mode) is sent the text again.
 */
const statementNames = new Map<string, string>();

/** Past this many texts nothing more is named: each connection keeps every statement it parsed. */
const MAX_NAMED_STATEMENTS = 2000;

// `select *`, `returning *`, `"t".*` (Kysely's selectAll and returningAll); not count(*). Never named: a
// migration adding a column under a running instance would change the result of the kept plan, which
// PostgreSQL refuses ("cached plan must not change result type"); a statement naming its columns is
// replanned after any migration, silently.
const ALL_COLUMNS = /(?:\bselect|\breturning|,)\s+(?:"[^"]+"\.)?\*/i;

/** Registers `text` to be sent as a named statement, unless its result is `*` or the limit is reached. */
export function nameStatement(text: string): void {
  if (statementNames.has(text) || statementNames.size >= MAX_NAMED_STATEMENTS || ALL_COLUMNS.test(text)) return;
  statementNames.set(text, `ow_${statementNames.size + 1}`);
}

/** pg's client, sending a registered text as its named statement; everything else as before. */
class NamingClient extends pg.Client {}
NamingClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [text, values, ...rest] = args;
  const name = typeof text === 'string' && Array.isArray(values) ? statementNames.get(text) : undefined;
  // pg.Client.prototype.query looked up at each call: a test that wraps it still sees every statement. The
  // callback stays (pg's pool passes one to `pool.query`: without it such a query would never answer).
  return (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, name ? [{ name, text, values }, ...rest] : args);
} as typeof pg.Client.prototype.query;

export function openDatabase(url: string, max = 20): Database {
  const pool = toleratingLostServer(new pg.Pool({ connectionString: url, max, application_name: 'onewindow', Client: NamingClient }));
  // Transactions send their notifications after COMMIT, outside them (db/after-commit.ts).
  const notifier = new AfterCommitNotifier(pool);
  nameStatement(AFTER_COMMIT_SEND);
  const db = new Kysely<DB>({ dialect: new AfterCommitDialect({ pool }, notifier) });
  pools.set(db, pool);
  notifiers.set(db, notifier);
  return { db, pool, close: async () => { await notifier.idle(); await db.destroy(); } };
}

/**
 * An idle client losing its server (a failover, a restart, a dropped database) must not crash the
 * process; the next query reports it. pg's pool emits the loss as 'error', which crashes without a
 * listener — also after `end()`, which resolves once its clients are asked to close, before their
 * servers have gone. Every pool the platform or a test makes goes through this.
 */
export function toleratingLostServer(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  pool.on('connect', (client) => { client.on('error', () => {}); });
  return pool;
}

const pools = new WeakMap<Db, pg.Pool>();
const notifiers = new WeakMap<Db, AfterCommitNotifier>();

/** Resolves once the notifications `db`'s committed transactions queued so far have been sent (db/after-commit.ts). */
export async function afterCommitSent(db: Db): Promise<void> {
  await notifiers.get(db)?.idle();
}

/** The pg pool under `db` (for its figures in /metrics); undefined for a Kysely made elsewhere. */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * A client of its own on `db`'s database, with the pool's settings, outside the pool: for LISTEN,
 * which holds its connection for as long as it listens (a pooled connection would be handed back).
 */
export function dedicatedClient(db: Db, applicationName: string): pg.Client {
  const pool = pools.get(db);
  if (!pool) throw new Error('dedicatedClient: not a database opened by openDatabase');
  return new pg.Client({ connectionString: pool.options.connectionString, application_name: applicationName });
}

/**
 * A transaction that also needs the raw connection, for what Kysely cannot send (COPY … FROM
 * STDIN): one client of `db`'s pool, a Kysely transaction on that very client, and the client
 * itself, so a COPY runs inside the same transaction as the queries around it.
 */
export async function transactionWithClient<T>(db: Db, fn: (tx: Tx, client: pg.PoolClient) => Promise<T>): Promise<T> {
  const pool = pools.get(db);
  if (!pool) throw new Error('transactionWithClient: not a database opened by openDatabase');
  const client = await pool.connect();
  // A pool of this one client for Kysely: it never releases or ends it (we do, below).
  const one = new Kysely<DB>({ dialect: new PostgresDialect({ pool: { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} } as unknown as pg.Pool }) });
  let broken: Error | undefined;
  try {
    return await one.transaction().execute((tx) => fn(tx, client));
  } catch (e) {
    // A connection lost mid-COPY must not go back to the pool.
    if ((e as { code?: string }).code === undefined && !(e as { status?: number }).status) broken = e as Error;
    throw e;
  } finally {
    await one.destroy();
    client.release(broken);
  }
}
