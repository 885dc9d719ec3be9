// Bulk loading of generated cases for the benchmarks at province scale (10,000,000 cases, issues 17
// and 18): the way one loads a warehouse, not the way the platform writes. The table's secondary
// indexes are dropped and built again after the load, foreign keys are not checked per row (the
// generated rows reference existing rows by construction), the rows are generated in SQL by
// generate_series a million per statement, and the table is vacuumed at the end so that counts read
// index-only as they would on a steady database.
import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../server/src/lib/context.ts';
import { DEMO_PERSON, seedDemo } from '../server/src/seed/seed.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Owner = Kysely<any>;

export interface BulkFigures { insertSeconds: number; indexSeconds: number; vacuumSeconds: number; indexes: number }

/**
 * Loads `total` rows into `table` by `insert(db, from, to)` (1-based generate_series bounds), a
 * `chunk` per statement, with the table's indexes other than its constraints' dropped during the
 * load and built afterwards; then VACUUM ANALYZE. `owner` must be the cluster's owner (superuser).
 */
export async function bulkLoad(owner: Owner, table: string, total: number, insert: (db: Owner, from: number, to: number) => Promise<unknown>, chunk = 1_000_000): Promise<BulkFigures> {
  // Checkpoints every few GB of WAL instead of every 1 GB: a load of 10 million rows writes tens of GB.
  await sql`ALTER SYSTEM SET max_wal_size = '24GB'`.execute(owner);
  await sql`ALTER SYSTEM SET checkpoint_timeout = '30min'`.execute(owner);
  await sql`SELECT pg_reload_conf()`.execute(owner);
  const indexes = (await sql<{ name: string; def: string }>`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = ${table}::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    ORDER BY i.relname`.execute(owner)).rows;
  const figures = await owner.connection().execute(async (db) => {
    await sql`SET session_replication_role = replica`.execute(db); // no per-row foreign-key triggers
    await sql`SET synchronous_commit = off`.execute(db);
    for (const ix of indexes) await sql`DROP INDEX ${sql.id(ix.name)}`.execute(db);
    const t0 = performance.now();
    for (let start = 0; start < total; start += chunk) {
      const end = Math.min(total, start + chunk);
      await insert(db, start + 1, end);
      process.stdout.write(`\r  ${end.toLocaleString()} rows inserted (${((performance.now() - t0) / 1000).toFixed(0)} s)   `);
    }
    const insertSeconds = (performance.now() - t0) / 1000;
    await sql`SET maintenance_work_mem = '512MB'`.execute(db);
    const t1 = performance.now();
    let built = 0;
    for (const ix of indexes) {
      await sql.raw(ix.def).execute(db);
      process.stdout.write(`\r  ${++built} of ${indexes.length} indexes built (${((performance.now() - t1) / 1000).toFixed(0)} s)   `);
    }
    const indexSeconds = (performance.now() - t1) / 1000;
    await sql`RESET session_replication_role`.execute(db);
    const t2 = performance.now();
    await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
    const vacuumSeconds = (performance.now() - t2) / 1000;
    await sql`CHECKPOINT`.execute(db);
    process.stdout.write('\n');
    return { insertSeconds, indexSeconds, vacuumSeconds, indexes: indexes.length };
  });
  await sql`ALTER SYSTEM RESET max_wal_size`.execute(owner);
  await sql`ALTER SYSTEM RESET checkpoint_timeout`.execute(owner);
  await sql`SELECT pg_reload_conf()`.execute(owner);
  return figures;
}

/**
 * One generated case per row of `source`, which has the columns (g int, item_id uuid,
 * processing_mode text, promised int, statutory int, center_id uuid, department_id uuid,
 * region_code text), spread the way a province's cases are at any moment: most of them closed
 * (94 % delivered, 2 % refused at intake, 1 % withdrawn) over `days` days of history, 3 % open
 * (submitted 0.4 %, supplement requested 0.1 %, accepted 0.8 %, in review 1 %, decided 0.3 %,
 * ready 0.3 %, awaiting payment 0.1 %), received in the last 40 days, their due dates by their
 * item's promised limit and their light by that due date on `today` (red past it, yellow two days
 * before it, green otherwise). Status and dates come from hashes of `g`, independent of how
 * `source` picks the item or center (use `hashint4(g)` there, not `g % n`). Ids are UUIDv7 (time-ordered, as the primary key likes them).
 */
export function insertCases(source: RawBuilder<unknown>, opt: { applicantId: string; today: string; days: number }) {
  return sql`
    INSERT INTO cases (id, item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel, idempotency_key, status,
      processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date, promised_days, statutory_days,
      due_date, statutory_due_date, warning_date, decision, decided_at, closed_at, created_at, updated_at, light, light_check_date)
    SELECT uuidv7(), s.item_id, 1, s.center_id, s.department_id, s.region_code, ${opt.applicantId}, '张三', CASE WHEN s.g % 5 = 0 THEN 'counter' ELSE 'online' END,
      'bench-' || lpad(s.g::text, 10, '0'), st.status, s.processing_mode, '{}',
      dd.d::timestamp - interval '8 hours' + make_interval(mins => s.g % 600), dd.d, dd.d + 7,
      CASE WHEN st.accepted THEN dd.d::timestamp + interval '2 hours' END, CASE WHEN st.accepted THEN dd.d + 1 END,
      s.promised, s.statutory, dd.due, dd.d + 1 + (s.statutory * 7 / 5), dd.due - 2,
      CASE WHEN st.decided THEN 'approved' END,
      CASE WHEN st.decided THEN (dd.d + 1 + (s.g % (1 + s.promised * 7 / 5)))::timestamp + interval '3 hours' END,
      CASE WHEN st.status IN ('delivered', 'refused', 'withdrawn') THEN (dd.d + 3 + (s.g % (1 + s.promised * 7 / 5)))::timestamp END,
      dd.d::timestamp, dd.d::timestamp,
      CASE WHEN NOT st.open THEN NULL
        WHEN (CASE WHEN st.accepted THEN dd.due ELSE dd.d + 7 END) < ${opt.today}::date THEN 'red'
        WHEN (CASE WHEN st.accepted THEN dd.due ELSE dd.d + 7 END) - 2 <= ${opt.today}::date THEN 'yellow' ELSE 'green' END,
      CASE WHEN st.open THEN ${opt.today}::date END
    FROM (${source}) s
    CROSS JOIN LATERAL (SELECT (hashint8(s.g::bigint * 3 + 1) & 2147483647) % 1000 AS u, (hashint8(s.g::bigint * 3 + 2) & 2147483647) % 100003 AS v) h
    CROSS JOIN LATERAL (SELECT x.status, x.status NOT IN ('delivered', 'refused', 'withdrawn') AS open,
        x.status NOT IN ('submitted', 'supplement_requested', 'refused', 'withdrawn') AS accepted,
        x.status IN ('decided', 'ready', 'awaiting_payment', 'delivered') AS decided
      FROM (SELECT CASE WHEN h.u < 4 THEN 'submitted' WHEN h.u < 5 THEN 'supplement_requested' WHEN h.u < 13 THEN 'accepted'
        WHEN h.u < 23 THEN 'in_review' WHEN h.u < 26 THEN 'decided' WHEN h.u < 29 THEN 'ready' WHEN h.u < 30 THEN 'awaiting_payment'
        WHEN h.u < 50 THEN 'refused' WHEN h.u < 60 THEN 'withdrawn' ELSE 'delivered' END AS status) x) st
    CROSS JOIN LATERAL (SELECT d, d + 1 + (s.promised * 7 / 5) AS due FROM (SELECT CASE WHEN st.open THEN ${opt.today}::date - (h.v % 40)
      ELSE ${opt.today}::date - 40 - (h.v % ${opt.days}::int) END AS d) x) dd`;
}

/**
 * The demo seeded, then `total` cases of its person spread over every item (so every department and center) with the
 * statuses, dates and lights of a province's cases at any moment (`insertCases`: 3 % open, the rest closed over three
 * years), loaded by `bulkLoad`; with the seconds the load took.
 */
export async function seedProvinceCases(platform: { ctx: AppContext; owner: Owner }, total: number) {
  await seedDemo(platform.ctx);
  const applicant = await platform.ctx.db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  const t0 = Date.now();
  const bulk = await bulkLoad(platform.owner, 'cases', total, (q, from, to) => insertCases(sql`
    WITH a AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM items)
    SELECT g, it.id AS item_id, it.processing_mode, it.promised_limit_days AS promised, it.statutory_limit_days AS statutory,
      it.center_id, it.department_id, ce.region_code
    FROM generate_series(${from}::int, ${to}::int) g
    CROSS JOIN a
    JOIN items it ON it.id = a.ids[1 + (hashint4(g) & 2147483647) % a.n]
    JOIN centers ce ON ce.id = it.center_id`, { applicantId: applicant.id, today: new Date().toISOString().slice(0, 10), days: 1095 }).execute(q));
  return { bulk, loadSeconds: (Date.now() - t0) / 1000 };
}
