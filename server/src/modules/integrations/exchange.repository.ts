import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** SQL of the national exchange (exchange.ts). */

/** The center's items with their newest version's content, a draft included (items_center index), by basic code. */
export async function itemsOfCenter(db: Db, centerId: string) {
  return db.selectFrom('items').innerJoin('item_versions as v', (j) => j.onRef('v.item_id', '=', 'items.id')
    .on(sql<boolean>`v.version = (SELECT max(w.version) FROM item_versions w WHERE w.item_id = items.id)`))
    .innerJoin('departments as d', 'd.id', 'items.department_id')
    .select(['items.implementation_code', 'items.basic_code', 'items.type', 'items.level', 'v.content', 'v.version', 'd.credit_code as dept_code', 'd.name as dept_name'])
    .where('items.center_id', '=', centerId).orderBy('items.basic_code').orderBy('items.id').limit(5000).execute();
}

export async function departmentsOfCenter(db: Db, centerId: string) {
  return db.selectFrom('departments').select(['id', 'credit_code']).where('center_id', '=', centerId).execute();
}

export async function existingImplementationCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return new Set<string>();
  const rows = await db.selectFrom('items').select('implementation_code').where('implementation_code', 'in', codes).execute();
  return new Set(rows.map((r) => r.implementation_code));
}

/** The center's cases submitted in [from, to] (China dates), oldest first. */
export async function casesOfCenter(db: Db, centerId: string, from: string, to: string, limit: number, offset: number) {
  const base = db.selectFrom('cases').where('cases.center_id', '=', centerId)
    .where('cases.received_date', '>=', from).where('cases.received_date', '<=', to);
  const [rows, total] = await Promise.all([
    base.innerJoin('items', 'items.id', 'cases.item_id').innerJoin('departments as d', 'd.id', 'cases.department_id')
      .leftJoin('item_versions as v', (j) => j.onRef('v.item_id', '=', 'cases.item_id').onRef('v.version', '=', 'cases.item_version'))
      .select(['cases.id', 'cases.receipt_no', 'cases.submission_no', 'items.implementation_code', sql<string>`coalesce(v.content->>'name', '')`.as('item_name'),
        'd.name as dept_name', 'cases.channel', 'cases.status', 'cases.submitted_at', 'cases.accepted_date', 'cases.due_date', 'cases.decision',
        'cases.statutory_days', 'cases.promised_days'])
      .orderBy('cases.received_date').orderBy('cases.id').limit(limit).offset(offset).execute(),
    base.select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
