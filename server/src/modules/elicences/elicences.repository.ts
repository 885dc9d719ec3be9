import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { ElicenceApplicationsTable, ElicencesTable, ElicenceStatus, LicenceApplicationKind, LicenceApplicationStatus, LicenceTypesTable } from '../../db/types.ts';

/** All SQL of the e-licence library: types and their items, licences and versions, issuance jobs, applications. */
type Q = Db | Tx;
export type LicenceTypeRow = Selectable<LicenceTypesTable>;
export type LicenceRow = Selectable<ElicencesTable> & { issuer_center_id: string };
export type ApplicationRow = Selectable<ElicenceApplicationsTable>;

// ---------------------------------------------------------------- licence types

export function listTypes(db: Q, centerId: string, page: { limit: number; offset: number }) {
  return db.selectFrom('licence_types').selectAll().where('center_id', '=', centerId)
    .orderBy('code').orderBy('id').limit(page.limit).offset(page.offset).execute();
}
export async function countTypes(db: Q, centerId: string) {
  const r = await db.selectFrom('licence_types').select((eb) => eb.fn.countAll<string>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow();
  return Number(r.n);
}
export function getType(db: Q, id: string) {
  return db.selectFrom('licence_types').selectAll().where('id', '=', id).executeTakeFirst();
}
export function getTypeByCode(db: Q, code: string) {
  return db.selectFrom('licence_types').selectAll().where('code', '=', code).executeTakeFirst();
}
export function lockType(tx: Tx, id: string) {
  return tx.selectFrom('licence_types').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface TypeValues {
  code: string; name: string; nameEn: string | null; centerId: string; departmentId: string; holderType: LicenceTypesTable['holder_type'] extends infer T ? T : never;
  validityMonths: number | null; fields: unknown; template: unknown; status?: 'active' | 'retired';
}
/** Inserts unless the code is taken (null then). */
export async function insertType(tx: Tx, v: TypeValues & { by: string | null; at: Date }) {
  const r = await tx.insertInto('licence_types').values({
    code: v.code, name: v.name, name_en: v.nameEn, center_id: v.centerId, issuing_department_id: v.departmentId, holder_type: v.holderType as 'id_number',
    validity_months: v.validityMonths, fields: JSON.stringify(v.fields), template: JSON.stringify(v.template), created_by: v.by, created_at: v.at,
  }).onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
  return r?.id ?? null;
}
export async function updateType(tx: Tx, id: string, v: Omit<TypeValues, 'code' | 'centerId'>) {
  await tx.updateTable('licence_types').set({
    name: v.name, name_en: v.nameEn, issuing_department_id: v.departmentId, holder_type: v.holderType as 'id_number', validity_months: v.validityMonths,
    fields: JSON.stringify(v.fields), template: JSON.stringify(v.template), ...(v.status ? { status: v.status } : {}),
    row_version: sql<number>`row_version + 1`,
  }).where('id', '=', id).execute();
}
export async function setTypeItems(tx: Tx, typeId: string, itemIds: string[]) {
  await tx.deleteFrom('item_licence_types').where('licence_type_id', '=', typeId).execute();
  if (itemIds.length) await tx.insertInto('item_licence_types').values(itemIds.map((item_id) => ({ item_id, licence_type_id: typeId }))).execute();
}
export function itemsOfTypes(db: Q, typeIds: string[]) {
  if (!typeIds.length) return Promise.resolve([]);
  return db.selectFrom('item_licence_types as il').innerJoin('items as i', 'i.id', 'il.item_id')
    .select(['il.licence_type_id', 'i.id', 'i.name', 'i.department_id', 'i.center_id']).where('il.licence_type_id', 'in', typeIds).orderBy('i.name').execute();
}
/** The items among `ids` that belong to the department (in its center). */
export async function itemsOfDepartment(db: Q, departmentId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('items').select(['id', 'audiences']).where('department_id', '=', departmentId).where('id', 'in', ids).execute();
}
export function department(db: Q, id: string) {
  return db.selectFrom('departments').select(['id', 'center_id', 'name', 'name_en', 'credit_code']).where('id', '=', id).executeTakeFirst();
}
export function departmentsByIds(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('departments').select(['id', 'center_id', 'name', 'name_en', 'credit_code']).where('id', 'in', ids).execute();
}
/** The active type an approval of the item issues (the first by code when several are linked). */
export function activeTypeOfItem(db: Q, itemId: string) {
  return db.selectFrom('item_licence_types as il').innerJoin('licence_types as t', 't.id', 'il.licence_type_id')
    .selectAll('t').where('il.item_id', '=', itemId).where('t.status', '=', 'active').orderBy('t.code').limit(1).executeTakeFirst();
}

// ---------------------------------------------------------------- licences

const licenceColumns = (db: Q) => db.selectFrom('elicences as l').innerJoin('departments as d', 'd.id', 'l.issuer_department_id')
  .selectAll('l').select('d.center_id as issuer_center_id');

export function getLicence(db: Q, id: string): Promise<LicenceRow | undefined> {
  return licenceColumns(db).where('l.id', '=', id).executeTakeFirst();
}
export function getLicenceByIdentifier(db: Q, identifier: string): Promise<LicenceRow | undefined> {
  return licenceColumns(db).where('l.identifier', '=', identifier).executeTakeFirst();
}
export async function lockLicence(tx: Tx, id: string): Promise<LicenceRow | undefined> {
  await tx.selectFrom('elicences').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return getLicence(tx, id);
}
export function licenceOfCase(db: Q, caseId: string) {
  return db.selectFrom('elicences').select(['id', 'identifier', 'licence_no', 'status']).where('case_id', '=', caseId).executeTakeFirst();
}

/** The department's issued licences, newest first (index elicences_issuer). */
export function listDepartmentLicences(db: Q, departmentId: string, f: { status?: ElicenceStatus; limit: number; offset: number }) {
  let q = db.selectFrom('elicences as l').innerJoin('licence_types as t', 't.id', 'l.type_id')
    .select(['l.id', 'l.identifier', 'l.licence_no', 'l.holder_name', 'l.holder_code', 'l.status', 'l.issue_date', 'l.valid_to', 'l.version', 'l.case_id', 't.name as type_name', 't.name_en as type_name_en'])
    .where('l.issuer_department_id', '=', departmentId);
  if (f.status) q = q.where('l.status', '=', f.status);
  return q.orderBy('l.issue_date', 'desc').orderBy('l.id').limit(f.limit).offset(f.offset).execute();
}
export async function countDepartmentLicences(db: Q, departmentId: string, status?: ElicenceStatus) {
  let q = db.selectFrom('elicences').select((eb) => eb.fn.countAll<string>().as('n')).where('issuer_department_id', '=', departmentId);
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function nextSerial(tx: Tx, typeId: string, year: string) {
  // Two issuances of one type at once would count the same licences and take the same number: the type's
  // row is locked for the rest of the transaction, so they number one after the other.
  await tx.selectFrom('licence_types').select('id').where('id', '=', typeId).forUpdate().execute();
  const r = await tx.selectFrom('elicences').select((eb) => eb.fn.countAll<string>().as('n')).where('type_id', '=', typeId)
    .where('issue_date', '>=', `${year}-01-01`).where('issue_date', '<=', `${year}-12-31`).executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

export interface NewLicence {
  identifier: string; licenceNo: string; typeId: string; holderId: string | null; holderName: string; holderCodeType: 'id_number' | 'credit_code' | 'other';
  holderCode: string; departmentId: string; regionCode: string; caseId: string | null; issueDate: string; validFrom: string; validTo: string | null;
  data: Record<string, string>; at: Date;
}
export async function insertLicence(tx: Tx, v: NewLicence) {
  const r = await tx.insertInto('elicences').values({
    identifier: v.identifier, licence_no: v.licenceNo, type_id: v.typeId, holder_id: v.holderId, holder_name: v.holderName, holder_code_type: v.holderCodeType,
    holder_code: v.holderCode, issuer_department_id: v.departmentId, region_code: v.regionCode, case_id: v.caseId, issue_date: v.issueDate,
    valid_from: v.validFrom, valid_to: v.validTo, data: JSON.stringify(v.data), created_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
/** The current version's document and signature, the data and dates of a new version, or a new status: one optimistic write. */
export async function updateLicence(tx: Tx, id: string, rowVersion: number, patch: {
  status?: ElicenceStatus; status_changed_at?: Date; status_reason?: string | null; data?: string; holder_name?: string; valid_to?: string | null; version?: number;
  file_id?: string | null; signature_id?: string | null; expiry_notified_at?: Date | null;
}) {
  const r = await tx.updateTable('elicences').set({ ...patch, row_version: rowVersion + 1 }).where('id', '=', id).where('row_version', '=', rowVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function insertVersion(tx: Tx, v: {
  licenceId: string; version: number; event: 'issued' | 'changed' | 'renewed' | 'suspended' | 'reinstated' | 'revoked' | 'expired' | 'cancelled';
  data: Record<string, unknown>; status: string; validTo: string | null; fileId: string | null; signatureId: string | null; caseId: string | null; reason: string | null; by: string | null; at: Date;
}) {
  const last = await tx.selectFrom('elicence_versions').select((eb) => eb.fn.max('seq').as('seq')).where('licence_id', '=', v.licenceId).executeTakeFirst();
  await tx.insertInto('elicence_versions').values({
    licence_id: v.licenceId, seq: Number(last?.seq ?? 0) + 1, version: v.version, event: v.event, data: JSON.stringify(v.data), status: v.status,
    valid_to: v.validTo, file_id: v.fileId, signature_id: v.signatureId, case_id: v.caseId, reason: v.reason, by_user: v.by, at: v.at,
  }).execute();
}
export function versionsOf(db: Q, licenceId: string) {
  return db.selectFrom('elicence_versions').selectAll().where('licence_id', '=', licenceId).orderBy('seq').execute();
}
export function typeNames(db: Q, id: string) {
  return db.selectFrom('licence_types').select(['code', 'name', 'name_en']).where('id', '=', id).executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- issuance jobs

export async function insertIssuance(tx: Tx, v: { caseId: string; typeId: string; departmentId: string; decidedDate: string; dueDate: string; at: Date }) {
  await tx.insertInto('elicence_issuances').values({
    case_id: v.caseId, type_id: v.typeId, department_id: v.departmentId, decided_date: v.decidedDate, due_date: v.dueDate, next_attempt_at: v.at, created_at: v.at,
  }).onConflict((oc) => oc.column('case_id').doNothing()).execute();
}
/** One pending issuance that is due, locked for this transaction; another instance skips it (SKIP LOCKED). */
export function claimIssuance(tx: Tx, now: Date) {
  return tx.selectFrom('elicence_issuances').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at').limit(1).forUpdate().skipLocked().executeTakeFirst();
}
export async function markIssued(tx: Tx, caseId: string, licenceId: string | null, at: Date) {
  await tx.updateTable('elicence_issuances').set({ status: 'issued', licence_id: licenceId, issued_at: at, last_error: null }).where('case_id', '=', caseId).execute();
}
export async function markFailed(db: Q, caseId: string, error: string, next: Date) {
  await db.updateTable('elicence_issuances').set({ attempts: sql<number>`attempts + 1`, last_error: error.slice(0, 500), next_attempt_at: next })
    .where('case_id', '=', caseId).where('status', '=', 'pending').execute();
}
export function issuanceOf(db: Q, caseId: string) {
  return db.selectFrom('elicence_issuances').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

// ---------------------------------------------------------------- lifecycle applications

export async function insertApplication(tx: Tx, v: { licenceId: string; kind: LicenceApplicationKind; applicantId: string; departmentId: string; reason: string; changes: Record<string, string>; at: Date }) {
  const r = await tx.insertInto('elicence_applications').values({
    licence_id: v.licenceId, kind: v.kind, applicant_id: v.applicantId, department_id: v.departmentId, reason: v.reason, changes: JSON.stringify(v.changes), created_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
export function getApplication(db: Q, id: string) {
  return db.selectFrom('elicence_applications').selectAll().where('id', '=', id).executeTakeFirst();
}
export function openApplication(db: Q, licenceId: string) {
  return db.selectFrom('elicence_applications').selectAll().where('licence_id', '=', licenceId).where('status', '=', 'requested').executeTakeFirst();
}
export function lockApplication(tx: Tx, id: string) {
  return tx.selectFrom('elicence_applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
export async function moveApplication(tx: Tx, id: string, rowVersion: number, to: LicenceApplicationStatus, by: string | null, reason: string, at: Date) {
  const r = await tx.updateTable('elicence_applications').set({ status: to, decided_by: by, decided_at: at, decision_reason: reason, row_version: rowVersion + 1 })
    .where('id', '=', id).where('row_version', '=', rowVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export function applicationsOf(db: Q, licenceId: string) {
  return db.selectFrom('elicence_applications').selectAll().where('licence_id', '=', licenceId).orderBy('created_at', 'desc').orderBy('id').limit(50).execute();
}
/** A department's applications in one status, oldest first (index elicence_applications_queue). */
export function applicationQueue(db: Q, departmentId: string, status: LicenceApplicationStatus, page: { limit: number; offset: number }) {
  return db.selectFrom('elicence_applications as a').innerJoin('elicences as l', 'l.id', 'a.licence_id').innerJoin('licence_types as t', 't.id', 'l.type_id')
    .selectAll('a').select(['l.identifier', 'l.licence_no', 'l.holder_name', 'l.status as licence_status', 'l.valid_to', 't.name as type_name', 't.name_en as type_name_en'])
    .where('a.department_id', '=', departmentId).where('a.status', '=', status)
    .orderBy('a.created_at').orderBy('a.id').limit(page.limit).offset(page.offset).execute();
}
export async function countQueue(db: Q, departmentId: string, status: LicenceApplicationStatus) {
  const r = await db.selectFrom('elicence_applications').select((eb) => eb.fn.countAll<string>().as('n')).where('department_id', '=', departmentId).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------------------------------------------------------------- expiry

/**
 * An open renewal applied for at least `days` days before the licence's last day (China dates): Art. 50
 * deems it granted when the department has not decided by the end.
 */
const timelyRenewal = (days: number) => sql<boolean>`EXISTS (SELECT 1 FROM elicence_applications a
  WHERE a.licence_id = elicences.id AND a.status = 'requested' AND a.kind = 'renewal'
    AND (a.created_at AT TIME ZONE 'Asia/Shanghai')::date <= elicences.valid_to - ${days}::int)`;

/**
 * Valid and suspended licences past their last day (index elicences_lapsing), except valid ones an
 * in-time renewal keeps (see claimDeemedRenewals; a suspended licence cannot be renewed).
 */
export function claimExpired(tx: Tx, today: string, limit: number, renewalDays: number) {
  return tx.selectFrom('elicences').select(['id', 'row_version', 'version', 'data', 'valid_to', 'holder_id', 'issuer_department_id', 'licence_no'])
    .where('status', 'in', ['valid', 'suspended']).where('valid_to', '<', today)
    .where((eb) => eb.or([eb('status', '=', 'suspended'), sql<boolean>`NOT ${timelyRenewal(renewalDays)}`]))
    .orderBy('valid_to').limit(limit).forUpdate().skipLocked().execute();
}
/**
 * The in-time renewals still undecided on valid licences past their last day: the renewal is deemed
 * granted. The application is claimed (SKIP LOCKED) before its licence is locked, in the order a chief's
 * decision takes them, so the sweep and a decision never wait on each other crosswise.
 */
export function claimDeemedRenewals(tx: Tx, today: string, limit: number, renewalDays: number) {
  return tx.selectFrom('elicence_applications as a').innerJoin('elicences', 'elicences.id', 'a.licence_id')
    .select(['a.id as application_id', 'a.licence_id'])
    .where('elicences.status', '=', 'valid').where('elicences.valid_to', '<', today).where('a.status', '=', 'requested').where('a.kind', '=', 'renewal')
    .where(sql<boolean>`(a.created_at AT TIME ZONE 'Asia/Shanghai')::date <= elicences.valid_to - ${renewalDays}::int`)
    .orderBy('elicences.valid_to').limit(limit).forUpdate('a').skipLocked().execute();
}
/** Valid licences ending on or before `until` whose holder has not been told yet. */
export function claimExpiring(tx: Tx, today: string, until: string, limit: number) {
  return tx.selectFrom('elicences as l').innerJoin('departments as d', 'd.id', 'l.issuer_department_id').innerJoin('licence_types as t', 't.id', 'l.type_id')
    .select(['l.id', 'l.row_version', 'l.valid_to', 'l.holder_id', 'l.licence_no', 'l.identifier', 'd.center_id', 't.name as type_name', 't.name_en as type_name_en'])
    .where('l.status', '=', 'valid').where('l.valid_to', '>=', today).where('l.valid_to', '<=', until).where('l.expiry_notified_at', 'is', null)
    .orderBy('l.valid_to').limit(limit).forUpdate('l').skipLocked().execute();
}

// ---------------------------------------------------------------- what the licence is made of

export function caseForIssue(db: Q, caseId: string) {
  return db.selectFrom('cases as c').innerJoin('users as u', 'u.id', 'c.applicant_id').leftJoin('items as i', 'i.id', 'c.item_id')
    .select(['c.id', 'c.status', 'c.kind', 'c.item_id', 'c.department_id', 'c.region_code', 'c.form', 'c.receipt_no', 'c.decision_reason', 'c.decided_at', 'c.applicant_id',
      'u.kind as applicant_kind', 'u.name as applicant_name', 'u.id_number', 'u.credit_code', 'u.phone', 'i.name as item_name'])
    .where('c.id', '=', caseId).executeTakeFirst();
}
