import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { HolderCodeType } from '../../db/types.ts';

/** All SQL of the holder's wallet, the reuse of licences in applications and the staff reads through cases. */
type Q = Db | Tx;

/** A licence with its type and issuing body, as every view of it starts. */
function licenceQuery(db: Q) {
  return db.selectFrom('elicences as l')
    .innerJoin('licence_types as t', 't.id', 'l.type_id')
    .innerJoin('departments as d', 'd.id', 'l.issuer_department_id')
    .select([
      'l.id', 'l.identifier', 'l.licence_no', 'l.holder_id', 'l.holder_name', 'l.holder_code_type', 'l.holder_code', 'l.region_code', 'l.case_id',
      'l.issue_date', 'l.valid_from', 'l.valid_to', 'l.status', 'l.status_changed_at', 'l.status_reason', 'l.data', 'l.version', 'l.file_id',
      't.code as type_code', 't.name as type_name', 't.name_en as type_name_en', 't.fields as type_fields',
      'd.name as issuer_name', 'd.name_en as issuer_name_en', 'd.credit_code as issuer_credit_code',
    ]);
}
export type LicenceRow = NonNullable<Awaited<ReturnType<typeof getLicence>>>;

export function getLicence(db: Q, id: string) {
  return licenceQuery(db).where('l.id', '=', id).executeTakeFirst();
}

/** The licence a reference names: its type's code and its number (unique per type). */
export function findByTypeAndNumber(db: Q, typeCode: string, number: string) {
  return licenceQuery(db).where('t.code', '=', typeCode).where('l.licence_no', '=', number).executeTakeFirst();
}

/** The identity codes of a user (an applicant's ID number or credit code). */
export function userCodes(db: Q, userId: string) {
  return db.selectFrom('users').select(['id', 'kind', 'name', 'id_number', 'credit_code']).where('id', '=', userId).executeTakeFirst();
}

/** 申请事由 of a case: the item (or joint matter) it applies for. */
export async function casePurpose(db: Q, caseId: string): Promise<{ purpose: string; receiptNo: string | null }> {
  const row = await db.selectFrom('cases as c').leftJoin('items as i', 'i.id', 'c.item_id')
    .select(['i.name as item_name', sql<string | null>`c.matter->>'name'`.as('matter_name'), 'c.receipt_no'])
    .where('c.id', '=', caseId).executeTakeFirstOrThrow();
  return { purpose: row.item_name ?? row.matter_name ?? '', receiptNo: row.receipt_no };
}

/** The e-licences a case named in one round of materials (an application: 0; a supplement: its round). */
export function refsOfRound(db: Q, caseId: string, round: number) {
  return db.selectFrom('case_material_licences').select(['material_key', 'licence_type', 'licence_no'])
    .where('case_id', '=', caseId).where('round', '=', round).execute();
}

/** One use per licence, case and material: a repeated use (a retry, a supplement naming it again) keeps the first. */
export async function insertUse(tx: Tx, u: { licenceId: string; caseId: string; materialKey: string; usedBy: string; purpose: string; consentedAt: Date; usedAt: Date }) {
  await tx.insertInto('elicence_uses').values({
    licence_id: u.licenceId, case_id: u.caseId, material_key: u.materialKey, used_by: u.usedBy, purpose: u.purpose,
    consented_at: u.consentedAt, used_at: u.usedAt,
  }).onConflict((oc) => oc.columns(['licence_id', 'case_id', 'material_key']).doNothing()).execute();
}

// ---- the wallet -------------------------------------------------------------------------------

export interface WalletFilter { codeType: HolderCodeType; code: string; status?: string | undefined; types?: string[] | undefined; today: string }

function walletWhere(db: Q, f: WalletFilter) {
  let q = licenceQuery(db).where('l.holder_code_type', '=', f.codeType).where('l.holder_code', '=', f.code);
  if (f.types?.length) q = q.where('t.code', 'in', f.types);
  // "valid" is valid today: the status and the dates (a licence past its end date before the expiry sweep ran is not).
  if (f.status === 'valid') {
    q = q.where('l.status', '=', 'valid').where('l.valid_from', '<=', f.today)
      .where((eb) => eb.or([eb('l.valid_to', 'is', null), eb('l.valid_to', '>=', f.today)]));
  }
  return q;
}

/** A holder's licences, newest first, on the index elicences_wallet. */
export async function walletPage(db: Q, f: WalletFilter, page: number, pageSize: number) {
  const rows = await walletWhere(db, f).orderBy('l.issue_date', 'desc').orderBy('l.id', 'desc')
    .limit(pageSize).offset((page - 1) * pageSize).execute();
  const { n } = await walletWhere(db, f).clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export function versionsOf(db: Q, licenceId: string) {
  return db.selectFrom('elicence_versions as v').leftJoin('users as u', 'u.id', 'v.by_user')
    .select(['v.seq', 'v.version', 'v.event', 'v.status', 'v.valid_to', 'v.reason', 'v.case_id', 'v.at', 'v.file_id', 'u.name as by_name'])
    .where('v.licence_id', '=', licenceId).orderBy('v.seq', 'desc').limit(200).execute();
}

export function fileMeta(db: Q, fileId: string) {
  return db.selectFrom('files').select(['id', 'name', 'mime', 'size', 'sha256', 'storage_key']).where('id', '=', fileId).executeTakeFirst();
}

/** Who used the licence in which case, newest first (index elicence_uses_licence). */
export async function usesPage(db: Q, licenceId: string, page: number, pageSize: number) {
  const rows = await db.selectFrom('elicence_uses as e').innerJoin('users as u', 'u.id', 'e.used_by')
    .innerJoin('cases as c', 'c.id', 'e.case_id').leftJoin('departments as d', 'd.id', 'u.department_id')
    .select(['e.id', 'e.case_id', 'c.receipt_no', 'e.material_key', 'e.purpose', 'e.consented_at', 'e.used_at', 'u.name as by_name', 'u.kind as by_kind', 'd.name as by_department'])
    .where('e.licence_id', '=', licenceId).orderBy('e.used_at', 'desc').orderBy('e.id', 'desc')
    .limit(pageSize).offset((page - 1) * pageSize).execute();
  const { n } = await db.selectFrom('elicence_uses').select((eb) => eb.fn.countAll<string>().as('n')).where('licence_id', '=', licenceId).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** Staff reads through cases, latest first (index elicence_reads_licence). */
export async function readsPage(db: Q, licenceId: string, page: number, pageSize: number) {
  const rows = await db.selectFrom('elicence_reads as r').innerJoin('users as u', 'u.id', 'r.read_by')
    .innerJoin('cases as c', 'c.id', 'r.case_id').leftJoin('departments as d', 'd.id', 'u.department_id')
    .select(['r.case_id', 'c.receipt_no', 'r.day', 'r.first_at', 'r.last_at', 'r.reads', 'u.name as by_name', 'd.name as by_department'])
    .where('r.licence_id', '=', licenceId).orderBy('r.last_at', 'desc').orderBy('r.case_id').orderBy('r.read_by').orderBy('r.day')
    .limit(pageSize).offset((page - 1) * pageSize).execute();
  const { n } = await db.selectFrom('elicence_reads').select((eb) => eb.fn.countAll<string>().as('n')).where('licence_id', '=', licenceId).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

// ---- staff reads through a case ---------------------------------------------------------------

/** The licences a case uses (verified when named), by material. */
export function usesOfCase(db: Q, caseId: string) {
  return db.selectFrom('elicence_uses').select(['licence_id', 'material_key', 'used_at', 'consented_at'])
    .where('case_id', '=', caseId).orderBy('used_at').execute();
}

/** One staff read through a case: one row per licence, case, reader and China day, counted. */
export async function recordRead(tx: Q, r: { licenceIds: string[]; caseId: string; readBy: string; day: string; at: Date }) {
  if (r.licenceIds.length === 0) return;
  await tx.insertInto('elicence_reads')
    .values(r.licenceIds.map((id) => ({ licence_id: id, case_id: r.caseId, read_by: r.readBy, day: r.day, first_at: r.at, last_at: r.at })))
    .onConflict((oc) => oc.columns(['licence_id', 'case_id', 'read_by', 'day']).doUpdateSet({
      last_at: (eb) => eb.ref('excluded.last_at'), reads: sql`elicence_reads.reads + 1`,
    })).execute();
}

// ---- share links ------------------------------------------------------------------------------

export async function insertShare(tx: Q, s: { licenceId: string; tokenHash: string; by: string; now: Date; expiresAt: Date }) {
  return tx.insertInto('elicence_shares').values({
    licence_id: s.licenceId, token_hash: s.tokenHash, created_by: s.by, created_at: s.now, expires_at: s.expiresAt,
  }).returning(['id', 'created_at', 'expires_at', 'revoked_at', 'views']).executeTakeFirstOrThrow();
}

export async function sharesPage(db: Q, licenceId: string, page: number, pageSize: number) {
  const rows = await db.selectFrom('elicence_shares').select(['id', 'created_at', 'expires_at', 'revoked_at', 'views'])
    .where('licence_id', '=', licenceId).orderBy('created_at', 'desc').orderBy('id', 'desc')
    .limit(pageSize).offset((page - 1) * pageSize).execute();
  const { n } = await db.selectFrom('elicence_shares').select((eb) => eb.fn.countAll<string>().as('n')).where('licence_id', '=', licenceId).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** Revokes a live link of the licence (a revoked one keeps its first revocation time). */
export function revokeShare(tx: Q, licenceId: string, shareId: string, now: Date) {
  return tx.updateTable('elicence_shares').set({ revoked_at: sql<Date>`coalesce(revoked_at, ${now})` })
    .where('id', '=', shareId).where('licence_id', '=', licenceId)
    .returning(['id', 'created_at', 'expires_at', 'revoked_at', 'views']).executeTakeFirst();
}

/** Counts a view of a live link and answers it; nothing when the link is unknown, expired or revoked. */
export function viewShare(tx: Q, tokenHash: string, now: Date) {
  return tx.updateTable('elicence_shares').set({ views: sql`views + 1` })
    .where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).where('expires_at', '>', now)
    .returning(['licence_id', 'expires_at', 'views']).executeTakeFirst();
}

export function shareByHash(db: Q, tokenHash: string) {
  return db.selectFrom('elicence_shares').select(['expires_at', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}
