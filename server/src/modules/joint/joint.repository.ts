import type { Db, Tx } from '../../db/database.ts';
import { OPEN_STATES } from '../cases/transitions.ts';

type Q = Db | Tx;

const matterColumns = [
  'm.id', 'm.center_id', 'm.key', 'm.name', 'm.name_en', 'm.life_event', 'm.lead_department_id', 'm.definition', 'm.status',
  'm.version', 'm.row_version', 'm.updated_at', 'ce.name as center_name', 'ce.name_en as center_name_en', 'd.name as lead_name', 'd.name_en as lead_name_en',
] as const;

const matters = (db: Q) => db.selectFrom('joint_matters as m')
  .innerJoin('centers as ce', 'ce.id', 'm.center_id')
  .innerJoin('departments as d', 'd.id', 'm.lead_department_id');

export type MatterRow = NonNullable<Awaited<ReturnType<typeof getMatter>>>;

export function getMatter(db: Q, id: string) {
  return matters(db).select(matterColumns).where('m.id', '=', id).executeTakeFirst();
}

export function findMatterByKey(db: Q, centerId: string, key: string) {
  return matters(db).select(matterColumns).where('m.center_id', '=', centerId).where('m.key', '=', key).executeTakeFirst();
}

/** Published matters, by center and name (a small list per center: a few dozen at most). */
export function listPublished(db: Q, f: { centerId?: string; lifeEvent?: string }) {
  let q = matters(db).select(matterColumns).where('m.status', '=', 'published');
  if (f.centerId) q = q.where('m.center_id', '=', f.centerId);
  if (f.lifeEvent) q = q.where('m.life_event', '=', f.lifeEvent);
  return q.orderBy('m.center_id').orderBy('m.name').limit(200).execute();
}

export function listForCenter(db: Q, centerId: string) {
  return matters(db).select(matterColumns).where('m.center_id', '=', centerId).orderBy('m.name').limit(500).execute();
}

export async function insertMatter(tx: Tx, m: { centerId: string; key: string; name: string; nameEn: string | null; lifeEvent: string | null; leadDepartmentId: string; definition: unknown; by: string | null; now: Date; status?: 'draft' | 'published' }) {
  const row = await tx.insertInto('joint_matters').values({
    center_id: m.centerId, key: m.key, name: m.name, name_en: m.nameEn, life_event: m.lifeEvent, lead_department_id: m.leadDepartmentId,
    definition: JSON.stringify(m.definition), status: m.status ?? 'draft', updated_by: m.by, created_at: m.now, updated_at: m.now,
  }).onConflict((oc) => oc.columns(['center_id', 'key']).doNothing()).returning('id').executeTakeFirst();
  return row?.id ?? null;
}

export function lockMatter(tx: Tx, id: string) {
  return tx.selectFrom('joint_matters').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateMatter(tx: Tx, id: string, rowVersion: number, set: {
  name?: string; name_en?: string | null; life_event?: string | null; lead_department_id?: string; definition?: string; status?: 'draft' | 'published' | 'withdrawn';
  version?: number; updated_by: string; updated_at: Date; key?: string;
}) {
  const r = await tx.updateTable('joint_matters').set({ ...set, row_version: rowVersion + 1 }).where('id', '=', id).where('row_version', '=', rowVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Items of one center by id, with their department: what a matter may include. */
export function itemsWithDepartments(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('items as i').innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.id', 'i.center_id', 'i.department_id', 'i.name', 'i.name_en', 'i.hall_status', 'd.name as department_name', 'd.name_en as department_name_en'])
    .where('i.id', 'in', ids).execute();
}

export async function upsertPrereview(tx: Tx, p: { caseId: string; round: number; departmentId: string; items: Array<{ key: string; reason: string }>; note: string; by: string; at: Date }) {
  await tx.insertInto('case_prereviews').values({
    case_id: p.caseId, round: p.round, department_id: p.departmentId, items: JSON.stringify(p.items), note: p.note, by_user: p.by, at: p.at,
  }).onConflict((oc) => oc.columns(['case_id', 'round', 'department_id']).doUpdateSet({ items: JSON.stringify(p.items), note: p.note, by_user: p.by, at: p.at })).execute();
}

export function listPrereviews(db: Q, caseId: string, round?: number) {
  let q = db.selectFrom('case_prereviews as p').innerJoin('departments as d', 'd.id', 'p.department_id').innerJoin('users as u', 'u.id', 'p.by_user')
    .select(['p.department_id', 'd.name as department_name', 'p.round', 'p.items', 'p.note', 'u.name as by_name', 'p.at'])
    .where('p.case_id', '=', caseId);
  if (round !== undefined) q = q.where('p.round', '=', round);
  return q.orderBy('p.round').orderBy('d.name').execute();
}

/** Open parts of a joint case, locked in id order so concurrent cascades take them in the same order. */
export function openParts(tx: Tx, parentId: string) {
  return tx.selectFrom('cases').select(['id', 'status', 'processing_mode']).where('parent_id', '=', parentId).where('kind', '=', 'part')
    .where('status', 'in', [...OPEN_STATES]).orderBy('id').execute();
}

export function partDecisions(db: Q, parentId: string) {
  return db.selectFrom('cases as c').leftJoin('items as i', 'i.id', 'c.item_id')
    .select(['c.id', 'c.status', 'c.decision', 'c.decision_reason', 'i.name as item_name', 'c.close_reason'])
    .where('c.parent_id', '=', parentId).where('c.kind', '=', 'part').orderBy('c.created_at').orderBy('c.id').execute();
}

/** The open joint cases a department leads, green first, by due date (index cases_joint_led, on OPEN_STATES; not yet accepted last). */
export async function listLed(db: Db, departmentId: string, limit: number, offset: number) {
  const q = db.selectFrom('cases as c').where('c.department_id', '=', departmentId).where('c.kind', '=', 'joint')
    .where('c.status', 'in', [...OPEN_STATES]);
  const [rows, count] = await Promise.all([
    q.select('c.id').orderBy('c.green', 'desc').orderBy('c.due_date').orderBy('c.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count.n) };
}
