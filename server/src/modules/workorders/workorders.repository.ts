import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { WorkOrderKind, WorkOrdersTable, WorkOrderStatus, WorkOrderUrgency } from '../../db/types.ts';
import type { WorkOrderListScope } from '../../policies/workorder.policy.ts';

/** All SQL of the work orders (docs/hotline.md). */
type Q = Db | Tx;
export type OrderRow = Selectable<WorkOrdersTable>;
/** An action's own columns; never the status (the transition table writes that). */
export type OrderFields = Omit<Updateable<WorkOrdersTable>, 'status' | 'id' | 'row_version' | 'updated_at'>;

const OPEN: WorkOrderStatus[] = ['accepted', 'dispatched', 'returned', 'handling'];

// ---------------------------------------------------------------- reference data

/** A center's category tree (each center keeps its own, docs/hotline.md "Configuration"). */
export const listCategories = (db: Q, centerId: string) =>
  db.selectFrom('workorder_categories').select(['id', 'parent_id', 'code', 'name', 'name_en', 'sort', 'retired_at'])
    .where('center_id', '=', centerId).orderBy('sort').orderBy('code').execute();

/**
 * The category and its ancestors, nearest first (a retired ancestor retires the branch below it); empty
 * when the category is not the center's (another center's category does not exist for it).
 */
export async function categoryLineage(db: Q, centerId: string, id: string) {
  const r = await sql<{ id: string; retired_at: Date | null; depth: number }>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id, retired_at, 0 AS depth FROM workorder_categories WHERE id = ${id} AND center_id = ${centerId}
      UNION ALL
      SELECT c.id, c.parent_id, c.retired_at, up.depth + 1 FROM workorder_categories c JOIN up ON c.id = up.parent_id WHERE up.depth < 20
    ) SELECT id, retired_at, depth FROM up ORDER BY depth`.execute(db);
  return r.rows;
}

export const lockCategory = (tx: Tx, id: string) =>
  tx.selectFrom('workorder_categories').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** A new category of a center; null when the center already uses its code (the UNIQUE index decides, under any concurrency). */
export const insertCategory = async (tx: Tx, v: { center_id: string; parent_id: string | null; code: string; name: string; name_en: string; sort: number }) =>
  (await tx.insertInto('workorder_categories').values(v).onConflict((oc) => oc.columns(['center_id', 'code']).doNothing()).returningAll().executeTakeFirst()) ?? null;

export const updateCategory = (tx: Tx, id: string, v: { name?: string; name_en?: string; sort?: number; retired_at?: Date | null }) =>
  tx.updateTable('workorder_categories').set(v).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/**
 * A center's limits, locked for a change: the deployment's defaults are first copied into the rows the
 * center does not have yet (copy on first write), so the rows locked are the whole table and two changes
 * of the same center wait for each other (the second one's copy waits on the first one's rows).
 */
export async function lockLimits(tx: Tx, centerId: string) {
  await tx.insertInto('workorder_limits')
    .columns(['center_id', 'kind', 'urgency', 'workdays'])
    .expression((eb) => eb.selectFrom('workorder_limit_defaults').select([sql.lit(centerId).$castTo<string>().as('center_id'), 'kind', 'urgency', 'workdays']))
    .onConflict((oc) => oc.columns(['center_id', 'kind', 'urgency']).doNothing()).execute();
  return tx.selectFrom('workorder_limits').selectAll().where('center_id', '=', centerId).forUpdate().execute();
}

export async function setLimit(tx: Tx, centerId: string, kind: WorkOrderKind, urgency: WorkOrderUrgency, workdays: number) {
  await tx.insertInto('workorder_limits').values({ center_id: centerId, kind, urgency, workdays })
    .onConflict((oc) => oc.columns(['center_id', 'kind', 'urgency']).doUpdateSet({ workdays })).execute();
}

export const categoryById = (db: Q, id: string) =>
  db.selectFrom('workorder_categories').select(['id', 'name', 'name_en', 'retired_at']).where('id', '=', id).executeTakeFirst();

/** A center's limits as they apply: its own row, else the deployment's default. */
const effectiveLimits = (db: Q, centerId: string) =>
  db.selectFrom('workorder_limit_defaults as d')
    .leftJoin('workorder_limits as l', (j) => j.onRef('l.kind', '=', 'd.kind').onRef('l.urgency', '=', 'd.urgency').on('l.center_id', '=', centerId))
    .select(['d.kind', 'd.urgency', (eb) => eb.fn.coalesce('l.workdays', 'd.workdays').as('workdays')]);

/** The time limit of an order of this center, kind and urgency, in working days. */
export async function limitFor(db: Q, centerId: string, kind: WorkOrderKind, urgency: WorkOrderUrgency): Promise<number> {
  const r = await effectiveLimits(db, centerId).where('d.kind', '=', kind).where('d.urgency', '=', urgency).executeTakeFirst();
  return r?.workdays ?? 0;
}

export const listLimits = (db: Q, centerId: string) => effectiveLimits(db, centerId).orderBy('d.kind').orderBy('d.urgency').execute();

/** The deployment's default limits (a center without rows of its own uses them). */
export const listDefaultLimits = (db: Q) => db.selectFrom('workorder_limit_defaults').select(['kind', 'urgency', 'workdays']).orderBy('kind').orderBy('urgency').execute();

export const departmentOf = (db: Q, id: string, centerId: string) =>
  db.selectFrom('departments').select(['id', 'name', 'name_en']).where('id', '=', id).where('center_id', '=', centerId).executeTakeFirst();

export const staffOf = (db: Q, id: string, centerId: string) =>
  db.selectFrom('users').select(['id', 'name', 'department_id']).where('id', '=', id).where('kind', '=', 'staff').where('center_id', '=', centerId).executeTakeFirst();

export const centerRegion = async (db: Q, centerId: string) =>
  (await db.selectFrom('centers').select('region_code').where('id', '=', centerId).executeTakeFirstOrThrow()).region_code;

export const userContact = (db: Q, id: string) =>
  db.selectFrom('users').select(['id', 'name', 'phone', 'kind']).where('id', '=', id).executeTakeFirst();

// ---------------------------------------------------------------- orders

export async function nextOrderNo(tx: Q, today: string): Promise<string> {
  const r = await sql<{ n: string }>`SELECT nextval('work_order_no_seq')::text AS n`.execute(tx);
  return `GD${today.replaceAll('-', '')}${r.rows[0]!.n.padStart(6, '0')}`;
}

/** Inserts the order; none when its caller already used its idempotency key (a portal appeal sent again). */
export const insertOrder = (tx: Tx, values: Insertable<WorkOrdersTable>) =>
  tx.insertInto('work_orders').values(values).onConflict((oc) => oc.columns(['caller_user_id', 'idempotency_key']).doNothing())
    .returningAll().executeTakeFirst();

/** The order a portal caller already made with an idempotency key. */
export const orderByIdempotencyKey = (db: Q, callerUserId: string, key: string) =>
  db.selectFrom('work_orders').select(['id', 'idempotency_fingerprint'])
    .where('caller_user_id', '=', callerUserId).where('idempotency_key', '=', key).executeTakeFirst();

export const findOrder = (db: Q, id: string) => db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();

export const lockOrder = (tx: Tx, id: string) => tx.selectFrom('work_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The one update that names a status: called by workorder.transitions.ts only. */
export async function moveOrder(tx: Tx, id: string, from: WorkOrderStatus, to: WorkOrderStatus, fields: OrderFields, at: Date): Promise<OrderRow> {
  return tx.updateTable('work_orders').set({ ...fields, status: to, updated_at: at, row_version: sql`row_version + 1` })
    .where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrder(tx: Tx, id: string, fields: OrderFields, at: Date): Promise<OrderRow> {
  return tx.updateTable('work_orders').set({ ...fields, updated_at: at, row_version: sql`row_version + 1` })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The orders merged into `mainId` (they follow it). */
export const mergedInto = (db: Q, mainId: string) =>
  db.selectFrom('work_orders').selectAll().where('merged_into', '=', mainId).orderBy('created_at').execute();

/** The orders merged into `mainId`, locked (after the main: the order every writer of both takes). */
export const lockMergedInto = (tx: Tx, mainId: string) =>
  tx.selectFrom('work_orders').selectAll().where('merged_into', '=', mainId).orderBy('id').forUpdate().execute();

/** Orders merged into `fromId` now follow `toId` (when `fromId` is itself merged). */
export async function reparentMerged(tx: Tx, fromId: string, toId: string, at: Date) {
  await tx.updateTable('work_orders').set({ merged_into: toId, updated_at: at, row_version: sql`row_version + 1` }).where('merged_into', '=', fromId).execute();
}

export async function insertEvent(tx: Tx, e: { orderId: string; action: string; from: string | null; to: string | null; actorId: string | null; data?: Record<string, unknown>; at: Date }) {
  await tx.insertInto('workorder_events').values({
    order_id: e.orderId, action: e.action, from_status: e.from, to_status: e.to, actor_id: e.actorId, data: JSON.stringify(e.data ?? {}), at: e.at,
  }).execute();
}

/** The actions of an order's events, oldest first: what the transition table's guards judge (orderFacts). */
export const listEventActions = (db: Q, orderId: string) =>
  db.selectFrom('workorder_events').select('action').where('order_id', '=', orderId).orderBy('id').execute();

export const listEvents = (db: Q, orderId: string) =>
  db.selectFrom('workorder_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.from_status', 'e.to_status', 'e.data', 'e.at', 'u.name as actor_name', 'u.kind as actor_kind'])
    .where('e.order_id', '=', orderId).orderBy('e.id').execute();

export interface ListFilter {
  status?: WorkOrderStatus; kind?: WorkOrderKind; q?: string; disputes?: boolean; overdueOn?: string;
  /** Called-back orders a caller of the round (their own or a merged one) rated dissatisfied: the lead's candidates for 重办 (the partial index of 0071). */
  dissatisfied?: boolean;
  limit: number; offset: number;
}

/** A page of the orders in `scope`, newest first, on the scope's index. */
export async function listOrders(db: Q, scope: WorkOrderListScope, f: ListFilter) {
  const q = listQuery(db, scope, f);
  const [rows, total] = await Promise.all([
    listPage(q, f).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The list's page and its count, as statements (the plans are checked in workorders.test.ts). */
export function listStatements(db: Q, scope: WorkOrderListScope, f: ListFilter) {
  const q = listQuery(db, scope, f);
  return { page: listPage(q, f).compile(), count: q.select((eb) => eb.fn.countAll<string>().as('n')).compile() };
}

const listPage = (q: ReturnType<typeof listQuery>, f: ListFilter) =>
  q.selectAll('w').select(['d.name as department_name', 'd.name_en as department_name_en'])
    .orderBy('w.created_at', 'desc').orderBy('w.id', 'desc').limit(f.limit).offset(f.offset);

function listQuery(db: Q, scope: WorkOrderListScope, f: ListFilter) {
  let q = db.selectFrom('work_orders as w').leftJoin('departments as d', 'd.id', 'w.department_id');
  if ('callerUserId' in scope) q = q.where('w.caller_user_id', '=', scope.callerUserId);
  else {
    q = q.where('w.center_id', '=', scope.centerId);
    if (scope.departmentId) q = q.where('w.department_id', '=', scope.departmentId);
    q = q.where((eb) => eb.or([eb('w.against_staff_id', 'is', null), eb('w.against_staff_id', '!=', scope.notAgainstStaffId)]));
  }
  if (f.status) q = q.where('w.status', '=', f.status);
  if (f.disputes) q = q.where('w.status', '=', 'returned');
  if (f.dissatisfied) q = q.where('w.round_dissatisfied', '=', true);
  if (f.kind) q = q.where('w.kind', '=', f.kind);
  if (f.overdueOn) q = q.where('w.due_date', '<', f.overdueOn).where('w.status', 'in', OPEN);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) => eb.or([eb('w.order_no', '=', f.q!), eb('w.topic', 'ilike', like), eb('w.place', 'ilike', like)]));
  }
  return q;
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// ---------------------------------------------------------------- duplicates

export interface DuplicateQuery { centerId: string; place: string; topic: string; since: Date; excludeId?: string; limit: number }

/**
 * Open orders of the center since `since` whose place and topic are both similar (pg_trgm `%`, the
 * GIN indexes on the open orders); an empty place compares the topic only. Most similar first.
 */
export async function suggestDuplicates(db: Q, d: DuplicateQuery) {
  const placeCond = d.place ? sql`AND place % ${d.place}` : sql``;
  const r = await sql<{ id: string; order_no: string; status: WorkOrderStatus; kind: WorkOrderKind; place: string; topic: string; created_at: Date; caller_count: string; score: number }>`
    SELECT w.id, w.order_no, w.status, w.kind, w.place, w.topic, w.created_at,
           (SELECT count(*) FROM work_orders m WHERE m.merged_into = w.id) + 1 AS caller_count,
           (similarity(w.place, ${d.place}) + similarity(w.topic, ${d.topic}))::float8 AS score
      FROM work_orders w
     WHERE w.status IN ('accepted', 'dispatched', 'returned', 'handling')
       AND topic % ${d.topic} ${placeCond}
       AND w.center_id = ${d.centerId} AND w.created_at >= ${d.since}
       ${d.excludeId ? sql`AND w.id <> ${d.excludeId}` : sql``}
     ORDER BY score DESC, w.created_at DESC
     LIMIT ${d.limit}`.execute(db);
  return r.rows;
}

// ---------------------------------------------------------------- escalation

/**
 * Claims the open orders whose escalation is due (`escalate_after` before today), on its index, with
 * FOR UPDATE SKIP LOCKED: two sweeps never take the same order, and a sweep that comes after a commit
 * re-reads `escalate_after` (moved on by the escalation) and skips it. Held until the caller commits.
 */
export async function claimDueEscalations(tx: Tx, today: string, limit: number) {
  return tx.selectFrom('work_orders').selectAll()
    .where('escalate_after', '<', today).where('status', 'in', OPEN)
    .orderBy('escalate_after').limit(limit).forUpdate().skipLocked().execute();
}

// ---------------------------------------------------------------- complaints against staff, the exposure column

export async function complaintsAgainst(db: Q, staffId: string, centerId: string, limit: number, offset: number) {
  const q = db.selectFrom('work_orders').where('against_staff_id', '=', staffId).where('center_id', '=', centerId).where('kind', '=', 'complaint');
  const [rows, total] = await Promise.all([
    q.select(['id', 'order_no', 'status', 'topic', 'content', 'reply', 'satisfaction', 'created_at', 'replied_at']).orderBy('created_at', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function publishedOrders(db: Q, centerId: string | null, limit: number, offset: number) {
  let q = db.selectFrom('work_orders as w').leftJoin('workorder_categories as c', 'c.id', 'w.category_id')
    .leftJoin('departments as d', 'd.id', 'w.department_id').where('w.published_at', 'is not', null);
  if (centerId) q = q.where('w.center_id', '=', centerId);
  const [rows, total] = await Promise.all([
    q.select(['w.id', 'w.order_no', 'w.kind', 'w.caller_name', 'w.caller_phone', 'w.place', 'w.topic', 'w.content', 'w.reply', 'w.published_fix', 'w.published_at',
      'w.created_at', 'c.name as category_name', 'c.name_en as category_name_en', 'd.name as department_name', 'd.name_en as department_name_en',
      // Everyone the order names besides the caller: the staff member complained about and whoever acted on it
      // (operators, departments, the manager who published). Their names are masked in the public texts.
      sql<string[]>`ARRAY(SELECT u.name FROM users u WHERE u.id = w.against_staff_id
        OR u.id IN (SELECT e.actor_id FROM workorder_events e WHERE e.order_id = w.id))`.as('people')])
      .orderBy('w.published_at', 'desc').orderBy('w.id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// ---------------------------------------------------------------- knowledge base

export const insertArticle = (tx: Tx, a: { centerId: string; categoryId: string | null; question: string; answer: string; sourceOrderId: string | null; createdBy: string; at: Date }) =>
  tx.insertInto('knowledge_articles').values({
    center_id: a.centerId, category_id: a.categoryId, question: a.question, answer: a.answer, source_order_id: a.sourceOrderId, created_by: a.createdBy, created_at: a.at,
  }).returning('id').executeTakeFirstOrThrow();

export const articleOf = (db: Q, id: string, centerId: string) =>
  db.selectFrom('knowledge_articles').selectAll().where('id', '=', id).where('center_id', '=', centerId).executeTakeFirst();

export async function useArticle(tx: Tx, id: string) {
  await tx.updateTable('knowledge_articles').set({ used_count: sql`used_count + 1` }).where('id', '=', id).execute();
}

/** Articles whose question or answer contains `q` (the trigram GIN index serves the ILIKE), newest first. */
export async function searchArticles(db: Q, centerId: string, q: string | undefined, limit: number, offset: number) {
  let s = db.selectFrom('knowledge_articles as k').leftJoin('work_orders as w', 'w.id', 'k.source_order_id').where('k.center_id', '=', centerId);
  if (q) s = s.where(sql<boolean>`(k.question || ' ' || k.answer) ILIKE ${`%${escapeLike(q)}%`}`);
  const [rows, total] = await Promise.all([
    s.select(['k.id', 'k.question', 'k.answer', 'k.category_id', 'k.used_count', 'k.created_at', 'k.source_order_id', 'w.order_no as source_order_no'])
      .orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').limit(limit).offset(offset).execute(),
    s.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
