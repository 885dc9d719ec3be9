import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Tx } from '../../db/database.ts';
import type { AnomalyKind, AnomalyOutcome, AnomalyStatus, ReconciliationDayStatus } from '../../db/types.ts';
import type { StatementLine } from './statement.format.ts';

type Q = Db | Tx;

// ---------------------------------------------------------------- days

/** The day row of a center, channel and date, made when first needed, locked for the transaction. */
export async function dayForUpdate(tx: Tx, centerId: string, channel: string, day: string, now: Date) {
  await tx.insertInto('reconciliation_days').values({ center_id: centerId, channel, day, created_at: now })
    .onConflict((oc) => oc.columns(['center_id', 'channel', 'day']).doNothing()).execute();
  return tx.selectFrom('reconciliation_days').selectAll()
    .where('center_id', '=', centerId).where('channel', '=', channel).where('day', '=', day)
    .forUpdate().executeTakeFirstOrThrow();
}

export function findDay(db: Q, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('reconciliation_days').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findDayByKey(db: Q, centerId: string, channel: string, day: string) {
  return db.selectFrom('reconciliation_days').selectAll()
    .where('center_id', '=', centerId).where('channel', '=', channel).where('day', '=', day).executeTakeFirst();
}

/** A center's days, newest first, on reconciliation_days_center; `before` is the last (day, channel) of the previous page. */
export function listDays(db: Q, centerId: string, o: { from?: string; to?: string; before?: { day: string; channel: string }; limit: number }) {
  let q = db.selectFrom('reconciliation_days').selectAll().where('center_id', '=', centerId);
  if (o.from) q = q.where('day', '>=', o.from);
  if (o.to) q = q.where('day', '<=', o.to);
  if (o.before) q = q.where(sql<boolean>`(day, channel) < (${o.before.day}::date, ${o.before.channel})`);
  return q.orderBy('day', 'desc').orderBy('channel', 'desc').limit(o.limit).execute();
}

/** The one writer of a day's status (reconciliation.transitions.ts calls it). */
export async function moveDay(tx: Tx, id: string, from: ReconciliationDayStatus, to: ReconciliationDayStatus, fields: { locked_by: string; locked_at: Date }) {
  const r = await tx.updateTable('reconciliation_days').set({ status: to, ...fields, row_version: sql`row_version + 1` })
    .where('id', '=', id).where('status', '=', from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new Error(`reconciliation day ${id} was not ${from}`);
}

export function setDayImport(tx: Tx, dayId: string, importId: string, lines: number, fen: number) {
  return tx.updateTable('reconciliation_days')
    .set({ import_id: importId, statement_lines: lines, statement_fen: fen, row_version: sql`row_version + 1` })
    .where('id', '=', dayId).execute();
}

export function setDayFigures(tx: Tx, dayId: string, f: { runs: number; last_run_at: Date; paid_count: number; paid_fen: number; matched_count: number; matched_fen: number; open_anomalies: number }) {
  return tx.updateTable('reconciliation_days').set({ ...f, row_version: sql`row_version + 1` }).where('id', '=', dayId).execute();
}

// ---------------------------------------------------------------- statement imports and lines

export function findImportBySha(db: Q, centerId: string, channel: string, day: string, sha256: string) {
  return db.selectFrom('statement_imports').selectAll()
    .where('center_id', '=', centerId).where('channel', '=', channel).where('day', '=', day).where('sha256', '=', sha256)
    .executeTakeFirst();
}

export function findImport(db: Q, id: string) {
  return db.selectFrom('statement_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertImport(tx: Tx, v: { day_id: string; center_id: string; channel: string; day: string; file_id: string; sha256: string;
  line_count: number; total_fen: number; source: 'upload' | 'fetch'; imported_by: string | null; imported_at: Date }) {
  return tx.insertInto('statement_imports').values(v).returningAll().executeTakeFirstOrThrow();
}

/**
 * Loads a statement's lines with COPY … FROM STDIN on the transaction's own connection (the way
 * the benchmark's floor loads the same file): rows in COPY's text format, streamed in chunks. The
 * parser allowed no tab, newline or backslash in any field, so no value needs escaping. Times are
 * China time, read with the +08 offset.
 */
export async function copyLines(client: PoolClient, importId: string, lines: StatementLine[]) {
  const CHUNK = 20_000;
  async function* rows() {
    for (let start = 0; start < lines.length; start += CHUNK) {
      let out = '';
      const end = Math.min(lines.length, start + CHUNK);
      for (let i = start; i < end; i++) {
        const l = lines[i]!;
        out += `${importId}\t${l.lineNo}\t${l.channelTxnId}\t${l.noticeNo}\t${l.amountFen}\t${l.paidAt}+08\t${l.duplicateOf ?? '\\N'}\n`;
      }
      yield out;
    }
  }
  await pipeline(Readable.from(rows()), client.query(copyFrom(
    'COPY statement_lines (import_id, line_no, channel_txn_id, notice_no, amount_fen, paid_at, duplicate_of) FROM STDIN')));
}

export function lineOf(db: Q, importId: string, lineNo: number) {
  return db.selectFrom('statement_lines').selectAll().where('import_id', '=', importId).where('line_no', '=', lineNo).executeTakeFirst();
}

// ---------------------------------------------------------------- the three-way match

/** Hash joins over a day of a million rows stay in memory rather than in batches on disk (this transaction only). */
export async function roomForLargeDay(tx: Tx) {
  await sql`SET LOCAL work_mem = '256MB'`.execute(tx);
  // The match's two queries are read-only: let them scan and hash with parallel workers.
  await sql`SET LOCAL parallel_setup_cost = 10`.execute(tx);
  await sql`SET LOCAL parallel_tuple_cost = 0.01`.execute(tx);
}

export interface MatchScope {
  dayId: string;
  importId: string;
  centerId: string;
  channel: string;
  /** The China day's bounds as instants. */
  from: Date;
  to: Date;
  run: number;
  now: Date;
}

export interface MatchFigure {
  kind: 'matched' | 'paid' | AnomalyKind | 'inserted';
  fiscal_account_id: string | null;
  department_id: string | null;
  n: number;
  fen: number;
}

/**
 * The three-way match of a day: statement lines × payments × notices, set-based.
 *
 * Lines (of the day's current import) join the payment of their channel transaction (any day:
 * a payment recorded the evening before still matches) and the notice they name, in this center
 * only (another center's notice reads as unknown): a repeated line is `duplicate_line`; an unknown
 * notice, or another notice than the one the transaction paid, `unknown_code`; no payment is
 * `missing_payment` (a lost notification) when the amount is the notice's, else `amount_mismatch`;
 * a payment whose amount differs from the line (or the line from the notice) `amount_mismatch`;
 * the rest `matched`. Payments recorded on the day (of this center's notices) each count as
 * `paid`, or as `duplicate_payment` when their notice keeps another of its payments (the one
 * whose settling paid it: fees refunds the others, and so a refund resolution names that refund), or as
 * `missing_in_statement` when no line lists their transaction.
 *
 * ONE pass does the bulk: the statement's lines FULL JOIN the day's payments (with their notices)
 * on the channel transaction, each joined row classified for both sides at once (a line kind and a
 * payment kind) and grouped by fiscal account and department (a hash aggregate of a handful of
 * groups): every row counts and sums, and a row with an anomaly on either side also adds its
 * details (one JSON array, built for that row alone) to the group's list. Each row's kinds are
 * computed once; the notices paid twice come from a mark kept by the payments' trigger
 * (notices_paid_twice, migration 0052), not from an aggregate over all payments, and only those
 * are probed for an earlier payment. Read-only, so PostgreSQL may run it with parallel workers
 * (a parallel hash full join, partial aggregates). A line the day's
 * payments do not settle by themselves — no payment of the day for its transaction (a lost
 * notification, a payment of another day or center, a repeated line), or a payment of another
 * notice than the line names — comes back as `pending` with its line number, and only those few
 * lines are then classified by index (payments by channel transaction, notices by payment code).
 * The anomalies are upserted by (day, kind, key), stamped with the run, so a second run finds the
 * same rows.
 */
export async function runMatch(tx: Tx, m: MatchScope, opts: { explain?: (plan: string) => void } = {}): Promise<MatchFigure[]> {
  const bulkQ = sql<BulkRow>`
    SELECT fiscal_account_id, department_id, count(*)::int AS n, coalesce(sum(l_fen), 0)::bigint AS l_fen, coalesce(sum(d_fen), 0)::bigint AS d_fen,
      array_agg(a) FILTER (WHERE a IS NOT NULL) AS anomalies
    FROM (
      SELECT k.fiscal_account_id, k.department_id, k.l_fen, k.d_fen,
        -- A joined row is either matched on the line's side AND paid on the payment's (the bulk: it
        -- only counts and sums), or it is an anomaly of either side, whose details travel in one
        -- text built for that row alone and collected per account and department (a handful of
        -- groups: a hash aggregate, partial in parallel workers; no sort, no text per matched row).
        CASE WHEN k.line_kind = 'matched' AND k.pay_kind = 'paid' THEN NULL
          ELSE jsonb_build_array(k.line_kind, k.pay_kind, k.line_no, k.l_txn, k.l_notice, k.l_fen, k.l_paid_at,
            k.d_id, k.d_notice_id, k.d_txn, k.d_notice_no, k.d_fen)::text END AS a
      FROM (
        SELECT l.line_no, l.channel_txn_id AS l_txn, l.notice_no AS l_notice, l.amount_fen AS l_fen, l.paid_at AS l_paid_at,
          d.id AS d_id, d.notice_id AS d_notice_id, d.channel_txn_id AS d_txn, d.amount_fen AS d_fen, d.notice_no AS d_notice_no,
          d.fiscal_account_id, d.department_id,
          -- Paid twice (any day, any channel): any payment but the one the notice keeps is the
          -- duplicate, i.e. the payment fees refunds (fees' choice, read below).
          CASE WHEN d.id IS NULL THEN NULL
            WHEN d.first_id <> d.id THEN 'duplicate_payment'
            WHEN l.line_no IS NULL THEN 'missing_in_statement' ELSE 'paid' END AS pay_kind,
          CASE WHEN l.line_no IS NULL THEN NULL
            WHEN d.id IS NULL OR d.notice_no <> l.notice_no THEN 'pending'
            WHEN d.amount_fen <> l.amount_fen OR l.amount_fen <> d.total_fen THEN 'amount_mismatch'
            ELSE 'matched' END AS line_kind
        FROM (
          -- A repeated line joins no payment (its key is null): it is always classified by index.
          SELECT line_no, channel_txn_id, notice_no, amount_fen, paid_at, CASE WHEN duplicate_of IS NULL THEN channel_txn_id END AS join_txn
          FROM statement_lines WHERE import_id = ${m.importId}
        ) l
        FULL JOIN (
          SELECT p.id, p.notice_id, p.channel_txn_id, p.amount_fen, p.paid_at, n.notice_no, n.fiscal_account_id, n.department_id, n.total_fen,
            t.first_id
          FROM payments p JOIN payment_notices n ON n.id = p.notice_id AND n.center_id = ${m.centerId}
          -- Only the notices marked paid more than once (notices_paid_twice, kept by the payments'
          -- trigger; no rows on a normal day) are read on payments_notice for their first payment:
          -- a join, not a per-row subquery nor a LATERAL (both parallel-restricted), so the whole
          -- pass may run in parallel workers. The payment a notice keeps is fees' choice: the one
          -- whose settling paid it (payment_notices.paid_payment_id, migration 0063); a notice fees
          -- never paid (cancelled or expired first: fees refunds all its payments) keeps its first
          -- recorded, the order fees records them in under the notice's lock.
          LEFT JOIN (
            SELECT q.notice_id, coalesce(pn.paid_payment_id, (array_agg(q.id ORDER BY q.recorded_at, q.id))[1]) AS first_id
            FROM notices_paid_twice w JOIN payment_notices pn ON pn.id = w.notice_id JOIN payments q ON q.notice_id = w.notice_id
            GROUP BY q.notice_id, pn.paid_payment_id
          ) t ON t.notice_id = p.notice_id
          WHERE p.channel = ${m.channel} AND p.paid_at >= ${m.from} AND p.paid_at < ${m.to}
        ) d ON d.channel_txn_id = l.join_txn
      ) k
    ) j
    GROUP BY fiscal_account_id, department_id`;
  // The groups are a handful (accounts × departments), which the planner cannot know through the
  // FULL JOIN: left to itself it sorts every joined row to group them. Hash them instead (this query only).
  await sql`SET LOCAL enable_sort = off`.execute(tx);
  if (opts.explain) {
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF) ${bulkQ}`.execute(tx);
    opts.explain(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  const bulkRows = (await bulkQ.execute(tx)).rows;
  await sql`SET LOCAL enable_sort = on`.execute(tx);
  // An account and department's row: its figures less its anomalies' rows are the matched-and-paid
  // rows; each anomaly's row becomes the anomaly of either side, or both, and counts as matched or
  // paid on the side that has none; a line left `pending` is classified below.
  const bulk: AnomalyOrFigure[] = [];
  const pending: number[] = [];
  const fig = (kind: AnomalyOrFigure['kind'], r: BulkRow, n: number, fen: number): AnomalyOrFigure => ({
    kind, fiscal_account_id: r.fiscal_account_id, department_id: r.department_id, n, fen, channel_txn_id: '', notice_no: null, notice_id: null,
    payment_id: null, line_no: null, expected_fen: null, actual_fen: null, line_paid_at: null,
  });
  for (const r of bulkRows) {
    let n = Number(r.n);
    let lSum = Number(r.l_fen);
    let dSum = Number(r.d_fen);
    for (const text of r.anomalies ?? []) {
      const [lineKind, payKind, lineNo, lTxn, lNotice, lFen, lPaidAt, dId, dNoticeId, dTxn, dNoticeNo, dFen] = JSON.parse(text) as AnomalyRow;
      n -= 1; lSum -= lFen ?? 0; dSum -= dFen ?? 0;
      const details = {
        notice_id: dNoticeId, payment_id: dId, line_no: lineNo, expected_fen: dFen, actual_fen: lFen,
        line_paid_at: lPaidAt === null ? null : new Date(lPaidAt),
      };
      if (lineKind === 'matched') bulk.push(fig('matched', r, 1, lFen!));
      else if (lineKind === 'pending') pending.push(lineNo!);
      else if (lineKind !== null) bulk.push({ ...fig(lineKind, r, 1, lFen!), ...details, channel_txn_id: lTxn!, notice_no: lNotice });
      if (payKind === 'paid') bulk.push(fig('paid', r, 1, dFen!));
      else if (payKind !== null) bulk.push({ ...fig(payKind, r, 1, dFen!), ...details, channel_txn_id: dTxn!, notice_no: dNoticeNo });
    }
    if (n > 0) bulk.push(fig('matched', r, n, lSum), fig('paid', r, n, dSum));
  }
  const settled = pending.length === 0 ? [] : (await sql<AnomalyOrFigure>`
    SELECT kind, fiscal_account_id, department_id, count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS fen,
      min(channel_txn_id) AS channel_txn_id, min(notice_no) AS notice_no, min(notice_id::text) AS notice_id, min(payment_id::text) AS payment_id,
      min(line_no) AS line_no, min(expected_fen) AS expected_fen, min(amount_fen) AS actual_fen, min(paid_at) AS line_paid_at
    FROM (
      SELECT CASE
          WHEN l.duplicate_of IS NOT NULL THEN 'duplicate_line'
          WHEN n.id IS NULL THEN 'unknown_code'
          WHEN p.id IS NULL THEN CASE WHEN l.amount_fen = n.total_fen THEN 'missing_payment' ELSE 'amount_mismatch' END
          WHEN p.notice_id <> n.id THEN 'unknown_code'
          WHEN p.amount_fen <> l.amount_fen OR l.amount_fen <> n.total_fen THEN 'amount_mismatch'
          ELSE 'matched' END AS kind,
        l.line_no, l.channel_txn_id, l.notice_no, l.amount_fen, l.paid_at, n.id AS notice_id, n.fiscal_account_id, n.department_id,
        CASE WHEN p.notice_id = n.id THEN p.id END AS payment_id, CASE WHEN p.notice_id = n.id THEN p.amount_fen ELSE n.total_fen END AS expected_fen
      FROM statement_lines l
      LEFT JOIN payments p ON p.channel = ${m.channel} AND p.channel_txn_id = l.channel_txn_id
      LEFT JOIN payment_notices n ON n.notice_no = l.notice_no AND n.center_id = ${m.centerId}
      WHERE l.import_id = ${m.importId} AND l.line_no = ANY(${pending}::int[])
    ) x
    GROUP BY kind, fiscal_account_id, department_id, CASE WHEN kind = 'matched' THEN NULL ELSE line_no END`.execute(tx)).rows;
  const rows = [...bulk, ...settled];

  const found = rows.filter((r) => r.kind !== 'matched' && r.kind !== 'paid');
  let inserted = 0;
  if (found.length > 0) {
    const col = <K extends keyof AnomalyOrFigure>(k: K) => found.map((r) => r[k]);
    const keys = found.map((r) => (r.kind === 'duplicate_line' ? `${r.channel_txn_id}#${r.line_no}` : r.channel_txn_id));
    const res = await sql<{ inserted: boolean }>`
      INSERT INTO reconciliation_anomalies (day_id, center_id, kind, key, channel_txn_id, notice_no, notice_id, payment_id, line_no,
        expected_fen, actual_fen, line_paid_at, found_at, last_seen_run)
      SELECT ${m.dayId}::uuid, ${m.centerId}::uuid, u.kind, u.key, u.txn, u.notice_no, u.notice_id, u.payment_id, u.line_no,
        u.expected_fen, u.actual_fen, u.line_paid_at, ${m.now}::timestamptz, ${m.run}::int
      FROM unnest(${col('kind')}::text[], ${keys}::text[], ${col('channel_txn_id')}::text[], ${col('notice_no')}::text[], ${col('notice_id')}::uuid[],
        ${col('payment_id')}::uuid[], ${col('line_no')}::int[], ${col('expected_fen')}::bigint[], ${col('actual_fen')}::bigint[], ${col('line_paid_at')}::timestamptz[])
        AS u(kind, key, txn, notice_no, notice_id, payment_id, line_no, expected_fen, actual_fen, line_paid_at)
      ON CONFLICT (day_id, kind, key) DO UPDATE SET last_seen_run = excluded.last_seen_run,
        notice_id = excluded.notice_id, payment_id = excluded.payment_id, line_no = excluded.line_no,
        expected_fen = excluded.expected_fen, actual_fen = excluded.actual_fen, line_paid_at = excluded.line_paid_at
      RETURNING (xmax = 0) AS inserted`.execute(tx);
    inserted = res.rows.filter((r) => r.inserted).length;
  }
  const figures: MatchFigure[] = rows.map((r) => ({
    kind: r.kind as MatchFigure['kind'], fiscal_account_id: r.fiscal_account_id, department_id: r.department_id, n: Number(r.n), fen: Number(r.fen),
  }));
  figures.push({ kind: 'inserted', fiscal_account_id: null, department_id: null, n: inserted, fen: 0 });
  return figures;
}

interface BulkRow {
  fiscal_account_id: string | null;
  department_id: string | null;
  n: number;
  l_fen: number;
  d_fen: number;
  /** The anomalies' rows of the group, each an AnomalyRow as JSON text; null when none. */
  anomalies: string[] | null;
}
/** [line kind, payment kind, line no, line's txn, line's notice no, line's fen, line's paid_at, payment id,
 * payment's notice id, payment's txn, payment's notice no, payment's fen] */
type AnomalyRow = ['matched' | 'pending' | 'amount_mismatch' | null, 'paid' | 'duplicate_payment' | 'missing_in_statement' | null,
  number | null, string | null, string | null, number | null, string | null, string | null, string | null, string | null, string | null, number | null];

interface AnomalyOrFigure {
  kind: 'matched' | 'paid' | 'pending' | AnomalyKind;
  fiscal_account_id: string | null;
  department_id: string | null;
  n: number;
  fen: number;
  channel_txn_id: string;
  notice_no: string | null;
  notice_id: string | null;
  payment_id: string | null;
  line_no: number | null;
  expected_fen: number | null;
  actual_fen: number | null;
  line_paid_at: Date | null;
}

export async function moveUnseenAnomalies(tx: Tx, dayId: string, run: number, from: AnomalyStatus, to: AnomalyStatus) {
  const r = await tx.updateTable('reconciliation_anomalies').set({ status: to, row_version: sql`row_version + 1` })
    .where('day_id', '=', dayId).where('status', '=', from).where('last_seen_run', '<', run).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function countOpenAnomalies(db: Q, dayId: string) {
  return db.selectFrom('reconciliation_anomalies').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('day_id', '=', dayId).where('status', '=', 'open').executeTakeFirstOrThrow().then((r) => Number(r.n));
}

export function setOpenAnomalies(tx: Tx, dayId: string, open: number) {
  return tx.updateTable('reconciliation_days').set({ open_anomalies: open }).where('id', '=', dayId).execute();
}

export function anomalyCountsOf(db: Q, dayId: string) {
  return db.selectFrom('reconciliation_anomalies').select(['kind', 'status', sql<number>`count(*)::int`.as('n')])
    .where('day_id', '=', dayId).groupBy(['kind', 'status']).orderBy('kind').orderBy('status').execute();
}

export async function replaceTotals(tx: Tx, dayId: string, rows: Array<{ fiscal_account_id: string; department_id: string; paid_count: number; paid_fen: number; matched_count: number; matched_fen: number }>) {
  await tx.deleteFrom('reconciliation_totals').where('day_id', '=', dayId).execute();
  if (rows.length > 0) await tx.insertInto('reconciliation_totals').values(rows.map((r) => ({ day_id: dayId, ...r }))).execute();
}

export function totalsOf(db: Q, dayId: string) {
  return db.selectFrom('reconciliation_totals as t')
    .innerJoin('fiscal_accounts as a', 'a.id', 't.fiscal_account_id')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .select(['t.fiscal_account_id', 'a.code as account_code', 'a.name as account_name', 't.department_id', 'd.name as department_name',
      't.paid_count', 't.paid_fen', 't.matched_count', 't.matched_fen'])
    .where('t.day_id', '=', dayId).orderBy('a.code').orderBy('d.name').execute();
}

// ---------------------------------------------------------------- anomalies

export function findAnomaly(db: Q, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('reconciliation_anomalies').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The one writer of an anomaly's status besides the set-based clear (reconciliation.transitions.ts). */
export async function moveAnomaly(tx: Tx, id: string, from: AnomalyStatus, to: AnomalyStatus,
  fields: { outcome: AnomalyOutcome; reason: string; resolved_by: string; resolved_at: Date; refund_id: string | null }) {
  const r = await tx.updateTable('reconciliation_anomalies').set({ status: to, ...fields, row_version: sql`row_version + 1` })
    .where('id', '=', id).where('status', '=', from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new Error(`anomaly ${id} was not ${from}`);
}

/**
 * A center's anomalies (or one day's), newest first, paginated on reconciliation_anomalies_center
 * or _day; `after` is the last row of the previous page. Each with the refund its resolution wrote, as it stands.
 */
export function listAnomalies(db: Q, o: { centerId: string; dayId?: string; status?: AnomalyStatus; kind?: AnomalyKind;
  after?: { foundAt: Date; id: string }; limit: number }) {
  let q = db.selectFrom('reconciliation_anomalies as a').innerJoin('reconciliation_days as d', 'd.id', 'a.day_id')
    .leftJoin('refunds as r', 'r.id', 'a.refund_id')
    .selectAll('a').select(['d.day', 'd.channel', 'd.status as day_status', 'r.kind as refund_kind', 'r.status as refund_status', 'r.amount_fen as refund_fen'])
    .where('a.center_id', '=', o.centerId);
  if (o.dayId) q = q.where('a.day_id', '=', o.dayId);
  if (o.status) q = q.where('a.status', '=', o.status);
  if (o.kind) q = q.where('a.kind', '=', o.kind);
  if (o.after) q = q.where(sql<boolean>`(a.found_at, a.id) < (${o.after.foundAt}::timestamptz, ${o.after.id}::uuid)`);
  return q.orderBy('a.found_at', 'desc').orderBy('a.id', 'desc').limit(o.limit).execute();
}

// ---------------------------------------------------------------- figures for the console

/** Collected per day (all channels together) and open anomalies, from the days' last runs. */
export function figuresPerDay(db: Q, centerId: string, from: string, to: string) {
  return db.selectFrom('reconciliation_days').select([
    'day',
    sql<number>`sum(paid_fen)::bigint`.as('paid_fen'),
    sql<number>`sum(paid_count)::int`.as('paid_count'),
    sql<number>`sum(matched_fen)::bigint`.as('matched_fen'),
    sql<number>`sum(open_anomalies)::int`.as('open_anomalies'),
    sql<number>`count(*) FILTER (WHERE status = 'locked')::int`.as('locked'),
    sql<number>`count(*)::int`.as('channels'),
  ]).where('center_id', '=', centerId).where('day', '>=', from).where('day', '<=', to)
    .groupBy('day').orderBy('day').execute();
}

/** Collected per fiscal account over the days, from the runs' totals. */
export function figuresPerAccount(db: Q, centerId: string, from: string, to: string) {
  return db.selectFrom('reconciliation_totals as t').innerJoin('reconciliation_days as d', 'd.id', 't.day_id')
    .innerJoin('fiscal_accounts as a', 'a.id', 't.fiscal_account_id')
    .select(['a.id as fiscal_account_id', 'a.code', 'a.name',
      sql<number>`sum(t.paid_fen)::bigint`.as('paid_fen'), sql<number>`sum(t.paid_count)::int`.as('paid_count'),
      sql<number>`sum(t.matched_fen)::bigint`.as('matched_fen')])
    .where('d.center_id', '=', centerId).where('d.day', '>=', from).where('d.day', '<=', to)
    .groupBy(['a.id', 'a.code', 'a.name']).orderBy('a.code').execute();
}

/** Open anomalies of the center by kind. */
export function openAnomaliesByKind(db: Q, centerId: string) {
  return db.selectFrom('reconciliation_anomalies').select(['kind', sql<number>`count(*)::int`.as('n')])
    .where('center_id', '=', centerId).where('status', '=', 'open').groupBy('kind').orderBy('kind').execute();
}

// ---------------------------------------------------------------- the simulated channel's statement

/** The payments of a center's notices on a channel and China day, for the simulated bank's statement generator. */
export function paymentsOfDay(db: Q, centerId: string, channel: string, from: Date, to: Date) {
  return db.selectFrom('payments as p').innerJoin('payment_notices as n', 'n.id', 'p.notice_id')
    .select(['p.channel_txn_id', 'n.notice_no', 'p.amount_fen', 'p.paid_at'])
    .where('n.center_id', '=', centerId).where('p.channel', '=', channel)
    .where('p.paid_at', '>=', from).where('p.paid_at', '<', to)
    .orderBy('p.paid_at').orderBy('p.id').execute();
}
