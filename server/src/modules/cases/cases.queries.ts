import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { maskName } from '../../lib/mask.ts';
import { listHistory } from '../items/items.repository.ts';
import { departmentsOfWindow, findCenter } from '../org/org.repository.ts';
import {
  applicantCasesScope, authorize, caseEventVisibleTo, casePolicy, greenDetailsVisibleTo, documentPolicy, inboxScope, isPublicCaseEvent, rolesOn, type Actor as User,
} from '../../policies/index.ts';
import * as repo from './cases.repository.ts';
import { acceptancePeriodPassed, caseStream, deemIfAcceptancePassed, factsOf, rulesOf, type Submitted } from './cases.service.ts';
import { latestRequest } from './cancellation.repository.ts';
import { cancellationView } from './cancellation.service.ts';
import { jointChecklistOf, jointFormOf, jointMatterView } from './joint-view.ts';
import { levelsOf } from './levels.ts';
import { listLicences } from './material-checklist.repository.ts';
import { completionOf, lightOf, RESULT_TO_WINDOW_WORKDAYS } from './clock.ts';
import { calendarFor } from './calendar-adapter.ts';
import { handoffLimit } from './handoffs.ts';
import { listHandoffs } from './handoffs.repository.ts';
import { stepsOf } from './steps.ts';
import { formFieldsOf, formView } from './forms.ts';
import { allowedActions, CLOCK_STATES, OPEN_STATES, type CaseState } from './transitions.ts';
import { rolesInWindowScope } from './window-scope.ts';
import { statesOfTab, tabOf, type MyCaseTab } from './my-case-tabs.ts';

/** What the portal, the workbench and the public progress page show of cases. */

/** States after a decision: the case is judged "completed on time" or "late" instead of by a light. */
const DECIDED_STATES: readonly CaseState[] = ['decided', 'awaiting_payment', 'ready', 'delivered'];

export function summaryOf(r: repo.SummaryRow, today: string) {
  const open = CLOCK_STATES.includes(r.status as CaseState);
  return {
    id: r.id, receiptNo: r.receipt_no, submissionNo: r.submission_no, itemId: r.item_id, itemName: r.item_name, itemNameEn: r.item_name_en, itemVersion: r.item_version,
    kind: r.kind, parentId: r.parent_id, green: r.green,
    departmentId: r.department_id, departmentName: r.department_name, departmentNameEn: r.department_name_en, status: r.status as CaseState,
    suspended: r.suspended_since !== null, channel: r.channel, applicantName: r.applicant_name,
    submittedAt: r.submitted_at.toISOString(), acceptedDate: r.accepted_date, dueDate: r.due_date, warningDate: r.warning_date,
    // The intake queue is judged on the acceptance deadline, the back office on the decision's.
    light: open && r.suspended_since === null ? lightOf(today, r.due_date, r.warning_date)
      : r.status === 'submitted' ? lightOf(today, r.acceptance_due_date, r.acceptance_due_date) : null,
    provisional: r.due_provisional, processingMode: r.processing_mode, acceptanceDueDate: r.acceptance_due_date,
    completion: DECIDED_STATES.includes(r.status as CaseState) && r.decided_at ? completionOf(chinaDate(r.decided_at), r.due_date) : null,
  };
}

async function getCase(ctx: AppContext, who: User | null, id: string) {
  if (!who) throw UNAUTHENTICATED();
  const c = await repo.getCase(ctx.db, id);
  if (!c) throw NOT_FOUND({ zh: '办件', en: 'Case' });
  return { who, c };
}

export async function caseDetail(ctx: AppContext, who: User | null, id: string) {
  const found = await getCase(ctx, who, id);
  authorize(casePolicy, found.who, 'read', found.c);
  return detailOf(ctx, found.who, found.c);
}

/** The case a document is drawn from, as the caller may read it (policies/document.policy.ts). */
export async function caseForDocument(ctx: AppContext, who: User | null, id: string, kind: string) {
  const found = await getCase(ctx, who, id);
  authorize(documentPolicy, found.who, 'read', { case: found.c, kind });
  return detailOf(ctx, found.who, found.c);
}

/** 通办 (issue 17): where a case of another center was handed in and where its result is collected; null for an ordinary case. */
async function tongbanView(ctx: AppContext, c: repo.CaseRow) {
  if (!c.received_at_center_id && !c.delivery_center_id) return null;
  const ref = async (id: string | null) => {
    const x = id ? await findCenter(ctx.db, id) : undefined;
    return x ? { id: x.id, name: x.name, nameEn: x.name_en } : null;
  };
  return { receivedAt: await ref(c.received_at_center_id), deliveryAt: await ref(c.delivery_center_id) };
}

/**
 * The answer to a submission (POST /api/cases, POST /api/counter/cases): the new case's detail, the same
 * as GET /api/cases/:id would answer, built from what the submission wrote instead of read back. A case
 * just created has no notice, review, suspension, part, parent, cancellation, hand-over or upper level,
 * and its history is the one event it was created with. A submission that wrote more than that (see
 * `submit`) comes without `written` and is read back; so is one with several files for one material,
 * whose order among them is the database's.
 */
export async function submittedDetail(ctx: AppContext, who: User | null, id: string, written: Submitted | undefined) {
  if (!written || !who) return caseDetail(ctx, who, id);
  const c = written.row;
  authorize(casePolicy, who, 'read', c);
  const today = chinaDate(ctx.clock.now());
  if (acceptancePeriodPassed(c, today)) return caseDetail(ctx, who, id);
  const given = new Map<string, { key: string; fileId: string }>();
  // One row per material and file (the insert skips a repeated pair).
  for (const m of written.materials) given.set(`${m.key}\n${m.fileId}`, m);
  const perKey = new Set([...given.values()].map((m) => m.key));
  const fileById = new Map(written.files.map((f) => [f.id, f]));
  const files = perKey.size < given.size ? await repo.listMaterials(ctx.db, id)
    : [...given.values()].map((m) => ({ material_key: m.key, round: 0, id: m.fileId, name: fileById.get(m.fileId)!.name, size: fileById.get(m.fileId)!.size }));
  const a = written.audit;
  return assembleDetail(ctx, who, c, today, {
    rules: await rulesOf(ctx.db, c, true),
    names: written.names,
    files,
    supplements: [], reviews: [], suspensions: [], children: [], parent: undefined, cancellation: undefined, handoffs: [], levels: [],
    history: [{ seq: 1, at: a.at, action: a.action, data: asJsonb(a.data), actor_id: a.actorId, actor_name: a.actorName }],
    licensed: new Set(written.licenceKeys),
    // At the counter `submit` refused a window not serving the item's department: a single case's only department.
    windowServed: c.kind === 'single',
  });
}

/**
 * A submission's answer when the client asked for `Prefer: return=minimal` (RFC 7240): the case as the
 * lists show it (`summaryOf`), which is what the web app needs before it opens the case. Built from
 * what the submission wrote when `submit` gives it; otherwise (a retry, or a case that listeners or the
 * law wrote more of) read like a list row, after Art. 32 as the detail would apply it.
 */
export async function submittedSummary(ctx: AppContext, who: User | null, id: string, written: Submitted | undefined) {
  const today = chinaDate(ctx.clock.now());
  if (written && who && !acceptancePeriodPassed(written.row, today)) {
    authorize(casePolicy, who, 'read', written.row);
    const { item_name, item_name_en, department_name, department_name_en } = written.names;
    return summaryOf({ ...written.row, item_name, item_name_en, department_name, department_name_en }, today);
  }
  const found = await getCase(ctx, who, id);
  authorize(casePolicy, found.who, 'read', found.c);
  if (acceptancePeriodPassed(found.c, today)) await deemIfAcceptancePassed(ctx, id);
  return summaryOf((await repo.getSummary(ctx.db, id))!, today);
}

/**
 * `v` with its object keys in the order PostgreSQL's jsonb keeps them (shorter keys first, then by
 * their bytes): the audit data of a submission answered as a read of the stored event would answer it.
 */
function asJsonb(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(asJsonb);
  const bytes = (k: string) => Buffer.from(k, 'utf8');
  const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort((x, y) => bytes(x).length - bytes(y).length || Buffer.compare(bytes(x), bytes(y)));
  return Object.fromEntries(keys.map((k) => [k, asJsonb((v as Record<string, unknown>)[k])]));
}

/** What a case's detail shows besides its row, read (`readDetailParts`) or, for a case just submitted, known (`submittedDetail`). */
interface DetailParts {
  rules: Awaited<ReturnType<typeof rulesOf>>;
  names: Pick<Awaited<ReturnType<typeof repo.findNames>>, 'item_name' | 'item_name_en' | 'department_name' | 'department_name_en' | 'center_name'>;
  files: Array<{ material_key: string; round: number; id: string; name: string; size: number | string }>;
  supplements: Awaited<ReturnType<typeof repo.listSupplements>>;
  reviews: Awaited<ReturnType<typeof repo.listReviews>>;
  suspensions: Awaited<ReturnType<typeof repo.listSuspensions>>;
  history: Array<{ seq: number; at: Date; action: string; data: unknown; actor_id: string | null; actor_name: string | null }>;
  children: Awaited<ReturnType<typeof repo.listChildren>>;
  parent: Awaited<ReturnType<typeof repo.findByIdWithNames>>;
  cancellation: Awaited<ReturnType<typeof latestRequest>>;
  licensed: Set<string>;
  handoffs: Awaited<ReturnType<typeof listHandoffs>>;
  levels: Awaited<ReturnType<typeof levelsOf>>;
  /** The clerk's window is known to serve the case (a counter registration checked it in the same request): not read again. */
  windowServed?: boolean;
}

async function detailOf(ctx: AppContext, who: User, found: repo.CaseRow) {
  const id = found.id;
  // Art. 32: a case looked at after its acceptance period is shown as the law has it, deemed accepted (not only once the job runs).
  const c = acceptancePeriodPassed(found, chinaDate(ctx.clock.now())) && (await deemIfAcceptancePassed(ctx, id)) ? (await repo.getCase(ctx.db, id))! : found;
  const today = chinaDate(ctx.clock.now());
  return assembleDetail(ctx, who, c, today, await readDetailParts(ctx, c, today));
}

async function readDetailParts(ctx: AppContext, c: repo.CaseRow, today: string): Promise<DetailParts> {
  const id = c.id;
  const [rules, names, files, supplements, reviews, suspensions, history, children, parent, cancellation] = await Promise.all([
    rulesOf(ctx.db, c),
    repo.findNames(ctx.db, c.id),
    repo.listMaterials(ctx.db, id),
    repo.listSupplements(ctx.db, id),
    repo.listReviews(ctx.db, id),
    repo.listSuspensions(ctx.db, id),
    listHistory(ctx.db, caseStream(id)),
    repo.listChildren(ctx.db, id),
    c.parent_id ? repo.findByIdWithNames(ctx.db, c.parent_id) : Promise.resolve(undefined),
    latestRequest(ctx.db, c.id),
  ]);
  // Issue 10: an e-licence named in place of a file counts as the material given.
  const licensed = new Set((await listLicences(ctx.db, id)).map((l) => l.material_key));
  const handoffs = await listHandoffs(ctx.db, id);
  return { rules, names, files, supplements, reviews, suspensions, history, children, parent, cancellation, licensed, handoffs, levels: await levelsOf(ctx.db, c, today) };
}

/** A case's detail from its row and its parts; reads only what a rare case needs (a green coordinator's name, 通办 centers, hand-over limits). */
async function assembleDetail(ctx: AppContext, who: User, c: repo.CaseRow, today: string, parts: DetailParts) {
  const id = c.id;
  const { rules, names, files, supplements, reviews, suspensions, history, children, parent, cancellation, licensed, handoffs } = parts;
  // No roles when the caller reads by level only (policies/scope.ts): the case shows no actions.
  // A clerk whose window does not serve the case's departments is offered none of the window's actions (window-scope.ts).
  const roles = parts.windowServed ? rolesOn(who, c) : await rolesInWindowScope(ctx.db, who, c, rolesOn(who, c));
  const showGreen = c.green && greenDetailsVisibleTo(who);
  const coordinator = showGreen && c.green_coordinator_id ? await repo.findStaffName(ctx.db, c.green_coordinator_id) : undefined;
  const steps = await caseSteps(ctx, c, rules, handoffs, history, today);
  const checklist = c.kind === 'joint' ? jointChecklistOf(c) : rules.content!.materials;
  const notice = supplements.at(-1);
  const openNotice = notice && !notice.answered_at ? notice : undefined;
  const asked = new Map((openNotice?.items ?? []).map((i) => [i.key, i.reason]));
  const accepted = !['submitted', 'supplement_requested', 'refused'].includes(c.status);
  const materials = checklist.map((m) => {
    const mine = files.filter((f) => f.material_key === m.key);
    const status = asked.has(m.key) ? 'to_supplement' as const : mine.length === 0 && !licensed.has(m.key) ? 'missing' as const : accepted ? 'accepted' as const : 'submitted' as const;
    return {
      key: m.key, name: m.name, requirement: m.requirement, status, departmentIds: 'departmentIds' in m ? m.departmentIds : [c.department_id],
      files: mine.map((f) => ({ id: f.id, name: f.name, size: Number(f.size) })),
      ...(asked.has(m.key) ? { reason: asked.get(m.key)! } : {}),
    };
  });
  const nameOf = (key: string) => checklist.find((m) => m.key === key)?.name ?? key;
  const documents = [
    ...(c.receipt_no ? ['receipt'] : []),
    ...(notice ? ['supplement'] : []),
    ...(c.status === 'refused' ? ['refusal'] : []),
    ...(c.decision ? ['decision'] : []),
    // Art. 42 and 45: the applicant is told of an extension and of a special procedure (a hearing's date and place).
    ...(c.extension_days > 0 ? ['extension'] : []),
    ...(suspensions.length > 0 ? ['suspension'] : []),
    ...(cancellation && cancellation.status !== 'requested' ? ['cancellation'] : []),
  ].map((kind) => ({ kind, url: `/api/cases/${id}/documents/${kind}` }));
  const row = { ...c, item_name: names.item_name, item_name_en: names.item_name_en, department_name: names.department_name, department_name_en: names.department_name_en };
  // Staff see what the department of a part asked in pre-review; the applicant sees the merged notice.
  const supplementBy = notice ? ((notice.items as Array<{ key: string; reason: string; departments?: string[] }>)) : [];
  return {
    ...summaryOf(row, today),
    queryCode: c.query_code,
    centerName: names.center_name,
    tongban: await tongbanView(ctx, c),
    form: c.form as unknown as Record<string, string>,
    formFields: c.kind === 'joint' ? jointFormOf(c) : formView(formFieldsOf(rules.content!)),
    materials,
    supplement: notice ? { round: notice.round, items: supplementBy.map((i) => ({ key: i.key, name: nameOf(i.key), reason: i.reason, departments: i.departments ?? [] })), note: notice.note, issuedAt: notice.issued_at.toISOString() } : null,
    decision: c.decision ? { result: c.decision, reason: c.decision_reason ?? '', decidedAt: c.decided_at!.toISOString() } : null,
    extension: c.extension_days > 0 ? { days: c.extension_days, reason: c.extension_reason ?? '' } : null,
    suspensions: suspensions.map((s) => ({
      kind: s.kind, reason: s.reason, expectedDays: s.expected_days, startedDate: s.started_date, endedDate: s.ended_date, workdays: s.workdays,
      legalBasis: s.legal_basis, maxWorkdays: s.max_workdays, hearing: s.hearing_date ? { date: s.hearing_date, place: s.hearing_place ?? '' } : null,
    })),
    reviews: reviews.map((r) => ({ step: r.step, name: r.name, opinion: r.opinion, proposal: r.proposal, by: r.by_name, at: r.at.toISOString() })),
    procedure: (rules.content?.procedure ?? []).map((p) => ({ name: p.name, role: p.role ?? null })),
    specialProcedures: (rules.content?.specialProcedures ?? []).map((p) => ({ kind: p.kind, description: p.description, legalBasis: p.legalBasis ?? null, maxWorkdays: p.maxWorkdays ?? null })),
    children: children.map((k) => ({
      ...summaryOf(k, today), centerName: k.center_name,
      decision: k.decision ? { result: k.decision, reason: k.decision_reason ?? '', decidedAt: k.decided_at!.toISOString() } : null,
      closeReason: k.close_reason,
    })),
    parent: parent ? summaryOf(parent, today) : null,
    matter: c.kind === 'joint' ? jointMatterView(c) : null,
    levels: parts.levels,
    green: showGreen ? { coordinatorId: c.green_coordinator_id, coordinatorName: coordinator?.name ?? null, reason: c.green_reason ?? '' } : null,
    statutoryDueDate: c.statutory_due_date,
    promisedLimitDays: c.promised_days,
    deemedAccepted: c.deemed_accepted,
    delivery: c.delivery_method ? { method: c.delivery_method, trackingNo: c.tracking_no } : null,
    timeline: history.reverse().filter((h) => caseEventVisibleTo(who, h.action))
      .map((h) => ({ at: h.at.toISOString(), action: h.action, actor: h.actor_name ?? null, data: h.data })),
    documents,
    allowedActions: allowedActions(roles, factsOf(c, rules, today, { id: who.id, roles })),
    ...cancellationView(who, c, cancellation),
    steps,
    handoffs: handoffs.map((h) => ({
      direction: h.direction, startedDate: h.started_date, limitDays: h.limit_days, dueDate: h.due_date, handedAt: h.handed_at.toISOString(),
      handedDate: h.handed_date, late: h.handed_date > h.due_date,
      // Staff names stay on the staff side (the applicant's history shows no actors either).
      by: who.kind === 'staff' ? h.handed_by_name ?? null : null, note: h.note, materials: h.materials,
    })),
    handledInDepartment: rules.inDepartment ?? false,
  };
}

/** The stepper of a case, with the due dates of the hand-overs still to come. */
async function caseSteps(ctx: AppContext, c: repo.CaseRow, rules: Awaited<ReturnType<typeof rulesOf>>, handoffs: Awaited<ReturnType<typeof listHandoffs>>, history: Array<{ action: string; at: Date }>, today: string) {
  const actedAt = new Map<string, Date>();
  // The history comes newest first: keep each action's latest time.
  for (const h of history) if (h.action.startsWith('case.') && !actedAt.has(h.action.slice(5))) actedAt.set(h.action.slice(5), h.at);
  const pendingDue = { to_department: null as string | null, to_hall: null as string | null };
  const inDepartment = rules.inDepartment ?? false;
  // Due dates of hand-overs with no record: the one still open, and a hall case's handover (seed 004's 3 days, before and after it).
  const toDepartment = c.status === 'accepted' && inDepartment && c.accepted_date !== null;
  const toHall = c.decided_at !== null && c.kind !== 'upper' && c.kind !== 'joint' && !handoffs.some((h) => h.direction === 'to_hall');
  if (toDepartment || toHall) {
    const cal = await calendarFor(ctx.db, c.region_code);
    if (toDepartment) pendingDue.to_department = cal.addWorkdays(c.accepted_date!, await handoffLimit(ctx.db, c, rules.content!, 'to_department')).due;
    if (toHall) {
      const days = inDepartment ? await handoffLimit(ctx.db, c, rules.content!, 'to_hall') : RESULT_TO_WINDOW_WORKDAYS;
      pendingDue.to_hall = cal.addWorkdays(chinaDate(c.decided_at!), days).due;
    }
  }
  return stepsOf({ c, today, inDepartment, hasFees: rules.hasFees, reportsUpward: rules.reportsUpward, actedAt, handoffs, pendingDue });
}

export async function myCases(ctx: AppContext, who: User | null, page: number, pageSize: number, f: { tab?: MyCaseTab | undefined; q?: string | undefined } = {}) {
  const { applicantId } = applicantCasesScope(who);
  const [{ rows, total }, byState] = await Promise.all([
    repo.listForApplicant(ctx.db, applicantId, pageSize, (page - 1) * pageSize, { states: statesOfTab(f.tab ?? 'all'), q: f.q }),
    repo.countByStateForApplicant(ctx.db, applicantId),
  ]);
  const counts = { all: 0, in_progress: 0, to_supplement: 0, to_pay: 0, completed: 0 };
  for (const s of byState) {
    counts.all += Number(s.n);
    counts[tabOf(s.status as CaseState)] += Number(s.n);
  }
  const today = chinaDate(ctx.clock.now());
  // The green mark is the center's internal priority: not shown to the applicant (policies/public-events.ts).
  return { cases: rows.map((r) => ({ ...summaryOf(r, today), green: r.green && greenDetailsVisibleTo(who) })), total, page, pageSize, counts };
}

// A joint parent is never reviewed itself (its parts are); parts reach the applicant with their parent.
// Who may open which inbox, and which cases it covers, is policies/case.policy.ts (inboxScope).
const BOXES = {
  intake: { statuses: ['submitted'], order: 'acceptance_due_date', exclude: [] },
  delivery: { statuses: ['ready', 'awaiting_payment'], order: 'acceptance_due_date', exclude: [] },
  review: { statuses: ['accepted', 'in_review'], order: 'due_date', exclude: ['joint'] },
  decide: { statuses: ['in_review'], order: 'due_date', exclude: ['joint'] },
  // The green channel's own queue: the center's marked open cases for its managers, one's own for a coordinator.
  green: { statuses: OPEN_STATES, order: 'due_date', exclude: [] },
} as const;

/** A role's inbox, by due date: the window's by center, the back office's by department. */
export async function inbox(ctx: AppContext, who: User | null, box: keyof typeof BOXES, page: number, pageSize: number) {
  const b = BOXES[box];
  inboxScope(who, box, null); // the gate, before the window's departments are looked up
  // A proxy or department window's intake lists only what it may accept.
  const served = box === 'intake' && who!.windowId ? await departmentsOfWindow(ctx.db, who!.windowId) : null;
  const scope = inboxScope(who, box, served);
  const { rows, total } = await repo.listInbox(ctx.db, { scope, statuses: [...b.statuses], orderBy: b.order, ...(box === 'intake' ? { via: 'received' as const } : box === 'delivery' ? { via: 'delivery' as const } : {}), excludeKinds: [...b.exclude], greenOnly: box === 'green', limit: pageSize, offset: (page - 1) * pageSize });
  const today = chinaDate(ctx.clock.now());
  return { cases: rows.map((r) => summaryOf(r, today)), total, page, pageSize };
}

/** Public progress by receipt number and query code: steps and dates, the applicant's name masked. */
export async function progress(ctx: AppContext, receiptNo: string, queryCode: string) {
  const c = await repo.findByReceipt(ctx.db, receiptNo);
  if (!c || c.query_code !== queryCode) throw NOT_FOUND({ zh: '办件（请核对受理编号和查询码）', en: 'Case (check the receipt number and query code)' });
  const [history, children] = await Promise.all([listHistory(ctx.db, caseStream(c.id)), repo.listChildren(ctx.db, c.id)]);
  return {
    // A joint case shows each department's part; a reported one the level that decides it.
    parts: children.map((k) => ({ itemName: k.item_name, departmentName: k.department_name, centerName: k.center_name, status: k.status as CaseState, dueDate: k.due_date })),
    receiptNo: c.receipt_no, submissionNo: c.submission_no, itemName: c.item_name, departmentName: c.department_name, status: c.status as CaseState,
    applicantName: maskName(c.applicant_name), acceptedDate: c.accepted_date, dueDate: c.due_date,
    steps: history.reverse().filter((h) => isPublicCaseEvent(h.action)).map((h) => ({ at: h.at.toISOString(), action: h.action })),
  };
}
