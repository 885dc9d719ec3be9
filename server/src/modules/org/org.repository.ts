import type { Db, Tx } from '../../db/database.ts';

type Q = Db | Tx;

export function listCentersWithRegion(db: Q) {
  return db
    .selectFrom('centers as c')
    .innerJoin('regions as r', 'r.code', 'c.region_code')
    .select(['c.id', 'c.name', 'c.name_en', 'c.region_code', 'r.name as region_name', 'r.level'])
    .orderBy('c.region_code')
    .execute();
}

export function findCenter(db: Q, id: string) {
  return db.selectFrom('centers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRegions(db: Q) {
  return db.selectFrom('regions').selectAll().orderBy('code').execute();
}

export function listDepartments(db: Q) {
  return db.selectFrom('departments').select(['id', 'center_id', 'name', 'name_en', 'credit_code']).orderBy('center_id').orderBy('name').execute();
}

export function listWindows(db: Q) {
  return db.selectFrom('windows').select(['id', 'center_id', 'name', 'name_en', 'kind', 'department_id']).orderBy('center_id').orderBy('name').execute();
}

export function findDepartment(db: Q, id: string) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findWindow(db: Q, id: string) {
  return db.selectFrom('windows').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listStaff(db: Db, f: { centerId: string; q?: string; limit: number; offset: number; now: Date }) {
  let base = db.selectFrom('users').where('kind', '=', 'staff').where('center_id', '=', f.centerId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) => eb.or([eb('username', 'like', like), eb('name', 'like', like)]));
  }
  const [rows, count] = await Promise.all([
    base
      .select(['id', 'username', 'name', 'roles', 'department_id', 'window_id', 'center_id', 'locked_until'])
      .orderBy('username').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function upsertRegion(db: Q, r: { code: string; name: string; nameEn: string; level: 'province' | 'city' | 'county' | 'township' | 'village'; parentCode: string | null }) {
  await db.insertInto('regions').values({ code: r.code, name: r.name, name_en: r.nameEn, level: r.level, parent_code: r.parentCode })
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.name, name_en: r.nameEn })).execute();
}

export async function ensureCenter(db: Q, c: { regionCode: string; name: string; nameEn: string; address: string }): Promise<string> {
  const row = await db.insertInto('centers').values({ region_code: c.regionCode, name: c.name, name_en: c.nameEn, address: c.address })
    .onConflict((oc) => oc.columns(['region_code', 'name']).doUpdateSet({ name_en: c.nameEn, address: c.address }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function ensureDepartment(db: Q, d: { centerId: string; name: string; nameEn: string; creditCode: string }): Promise<string> {
  const row = await db.insertInto('departments').values({ center_id: d.centerId, name: d.name, name_en: d.nameEn, credit_code: d.creditCode })
    .onConflict((oc) => oc.columns(['center_id', 'name']).doUpdateSet({ name_en: d.nameEn }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function ensureWindow(db: Q, w: { centerId: string; name: string; nameEn: string; kind: 'intake' | 'delivery' | 'department' | 'proxy'; departmentId: string | null }): Promise<string> {
  const row = await db.insertInto('windows').values({ center_id: w.centerId, name: w.name, name_en: w.nameEn, kind: w.kind, department_id: w.departmentId })
    .onConflict((oc) => oc.columns(['center_id', 'name']).doUpdateSet({ name_en: w.nameEn }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Adds departments a proxy window accepts for; the ones it already has stay. */
export async function addWindowDepartments(db: Q, windowId: string, departmentIds: string[]) {
  if (departmentIds.length === 0) return;
  await db.insertInto('window_departments').values(departmentIds.map((d) => ({ window_id: windowId, department_id: d })))
    .onConflict((oc) => oc.doNothing()).execute();
}

/** Replaces the departments a proxy window accepts for. */
export async function replaceWindowDepartments(tx: Tx, windowId: string, departmentIds: string[]) {
  await tx.deleteFrom('window_departments').where('window_id', '=', windowId).execute();
  await addWindowDepartments(tx, windowId, departmentIds);
}

export function listWindowDepartments(db: Q) {
  return db.selectFrom('window_departments').select(['window_id', 'department_id']).orderBy('window_id').orderBy('department_id').execute();
}

/** Locks the window row so two managers editing its departments apply one after the other. */
export function lockWindow(tx: Tx, id: string) {
  return tx.selectFrom('windows').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A window's kind, its own department, and whether `departmentId` is on its list (proxy windows). */
export function findWindowFor(db: Q, windowId: string, departmentId: string) {
  return db.selectFrom('windows as w')
    .leftJoin('window_departments as wd', (j) => j.onRef('wd.window_id', '=', 'w.id').on('wd.department_id', '=', departmentId))
    .select(['w.kind', 'w.department_id', 'wd.department_id as listed'])
    .where('w.id', '=', windowId).executeTakeFirst();
}

/** The departments a window accepts for: null for every department of its center (intake and delivery windows). */
export async function departmentsOfWindow(db: Q, windowId: string): Promise<string[] | null> {
  const w = await db.selectFrom('windows').select(['kind', 'department_id']).where('id', '=', windowId).executeTakeFirst();
  if (!w || w.kind === 'intake' || w.kind === 'delivery') return null;
  if (w.kind === 'department') return w.department_id ? [w.department_id] : [];
  const rows = await db.selectFrom('window_departments').select('department_id').where('window_id', '=', windowId).execute();
  return rows.map((r) => r.department_id);
}

/** A village's service point (便民服务站) or a center (migration 0041). */
export async function setCenterKind(db: Q, id: string, kind: 'center' | 'service_point') {
  await db.updateTable('centers').set({ kind }).where('id', '=', id).execute();
}
