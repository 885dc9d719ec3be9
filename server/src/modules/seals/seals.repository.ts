import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { SealKeysTable, SealRequestsTable, SealsTable, SignedDocumentsTable } from '../../db/types.ts';

/** All SQL of the e-seals (migration 0021). */
export type SealRow = Selectable<SealsTable>;
export type SealKeyRow = Selectable<SealKeysTable>;
export type SealRequestRow = Selectable<SealRequestsTable>;
export type SignedDocumentRow = Selectable<SignedDocumentsTable>;
type Q = Db | Tx;

export function findDepartment(db: Q, id: string) {
  return db.selectFrom('departments').select(['id', 'center_id', 'name', 'name_en', 'credit_code']).where('id', '=', id).executeTakeFirst();
}

export function sealOfDepartment(db: Q, departmentId: string, lock = false) {
  const q = db.selectFrom('seals').selectAll().where('department_id', '=', departmentId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function sealById(db: Q, id: string) {
  return db.selectFrom('seals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertSeal(tx: Tx, row: Insertable<SealsTable>) {
  return tx.insertInto('seals').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function setCurrentVersion(tx: Tx, sealId: string, version: number, validTo: string | null) {
  await tx.updateTable('seals').set({ current_version: version, ...(validTo ? { valid_to: validTo } : {}) }).where('id', '=', sealId).execute();
}

export async function insertKey(tx: Tx, row: Insertable<SealKeysTable>) {
  await tx.insertInto('seal_keys').values(row).execute();
}

export async function retireKey(tx: Tx, sealId: string, version: number, at: Date) {
  await tx.updateTable('seal_keys').set({ retired_at: at }).where('seal_id', '=', sealId).where('version', '=', version).execute();
}

export function keyOf(db: Q, sealId: string, version: number) {
  return db.selectFrom('seal_keys').selectAll().where('seal_id', '=', sealId).where('version', '=', version).executeTakeFirst();
}

/** The public half of every key version of these seals (never the encrypted private key). */
export function publicKeysOf(db: Q, sealIds: string[]) {
  if (!sealIds.length) return Promise.resolve([]);
  return db.selectFrom('seal_keys').select(['seal_id', 'version', 'public_key', 'active_from', 'retired_at'])
    .where('seal_id', 'in', sealIds).orderBy('seal_id').orderBy('version').execute();
}

/** Seals, oldest first, one page (index seals_listing / seals_center). */
export function listSeals(db: Q, opts: { centerId?: string; limit: number; offset: number }) {
  let q = db.selectFrom('seals').selectAll();
  if (opts.centerId) q = q.where('center_id', '=', opts.centerId);
  return q.orderBy('created_at').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
}

export async function countSeals(db: Q, centerId?: string) {
  let q = db.selectFrom('seals').select((eb) => eb.fn.countAll<string>().as('n'));
  if (centerId) q = q.where('center_id', '=', centerId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The new request, or undefined when the department has a pending one already (index seal_requests_one_pending, also under a race). */
export function insertRequest(tx: Tx, row: Insertable<SealRequestsTable>) {
  return tx.insertInto('seal_requests').values(row)
    .onConflict((oc) => oc.column('department_id').where('status', '=', 'pending').doNothing())
    .returningAll().executeTakeFirst();
}

export function requestById(db: Q, id: string, lock = false) {
  const q = db.selectFrom('seal_requests').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function decideRequest(tx: Tx, id: string, set: { status: 'approved' | 'rejected'; decided_by: string; decided_at: Date; decision_reason: string | null }) {
  await tx.updateTable('seal_requests').set(set).where('id', '=', id).execute();
}

/** A center's requests, newest first, one page (index seal_requests_queue). */
export function listRequests(db: Q, centerId: string, status: SealRequestRow['status'] | undefined, limit: number, offset: number) {
  let q = db.selectFrom('seal_requests as r').innerJoin('departments as d', 'd.id', 'r.department_id')
    .innerJoin('users as u', 'u.id', 'r.requested_by')
    .selectAll('r').select(['d.name as department_name', 'u.name as requested_by_name'])
    .where('r.center_id', '=', centerId);
  if (status) q = q.where('r.status', '=', status);
  return q.orderBy('r.requested_at', 'desc').orderBy('r.id').limit(limit).offset(offset).execute();
}

export async function countRequests(db: Q, centerId: string, status?: SealRequestRow['status']) {
  let q = db.selectFrom('seal_requests').select((eb) => eb.fn.countAll<string>().as('n')).where('center_id', '=', centerId);
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export function insertSignedDocument(tx: Q, row: Insertable<SignedDocumentsTable>) {
  return tx.insertInto('signed_documents').values(row).returningAll().executeTakeFirstOrThrow();
}

export function signedByVerificationId(db: Q, verificationId: string) {
  return db.selectFrom('signed_documents').selectAll().where('verification_id', '=', verificationId).executeTakeFirst();
}

export function signedByRef(db: Q, kind: string, ref: string) {
  return db.selectFrom('signed_documents').selectAll().where('kind', '=', kind).where('ref', '=', ref).executeTakeFirst();
}

export function signedByDigest(db: Q, digest: string) {
  return db.selectFrom('signed_documents').selectAll().where('digest', '=', digest).orderBy('signed_at', 'desc').limit(1).executeTakeFirst();
}
