import { sql, type Compilable, type Insertable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { AuditRow } from '../../lib/audit.ts';
import { prepared, preparedByShape } from '../../db/prepared.ts';
import type { CasesTable } from '../../db/types.ts';
import * as items from '../items/items.repository.ts';
import { drawSubmissionNo, newQueryCode } from './submission-number.ts';
import { BEFORE_READY_STATES, CLOCK_STATES, DEADLINE_STATES, INITIAL_STATE, type CaseState } from './transitions.ts';

type Q = Db | Tx;
export type CaseRow = Awaited<ReturnType<typeof lockCase>> & {};
/** A new case has no status to give: it starts in the table's initial state. */
export type NewCase = Omit<Insertable<CasesTable>, 'status'>;
/** What may change on a case outside a transition: anything but its status (`moveCase`) and its row version. */
export type CaseUpdate = Omit<Updateable<CasesTable>, 'status' | 'row_version'>;

/** Inserts unless this applicant already used this idempotency key; returns null then. */
export async function insertCase(tx: Tx, c: NewCase): Promise<string | null> {
  return (await insertCaseRow(tx, c))?.id ?? null;
}

/**
 * Every column of a case, by name: the inserts answer `RETURNING` these instead of `*`, so their text
 * can be a named statement (db/prepared.ts) that a migration adding a column does not break. Checked
 * against CasesTable both ways by the compiler (and db/types.test.ts holds CasesTable to the schema).
 */
const CASE_COLUMNS = [
  'id', 'receipt_no', 'query_code', 'submission_no', 'item_id', 'item_version', 'center_id', 'department_id',
  'region_code', 'applicant_id', 'applicant_name', 'channel', 'registered_by', 'idempotency_key',
  'idempotency_fingerprint', 'status', 'processing_mode', 'joint', 'form', 'submitted_at', 'received_date',
  'acceptance_due_date', 'accepted_at', 'accepted_date', 'deemed_accepted', 'promised_days',
  'statutory_days', 'extension_days', 'extension_reason', 'suspended_since', 'suspended_workdays',
  'due_date', 'statutory_due_date', 'warning_date', 'due_provisional', 'supplement_rounds', 'review_step',
  'decision', 'decision_reason', 'decided_at', 'decided_by', 'delivery_method', 'tracking_no', 'closed_at',
  'close_reason', 'row_version', 'created_at', 'updated_at', 'light', 'light_rule', 'light_due_date',
  'light_changed_at', 'light_check_date', 'kind', 'parent_id', 'matter_id', 'matter', 'forwarded_at',
  'result_returned_at', 'green', 'green_coordinator_id', 'green_reason', 'light_claim',
  'light_claimed_until', 'clock_recompute', 'received_at_center_id', 'delivery_center_id',
] as const satisfies ReadonlyArray<keyof CasesTable>;
type CaseColumnMissing = Exclude<keyof CasesTable, (typeof CASE_COLUMNS)[number]>;
const everyCaseColumn: [CaseColumnMissing] extends [never] ? true : CaseColumnMissing = true;
void everyCaseColumn;

/** The values a caller gave, by column, for a statement built once per shape (db/prepared.ts `preparedByShape`). */
const given = (columns: string[], p: Record<string, unknown>) => Object.fromEntries(columns.map((k) => [k, p[k]])) as NewCase;

/** The insert of a case: DO NOTHING on any conflict, answering the row. */
const caseInsert = preparedByShape<Record<string, unknown>, CaseRow>((columns) => (db, p) => db
  .insertInto('cases').values({ ...given(columns, p), status: INITIAL_STATE })
  .onConflict((oc) => oc.doNothing()).returning(CASE_COLUMNS));

/**
 * A submitted case, its materials (round 0) and the first event of its audit stream, in ONE statement
 * (data-modifying CTEs: the materials and the event are written only if the case row is; issue 18).
 */
const submittedInsert = preparedByShape<Record<string, unknown>, CaseRow>((columns) => (db, p) => db
  .with('c', (qc) => qc.insertInto('cases').values({ ...given(columns, p), status: INITIAL_STATE })
    .onConflict((oc) => oc.doNothing()).returning(CASE_COLUMNS))
  .with('m', (qc) => qc.insertInto('case_materials').columns(['case_id', 'material_key', 'file_id', 'round', 'created_at'])
    .expression(sql<never>`SELECT c.id, m.k, m.f, 0, c.created_at FROM c, unnest(${p.material_keys}::text[], ${p.material_files}::uuid[]) WITH ORDINALITY AS m(k, f, n) ORDER BY m.n`)
    .onConflict((oc) => oc.doNothing()).returning('case_id'))
  .with('a', (qc) => qc.insertInto('audit_events').columns(['stream', 'seq', 'at', 'actor_id', 'action', 'data', 'prev_hash', 'hash'])
    .expression(sql<never>`SELECT ${p.audit_stream}::text, 1, ${p.audit_at}::timestamptz, ${p.audit_actor_id}::uuid, ${p.audit_action}::text, ${p.audit_data}::jsonb, NULL, ${p.audit_hash}::text FROM c`)
    .returning('seq'))
  .selectFrom('c').select(CASE_COLUMNS) as unknown as Compilable<CaseRow>);

/**
 * Inserts a case under a freshly drawn submission number, checked by the insert itself: DO NOTHING on
 * any conflict, then, only when no row came back, tell a taken idempotency key (the answer: none) from
 * a taken number (draw again).
 */
async function insertDrawingNumber(tx: Tx, c: NewCase, draw: (submittedAt: Date | string) => string,
  insert: (columns: string[], values: Record<string, unknown>) => Promise<CaseRow | undefined>): Promise<CaseRow | undefined> {
  const query_code = c.query_code ?? newQueryCode();
  for (let attempt = 0; attempt < 5; attempt++) {
    // The status is not among the columns: each statement gives the initial state itself.
    const values: Record<string, unknown> = { ...c, submission_no: draw(c.submitted_at), query_code };
    // Kysely leaves out a column given as undefined (its default applies): so does the shape.
    const row = await insert(Object.keys(values).filter((k) => values[k] !== undefined), values);
    if (row) return row;
    if (await findByIdempotencyKey(tx, c.applicant_id, c.idempotency_key)) return undefined;
  }
  throw new Error('no free submission number after 5 random draws');
}

/**
 * A submitted case with its materials and first audit event (`submittedInsert`). `c.id` is given (the
 * stream's name holds it, `audit` is made from it). None when the applicant's idempotency key is taken.
 */
export async function insertSubmittedCase(tx: Tx, c: NewCase & { id: string }, materials: Array<{ key: string; fileId: string }>, audit: AuditRow,
  draw: (submittedAt: Date | string) => string = drawSubmissionNo): Promise<CaseRow | undefined> {
  const extra = {
    material_keys: materials.map((m) => m.key), material_files: materials.map((m) => m.fileId),
    audit_stream: audit.stream, audit_at: audit.at, audit_actor_id: audit.actor_id, audit_action: audit.action, audit_data: audit.data, audit_hash: audit.hash,
  };
  return insertDrawingNumber(tx, c, draw, async (columns, values) => (await submittedInsert(columns)(tx, { ...values, ...extra })).rows[0]);
}

/**
 * insertCase answering the new row itself (none when the idempotency key was taken), so the caller need not read it back.
 * `draw` gives submission numbers (a test gives taken ones).
 */
export async function insertCaseRow(tx: Tx, c: NewCase, draw: (submittedAt: Date | string) => string = drawSubmissionNo): Promise<CaseRow | undefined> {
  // Issue 14: a case the applicant submitted has its submission number and query code from the start (a part has its parent's).
  if (c.parent_id || c.submission_no) {
    const numbers = c.parent_id ? {} : { query_code: c.query_code ?? newQueryCode() };
    return tx.insertInto('cases').values({ ...c, ...numbers, status: INITIAL_STATE }).onConflict((oc) => oc.columns(['applicant_id', 'idempotency_key']).doNothing())
      .returningAll().executeTakeFirst();
  }
  return insertDrawingNumber(tx, c, draw, async (columns, values) => (await caseInsert(columns)(tx, values)).rows[0]);
}

// Read by every submission: built and compiled once (db/prepared.ts).
const byIdempotencyKey = prepared((db, p: { applicantId: string; key: string }) => db.selectFrom('cases').select(['id', 'idempotency_fingerprint'])
  .where('applicant_id', '=', p.applicantId).where('idempotency_key', '=', p.key));

export async function findByIdempotencyKey(db: Q, applicantId: string, key: string) {
  return (await byIdempotencyKey(db, { applicantId, key })).rows[0];
}

export interface MaterialFile { id: string; name: string; mime: string; size: number; center_id: string | null; owner_id: string | null }

/** The case `applicantId` already made with idempotency key `key` (none for an applicant not known yet: null), as json. */
const caseByKey = (p: { applicantId: string | null; key: string }) => sql<{ id: string; idempotency_fingerprint: string | null } | null>`(SELECT json_build_object('id', c.id, 'idempotency_fingerprint', c.idempotency_fingerprint)
    FROM cases c WHERE c.applicant_id = ${p.applicantId}::uuid AND c.idempotency_key = ${p.key}::text)`;

/** The files named, as files.repository.ts `findFilesByIds` answers them (json keeps their keys in that order). */
const filesNamed = (p: { fileIds: string[] }) => sql<MaterialFile[]>`(SELECT coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'mime', f.mime, 'size', f.size, 'center_id', f.center_id, 'owner_id', f.owner_id)), '[]'::json)
    FROM files f WHERE f.id = ANY(${p.fileIds}::uuid[]))`;

/** A submission's two reads before its transaction in one statement: the case its key already made, and the files it names. */
const keyAndFilesQuery = prepared((db, p: { applicantId: string | null; key: string; fileIds: string[] }) => db.selectNoFrom([
  caseByKey(p).as('existing'), filesNamed(p).as('files'),
]));

/**
 * An online submission's three reads in one statement, its applicant known from the start: the item as
 * items.itemForCase reads it, and beside it the case its key already made and the files it names. No row
 * when the item does not exist (then neither is needed: the submission is refused first).
 */
const itemKeyAndFilesQuery = prepared((db, p: { itemId: string; today: string; knownVersion: number; applicantId: string; key: string; fileIds: string[] }) => items.itemForCaseSelect(db, p)
  .select([caseByKey(p).as('existing'), filesNamed(p).as('files')]));

export async function itemKeyAndFiles(db: Q, itemId: string, today: string, applicantId: string, key: string, fileIds: string[]) {
  const known = items.knownVersionOf(db, itemId);
  const [r] = (await itemKeyAndFilesQuery(db, { itemId, today, knownVersion: known?.version ?? -1, applicantId, key, fileIds: [...new Set(fileIds)] })).rows;
  if (!r) return undefined;
  const { existing, files, ...row } = r;
  return { ...items.itemForCaseOf(db, row, known), existing: existing ?? undefined, files: files ?? [] };
}

export async function idempotencyKeyAndFiles(db: Q, applicantId: string | null, key: string, fileIds: string[]) {
  const [r] = (await keyAndFilesQuery(db, { applicantId, key, fileIds: [...new Set(fileIds)] })).rows;
  return { existing: r?.existing ?? undefined, files: r?.files ?? [] };
}

export function getCase(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the case for the transaction; with NOWAIT a second writer fails at once instead of queueing. */
export async function lockCase(tx: Tx, id: string) {
  // A clerk waits a moment for a short holder (the warning sweep's batch, a cascade from a sibling
  // part) and then gets 409 BUSY, never a queue behind a long transaction.
  await sql`SET LOCAL lock_timeout = '3s'`.execute(tx);
  return tx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Locks a case for a person's action together with the cases its action may move or depends on, in
 * the one order every such action takes: the root first (the joint case of a part, the lower case
 * of an upper one), then its children by id. A part's or an upper case's action thus waits for its
 * root (its listeners move the root: a part decided progresses its joint case, an upper case handed
 * back decides the lower one), and a root's action holds its children before it judges them (a
 * withdrawal is refused once a part or the level above has decided; it then terminates them): two
 * actions on one application serialise on the root and never deadlock, and whichever commits second
 * sees the other. One statement: PostgreSQL locks the rows in the ORDER BY's order. Waits at most 3 s
 * as `lockCase`. Answers the case itself.
 */
export async function lockCaseFamily(tx: Tx, id: string) {
  await sql`SET LOCAL lock_timeout = '3s'`.execute(tx);
  return lockCaseWaiting(tx, id);
}

/** Locks a case unless someone else holds it (then undefined): for work another instance may be doing already. */
export function lockCaseSkipLocked(tx: Tx, id: string) {
  return tx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().skipLocked().executeTakeFirst();
}

/**
 * Locks a case the system moves, with its family in the order of `lockCaseFamily` (the root, then its
 * children by id): waits for a clerk's transaction instead of failing. The system's paths that start
 * on a part or an upper case (a payment, an e-licence issued, a parcel signed for) move its root
 * afterwards through the listeners; holding the root first, they queue behind a person's action on
 * the application instead of deadlocking with it. Answers the case itself.
 */
export async function lockCaseWaiting(tx: Tx, id: string) {
  const rows = await tx.selectFrom('cases').selectAll()
    .where((eb) => eb.or([
      eb('id', '=', id),
      eb('parent_id', '=', id),
      eb('id', '=', eb.selectFrom('cases as c').select('c.parent_id').where('c.id', '=', id)),
    ]))
    // A root has no parent (cases_parent_of_parts): roots first, then by id. One statement: PostgreSQL locks the rows in this order.
    .orderBy(sql`parent_id IS NOT NULL`).orderBy('id').forUpdate().execute();
  return rows.find((r) => r.id === id);
}

/** A joint parent's parts still to be decided, and still to reach the delivery window (closed parts count as done). */
export async function countParts(db: Q, parentId: string) {
  const r = await db.selectFrom('cases').where('parent_id', '=', parentId).where('kind', '=', 'part')
    .select([
      sql<number>`count(*) FILTER (WHERE status = ANY(${[...CLOCK_STATES]}::text[]))`.as('undecided'),
      sql<number>`count(*) FILTER (WHERE status = ANY(${[...BEFORE_READY_STATES]}::text[]))`.as('not_ready'),
      sql<number>`count(*) FILTER (WHERE decision IS NOT NULL)`.as('decided'),
    ]).executeTakeFirstOrThrow();
  return { partsUndecided: Number(r.undecided), partsNotReady: Number(r.not_ready), partsDecided: Number(r.decided) };
}

/** The children of a case (parts of a joint case, or the upper-level case of a reported one), with names. */
export function listChildren(db: Q, parentId: string) {
  return listChildrenOf(db, [parentId]);
}

/** The children of several cases in one query (index cases_children), each parent's in creation order. */
export function listChildrenOf(db: Q, parentIds: string[]) {
  return withNames(db).innerJoin('centers as ce', 'ce.id', 'c.center_id')
    .select([...summaryColumns, 'c.decision', 'c.decision_reason', 'c.decided_at', 'c.center_id', 'c.created_at', 'c.accepted_at', 'c.forwarded_at',
      'c.closed_at', 'c.close_reason', 'ce.name as center_name'])
    .where('c.parent_id', 'in', parentIds.length ? parentIds : ['00000000-0000-0000-0000-000000000000'])
    .orderBy('c.parent_id').orderBy('c.created_at').orderBy('c.id').execute();
}

export function findManyWithNames(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return withNames(db).select(summaryColumns).where('c.id', 'in', ids).execute();
}

export async function updateCase(tx: Tx, id: string, rowVersion: number, set: CaseUpdate): Promise<boolean> {
  const r = await tx.updateTable('cases').set({ ...set, row_version: rowVersion + 1 })
    .where('id', '=', id).where('row_version', '=', rowVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The one writer of a case's status, called only by `transition()` in cases.service.ts with a state the table gave. */
export async function moveCase(tx: Tx, id: string, rowVersion: number, to: CaseState, set: CaseUpdate): Promise<boolean> {
  const r = await tx.updateTable('cases').set({ ...set, status: to, row_version: rowVersion + 1 })
    .where('id', '=', id).where('row_version', '=', rowVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// One statement for any number of materials (arrays unnested in their order), built and compiled once (db/prepared.ts).
const insertMaterialRows = prepared((db, p: { caseId: string; keys: string[]; files: string[]; round: number; now: Date }) => db.insertInto('case_materials')
  .columns(['case_id', 'material_key', 'file_id', 'round', 'created_at'])
  .expression(sql<never>`SELECT ${p.caseId}::uuid, m.k, m.f, ${p.round}::int, ${p.now}::timestamptz FROM unnest(${p.keys}::text[], ${p.files}::uuid[]) WITH ORDINALITY AS m(k, f, n) ORDER BY m.n`)
  .onConflict((oc) => oc.doNothing()));

export async function insertMaterials(tx: Tx, caseId: string, rows: Array<{ key: string; fileId: string }>, round: number, now: Date) {
  if (rows.length === 0) return;
  await insertMaterialRows(tx, { caseId, keys: rows.map((r) => r.key), files: rows.map((r) => r.fileId), round, now });
}

export function listMaterials(db: Q, caseId: string) {
  return db.selectFrom('case_materials as m').innerJoin('files as f', 'f.id', 'm.file_id')
    .select(['m.material_key', 'm.round', 'f.id', 'f.name', 'f.size'])
    .where('m.case_id', '=', caseId).orderBy('m.round').orderBy('m.created_at').execute();
}

export async function insertSupplement(tx: Tx, s: { caseId: string; round: number; items: Array<{ key: string; reason: string; departments?: string[] }>; note: string; by: string | null; now: Date }) {
  await tx.insertInto('case_supplements').values({ case_id: s.caseId, round: s.round, items: JSON.stringify(s.items), note: s.note, issued_at: s.now, issued_by: s.by }).execute();
}

export async function answerSupplement(tx: Tx, caseId: string, round: number, now: Date) {
  await tx.updateTable('case_supplements').set({ answered_at: now }).where('case_id', '=', caseId).where('round', '=', round).execute();
}

export function listSupplements(db: Q, caseId: string) {
  return db.selectFrom('case_supplements').selectAll().where('case_id', '=', caseId).orderBy('round').execute();
}

/** The departments' pre-review lines of one round of a joint case (written by the joint module), by department name. */
export function listPrereviewLines(db: Q, caseId: string, round: number) {
  return db.selectFrom('case_prereviews as p').innerJoin('departments as d', 'd.id', 'p.department_id')
    .select(['d.name as department_name', 'p.items']).where('p.case_id', '=', caseId).where('p.round', '=', round)
    .orderBy('d.name').execute();
}

export async function insertReview(tx: Tx, r: { caseId: string; step: number; name: string; opinion: string; proposal: 'approve' | 'deny'; by: string; now: Date }) {
  await tx.insertInto('case_reviews').values({ case_id: r.caseId, step: r.step, name: r.name, opinion: r.opinion, proposal: r.proposal, by_user: r.by, at: r.now }).execute();
}

export function listReviews(db: Q, caseId: string) {
  return db.selectFrom('case_reviews as r').innerJoin('users as u', 'u.id', 'r.by_user')
    .select(['r.step', 'r.name', 'r.opinion', 'r.proposal', 'r.at', 'u.name as by_name'])
    .where('r.case_id', '=', caseId).orderBy('r.step').execute();
}

export async function insertSuspension(tx: Tx, s: {
  caseId: string; seq: number; kind: string; reason: string; expectedDays: number; startedDate: string; by: string;
  legalBasis?: string | null; maxWorkdays?: number | null; hearing?: { date: string; place: string } | null; at?: Date;
}) {
  await tx.insertInto('case_suspensions').values({
    case_id: s.caseId, seq: s.seq, kind: s.kind, reason: s.reason, expected_days: s.expectedDays, started_date: s.startedDate, started_by: s.by,
    legal_basis: s.legalBasis ?? null, max_workdays: s.maxWorkdays ?? null, hearing_date: s.hearing?.date ?? null, hearing_place: s.hearing?.place ?? null, started_at: s.at ?? null,
  }).execute();
}

export async function endSuspension(tx: Tx, caseId: string, endedDate: string, workdays: number) {
  await tx.updateTable('case_suspensions').set({ ended_date: endedDate, workdays }).where('case_id', '=', caseId).where('ended_date', 'is', null).execute();
}

export function listSuspensions(db: Q, caseId: string) {
  return db.selectFrom('case_suspensions').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

const summaryColumns = [
  'c.id', 'c.receipt_no', 'c.item_id', 'c.item_version', 'c.department_id', 'c.status', 'c.suspended_since', 'c.channel',
  'c.applicant_name', 'c.submitted_at', 'c.accepted_date', 'c.due_date', 'c.warning_date', 'c.due_provisional',
  'c.processing_mode', 'c.acceptance_due_date', 'd.name as department_name', 'd.name_en as department_name_en', 'c.kind', 'c.parent_id', 'c.green',
  // When the decision was made: a finished case is shown "completed on time" or "late" (cases.queries.ts).
  'c.decided_at', 'c.region_code',
  // Issue 14: the number the applicant holds from submission on.
  'c.submission_no',
  // A joint parent has no item: it is named after its matter.
  sql<string>`coalesce(i.name, m.name)`.as('item_name'),
  sql<string | null>`coalesce(i.name_en, m.name_en)`.as('item_name_en'),
] as const;

const withNames = (db: Q) => db.selectFrom('cases as c')
  .leftJoin('items as i', 'i.id', 'c.item_id')
  .leftJoin('joint_matters as m', 'm.id', 'c.matter_id')
  .innerJoin('departments as d', 'd.id', 'c.department_id');

export type SummaryRow = Awaited<ReturnType<typeof listForApplicant>>['rows'][number];

/** One case as the lists show it (the answer of a submission that asked for `Prefer: return=minimal` and was not built from what it wrote). */
export function getSummary(db: Q, id: string) {
  return withNames(db).where('c.id', '=', id).select(summaryColumns).executeTakeFirst();
}

export async function listForApplicant(db: Db, applicantId: string, limit: number, offset: number, f: { states?: readonly CaseState[] | null; q?: string | undefined } = {}) {
  // Issue 14: a status tab and a search by item (or matter) name or by receipt / submission number; on the index cases_applicant_top.
  let q = withNames(db).where('c.applicant_id', '=', applicantId).where('c.parent_id', 'is', null);
  if (f.states) q = q.where('c.status', 'in', [...f.states]);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const text = f.q;
    q = q.where((eb) => eb.or([eb('i.name', 'ilike', like), eb('i.name_en', 'ilike', like), eb('m.name', 'ilike', like), eb('m.name_en', 'ilike', like),
      eb('c.receipt_no', '=', text), eb('c.submission_no', '=', text)]));
  }
  const [rows, count] = await Promise.all([
    q.select(summaryColumns).orderBy('c.created_at', 'desc').orderBy('c.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** How many of the applicant's cases are in each state (for the counts on My cases' tabs). */
export function countByStateForApplicant(db: Db, applicantId: string) {
  return db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('applicant_id', '=', applicantId).where('parent_id', 'is', null)
    .groupBy('status').execute();
}

export interface InboxFilter {
  /** coordinatorId: the green-channel cases a staff member coordinates, in any department. */
  scope: { departmentId: string } | { centerId: string; departmentIds?: string[] } | { coordinatorId: string };
  statuses: CaseState[];
  limit: number;
  offset: number;
  /** Order by the acceptance deadline (intake) or the decision deadline (back office); green-channel cases first. */
  orderBy: 'acceptance_due_date' | 'due_date' | 'decided_at';
  /** Kinds of case the box leaves out (a joint parent is not reviewed; its parts are not delivered alone). */
  excludeKinds?: Array<'single' | 'joint' | 'part' | 'upper'>;
  greenOnly?: boolean;
  /**
   * 通办 (issue 17): a center's window lists what it receives (intake) or hands out (delivery), which for a
   * case received or collected elsewhere is that other center (`received_at_center_id`, `delivery_center_id`).
   */
  via?: 'received' | 'delivery';
}

/**
 * The cases whose window (receiving or delivering) is the center's: its own unless another center is named, and
 * those named to it. Written as one expression, not an OR, so that the window indexes of migration 0056 serve the
 * lists in their order (the expression must stay exactly `coalesce(<column>, center_id)` to match them).
 */
export function atWindowCenter(column: 'c.received_at_center_id' | 'c.delivery_center_id', centerId: string) {
  return sql<boolean>`coalesce(${sql.ref(column)}, c.center_id) = ${centerId}`;
}

export async function listInbox(db: Db, f: InboxFilter) {
  let q = db.selectFrom('cases as c').where('c.status', 'in', f.statuses);
  q = 'departmentId' in f.scope ? q.where('c.department_id', '=', f.scope.departmentId)
    : 'coordinatorId' in f.scope ? q.where('c.green_coordinator_id', '=', f.scope.coordinatorId)
    : f.via ? q.where(atWindowCenter(f.via === 'received' ? 'c.received_at_center_id' : 'c.delivery_center_id', f.scope.centerId)) : q.where('c.center_id', '=', f.scope.centerId);
  if ('departmentIds' in f.scope && f.scope.departmentIds) q = q.where('c.department_id', 'in', f.scope.departmentIds.length ? f.scope.departmentIds : ['00000000-0000-0000-0000-000000000000']);
  if (f.excludeKinds?.length) q = q.where('c.kind', 'not in', f.excludeKinds);
  if (f.greenOnly) q = q.where('c.green', '=', true);
  const page = db.with('page', () => q.select(['c.id']).orderBy('c.green', 'desc').orderBy(`c.${f.orderBy}`).orderBy('c.id').limit(f.limit).offset(f.offset))
    .selectFrom('page as p').innerJoin('cases as c', 'c.id', 'p.id')
    .leftJoin('items as i', 'i.id', 'c.item_id').leftJoin('joint_matters as m', 'm.id', 'c.matter_id').innerJoin('departments as d', 'd.id', 'c.department_id')
    .select(summaryColumns).orderBy('c.green', 'desc').orderBy(`c.${f.orderBy}`).orderBy('c.id');
  const [rows, count] = await Promise.all([page.execute(), q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
  return { rows, total: Number(count.n) };
}

export function findStaffName(db: Q, id: string) {
  return db.selectFrom('users').select('name').where('id', '=', id).where('kind', '=', 'staff').executeTakeFirst();
}

export function findByIdWithNames(db: Q, id: string) {
  return withNames(db).select(summaryColumns).where('c.id', '=', id).executeTakeFirst();
}

export function findByReceipt(db: Db, receiptNo: string) {
  return withNames(db).select([...summaryColumns, 'c.query_code', 'c.center_id']).where((eb) => eb.or([eb('c.receipt_no', '=', receiptNo), eb('c.submission_no', '=', receiptNo)])).executeTakeFirst();
}

export function findNames(db: Q, caseId: string) {
  return withNames(db).innerJoin('centers as ce', 'ce.id', 'c.center_id')
    .select([sql<string>`coalesce(i.name, m.name)`.as('item_name'), sql<string | null>`coalesce(i.name_en, m.name_en)`.as('item_name_en'), 'd.name as department_name', 'd.name_en as department_name_en', 'ce.name as center_name'])
    .where('c.id', '=', caseId).executeTakeFirstOrThrow();
}

/** Cases the acceptance deadline passed for, oldest first; claimed so that two instances never take the same. */
export function claimOverdueSubmissions(tx: Tx, today: string, limit: number) {
  return tx.selectFrom('cases').selectAll().where('status', '=', 'submitted').where('acceptance_due_date', '<', today)
    .orderBy('acceptance_due_date').limit(limit).forUpdate().skipLocked().execute();
}

/**
 * Marks the open cases of some regions (all when null) whose clock may touch dates from `from` on,
 * or rests on computed years, for recomputation: one statement in the calendar change's transaction.
 * Their due dates read as provisional until recomputed; the mark keeps the latest cause and
 * `due_provisional` as it was before the first mark.
 */
export async function markForRecompute(tx: Tx, regions: string[] | null, from: string, cause: { action: string; version: number; actorId: string | null; at: Date }): Promise<number> {
  let q = tx.updateTable('cases').set({
    clock_recompute: sql`jsonb_build_object('cause', ${cause.action}::text, 'version', ${cause.version}::int, 'actorId', ${cause.actorId}::uuid,
      'at', ${cause.at.toISOString()}::text, 'provisional', coalesce((clock_recompute->>'provisional')::boolean, due_provisional))`,
    due_provisional: true,
  })
    .where('status', 'in', DEADLINE_STATES)
    .where((eb) => eb.or([eb('due_provisional', '=', true), eb('acceptance_due_date', '>=', from), eb('statutory_due_date', '>=', from)]));
  if (regions) q = q.where('region_code', 'in', regions.length ? regions : ['-']);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/** A batch of marked cases, locked for their recomputation; SKIP LOCKED, so instances share the work. */
export function claimMarkedForRecompute(tx: Tx, limit: number) {
  return tx.selectFrom('cases').selectAll().where('clock_recompute', 'is not', null).orderBy('id').limit(limit).forUpdate().skipLocked().execute();
}

/** Clears the mark of a case whose dates did not move (no new row_version: its dates are as they were). */
export async function clearRecomputeMark(tx: Tx, id: string, provisional: boolean) {
  await tx.updateTable('cases').set({ clock_recompute: null, due_provisional: provisional }).where('id', '=', id).execute();
}
