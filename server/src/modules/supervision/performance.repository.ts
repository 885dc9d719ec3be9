import { sql, type RawBuilder } from 'kysely';
import { nameStatement, type Db, type Tx } from '../../db/database.ts';
import { notifyAfterCommit } from '../../db/after-commit.ts';
import { OPEN_STATES } from '../cases/transitions.ts';
import { CHANNEL, type LiveEvent } from './events.ts';

type Q = Db | Tx;

/** "No window" and "no staff member" in the rollup key (online submissions, system actions, findings, notices). */
export const NIL = '00000000-0000-0000-0000-000000000000';

export const COUNTERS = [
  'received', 'accepted', 'refused', 'completed', 'on_time', 'early', 'overdue', 'instant', 'workdays_used', 'promised_days',
  'statutory_days', 'supplemented', 'supplement_notices', 'suspensions', 'extensions', 'findings', 'notices',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Increments = Partial<Record<Counter, number>>;
export interface RollupKey { center_id: string; department_id: string; window_id: string; staff_id: string; day: string; slot: number }

/** Advisory lock namespace (the two-int form, apart from the one-bigint locks used elsewhere) of the rollup slots. */
const SLOT_LOCKS = 0x70657266;
/** How many slots one department's day may spread over under concurrency (reports sum over slots). */
export const MAX_SLOTS = 64;

/**
 * Adds to one day's rows of both rollups (created at zero when missing), inside the caller's
 * transaction: the staff member's row of perf_daily and the department's row of perf_dept_daily.
 *
 * A rollup row stays locked from its upsert to the commit, so writers sharing one would queue on
 * it. Each bump therefore first takes, without waiting, the transaction advisory lock of the first
 * free slot of its (center, department, day), slots 0, 1, 2 … (pg_try_advisory_xact_lock never
 * waits; the same transaction taking it again gets it again), and writes both rows in that slot:
 * only the holder of a slot's lock writes the rows of that slot, so no bump waits on another and
 * two never lock rows in opposite orders. With one writer at a time everything lands in slot 0;
 * under load the rows grow with the concurrency, at most MAX_SLOTS. Should all be taken, the bump
 * waits for slot 0's lock (as every writer once waited for the row). One statement, one round trip,
 * which also reads the staff member's window (`window_id: null`); the live board's event (`live`) is queued
 * for after the commit (db/after-commit.ts), without a round trip.
 */
export async function bump(tx: Tx, key: Omit<RollupKey, 'slot' | 'window_id'> & { window_id: string | null }, inc: Increments, live?: LiveEvent) {
  const cols = COUNTERS.filter((c) => inc[c]);
  // Sent after the commit, dropped on rollback; kept in this process until then (no round trip).
  if (live) await publishLive(tx, live);
  if (cols.length === 0) return;
  const lockKey = `${key.center_id}/${key.department_id}/${key.day}/`;
  const slotLock = (slot: RawBuilder<unknown>) => sql`hashtext(${lockKey} || ${slot}::text)`;
  const colList = sql.join(cols.map((c) => sql.ref(c)));
  const values = sql.join(cols.map((c) => sql`${inc[c]!}::int`));
  const daily = sql.join(cols.map((c) => sql`${sql.ref(c)} = perf_daily.${sql.ref(c)} + excluded.${sql.ref(c)}`));
  const dept = sql.join(cols.map((c) => sql`${sql.ref(c)} = perf_dept_daily.${sql.ref(c)} + excluded.${sql.ref(c)}`));
  // `window_id: null`: the staff member's window, read in the same statement (nil for none, or for no staff member).
  const window = key.window_id !== null ? sql`${key.window_id}::uuid`
    : key.staff_id === NIL ? sql`${NIL}::uuid` : sql`coalesce((SELECT window_id FROM users WHERE id = ${key.staff_id}::uuid), ${NIL}::uuid)`;
  // `s` is one row (the slot) or none; a CTE read twice is computed once, so both rows get the same slot.
  // Data-modifying CTEs run to completion whether read or not.
  const upserts = (slot: RawBuilder<unknown>) => sql<{ slot: number | null }>`
    WITH s AS (${slot}),
    d AS (
      INSERT INTO perf_daily (center_id, department_id, window_id, staff_id, day, slot, ${colList})
      SELECT ${key.center_id}::uuid, ${key.department_id}::uuid, ${window}, ${key.staff_id}::uuid, ${key.day}::date, s.slot, ${values} FROM s
      ON CONFLICT (center_id, day, department_id, window_id, staff_id, slot) DO UPDATE SET ${daily}
      RETURNING 1),
    p AS (
      INSERT INTO perf_dept_daily (center_id, department_id, day, slot, ${colList})
      SELECT ${key.center_id}::uuid, ${key.department_id}::uuid, ${key.day}::date, s.slot, ${values} FROM s
      ON CONFLICT (center_id, day, department_id, slot) DO UPDATE SET ${dept}
      RETURNING slot)
    SELECT (SELECT slot FROM p) AS slot`;
  // A named statement (db/database.ts): its text varies only with the counters bumped and the window's
  // source, a handful of shapes, so each connection parses and plans it once.
  const first = upserts(sql`SELECT g::smallint AS slot FROM generate_series(0, ${MAX_SLOTS - 1}) g
    WHERE pg_try_advisory_xact_lock(${SLOT_LOCKS}, ${slotLock(sql`g`)}) LIMIT 1`).compile(tx);
  nameStatement(first.sql);
  const r = await tx.executeQuery(first);
  if (r.rows[0]?.slot !== null && r.rows[0]?.slot !== undefined) return;
  await sql`SELECT pg_advisory_xact_lock(${SLOT_LOCKS}, ${slotLock(sql`0`)})`.execute(tx);
  await upserts(sql`SELECT 0::smallint AS slot`).execute(tx);
}

const sums = COUNTERS.map((c) => sql<number>`coalesce(sum(p.${sql.ref(c)}), 0)::int`.as(c));

/** Period figures grouped by department (perf_dept_daily), window or staff member (perf_daily), from the rollups only. */
export async function performanceRows(db: Db, centerId: string, from: string, to: string, by: 'department' | 'window' | 'staff') {
  const table = by === 'department' ? 'perf_dept_daily' : 'perf_daily';
  const keyCol = by === 'department' ? 'department_id' : by === 'window' ? 'window_id' : 'staff_id';
  const figures = sql.join(COUNTERS.map((c) => sql`coalesce(sum(p.${sql.ref(c)}), 0)::int AS ${sql.ref(c)}`));
  const r = await sql<{ key: string; name: string | null } & Record<Counter, number>>`
    WITH g AS (
      SELECT ${sql.ref(`p.${keyCol}`)} AS key, ${figures}
      FROM ${sql.table(table)} p WHERE p.center_id = ${centerId} AND p.day BETWEEN ${from}::date AND ${to}::date
      GROUP BY 1)
    SELECT g.key::text AS key, coalesce(d.name, w.name, u.name) AS name, ${sql.join(COUNTERS.map((c) => sql.ref(`g.${c}`)))} FROM g
    LEFT JOIN departments d ON d.id = g.key LEFT JOIN windows w ON w.id = g.key LEFT JOIN users u ON u.id = g.key
    ORDER BY 2, 1`.execute(db);
  return r.rows;
}

/** Open cases of a center by department and light (index cases_center_board, made on the same OPEN_STATES). */
export function boardCounts(db: Db, centerId: string) {
  return db.selectFrom('cases').where('center_id', '=', centerId)
    .where('status', 'in', [...OPEN_STATES])
    .select(['department_id', 'light', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`count(*) FILTER (WHERE suspended_since IS NOT NULL)::int`.as('suspended')])
    .groupBy(['department_id', 'light']).execute();
}

export function departmentsOf(db: Db, centerId: string) {
  return db.selectFrom('departments').select(['id', 'name']).where('center_id', '=', centerId).orderBy('name').execute();
}

export function getCenter(db: Db, id: string) {
  return db.selectFrom('centers').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** Per-day sums of the rollup for a center (trend, today's hall figures). */
export function dailySums(db: Db, centerId: string, from: string, to: string) {
  return db.selectFrom('perf_dept_daily as p').where('p.center_id', '=', centerId).where('p.day', '>=', from).where('p.day', '<=', to)
    .select(['p.day', ...sums]).groupBy('p.day').orderBy('p.day').execute() as Promise<Array<{ day: string } & Record<Counter, number>>>;
}

/** Today's accepted and decided cases of a center, newest first (indexes cases_center_accepted / _decided). */
export async function hallRecent(db: Db, centerId: string, since: Date, limit: number) {
  const q = (col: 'accepted_at' | 'decided_at', kind: string) => db.selectFrom('cases as c').innerJoin('items as i', 'i.id', 'c.item_id')
    .select(['c.receipt_no', 'i.name as item_name', 'c.applicant_name', 'c.status', `c.${col} as at`, sql<string>`${kind}`.as('kind')])
    .where('c.center_id', '=', centerId).where(`c.${col}`, '>=', since).orderBy(`c.${col}`, 'desc').limit(limit);
  const [a, d] = await Promise.all([q('accepted_at', 'accepted').execute(), q('decided_at', 'completed').execute()]);
  return [...a, ...d].sort((x, y) => (y.at as Date).getTime() - (x.at as Date).getTime()).slice(0, limit);
}

// ---- audit checks ----------------------------------------------------------------------------

export async function insertAuditCheck(tx: Tx, r: { checked_at: Date; ok: boolean; events: number; streams: number; broken: unknown; duration_ms: number }) {
  await tx.insertInto('audit_checks').values({ ...r, broken: r.broken === null ? null : JSON.stringify(r.broken) }).execute();
}

export function lastAuditCheck(db: Q) {
  return db.selectFrom('audit_checks').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listAuditChecks(db: Db, limit: number, offset: number) {
  const [rows, total] = await Promise.all([
    db.selectFrom('audit_checks').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    db.selectFrom('audit_checks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The advisory lock that lets one instance at a time verify the chain (released at the transaction's end). */
export async function tryAuditLock(tx: Tx): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(4611000042) AS ok`.execute(tx);
  return r.rows[0]!.ok;
}

export function allCenters(db: Q) {
  return db.selectFrom('centers').select(['id']).execute();
}

// ---- live events -----------------------------------------------------------------------------

/** Delivered to every instance's live boards after the transaction commits (db/after-commit.ts); dropped if it rolls back. */
export async function publishLive(tx: Tx, event: LiveEvent) {
  await notifyAfterCommit(tx, CHANNEL, JSON.stringify(event));
}

/**
 * Ratings (好差评) of the period by department, window or staff member, from the ratings table's
 * partial indexes (ratings_by_department / _window / _staff: center, key, created_at; voided ones
 * are not in them). The period is China days, so its bounds are China midnights.
 */
export async function ratingRows(db: Db, centerId: string, from: string, to: string, by: 'department' | 'window' | 'staff') {
  const keyCol = by === 'department' ? 'department_id' : by === 'window' ? 'window_id' : 'staff_id';
  const r = await sql<{ key: string; name: string | null; rated: number; good: number; bad: number; level_sum: number }>`
    WITH g AS (
      SELECT coalesce(${sql.ref(`r.${keyCol}`)}, ${NIL}::uuid) AS key, count(*)::int AS rated,
        count(*) FILTER (WHERE r.level >= 4)::int AS good, count(*) FILTER (WHERE r.level <= 2)::int AS bad, sum(r.level)::int AS level_sum
      FROM ratings r
      WHERE r.center_id = ${centerId} AND r.voided_at IS NULL
        AND r.created_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
        AND r.created_at < ((${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
      GROUP BY 1)
    SELECT g.key::text AS key, coalesce(d.name, w.name, u.name) AS name, g.rated, g.good, g.bad, g.level_sum FROM g
    LEFT JOIN departments d ON d.id = g.key LEFT JOIN windows w ON w.id = g.key LEFT JOIN users u ON u.id = g.key`.execute(db);
  return r.rows;
}
