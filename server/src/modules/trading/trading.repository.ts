import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type {
  TenderDocumentsTable, TenderRevisionsTable, TendersTable, TenderStatus, TenderSuspensionsTable, TradingLotsTable, TradingProjectsTable,
} from '../../db/types.ts';

/** All SQL of public resource trading (docs/trading.md). */
type Q = Db | Tx;
export type ProjectRow = Selectable<TradingProjectsTable>;
export type LotRow = Selectable<TradingLotsTable>;
export type TenderRow = Selectable<TendersTable>;
export type RevisionRow = Selectable<TenderRevisionsTable>;
export type TenderDocumentRow = Selectable<TenderDocumentsTable>;
/** A transition's or an amendment's own columns; never the status (the transition table writes that) nor the version. */
export type TenderFields = Omit<Updateable<TendersTable>, 'status' | 'id' | 'version' | 'updated_at' | 'project_id' | 'center_id'>;

/** The statuses after which a project counts as traded in the center (an award notice exists). */
export const AWARDED_STATUSES: TenderStatus[] = ['awarded', 'contract', 'complete'];

// ---------------------------------------------------------------- projects and lots

export const insertProject = (tx: Tx, values: Insertable<TradingProjectsTable>) =>
  tx.insertInto('trading_projects').values(values).returningAll().executeTakeFirstOrThrow();

export const findProject = (db: Q, id: string) => db.selectFrom('trading_projects').selectAll().where('id', '=', id).executeTakeFirst();

export const projectByCode = (db: Q, centerId: string, code: string) =>
  db.selectFrom('trading_projects').selectAll().where('center_id', '=', centerId).where('code', '=', code).executeTakeFirst();

export const listProjects = (db: Q, centerId: string, limit: number, offset: number) =>
  db.selectFrom('trading_projects').selectAll().where('center_id', '=', centerId)
    .orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();

export const insertLot = (tx: Tx, values: Insertable<TradingLotsTable>) =>
  tx.insertInto('trading_lots').values(values).returningAll().executeTakeFirstOrThrow();

export const lotsOf = (db: Q, projectId: string) =>
  db.selectFrom('trading_lots').selectAll().where('project_id', '=', projectId).orderBy('lot_no').execute();

// ---------------------------------------------------------------- tenders

export const insertTender = (tx: Tx, values: Insertable<TendersTable>) =>
  tx.insertInto('tenders').values(values).returningAll().executeTakeFirstOrThrow();

export const findTender = (db: Q, id: string) => db.selectFrom('tenders').selectAll().where('id', '=', id).executeTakeFirst();

export const lockTender = (tx: Tx, id: string) => tx.selectFrom('tenders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The one update that names a status: called by tender.transitions.ts only. Bumps the version (a revision follows). */
export async function moveTender(tx: Tx, id: string, from: TenderStatus, to: TenderStatus, fields: TenderFields, at: Date): Promise<TenderRow> {
  return tx.updateTable('tenders').set({ ...fields, status: to, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirstOrThrow();
}

/** A change that keeps the status (an amendment, the bids helper's key): bumps the version. */
export async function updateTender(tx: Tx, id: string, fields: TenderFields, at: Date): Promise<TenderRow> {
  return tx.updateTable('tenders').set({ ...fields, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export const tendersOfProject = (db: Q, projectId: string) =>
  db.selectFrom('tenders').selectAll().where('project_id', '=', projectId).orderBy('created_at').execute();

/** The trading-award rule of an approval item: the form field naming the project (none: the item needs no award). */
export function awardRequirementOf(db: Q, itemId: string) {
  return db.selectFrom('trading_award_requirements').select('project_code_field').where('item_id', '=', itemId).executeTakeFirst();
}

/** Does the project with this code in this center have an awarded tender? (the case side's guard) */
export async function projectHasAward(db: Q, centerId: string, code: string): Promise<boolean> {
  const r = await db.selectFrom('tenders').innerJoin('trading_projects as p', 'p.id', 'tenders.project_id')
    .select('tenders.id').where('p.center_id', '=', centerId).where('p.code', '=', code)
    .where('tenders.status', 'in', AWARDED_STATUSES).limit(1).executeTakeFirst();
  return r !== undefined;
}

// ---------------------------------------------------------------- revisions

export const insertRevision = (tx: Tx, values: Insertable<TenderRevisionsTable>) =>
  tx.insertInto('tender_revisions').values(values).returningAll().executeTakeFirstOrThrow();

export const revisionsOf = (db: Q, tenderId: string) =>
  db.selectFrom('tender_revisions').selectAll().where('tender_id', '=', tenderId).orderBy('version').execute();

/** Whether the tender was ever moved into `status` (its revisions record every move). */
export const everInStatus = async (db: Q, tenderId: string, status: TenderStatus) =>
  (await db.selectFrom('tender_revisions').select('version').where('tender_id', '=', tenderId).where('to_status', '=', status).limit(1).executeTakeFirst()) !== undefined;

// ---------------------------------------------------------------- documents and the download register

export const insertDocument = (tx: Tx, values: Insertable<TenderDocumentsTable>) =>
  tx.insertInto('tender_documents').values(values).returningAll().executeTakeFirstOrThrow();

export const documentsOf = (db: Q, tenderId: string) =>
  db.selectFrom('tender_documents').selectAll().where('tender_id', '=', tenderId).orderBy('version').execute();

export const latestDocumentVersion = async (db: Q, tenderId: string) =>
  (await db.selectFrom('tender_documents').select((eb) => eb.fn.max('version').as('v')).where('tender_id', '=', tenderId).executeTakeFirst())?.v ?? 0;

export const findDocument = (db: Q, tenderId: string, documentId: string) =>
  db.selectFrom('tender_documents').selectAll().where('tender_id', '=', tenderId).where('id', '=', documentId).executeTakeFirst();

export const registerDownload = (tx: Tx, values: { tender_id: string; document_id: string; user_id: string; at: Date }) =>
  tx.insertInto('tender_document_downloads').values(values).returningAll().executeTakeFirstOrThrow();

/** The registered bidders: everyone who took a document of the tender. */
export const registeredBidders = (db: Q, tenderId: string) =>
  db.selectFrom('tender_document_downloads').select('user_id').distinct().where('tender_id', '=', tenderId).execute();

// ---------------------------------------------------------------- bids handed in (the bids module's table, read only)

/**
 * The bidders with a bid handed in before the deadline and not withdrawn by them (a replaced bid counts once through its
 * replacement; a bid set aside at the opening for the bidder's fault was handed in): 招标投标法 第二十八条 counts them.
 */
export async function biddersHandedIn(db: Q, tenderId: string, deadline: Date | null): Promise<number> {
  let q = db.selectFrom('bids').select((eb) => eb.fn.count<string>('bidder_id').distinct().as('n')).where('tender_id', '=', tenderId)
    .where((eb) => eb.or([eb('status', '<>', 'withdrawn'), eb('withdrawn_reason', '=', 'opening_failure')]));
  if (deadline) q = q.where('submitted_at', '<', deadline);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

// ---------------------------------------------------------------- re-confirmations after a change

export const requireReconfirmation = (tx: Tx, v: { tender_id: string; user_id: string; version: number; required_at: Date }) =>
  tx.insertInto('tender_reconfirmations').values(v).onConflict((oc) => oc.doNothing()).execute();

export async function confirmReconfirmations(tx: Tx, tenderId: string, userId: string, at: Date): Promise<number> {
  const r = await tx.updateTable('tender_reconfirmations').set({ confirmed_at: at })
    .where('tender_id', '=', tenderId).where('user_id', '=', userId).where('confirmed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const pendingReconfirmations = (db: Q, tenderId: string, userId: string) =>
  db.selectFrom('tender_reconfirmations').select('version').where('tender_id', '=', tenderId).where('user_id', '=', userId)
    .where('confirmed_at', 'is', null).orderBy('version').execute();

export const reconfirmationsOf = (db: Q, tenderId: string) =>
  db.selectFrom('tender_reconfirmations').selectAll().where('tender_id', '=', tenderId).orderBy('version').orderBy('user_id').execute();

// ---------------------------------------------------------------- lists

/** Published tenders for everyone (on tenders_public), or a staff scope's tenders with drafts (on tenders_by_center). */
export async function listTenders(db: Q, o: { scope: { centerId: string; departmentId: string | null } | null; status?: TenderStatus; limit: number; offset: number }) {
  let q = db.selectFrom('tenders').innerJoin('trading_projects as p', 'p.id', 'tenders.project_id');
  if (o.scope) {
    q = q.where('tenders.center_id', '=', o.scope.centerId);
    if (o.scope.departmentId) q = q.where('p.department_id', '=', o.scope.departmentId);
  } else q = q.where('tenders.published_at', 'is not', null);
  if (o.status) q = q.where('tenders.status', '=', o.status);
  const [rows, total] = await Promise.all([
    q.select(['tenders.id', 'tenders.title', 'tenders.status', 'tenders.published_at', 'tenders.bid_deadline', 'tenders.awarded_at',
      'p.kind', 'p.code', 'p.name', 'p.buyer_name'])
      .orderBy(o.scope ? 'tenders.updated_at' : 'tenders.published_at', 'desc').orderBy('tenders.id').limit(o.limit).offset(o.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const downloadsOf = (db: Q, tenderId: string, limit: number, offset: number) =>
  db.selectFrom('tender_document_downloads as d').innerJoin('tender_documents as doc', 'doc.id', 'd.document_id').innerJoin('users as u', 'u.id', 'd.user_id')
    .select(['d.id', 'd.at', 'doc.version', 'doc.title', 'u.id as user_id', 'u.name', 'u.kind', 'u.credit_code'])
    .where('d.tender_id', '=', tenderId).orderBy('d.at', 'desc').orderBy('d.id').limit(limit).offset(offset).execute();

export const fileMeta = (db: Q, id: string) =>
  db.selectFrom('files').select(['id', 'name', 'mime', 'size', 'sha256', 'storage_key', 'uploaded_by']).where('id', '=', id).executeTakeFirst();

// ---------------------------------------------------------------- suspensions (0049, trading/suspension.ts)

export type SuspensionRow = Selectable<TenderSuspensionsTable>;

/** The open suspensions of a tender (ordered by complaints, not yet resumed), oldest first. */
export const openSuspensions = (db: Q, tenderId: string) =>
  db.selectFrom('tender_suspensions').selectAll().where('tender_id', '=', tenderId).where('resumed_at', 'is', null)
    .orderBy('suspended_at').orderBy('id').execute();

/** Every suspension of a tender, open or lifted, oldest first. */
export const suspensionsOf = (db: Q, tenderId: string) =>
  db.selectFrom('tender_suspensions').selectAll().where('tender_id', '=', tenderId).orderBy('suspended_at').orderBy('id').execute();

export const insertSuspension = (tx: Tx, values: Insertable<TenderSuspensionsTable>) =>
  tx.insertInto('tender_suspensions').values(values).onConflict((oc) => oc.column('complaint_id').doNothing()).returningAll().executeTakeFirst();

/** Lifts every open suspension of the tender; returns the rows lifted. */
export const resumeSuspensions = (tx: Tx, tenderId: string, r: { resumed_at: Date; resumed_by: string; resume_reason: string }) =>
  tx.updateTable('tender_suspensions').set(r).where('tender_id', '=', tenderId).where('resumed_at', 'is', null).returningAll().execute();

/** Awarded tenders of a center whose award notice went out before `awardedBefore`, still without a contract (index tenders_awarded, 0078). */
export async function awardedWithoutContract(db: Q, centerId: string, awardedBefore: Date) {
  const r = await db.selectFrom('tenders').where('center_id', '=', centerId).where('status', '=', 'awarded').where('awarded_at', '<', awardedBefore)
    .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
