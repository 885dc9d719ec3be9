import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { OPEN_STATES } from '../cases/transitions.ts';

/** All SQL of the network views (docs/network.md). Regions nest by GB/T 2260 prefix; see policies/scope.ts. */

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export function findRegion(db: Db, code: string) {
  return db.selectFrom('regions').select(['code', 'name', 'name_en', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

/** A region and its ancestors, nearest first (the trail of the drill-down). */
export function regionWithAncestors(db: Db, code: string) {
  return sql<{ code: string; name: string; name_en: string | null; level: string; parent_code: string | null }>`
    WITH RECURSIVE up AS (
      SELECT code, name, name_en, level, parent_code, 0 AS depth FROM regions WHERE code = ${code}
      UNION ALL
      SELECT r.code, r.name, r.name_en, r.level, r.parent_code, up.depth + 1 FROM regions r JOIN up ON r.code = up.parent_code
    ) SELECT code, name, name_en, level, parent_code FROM up ORDER BY depth`.execute(db).then((r) => r.rows);
}

export function childRegions(db: Db, code: string) {
  return db.selectFrom('regions').select(['code', 'name', 'name_en', 'level']).where('parent_code', '=', code).orderBy('code').execute();
}

/** The centers whose region code starts with the prefix (index centers_region_prefix), with their region's level. */
export function centersUnder(db: Db, prefix: string) {
  return db.selectFrom('centers as c').innerJoin('regions as r', 'r.code', 'c.region_code')
    .select(['c.id', 'c.name', 'c.name_en', 'c.kind', 'c.region_code', 'r.level'])
    .where('c.region_code', 'like', likePrefix(prefix)).orderBy('c.region_code').orderBy('c.name').execute();
}

export function findCenter(db: Db, id: string) {
  return db.selectFrom('centers as c').innerJoin('regions as r', 'r.code', 'c.region_code')
    .select(['c.id', 'c.name', 'c.name_en', 'c.kind', 'c.region_code', 'r.level']).where('c.id', '=', id).executeTakeFirst();
}

/** Open cases per center and light (index-only on cases_center_board, whose key starts with the center). */
export function openCounts(db: Db, centerIds: string[]) {
  if (!centerIds.length) return Promise.resolve([]);
  return db.selectFrom('cases').where('center_id', 'in', centerIds).where('status', 'in', [...OPEN_STATES])
    .select(['center_id', 'light', sql<number>`count(*)::int`.as('n'), sql<number>`count(*) FILTER (WHERE suspended_since IS NOT NULL)::int`.as('suspended')])
    .groupBy(['center_id', 'light']).execute();
}

/** The rollup's sums per center over a period (perf_dept_daily's key starts with center and day). */
export function periodSums(db: Db, centerIds: string[], from: string, to: string) {
  if (!centerIds.length) return Promise.resolve([]);
  return db.selectFrom('perf_dept_daily').where('center_id', 'in', centerIds).where('day', '>=', from).where('day', '<=', to)
    .select(['center_id',
      sql<number>`sum(received)::int`.as('received'), sql<number>`sum(accepted)::int`.as('accepted'),
      sql<number>`sum(completed)::int`.as('completed'), sql<number>`sum(on_time)::int`.as('on_time'), sql<number>`sum(overdue)::int`.as('overdue')])
    .groupBy('center_id').execute();
}

/** One center's cases, newest first (index cases_center_recent), with the item's name. */
export async function centerCases(db: Db, centerId: string, f: { open: boolean; limit: number; offset: number }) {
  let base = db.selectFrom('cases as c').where('c.center_id', '=', centerId);
  if (f.open) base = base.where('c.status', 'in', [...OPEN_STATES]);
  const [rows, count] = await Promise.all([
    base.innerJoin('items as i', 'i.id', 'c.item_id')
      .select(['c.id', 'c.receipt_no', 'i.name as item_name', 'i.name_en as item_name_en', 'c.status', 'c.light', 'c.due_date', 'c.applicant_name', 'c.created_at'])
      .orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

// ---- which centers implement which basic items ---------------------------------------------------

/** The basic items (national and provincial level), by basic code, paginated on items_basic_code. */
export async function basicItems(db: Db, f: { q?: string; limit: number; offset: number }) {
  let base = db.selectFrom('items as i').innerJoin('centers as c', 'c.id', 'i.center_id').where('i.level', 'in', ['national', 'province']);
  if (f.q) base = base.where((eb) => eb.or([eb('i.name', 'like', `%${f.q!.replace(/[\\%_]/g, (m) => `\\${m}`)}%`), eb('i.basic_code', 'like', likePrefix(f.q!))]));
  const [rows, count] = await Promise.all([
    base.select(['i.id', 'i.basic_code', 'i.name', 'i.name_en', 'i.level', 'i.statutory_limit_days', 'i.promised_limit_days', 'i.hall_status', 'c.name as center_name', 'c.name_en as center_name_en'])
      .orderBy('i.basic_code').orderBy('i.id').limit(f.limit).offset(f.offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The local implementations (levels below the province) of the given basic codes, at the given centers. */
export function implementationsOf(db: Db, basicCodes: string[], centerIds: string[]) {
  if (!basicCodes.length || !centerIds.length) return Promise.resolve([]);
  return db.selectFrom('items as i').innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.id', 'i.basic_code', 'i.center_id', 'i.level', 'i.implementation_code', 'i.statutory_limit_days', 'i.promised_limit_days', 'i.hall_status', 'd.name as department_name', 'd.name_en as department_name_en'])
    .where('i.basic_code', 'in', basicCodes).where('i.center_id', 'in', centerIds).where('i.level', 'not in', ['national', 'province'])
    .orderBy('i.basic_code').orderBy('i.implementation_code').execute();
}
