import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { before, cursorAt, type ListPage } from '../../db/keyset.ts';
import type { DisclosureCategory, DisclosurePublicationsTable, DisclosureRequestsTable, DisclosureRequestStatus } from '../../db/types.ts';
import type { DisclosureListScope } from '../../policies/disclosure.policy.ts';

/** All SQL of government information disclosure (docs/disclosure.md). */
type Q = Db | Tx;
export type PublicationRow = Selectable<DisclosurePublicationsTable>;
export type RequestRow = Selectable<DisclosureRequestsTable>;
/** An action's own columns; never the status (the transition table writes that). */
export type RequestFields = Omit<Updateable<DisclosureRequestsTable>, 'status' | 'id' | 'row_version' | 'updated_at'>;

export const centerOf = (db: Q, id: string) =>
  db.selectFrom('centers').select(['id', 'name', 'name_en', 'region_code']).where('id', '=', id).executeTakeFirst();

// ---------------------------------------------------------------- publications

export const insertPublication = (tx: Q, v: Insertable<DisclosurePublicationsTable>) =>
  tx.insertInto('disclosure_publications').values(v).returningAll().executeTakeFirstOrThrow();

export const findPublication = (db: Q, id: string) =>
  db.selectFrom('disclosure_publications').selectAll().where('id', '=', id).executeTakeFirst();

export const lockPublication = (tx: Tx, id: string) =>
  tx.selectFrom('disclosure_publications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const withdrawPublication = (tx: Tx, id: string, by: string, reason: string, at: Date) =>
  tx.updateTable('disclosure_publications').set({ status: 'withdrawn', withdrawn_at: at, withdrawn_by: by, withdraw_reason: reason })
    .where('id', '=', id).where('status', '=', 'published').returningAll().executeTakeFirstOrThrow();

export interface PublicationFilter { centerId: string; category?: DisclosureCategory; year?: number; q?: string; includeWithdrawn: boolean }

/** A page of a center's publications, newest first (disclosure_publications_by_center / _by_category). */
export async function listPublications(db: Q, f: PublicationFilter, limit: number, offset: number) {
  let q = db.selectFrom('disclosure_publications').where('center_id', '=', f.centerId);
  if (!f.includeWithdrawn) q = q.where('status', '=', 'published');
  if (f.category) q = q.where('category', '=', f.category);
  if (f.year) q = q.where('year', '=', f.year);
  if (f.q) q = q.where((eb) => eb.or([eb('title', 'ilike', `%${escapeLike(f.q!)}%`), eb('title_en', 'ilike', `%${escapeLike(f.q!)}%`)]));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('published_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Licences granted (准予行政许可) generated from the platform's own decisions: a keyset page of the approved cases of
 * a center, newest decision first, after the cursor (cases_center_licences, migration 0081: the scan starts at the
 * cursor whatever the page's depth, and no count is taken over the center's history). The applicant's name is
 * masked by the service.
 */
export function licencesGranted(db: Q, centerId: string, year: number | undefined, page: ListPage) {
  let q = db.selectFrom('cases as c').innerJoin('departments as d', 'd.id', 'c.department_id').leftJoin('items as i', 'i.id', 'c.item_id')
    .where('c.center_id', '=', centerId).where('c.decision', '=', 'approved').where('c.decided_at', 'is not', null);
  if (year) q = q.where('c.decided_at', '>=', new Date(Date.UTC(year - 1, 11, 31, 16))).where('c.decided_at', '<', new Date(Date.UTC(year, 11, 31, 16)));
  if (page.after) q = q.where(before('c.decided_at', 'c.id', page.after));
  return q.select(['c.id', 'c.receipt_no', 'c.applicant_name', 'c.decided_at', 'd.name as department_name', 'd.name_en as department_name_en', 'i.name as item_name', 'i.name_en as item_name_en', cursorAt('c.decided_at')])
    .orderBy('c.decided_at', 'desc').orderBy('c.id', 'desc').limit(page.limit).execute();
}

// ---------------------------------------------------------------- requests

export async function nextRequestNo(tx: Q, today: string): Promise<string> {
  const r = await sql<{ n: string }>`SELECT nextval('disclosure_request_no_seq')::text AS n`.execute(tx);
  return `GK${today.replaceAll('-', '')}${r.rows[0]!.n.padStart(6, '0')}`;
}

export const insertRequest = (tx: Tx, v: Insertable<DisclosureRequestsTable>) =>
  tx.insertInto('disclosure_requests').values(v).returningAll().executeTakeFirstOrThrow();

export const findRequest = (db: Q, id: string) => db.selectFrom('disclosure_requests').selectAll().where('id', '=', id).executeTakeFirst();

export const lockRequest = (tx: Tx, id: string) => tx.selectFrom('disclosure_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The one update that names a status: called by disclosure.transitions.ts only. */
export async function moveRequest(tx: Tx, id: string, from: DisclosureRequestStatus, to: DisclosureRequestStatus, fields: RequestFields, at: Date): Promise<RequestRow> {
  return tx.updateTable('disclosure_requests').set({ ...fields, status: to, updated_at: at, row_version: sql`row_version + 1` })
    .where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirstOrThrow();
}

export const insertEvent = (tx: Tx, e: { requestId: string; action: string; from: string | null; to: string | null; actorId: string | null; data: object; at: Date }) =>
  tx.insertInto('disclosure_request_events').values({
    request_id: e.requestId, action: e.action, from_status: e.from, to_status: e.to, actor_id: e.actorId, data: JSON.stringify(e.data), at: e.at,
  }).execute();

/** Whether the request's history has an action (e.g. its one correction notice); served by the events' request index. */
export const hasEvent = async (db: Q, requestId: string, action: string) =>
  (await db.selectFrom('disclosure_request_events').select('id').where('request_id', '=', requestId).where('action', '=', action).limit(1).executeTakeFirst()) !== undefined;

export const eventsOf = (db: Q, requestId: string) =>
  db.selectFrom('disclosure_request_events').select(['action', 'from_status', 'to_status', 'data', 'at']).where('request_id', '=', requestId).orderBy('id').execute();

/** A page of requests in a scope, newest first; `overdueBefore`: only open requests due before that China date. */
export async function listRequests(db: Q, scope: DisclosureListScope, f: { overdueBefore?: string; status?: DisclosureRequestStatus }, limit: number, offset: number) {
  let q = db.selectFrom('disclosure_requests as r').innerJoin('users as u', 'u.id', 'r.requester_id');
  q = 'requesterId' in scope ? q.where('r.requester_id', '=', scope.requesterId) : q.where('r.center_id', '=', scope.centerId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.overdueBefore) q = q.where('r.due_date', 'is not', null).where('r.due_date', '<', f.overdueBefore);
  const ordered = f.overdueBefore ? q.selectAll('r').select('u.name as requester_name').orderBy('r.due_date').orderBy('r.id')
    : q.selectAll('r').select('u.name as requester_name').orderBy('r.created_at', 'desc').orderBy('r.id');
  const [rows, total] = await Promise.all([
    ordered.limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const requesterOf = (db: Q, id: string) =>
  db.selectFrom('users').select(['id', 'kind', 'name', 'id_number', 'credit_code', 'foreign_doc_kind', 'nationality', 'phone']).where('id', '=', id).executeTakeFirst();

export const centerOfUser = (db: Q, id: string) => db.selectFrom('users').select(['center_id']).where('id', '=', id).executeTakeFirst();
