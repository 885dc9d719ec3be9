import { CompiledQuery, PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type PostgresDialectConfig, type QueryResult, type TransactionSettings } from 'kysely';
import type pg from 'pg';
import type { Db, Tx } from './database.ts';

/**
 * Notifications sent after the transaction that queued them commits, never for one that rolls back,
 * and outside it (issue 18).
 *
 * Why not `pg_notify` in the transaction: PostgreSQL serialises the commits of every transaction that
 * notifies, database-wide. A notifying transaction takes one lock at commit and holds it while its
 * commit record is flushed, and, in a cluster with synchronous replication, while the standby
 * confirms it; so notifying transactions commit one after another instead of sharing a flush
 * (group commit). Measured on the bench machine, pgbench with 16 clients inserting a row per
 * transaction: 4,503–5,228 /s without a notification, 1,494–1,542 /s with one, the same at 32 clients
 * (bench/README.md, "NOTIFY serialises commits"). Every case action notifies the live board, so
 * every submission of a province waited in that one line.
 *
 * How: `notifyAfterCommit(tx, channel, payload)` sends a marker statement that the connections of
 * `openDatabase` keep with their transaction instead of sending it; the driver hands them to the
 * database's `AfterCommitNotifier` once COMMIT has succeeded and drops them on ROLLBACK (or a rollback
 * to a savepoint taken before them). The notifier sends what is waiting in one statement of its own,
 * one at a time per instance, so under load many notifications share one transaction, and that
 * transaction commits asynchronously (`synchronous_commit` off: a notification is not data; a crash
 * loses the notifications in flight either way). A listener is woken once per such transaction.
 *
 * What is given up: a crash between the commit and the send loses those notifications, as a lost
 * LISTEN connection loses what was sent meanwhile; every consumer already catches up (the display
 * re-reads on listening again, a board reloads on reconnect, the lights' next sweep).
 *
 * Outside `openDatabase` (a Kysely made over one client for COPY, a test's own), the marker reaches
 * PostgreSQL as the `pg_notify` it also is: delivered at commit, inside the transaction, as before.
 */
const MARKER = 'SELECT pg_notify($1, $2) /* ow:after-commit */';

/** Queues `payload` on `channel` for when `q`'s transaction commits (at once for a statement outside a transaction). */
export async function notifyAfterCommit(q: Db | Tx, channel: string, payload: string): Promise<void> {
  await q.executeQuery(CompiledQuery.raw(MARKER, [channel, payload]));
}

type Notice = [channel: string, payload: string];

/** What is waiting, in one transaction committed without waiting for its flush (openDatabase names it: parsed once per connection). */
export const AFTER_COMMIT_SEND = "SELECT set_config('synchronous_commit', 'off', true), count(pg_notify(n.channel, n.payload)) FROM unnest($1::text[], $2::text[]) AS n(channel, payload)";

/** Notifications per send: each is at most 8,000 bytes, so a send stays within a few MB. */
const MAX_PER_SEND = 500;

export class AfterCommitNotifier {
  private waiting: Notice[] = [];
  private sending: Promise<void> | null = null;

  constructor(private readonly pool: pg.Pool, private readonly log: (m: string) => void = () => {}) {}

  send(notices: readonly Notice[]) {
    this.waiting.push(...notices);
    this.start();
  }

  private start() {
    if (this.sending) return;
    this.sending = this.drain().finally(() => {
      this.sending = null;
      // Queued after the drain's last look and before this: sent now, not with the next commit.
      if (this.waiting.length > 0) this.start();
    });
  }

  /** Resolves once everything queued so far has been sent (or given up). */
  async idle(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async drain() {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_PER_SEND);
      try {
        await this.pool.query(AFTER_COMMIT_SEND, [batch.map(([c]) => c), batch.map(([, p]) => p)]);
      } catch (e) {
        // The database is out of reach: these are lost, as during a lost LISTEN connection (see above).
        this.log(`after-commit notifications: ${batch.length} not sent: ${(e as Error).message}`);
      }
    }
  }
}

/** Per connection of a transaction: the notices queued so far, and how many there were at each savepoint. */
interface Pending { notices: Notice[]; savepoints: Map<string, number> }

// SAVEPOINT x / ROLLBACK TO [SAVEPOINT] x, as Kysely's savepoints and a raw `sql` send them (names quoted or not).
const SAVEPOINT = /^\s*savepoint\s+"?([^"\s]+)"?\s*$/i;
const ROLLBACK_TO = /^\s*rollback\s+to\s+(?:savepoint\s+)?"?([^"\s]+)"?\s*$/i;

/** Keeps how many notices were queued at each savepoint, and drops those queued after one rolled back to. */
function trackSavepoint(p: Pending, text: string) {
  const taken = SAVEPOINT.exec(text)?.[1];
  if (taken !== undefined) { p.savepoints.set(taken, p.notices.length); return; }
  const back = ROLLBACK_TO.exec(text)?.[1];
  const at = back === undefined ? undefined : p.savepoints.get(back);
  if (at !== undefined) p.notices.length = at;
}

class AfterCommitDriver extends PostgresDriver {
  private readonly pending = new WeakMap<DatabaseConnection, Pending>();

  constructor(config: PostgresDialectConfig, private readonly notifier: AfterCommitNotifier) {
    super({
      ...config,
      onCreateConnection: async (connection) => {
        const execute = connection.executeQuery.bind(connection);
        connection.executeQuery = (async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
          const p = this.pending.get(connection);
          if (query.sql === MARKER) {
            const [channel, payload] = query.parameters as unknown as Notice;
            if (p) p.notices.push([channel, payload]);
            else this.notifier.send([[channel, payload]]);
            return { rows: [] };
          }
          const result = await execute<R>(query);
          if (p) trackSavepoint(p, query.sql);
          return result;
        }) as DatabaseConnection['executeQuery'];
        await config.onCreateConnection?.(connection);
      },
    });
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await super.beginTransaction(connection, settings);
    this.pending.set(connection, { notices: [], savepoints: new Map() });
  }

  override async commitTransaction(connection: DatabaseConnection) {
    const p = this.pending.get(connection);
    this.pending.delete(connection);
    await super.commitTransaction(connection);
    if (p && p.notices.length > 0) this.notifier.send(p.notices);
  }

  override async rollbackTransaction(connection: DatabaseConnection) {
    this.pending.delete(connection);
    await super.rollbackTransaction(connection);
  }
}

/** PostgreSQL's dialect whose transactions send their `notifyAfterCommit` notices after COMMIT. */
export class AfterCommitDialect extends PostgresDialect {
  constructor(private readonly config: PostgresDialectConfig, private readonly notifier: AfterCommitNotifier) {
    super(config);
  }

  override createDriver(): Driver {
    return new AfterCommitDriver(this.config, this.notifier);
  }
}
