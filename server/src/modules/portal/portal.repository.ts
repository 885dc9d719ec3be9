import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';

type Q = Db | Tx;

/** All SQL of the portal's own data: profile, drafts, bookmarks and the service counts (docs/portal.md). */
export function findProfile(db: Q, userId: string) {
  return db.selectFrom('users').select(['id', 'kind', 'name', 'id_number', 'credit_code', 'legal_representative', 'phone', 'address'])
    .where('id', '=', userId).executeTakeFirst();
}

export async function setAddress(db: Q, userId: string, address: string | null) {
  await db.updateTable('users').set({ address }).where('id', '=', userId).execute();
}

// ---- drafts ----

const draftColumns = [
  'd.id', 'd.user_id', 'd.target_kind', 'd.target_id', 'd.data', 'd.row_version', 'd.updated_at',
  sql<string>`coalesce(i.name, m.name)`.as('name'), sql<string | null>`coalesce(i.name_en, m.name_en)`.as('name_en'),
  sql<string>`coalesce(i.center_id, m.center_id)`.as('center_id'), 'm.key as matter_key',
] as const;

const withTargets = (db: Q) => db.selectFrom('application_drafts as d')
  .leftJoin('items as i', (j) => j.onRef('i.id', '=', 'd.target_id').on('d.target_kind', '=', 'item'))
  .leftJoin('joint_matters as m', (j) => j.onRef('m.id', '=', 'd.target_id').on('d.target_kind', '=', 'matter'));

export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

export function findDraft(db: Q, userId: string, kind: 'item' | 'matter', targetId: string) {
  return withTargets(db).select(draftColumns).where('d.user_id', '=', userId).where('d.target_kind', '=', kind).where('d.target_id', '=', targetId).executeTakeFirst();
}

export async function listDrafts(db: Db, userId: string, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    withTargets(db).select(draftColumns).where('d.user_id', '=', userId).orderBy('d.updated_at', 'desc').orderBy('d.id').limit(limit).offset(offset).execute(),
    db.selectFrom('application_drafts').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Inserts the first draft; null when one exists already (a save from another page or device won). */
export async function insertDraft(tx: Tx, d: { userId: string; kind: 'item' | 'matter'; targetId: string; data: unknown; now: Date }) {
  const row = await tx.insertInto('application_drafts')
    .values({ user_id: d.userId, target_kind: d.kind, target_id: d.targetId, data: JSON.stringify(d.data), created_at: d.now, updated_at: d.now })
    .onConflict((oc) => oc.columns(['user_id', 'target_kind', 'target_id']).doNothing()).returning('id').executeTakeFirst();
  return row?.id ?? null;
}

/** Updates in place when the version read is still the stored one; false otherwise. */
export async function updateDraft(tx: Tx, d: { userId: string; kind: 'item' | 'matter'; targetId: string; rowVersion: number; data: unknown; now: Date }) {
  const r = await tx.updateTable('application_drafts').set({ data: JSON.stringify(d.data), updated_at: d.now, row_version: sql`row_version + 1` })
    .where('user_id', '=', d.userId).where('target_kind', '=', d.kind).where('target_id', '=', d.targetId).where('row_version', '=', d.rowVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Every online submission ends its draft: built and compiled once (db/prepared.ts).
const deleteDraftQuery = prepared((db, p: { userId: string; kind: 'item' | 'matter'; targetId: string }) => db.deleteFrom('application_drafts')
  .where('user_id', '=', p.userId).where('target_kind', '=', p.kind).where('target_id', '=', p.targetId));

export async function deleteDraft(db: Q, userId: string, kind: 'item' | 'matter', targetId: string) {
  return Number((await deleteDraftQuery(db, { userId, kind, targetId })).numAffectedRows ?? 0) > 0;
}

export function itemTarget(db: Q, id: string) {
  return db.selectFrom('items').select(['id']).where('id', '=', id).where('hall_status', '=', 'in_hall').executeTakeFirst();
}

export function matterTarget(db: Q, id: string) {
  return db.selectFrom('joint_matters').select(['id']).where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
}

// ---- bookmarks ----

export function listBookmarks(db: Q, userId: string, limit: number) {
  return db.selectFrom('user_bookmarks as b').innerJoin('items as i', 'i.id', 'b.item_id').innerJoin('departments as dp', 'dp.id', 'i.department_id')
    .select(['i.id as item_id', 'i.name', 'i.name_en', 'i.online', 'dp.name as department_name', 'dp.name_en as department_name_en', 'b.created_at'])
    .where('b.user_id', '=', userId).where('i.hall_status', '=', 'in_hall').orderBy('b.created_at', 'desc').orderBy('b.item_id').limit(limit).execute();
}

export async function addBookmark(db: Q, userId: string, itemId: string, now: Date) {
  await db.insertInto('user_bookmarks').values({ user_id: userId, item_id: itemId, created_at: now }).onConflict((oc) => oc.columns(['user_id', 'item_id']).doNothing()).execute();
}

export async function removeBookmark(db: Q, userId: string, itemId: string) {
  await db.deleteFrom('user_bookmarks').where('user_id', '=', userId).where('item_id', '=', itemId).execute();
}

// ---- service counts ----

const serviceColumns = ['i.id as item_id', 'i.name', 'i.name_en', 'i.online', 'dp.name as department_name', 'dp.name_en as department_name_en'] as const;

/** Popular services: the center's top items by cases submitted since `since` (index cases_center_recent_items). */
export function popularItems(db: Q, centerId: string | undefined, since: Date, limit: number) {
  let counts = db.selectFrom('cases').select(['item_id', (eb) => eb.fn.countAll<number>().as('n')]);
  if (centerId) counts = counts.where('center_id', '=', centerId);
  counts = counts.where('submitted_at', '>=', since).where('item_id', 'is not', null).where('parent_id', 'is', null)
    .groupBy('item_id');
  return db.selectFrom(counts.as('k')).innerJoin('items as i', 'i.id', 'k.item_id').innerJoin('departments as dp', 'dp.id', 'i.department_id')
    .select([...serviceColumns, 'k.n']).where('i.hall_status', '=', 'in_hall')
    .orderBy('k.n', 'desc').orderBy('i.name').limit(limit).execute();
}

/** My frequent services: the items of my own cases, most used first (index cases_applicant_top). */
export function frequentItems(db: Q, userId: string, limit: number) {
  const counts = db.selectFrom('cases').select(['item_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('created_at').as('last')])
    .where('applicant_id', '=', userId).where('parent_id', 'is', null).where('item_id', 'is not', null).groupBy('item_id');
  return db.selectFrom(counts.as('k')).innerJoin('items as i', 'i.id', 'k.item_id').innerJoin('departments as dp', 'dp.id', 'i.department_id')
    .select([...serviceColumns, 'k.n']).where('i.hall_status', '=', 'in_hall')
    .orderBy('k.n', 'desc').orderBy('k.last', 'desc').limit(limit).execute();
}
