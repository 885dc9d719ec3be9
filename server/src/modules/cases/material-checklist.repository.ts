import type { Db, Tx } from '../../db/database.ts';
import type { MaterialCheckState } from '../../db/types.ts';

type Q = Db | Tx;

/** E-licences named instead of files (one per material and round; a retry of the same round keeps the first). */
/** Stores a round's e-licence references, one per material (a repeated material keeps its first); answers those stored. */
export async function insertLicences(tx: Tx, caseId: string, rows: Array<{ key: string; type: string; number: string }>, round: number, now: Date) {
  if (rows.length === 0) return [];
  const stored = await tx.insertInto('case_material_licences')
    .values(rows.map((r) => ({ case_id: caseId, material_key: r.key, licence_type: r.type, licence_no: r.number, round, created_at: now })))
    .onConflict((oc) => oc.doNothing()).returning(['material_key', 'licence_type', 'licence_no']).execute();
  return stored.map((r) => ({ key: r.material_key, type: r.licence_type, number: r.licence_no }));
}

/** The e-licences a case named, oldest round first (a later round's reference is the one in force). */
export function listLicences(db: Q, caseId: string) {
  return db.selectFrom('case_material_licences').select(['material_key', 'licence_type', 'licence_no', 'round'])
    .where('case_id', '=', caseId).orderBy('round').execute();
}

/** The material files of a case with what a preview needs (type and size). */
export function listMaterialFiles(db: Q, caseId: string) {
  return db.selectFrom('case_materials as m').innerJoin('files as f', 'f.id', 'm.file_id')
    .select(['m.material_key', 'f.id', 'f.name', 'f.mime', 'f.size'])
    .where('m.case_id', '=', caseId).orderBy('m.round').orderBy('m.created_at').execute();
}

export function listChecks(db: Q, caseId: string) {
  return db.selectFrom('case_material_checks as c').innerJoin('users as u', 'u.id', 'c.checked_by')
    .select(['c.material_key', 'c.state', 'c.licence_type', 'c.licence_no', 'c.note', 'c.checked_at', 'u.name as checked_by_name'])
    .where('c.case_id', '=', caseId).execute();
}

export interface CheckRow { key: string; state: MaterialCheckState; licenceType: string | null; licenceNo: string | null; note: string }

/** Records (or replaces) the window's check of each material. */
export async function upsertChecks(tx: Tx, caseId: string, rows: CheckRow[], by: string, now: Date) {
  if (rows.length === 0) return;
  await tx.insertInto('case_material_checks')
    .values(rows.map((r) => ({ case_id: caseId, material_key: r.key, state: r.state, licence_type: r.licenceType, licence_no: r.licenceNo, note: r.note, checked_by: by, checked_at: now })))
    .onConflict((oc) => oc.columns(['case_id', 'material_key']).doUpdateSet((eb) => ({
      state: eb.ref('excluded.state'), licence_type: eb.ref('excluded.licence_type'), licence_no: eb.ref('excluded.licence_no'),
      note: eb.ref('excluded.note'), checked_by: eb.ref('excluded.checked_by'), checked_at: eb.ref('excluded.checked_at'),
    }))).execute();
}
