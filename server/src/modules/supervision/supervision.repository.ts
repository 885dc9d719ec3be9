import type { Insertable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { FindingsTable, LightRule, SupervisionNoticesTable } from '../../db/types.ts';

type Q = Db | Tx;

// ---- warning lights ------------------------------------------------------------------------

const lightCheckColumns = ['id', 'center_id', 'department_id', 'region_code', 'status', 'suspended_since', 'acceptance_due_date', 'due_date', 'warning_date',
  'decided_at', 'decided_by', 'decision', 'registered_by', 'receipt_no', 'promised_days', 'extension_days', 'updated_at',
  'light', 'light_rule', 'light_due_date', 'kind', 'row_version'] as const;

/**
 * Claims the cases whose light may change today (the partial index on light_check_date) and that
 * no live lease holds, by writing this sweep's lease on them: one short statement, SKIP LOCKED, so
 * a clerk's lock is never waited for and two instances never take the same case.
 */
export function claimLightChecks(db: Q, c: { today: string; now: Date; until: Date; claim: string; limit: number }) {
  return db.updateTable('cases').set({ light_claim: c.claim, light_claimed_until: c.until })
    .where('id', 'in', (eb) => eb.selectFrom('cases').select('id')
      .where('light_check_date', '<=', c.today)
      .where((w) => w.or([w('light_claimed_until', 'is', null), w('light_claimed_until', '<', c.now)]))
      .orderBy('light_check_date').limit(c.limit).forUpdate().skipLocked())
    .returning(lightCheckColumns).execute();
}
export type LightCheckRow = Awaited<ReturnType<typeof claimLightChecks>>[number];

/** The case's version and lease, locked for a sweep's short write (waits for a clerk's transaction, which is short). */
export function lockForLightWrite(tx: Tx, id: string) {
  return tx.selectFrom('cases').select(['row_version', 'light_claim']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Stores the judgement and lets go of the lease. */
export async function setLight(tx: Tx, id: string, set: { light: 'green' | 'yellow' | 'red' | null; light_rule: LightRule | null; light_due_date: string | null; light_check_date: string | null; light_changed_at?: Date }) {
  await tx.updateTable('cases').set({ ...set, light_claim: null, light_claimed_until: null }).where('id', '=', id).execute();
}

/** Lets go of a lease without judging: the case moved since the claim and is judged again. */
export async function releaseLightClaim(tx: Tx, id: string, claim: string) {
  await tx.updateTable('cases').set({ light_claim: null, light_claimed_until: null }).where('id', '=', id).where('light_claim', '=', claim).execute();
}

/** The open suspension of each case (the first open one by sequence), for many cases in one query. */
export async function openSuspensionsOf(db: Q, caseIds: string[]) {
  const rows = caseIds.length ? await db.selectFrom('case_suspensions').selectAll().where('case_id', 'in', caseIds).where('ended_date', 'is', null)
    .orderBy('case_id').orderBy('seq').execute() : [];
  const first = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!first.has(r.case_id)) first.set(r.case_id, r);
  return first;
}

/** The reviewers of many cases in one query: with the deciding chief and the registering clerk, the staff notified of a light change. */
export async function reviewersOf(db: Q, caseIds: string[]): Promise<Map<string, string[]>> {
  const by = new Map<string, string[]>();
  if (!caseIds.length) return by;
  const rows = await db.selectFrom('case_reviews').select(['case_id', 'by_user']).where('case_id', 'in', caseIds).execute();
  for (const r of rows) by.set(r.case_id, [...(by.get(r.case_id) ?? []), r.by_user]);
  return by;
}

/** The supervision board: open cases of a center that are yellow or red. */
export function listLitCases(db: Db, centerId: string, light: 'yellow' | 'red', limit: number, offset: number, departmentId?: string) {
  let base = db.selectFrom('cases as c').where('c.center_id', '=', centerId).where('c.light', '=', light);
  if (departmentId) base = base.where('c.department_id', '=', departmentId);
  return Promise.all([
    base.innerJoin('departments as d', 'd.id', 'c.department_id')
      .select(['c.id', 'c.receipt_no', 'c.status', 'c.department_id', 'd.name as department_name', 'c.light', 'c.light_rule', 'c.light_due_date', 'c.light_changed_at'])
      .orderBy('c.light_due_date').orderBy('c.id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
}

// ---- notifications -------------------------------------------------------------------------

const mine = (db: Q, who: { id: string; departmentId: string | null }) => db.selectFrom('notifications').where((eb) => eb.or([
  eb('user_id', '=', who.id),
  ...(who.departmentId ? [eb.and([eb('user_id', 'is', null), eb('department_id', '=', who.departmentId)])] : []),
]));

export async function listNotifications(db: Db, who: { id: string; departmentId: string | null }, unreadOnly: boolean, limit: number, offset: number) {
  let q = mine(db, who);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const [rows, total, unread] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    mine(db, who).where('read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), unread: Number(unread.n) };
}

export async function markRead(db: Db, who: { id: string; departmentId: string | null }, ids: number[] | 'all', at: Date): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at, read_by: who.id }).where('read_at', 'is', null)
    .where((eb) => eb.or([
      eb('user_id', '=', who.id),
      ...(who.departmentId ? [eb.and([eb('user_id', 'is', null), eb('department_id', '=', who.departmentId)])] : []),
    ]));
  if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : [-1]);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

// ---- supervision notices -------------------------------------------------------------------

export async function insertNotice(tx: Tx, n: Insertable<SupervisionNoticesTable>) {
  return (await tx.insertInto('supervision_notices').values(n).returning('id').executeTakeFirstOrThrow()).id;
}

const noticeColumns = [
  'n.id', 'n.center_id', 'n.department_id', 'n.case_id', 'n.subject', 'n.body', 'n.reply_due_date', 'n.status', 'n.light', 'n.issued_by',
  'n.issued_at', 'n.reply', 'n.replied_by', 'n.replied_at', 'n.escalated_at', 'd.name as department_name', 'c.receipt_no',
] as const;
const noticesWithNames = (db: Q) => db.selectFrom('supervision_notices as n').innerJoin('departments as d', 'd.id', 'n.department_id')
  .leftJoin('cases as c', 'c.id', 'n.case_id');

export function getNotice(db: Q, id: string) {
  return noticesWithNames(db).select(noticeColumns).where('n.id', '=', id).executeTakeFirst();
}
export type NoticeRow = NonNullable<Awaited<ReturnType<typeof getNotice>>>;

export function lockNotice(tx: Tx, id: string) {
  return tx.selectFrom('supervision_notices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listNotices(db: Db, scope: { centerId: string } | { departmentId: string }, status: 'open' | 'answered' | undefined, limit: number, offset: number) {
  let q = noticesWithNames(db);
  q = 'centerId' in scope ? q.where('n.center_id', '=', scope.centerId) : q.where('n.department_id', '=', scope.departmentId);
  if (status) q = q.where('n.status', '=', status);
  const [rows, total] = await Promise.all([
    q.select(noticeColumns).orderBy('n.issued_at', 'desc').orderBy('n.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function answerNotice(tx: Tx, id: string, reply: string, by: string, at: Date) {
  await tx.updateTable('supervision_notices').set({ status: 'answered', reply, replied_by: by, replied_at: at }).where('id', '=', id).execute();
}

/** Open notices past their reply deadline and not yet escalated, through the partial index; SKIP LOCKED. */
export function claimOverdueNotices(tx: Tx, today: string, limit: number) {
  return tx.selectFrom('supervision_notices').selectAll().where('status', '=', 'open').where('escalated_at', 'is', null)
    .where('reply_due_date', '<', today).orderBy('reply_due_date').limit(limit).forUpdate().skipLocked().execute();
}

export async function escalateNotice(tx: Tx, id: string, at: Date) {
  await tx.updateTable('supervision_notices').set({ light: 'red', escalated_at: at }).where('id', '=', id).execute();
}

/** Takes the case's row lock, which every writer of the case's audit stream holds. */
export function lockCaseRow(tx: Tx, id: string) {
  return tx.selectFrom('cases').select(['id', 'center_id', 'department_id', 'receipt_no']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function getDepartment(db: Q, id: string) {
  return db.selectFrom('departments').select(['id', 'center_id', 'name']).where('id', '=', id).executeTakeFirst();
}

// ---- findings ------------------------------------------------------------------------------

/** Inserts unless this occurrence was already found; returns the new id or null. */
export async function insertFinding(tx: Tx, f: Insertable<FindingsTable>): Promise<string | null> {
  const row = await tx.insertInto('findings').values(f).onConflict((oc) => oc.columns(['case_id', 'rule', 'dedupe_key']).doNothing())
    .returning('id').executeTakeFirst();
  return row?.id ?? null;
}

const findingColumns = ['f.id', 'f.case_id', 'f.department_id', 'f.rule', 'f.evidence', 'f.status', 'f.raised_at', 'f.resolved_by', 'f.resolved_at', 'f.resolution', 'c.receipt_no', 'd.name as department_name', 'f.responsible_id', 'u.name as responsible_name'] as const;
const findingsWithNames = (db: Q) => db.selectFrom('findings as f').innerJoin('cases as c', 'c.id', 'f.case_id').innerJoin('departments as d', 'd.id', 'f.department_id')
  .leftJoin('users as u', 'u.id', 'f.responsible_id');

export function getFinding(db: Q, id: string) {
  return findingsWithNames(db).select([...findingColumns, 'f.center_id']).where('f.id', '=', id).executeTakeFirst();
}

export function lockFinding(tx: Tx, id: string) {
  return tx.selectFrom('findings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listFindings(db: Db, centerId: string, f: { status?: string; rule?: string; caseId?: string }, limit: number, offset: number) {
  let q = findingsWithNames(db).where('f.center_id', '=', centerId);
  if (f.status) q = q.where('f.status', '=', f.status as 'open');
  if (f.rule) q = q.where('f.rule', '=', f.rule);
  if (f.caseId) q = q.where('f.case_id', '=', f.caseId);
  const [rows, total] = await Promise.all([
    q.select(findingColumns).orderBy('f.raised_at', 'desc').orderBy('f.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function resolveFinding(tx: Tx, id: string, status: 'confirmed' | 'dismissed', by: string, reason: string, at: Date) {
  await tx.updateTable('findings').set({ status, resolved_by: by, resolved_at: at, resolution: reason }).where('id', '=', id).execute();
}

export function suspensionsOf(db: Q, caseId: string) {
  return db.selectFrom('case_suspensions').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}
