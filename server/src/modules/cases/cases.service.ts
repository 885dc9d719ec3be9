import { randomInt, randomUUID } from 'node:crypto';
import { appendAudit, firstEventRow } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { ConfigVersions } from '../../lib/config-versions.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import type { Tx } from '../../db/database.ts';
import { applicationPolicy, authorize, casePolicy, rolesOn, type Actor as User, type CaseRole } from '../../policies/index.ts';
import * as items from '../items/items.repository.ts';
import { checkTongban } from '../items/across-regions.ts';
import type { ItemContent } from '../items/items.schemas.ts';
// Issue 11: a fee is charged (the case waits for payment) only when its standard is computable.
import { isComputable } from '../items/fee-standard.ts';
import { calendarFor } from './calendar-adapter.ts';
import { assertWindowScope, assertWindowServes } from './window-scope.ts';
import { mergedSupplementLines } from './joint-supplement.ts';
import * as repo from './cases.repository.ts';
import { requestFingerprint, sameRequestOrThrow } from './idempotency.ts';
import type { ActionBody, AnyActionBody, ApplicantInput, SubmitInput } from './cases.schemas.ts';
import { ACCEPTANCE_WORKDAYS, caseDates, extensionDays } from './clock.ts';
import { checkForm, formFieldsOf } from './forms.ts';
import { assertAudience, createCounterApplicant, knownCounterApplicant, materialFilesUsable, receivedAtOf } from './applicants.ts';
import { assertComplete, checkLicenceRefs, requiredMaterials, splitRefs } from './materials-check.ts';
import { assertMaterialsReceived } from './material-checklist.ts';
import { insertLicences } from './material-checklist.repository.ts';
import { whoActedOn } from './procedure.repository.ts';
import { declaredProcedure } from './special-procedures.ts';
import { chiefRepresentativeException, NOBODY_ACTED, separationFacts, type WhoActed } from './separation.ts';
import { isHandledInDepartment, recordHandoff, sentToDepartment } from './handoffs.ts';
import { check, findTransition, SYSTEM_ACTIONS, type Actor as Role, type CaseFacts, type CaseState, type ClockEffect } from './transitions.ts';
import type { CaseSubmitted, DomainEvents } from '../../events/catalogue.ts';
import { prerequisitesPendingOf } from './joint-prerequisites.ts';
import { decidedAbove, returnedFromAbove } from './reported.repository.ts';
import { newReceiptNo } from './receipt-number.ts';
import { itemIssuesLicence } from './licence-issuing.repository.ts';
import type { DeliveryChoice } from '../../lib/delivery-choice.ts';

export const caseStream = (id: string) => `case:${id}`;

const caseNotFound = () => NOT_FOUND({ zh: '办件', en: 'Case' });
const stateConflict = (reason = 'STATE') => errors.CASE_STATE_CONFLICT({
  reason,
  details: { reason },
});
/** Guard reasons with a code of their own (a rule of the law, not a plain state conflict); the rest are CASE_STATE_CONFLICT. */
const REFUSALS: Record<string, () => Error> = {
  EXTENSION_LIMIT_PASSED: () => errors.EXTENSION_LIMIT_PASSED({ details: { reason: 'EXTENSION_LIMIT_PASSED' } }),
  EXTENSION_INSTANT_ITEM: () => errors.EXTENSION_INSTANT_ITEM({ details: { reason: 'EXTENSION_INSTANT_ITEM' } }),
  PREREQUISITE_PENDING: () => errors.PREREQUISITE_PENDING({ details: { reason: 'PREREQUISITE_PENDING' } }),
  EXTENSION_LEAD_CHIEF_ONLY: () => errors.EXTENSION_LEAD_CHIEF_ONLY({ details: { reason: 'EXTENSION_LEAD_CHIEF_ONLY' } }),
  SEPARATION_OF_DUTIES: () => errors.SEPARATION_OF_DUTIES({ details: { reason: 'SEPARATION_OF_DUTIES' } }),
  WITHDRAW_AFTER_DECISION: () => errors.WITHDRAW_AFTER_DECISION({ details: { reason: 'WITHDRAW_AFTER_DECISION' } }),
  ACCEPTANCE_PERIOD_PASSED: () => errors.ACCEPTANCE_PERIOD_PASSED({ details: { reason: 'ACCEPTANCE_PERIOD_PASSED' } }),
  HANDOFF_NOT_DEPARTMENT_ITEM: () => errors.HANDOFF_NOT_DEPARTMENT_ITEM({ details: { reason: 'HANDOFF_NOT_DEPARTMENT_ITEM' } }),
  HANDOFF_ALREADY_SENT: () => errors.HANDOFF_ALREADY_SENT({ details: { reason: 'HANDOFF_ALREADY_SENT' } }),
  HANDOFF_NOT_IN_DEPARTMENT: () => errors.HANDOFF_NOT_IN_DEPARTMENT({ details: { reason: 'HANDOFF_NOT_IN_DEPARTMENT' } }),
};
const refusal = (reason: string) => (Object.hasOwn(REFUSALS, reason) ? REFUSALS[reason]!() : stateConflict(reason));

/** The item version in force, its content, and the rules a new case takes from it. */
async function itemForCase(ctx: AppContext, itemId: string) {
  // One round trip: the item, its version in force today and its center's region (items.itemForCase).
  return usableItem(await items.itemForCase(ctx.db, itemId, chinaDate(ctx.clock.now())));
}

/** An item a case may be made for (in the hall, a version in force), as a new case takes it; else 404. */
function usableItem(found: Awaited<ReturnType<typeof items.itemForCase>>) {
  if (!found || found.item.hall_status !== 'in_hall' || found.item.latest_version === 0 || !found.version) throw NOT_FOUND({ zh: '事项', en: 'Item' });
  const { item, version, center, config } = found;
  return { item, version: version.version, content: version.content as ItemContent, regionCode: center.region_code, centerName: center.name, config };
}

/**
 * The submission's reads before its transaction: the item (as itemForCase) and, online, beside it the case
 * its idempotency key already made and the files it names (`prefetched`), all three in one round trip
 * (repo.itemKeyAndFiles): the applicant is known from the start. At the counter the applicant's account is
 * looked up after the item (the clerk's window is judged on it first), so the key and the files are read then.
 */
async function firstReads(ctx: AppContext, input: SubmitInput, applicantId: string | null, fileIds: string[]) {
  if (applicantId === null) return { ...(await itemForCase(ctx, input.itemId)), prefetched: undefined };
  const read = await repo.itemKeyAndFiles(ctx.db, input.itemId, chinaDate(ctx.clock.now()), applicantId, input.idempotencyKey, fileIds);
  return { ...usableItem(read), prefetched: { existing: read!.existing, files: read!.files } };
}

export async function applicationForm(ctx: AppContext, itemId: string) {
  const { version, content } = await itemForCase(ctx, itemId);
  return { version, fields: formFieldsOf(content), materials: content.materials };
}

function checkMaterials(content: ItemContent, materials: SubmitInput['materials']) {
  checkMaterialKeys(content.materials.map((m) => m.key), materials.map((m) => m.key));
}

export function checkMaterialKeys(known: string[], given: string[]) {
  const keys = new Set(known);
  const bad = given.find((k) => !keys.has(k));
  if (bad) throw errors.MATERIAL_UNKNOWN({ material: bad, field: 'materials' });
}

/** The materials of a joint case's checklist, as the e-licence check needs them. */
function jointMaterials(c: repo.CaseRow) {
  return ((c.matter ?? {}) as { checklist?: Array<{ key: string; name: string; eLicenceAccepted: boolean }> }).checklist ?? [];
}

/** The material keys of a joint case: its checklist as the applicant's answers made it. */
function jointMaterialKeys(c: repo.CaseRow): string[] {
  return ((c.matter ?? {}) as { checklist?: Array<{ key: string }> }).checklist?.map((m) => m.key) ?? [];
}

/**
 * What a new submission wrote, as written: enough for its case detail without reading the case back
 * (cases.queries.ts `submittedDetail`, which the submission routes answer with).
 */
export interface Submitted {
  row: repo.CaseRow;
  /** The names the detail shows, from the item's read (the case's department and center are its item's). */
  names: { item_name: string; item_name_en: string | null; department_name: string; department_name_en: string | null; center_name: string };
  /** The materials as given, with their files as read by the ownership check. */
  materials: Array<{ key: string; fileId: string }>;
  files: Array<{ id: string; name: string; size: number }>;
  licenceKeys: string[];
  /** The case's first audit event (seq 1) and the name of who made it. */
  audit: { at: Date; action: 'case.submitted'; data: Submission; actorId: string; actorName: string };
}

/**
 * Online submission by the applicant, or registration of a walk-in by a window clerk. Idempotent per key.
 * `written` is what the new case's detail can be built from; absent for a retry answered with an earlier
 * case, and when listeners or the law write more of the case than the submission itself: a delivery choice
 * (its own audit event), paper received earlier at the counter (a late-record finding, Art. 32's deemed
 * acceptance), 通办 centers (read by name) — those answer with the detail read back.
 */
export async function submit(ctx: AppContext, who: User | null, input: SubmitInput, counter?: { applicant: ApplicantInput; receivedAt?: string; ticketId?: string }): Promise<{ id: string; created: boolean; written?: Submitted }> {
  if (!who) throw UNAUTHENTICATED();
  const channel = counter ? 'register_at_counter' : 'apply_online';
  authorize(applicationPolicy, who, channel);
  // `config`: the configuration versions as of this read; the calendar, the trading-award rule and the event
  // subscriptions may then come from this process's copies no older (lib/config-versions.ts).
  // Online, the key and the files are read with the item (`firstReads`); they are judged below, after the item's rules, as before.
  const fileIds = input.materials.flatMap((m) => (m.fileId ? [m.fileId] : []));
  const { item, version, content, regionCode, config, prefetched } = await firstReads(ctx, input, counter ? null : who.id, fileIds);
  // 通办: at the counter the clerk's own center receives; online the applicant names it. Checked against the item's scope.
  const receivingCenterId = counter ? who.centerId ?? undefined : input.receivingCenterId;
  const tongban = await checkTongban(ctx.db, content, item.center_id, { receivingCenterId, deliveryCenterId: input.deliveryCenterId });
  // A clerk registers for the items of their center, or for those their center receives by 通办.
  authorize(applicationPolicy, who, channel, { center_id: tongban.receivedAt ?? item.center_id });
  // An intake window serves every department, another center's by 通办 too; a department or proxy window only its own.
  if (counter) await assertWindowServes(ctx.db, who, item.department_id);
  if (!counter && !content.online) throw errors.ITEM_NOT_ONLINE();
  // A walk-in without an account gets one with the case, in its transaction: a refused registration writes nothing.
  const known = counter ? await knownCounterApplicant(ctx, counter.applicant) : { id: who.id, name: who.name };
  const fingerprint = requestFingerprint({
    itemId: input.itemId, form: input.form, materials: input.materials, applicant: counter?.applicant ?? null, receivedAt: counter?.receivedAt ?? null,
    ...(input.delivery ? { delivery: input.delivery } : {}), ...(tongban.receivedAt || tongban.deliveryAt ? { tongban } : {}),
  });
  // The case this key already made (if the applicant is known), and the files named (checked below): read with the item online.
  const { existing, files: named } = prefetched ?? await repo.idempotencyKeyAndFiles(ctx.db, known?.id ?? null, input.idempotencyKey, fileIds);
  if (existing) {
    sameRequestOrThrow(existing.idempotency_fingerprint, fingerprint);
    return { id: existing.id, created: false };
  }
  // 服务对象: after the retry's answer (a case already made stays its answer), before anything is written.
  assertAudience(counter ? counter.applicant.kind : who.kind, content.audiences);
  const form = checkForm(formFieldsOf(content), input.form);
  checkMaterials(content, input.materials);
  const given = splitRefs(input.materials);
  const files = await materialFilesUsable(ctx, who, given.files.map((m) => m.fileId), named);
  // Issue 10: online, every material the form makes required comes with the application (a file or an e-licence).
  if (counter) checkLicenceRefs(content.materials, input.materials);
  else assertComplete(requiredMaterials(content.materials, form), input.materials);

  const now = ctx.clock.now();
  // At the counter the clerk may record paper received earlier: the 5-day period runs from then.
  const receivedAt = receivedAtOf(counter?.receivedAt, now);
  const receivedDate = chinaDate(receivedAt);
  const cal = await calendarFor(ctx.db, regionCode, config);
  const acceptanceDue = cal.addWorkdays(receivedDate, ACCEPTANCE_WORKDAYS);
  let applicant = known;
  let written: Submitted | undefined;
  const submitted = {
    channel: counter ? 'counter' : 'online', itemVersion: version, receivedAt: receivedAt.toISOString(), ...(counter?.ticketId ? { ticketId: counter.ticketId } : {}),
    ...(tongban.receivedAt ? { receivedAtCenterId: tongban.receivedAt } : {}), ...(tongban.deliveryAt ? { deliveryCenterId: tongban.deliveryAt } : {}),
  };
  const id = await ctx.db.transaction().execute(async (tx) => {
    applicant = known ?? await createCounterApplicant(tx, counter!.applicant);
    // The case, its materials and its first audit event (seq 1 of the stream named by the id drawn here) in one statement.
    const caseId = randomUUID();
    const auditAt = ctx.clock.now();
    const audit = firstEventRow({ stream: caseStream(caseId), action: 'case.submitted', actorId: who.id, at: auditAt, data: submitted });
    const row = await repo.insertSubmittedCase(tx, {
      id: caseId, item_id: item.id, item_version: version, center_id: item.center_id, department_id: item.department_id, region_code: regionCode,
      applicant_id: applicant.id, applicant_name: applicant.name, channel: counter ? 'counter' : 'online', registered_by: counter ? who.id : null,
      idempotency_key: input.idempotencyKey, idempotency_fingerprint: fingerprint, processing_mode: content.processingMode, joint: content.processingMode === 'joint',
      form: JSON.stringify(form), submitted_at: now, received_date: receivedDate, acceptance_due_date: acceptanceDue.due,
      promised_days: content.promisedLimitDays, statutory_days: content.statutoryLimitDays,
      due_provisional: acceptanceDue.provisional, created_at: now, updated_at: now,
      received_at_center_id: tongban.receivedAt, delivery_center_id: tongban.deliveryAt,
    }, given.files, audit);
    if (!row) return null;
    const newId = row.id;
    const licences = await insertLicences(tx, newId, given.licences, 0, now);
    const at = await recordSubmission(ctx, tx, newId, submitted, who.id, { delivery: input.delivery, row, licences, config, auditWritten: auditAt });
    // Paper received so long ago that its 5 working days have run out: accepted by law at once. The
    // row is this transaction's own (no one else sees it yet): judged on it, locked only when it applies.
    const deemed = acceptancePeriodPassed(row, chinaDate(ctx.clock.now())) && await deemIfAcceptancePassed(ctx, newId, tx);
    if (!deemed && !input.delivery && !counter?.receivedAt && !tongban.receivedAt && !tongban.deliveryAt) {
      written = {
        row, materials: given.files, files, licenceKeys: licences.map((l) => l.key),
        names: { item_name: item.name, item_name_en: item.name_en, department_name: item.department_name, department_name_en: item.department_name_en, center_name: item.center_name },
        audit: { at, action: 'case.submitted', data: submitted, actorId: who.id, actorName: who.name },
      };
    }
    return newId;
  });
  if (id) return { id, created: true, ...(written ? { written } : {}) };
  // A concurrent retry with the same key won the insert: answer with its case.
  const again = (await repo.findByIdempotencyKey(ctx.db, applicant!.id, input.idempotencyKey))!;
  sameRequestOrThrow(again.idempotency_fingerprint, fingerprint);
  return { id: again.id, created: false };
}

type Submission = Omit<CaseSubmitted['data'], 'to'>;

/**
 * A new case's `case.submitted` audit event and domain event (performance counts it as received), in
 * the transaction that created it: the same for every way a case comes in. `audit: false` for a part
 * of a joint case, whose history starts with its acceptance (its parent holds the submission).
 */
export async function recordSubmission(ctx: AppContext, tx: Tx, caseId: string, data: Submission, actorId: string | null, opts: {
    audit?: boolean; delivery?: DeliveryChoice; row?: repo.CaseRow; licences?: CaseSubmitted['licences']; config?: ConfigVersions;
    /** The event was written with the case (repo.insertSubmittedCase), at this time. */
    auditWritten?: Date;
  } = {}): Promise<Date> {
  const now = opts.auditWritten ?? ctx.clock.now();
  // The case was created in this transaction: its stream starts here (seq 1, no head to read).
  if (opts.audit !== false && !opts.auditWritten) await appendAudit(tx, { stream: caseStream(caseId), action: 'case.submitted', actorId, at: now, data }, { newStream: true });
  // The row as inserted (`row`, from insertCaseRow) or read back.
  const row = opts.row ?? (await repo.getCase(tx, caseId))!;
  await ctx.events.emit(tx, ctx, 'case.submitted', { before: row, action: 'submit', data: { ...data, to: 'submitted' }, actorId, at: now, today: chinaDate(now), ...(opts.delivery ? { delivery: opts.delivery } : {}), ...(opts.licences ? { licences: opts.licences } : {}), ...(opts.config ? { config: opts.config } : {}) });
  return now;
}

/** What the transition table needs to know of a case beyond its row: its item's rules, or its parts. */
export interface CaseRules {
  content: ItemContent | null;
  steps: Array<{ name: string }>;
  hasFees: boolean;
  reportsUpward: boolean;
  partsUndecided: number;
  partsNotReady: number;
  /** A joint part: its prerequisite parts not decided yet. A reported case: sent back down by the level above. */
  prerequisitesPending?: number;
  returnedFromAbove?: boolean;
  /** Who accepted and who reviewed the case (separation of duties is judged on these records). */
  acted: WhoActed;
  /** 退回部门办理件: decided in the department's office, and whether the hall has handed it over. */
  inDepartment?: boolean;
  sentToDepartment?: boolean;
  /** Issue 12: an active licence type is linked to the case's item. */
  issuesLicence?: boolean;
  /** A part of the joint case, or the level above, has decided (the withdrawal's guard). */
  decisionReached?: boolean;
}

/**
 * `fresh`: `c` was created by this request and nothing has happened to it since, so it has no acceptance,
 * review or hand-over to read (a submission's answer, cases.queries.ts `submittedDetail`).
 */
export async function rulesOf(db: Tx | AppContext['db'], c: repo.CaseRow, fresh = false): Promise<CaseRules> {
  if (c.kind === 'joint') {
    const { partsDecided, ...parts } = await repo.countParts(db, c.id);
    return { content: null, steps: [], hasFees: false, reportsUpward: false, ...parts, acted: NOBODY_ACTED, decisionReached: partsDecided > 0 };
  }
  const [version, acted] = await Promise.all([items.getVersion(db, c.item_id!, c.item_version!), fresh ? NOBODY_ACTED : whoActedOn(db, c.id)]);
  const content = version!.content as ItemContent;
  const inDepartment = isHandledInDepartment(content);
  return {
    content, steps: reviewStepsOf(content), hasFees: content.fees.some(isComputable),
    reportsUpward: Boolean(content.reportTo), partsUndecided: 0, partsNotReady: 0, acted,
    ...(c.kind === 'part' ? { prerequisitesPending: await prerequisitesPendingOf(db, c) } : {}),
    ...(c.kind === 'single' && content.reportTo && c.status === 'supplement_requested' ? { returnedFromAbove: await returnedFromAbove(db, c.id) } : {}),
    ...(c.kind === 'single' && c.status === 'forwarded' ? { decisionReached: await decidedAbove(db, c.id) } : {}),
    inDepartment, sentToDepartment: inDepartment && !fresh && (await sentToDepartment(db, c.id)),
    issuesLicence: c.status === 'decided' && c.decision === 'approved' ? await itemIssuesLicence(db, c.item_id!) : false,
  };
}

/**
 * The facts a guard judges; `today` is the China date of the injected clock (the limit is judged on it);
 * `actor` is who asks, for the rules that depend on what that person already did on the case.
 */
export function factsOf(c: repo.CaseRow, r: CaseRules, today: string, actor: { id: string | null; roles: readonly Role[] } = { id: null, roles: [] }): CaseFacts {
  return {
    ...separationFacts(r.acted, actor.id),
    separationException: chiefRepresentativeException(r.content, c.processing_mode, actor.roles),
    status: c.status as CaseState, suspended: c.suspended_since !== null, extended: c.extension_days > 0,
    reviewsDone: c.review_step, reviewSteps: r.steps.length, decision: c.decision, hasFees: r.hasFees,
    kind: c.kind, reportsUpward: r.reportsUpward, partsUndecided: r.partsUndecided, partsNotReady: r.partsNotReady,
    limitPassed: statutoryLimitPassed(c, today), instant: c.processing_mode === 'instant',
    acceptancePeriodPassed: acceptancePeriodPassed(c, today) || c.deemed_accepted,
    prerequisitesPending: r.prerequisitesPending ?? 0, returnedFromAbove: r.returnedFromAbove ?? false,
    inDepartment: r.inDepartment ?? false, sentToDepartment: r.sentToDepartment ?? false, issuesLicence: r.issuesLicence ?? false,
    decisionReached: r.decisionReached ?? false,
  };
}

/**
 * Art. 42: the statutory limit has run out. While the case is suspended (Art. 45) its limit stands still
 * where the suspension began, so it is judged on that day: the working days of a special procedure never
 * use the limit up, and a suspension begun after the limit ran out does not bring it back.
 */
export function statutoryLimitPassed(c: Pick<repo.CaseRow, 'statutory_due_date' | 'suspended_since'>, today: string): boolean {
  if (c.statutory_due_date === null) return false;
  const judgedOn = c.suspended_since !== null && c.suspended_since < today ? c.suspended_since : today;
  return judgedOn > c.statutory_due_date;
}

/** Art. 32: a case still waiting for the window's answer after the 5 working days of its acceptance period. */
export function acceptancePeriodPassed(c: Pick<repo.CaseRow, 'status' | 'acceptance_due_date'>, today: string): boolean {
  return c.status === 'submitted' && c.acceptance_due_date !== null && today > c.acceptance_due_date;
}

/**
 * Art. 32 for one case, at the latest when someone acts on it or looks at it (the job does the rest):
 * deemed accepted on the day of receipt once its acceptance period has run out. Locks with SKIP
 * LOCKED, so a case another instance or the job is moving is left to it; in `tx` when given.
 */
export async function deemIfAcceptancePassed(ctx: AppContext, caseId: string, tx?: Tx): Promise<boolean> {
  const run = async (t: Tx) => {
    const c = await repo.lockCaseSkipLocked(t, caseId);
    if (!c || !acceptancePeriodPassed(c, chinaDate(ctx.clock.now()))) return false;
    await transition(ctx, t, c, ['system'], { action: 'deem_accept' }, null);
    return true;
  };
  return tx ? run(tx) : ctx.db.transaction().execute(run);
}

export function reviewStepsOf(content: ItemContent): Array<{ name: string }> {
  const steps = content.procedure.filter((s) => s.role === 'approver');
  return steps.length ? steps : [{ name: '审查' }];
}

export async function act(ctx: AppContext, who: User | null, caseId: string, body: ActionBody) {
  if (!who) throw UNAUTHENTICATED();
  if (SYSTEM_ACTIONS.includes(body.action)) throw FORBIDDEN();
  const run = () => retryOnDeadlock(() => ctx.db.transaction().execute(async (tx) => {
    // With its root and children, root first: the action judges and moves them locked (lockCaseFamily).
    const c = await repo.lockCaseFamily(tx, caseId);
    if (!c) throw caseNotFound();
    authorize(casePolicy, who, 'act', c);
    const roles = rolesOn(who, c);
    // Delivery (送达) goes through the delivery window's own endpoints, which check who collects first
    // (modules/delivery); anyone else is refused as for any action not theirs.
    if (body.action === 'deliver' && (roles.includes('window') || roles.includes('delivery_window'))) throw errors.DELIVERY_VERIFICATION_REQUIRED();
    await transition(ctx, tx, c, roles, body, who);
  }));
  try {
    await run();
  } catch (err) {
    // Refused for Art. 32 (nothing of the action written): the law's acceptance is recorded now, whether or not the job has run.
    if ((err as { code?: string }).code === 'ACCEPTANCE_PERIOD_PASSED') await deemIfAcceptancePassed(ctx, caseId);
    // The lock timeout (on this case, or on a parent or sibling a cascade waits for): someone else is acting.
    if ((err as { code?: string }).code === '55P03') throw stateConflict('BUSY');
    throw err;
  }
  return caseId;
}

/**
 * PostgreSQL aborts one side of a deadlock (40P01) or of a serialization conflict (40001); the
 * whole transaction is safe to run again, so the caller sees the result, not a 500. A collision
 * still there after the last attempt reaches the HTTP mapper: 503 DATABASE_CONTENDED (lib/database-contention.ts).
 */
export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}

/**
 * Checks the action against the transition table, applies the row's clock effect and the action's
 * own effects, moves the status (the one place that does), records the audit event and announces the
 * domain event `case.<action>` to the listeners, all in `tx`. `actorId` names the person a system
 * action is taken for (a part accepted with its parent is the accepting clerk's act).
 */
export async function transition(ctx: AppContext, tx: Tx, c: repo.CaseRow, roles: Role[], body: AnyActionBody, who: User | null, actorId: string | null = who?.id ?? null) {
  // A clerk acts on a case only for the departments their window serves (window-scope.ts), whatever the action.
  if (who && !roles.includes('system')) await assertWindowScope(tx, who, c, roles as CaseRole[], body.action);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const rules = await rulesOf(tx, c);
  // A system action taken for a person (a part accepted with its parent) is the system's, not that person's.
  const verdict = check(body.action, roles, factsOf(c, rules, today, { id: roles.includes('system') ? null : actorId, roles }));
  if (!verdict.ok) {
    if (verdict.reason === 'ROLE') throw FORBIDDEN();
    throw refusal(verdict.reason);
  }
  // The action's own effects (and its checks), then the dates as the row's clock column says.
  const { __audit: ownAudit, ...ownSet } = await effects(ctx, tx, c, body, { rules, who, now, today });
  const { __audit: clockAudit, ...clockSet } = await clockEffect(findTransition(body.action, c.kind)!.clock, tx, c, today);
  // light_check_date: any action may move the dates the warning light is judged on; the sweep looks again today.
  if (!(await repo.moveCase(tx, c.id, c.row_version, verdict.to, { ...ownSet, ...clockSet, updated_at: now, light_check_date: today }))) throw stateConflict('BUSY');
  const { action, ...data } = body;
  const eventData = { ...data, from: c.status, to: verdict.to, ...ownAudit, ...clockAudit };
  await appendAudit(tx, { stream: caseStream(c.id), action: `case.${action}`, actorId, at: now, data: eventData });
  // The audit data is the event's data, each action's fields declared in the catalogue (events/catalogue.ts);
  // TypeScript cannot pair a union of bodies with a union of events, hence the one assertion here.
  const name = `case.${action}` as const;
  await ctx.events.emit(tx, ctx, name, { before: c, action, data: eventData, actorId, at: now, today } as DomainEvents[typeof name]);
}

/** Locks a case the system moves as a consequence of another case's action (waits, unlike a clerk's NOWAIT). */
export async function cascade(ctx: AppContext, tx: Tx, caseId: string, body: AnyActionBody, actorId: string | null = null) {
  const c = await repo.lockCaseWaiting(tx, caseId);
  if (!c) throw new Error(`cascade to missing case ${caseId}`);
  await transition(ctx, tx, c, ['system'], body, null, actorId);
}

type Set = repo.CaseUpdate & { __audit?: Record<string, unknown> };

/**
 * The dates a row's `clock` column moves (the table decides, not the action): start and deemed start
 * fix the accepted date and the due dates from it; restart_acceptance restarts the 5-day acceptance
 * period; extend adds the extension days; suspend and resume stop and restart the count, the
 * suspended working days added; stop and none leave the dates as they are (a stopped case has left
 * the clock states, so no light is judged on it any more), stop ending a suspension still running.
 */
async function clockEffect(effect: ClockEffect, tx: Tx, c: repo.CaseRow, today: string): Promise<Set> {
  const recompute = async (patch: { accepted_date?: string; extension_days?: number; suspended_workdays?: number }) => {
    const cal = await calendarFor(tx, c.region_code);
    const d = caseDates(cal, {
      acceptedDate: patch.accepted_date ?? c.accepted_date!, promisedDays: c.promised_days, statutoryDays: c.statutory_days,
      extensionDays: patch.extension_days ?? c.extension_days, suspendedWorkdays: patch.suspended_workdays ?? c.suspended_workdays,
    });
    return { ...patch, due_date: d.dueDate, statutory_due_date: d.statutoryDueDate, warning_date: d.warningDate, due_provisional: d.provisional };
  };
  switch (effect) {
    case 'none':
      return {};
    case 'stop': {
      // A case closed (withdrawn, terminated) during a special procedure ends it there: the procedure's
      // record is closed with its working days, and the case no longer shows as suspended.
      if (!c.suspended_since) return {};
      const { workdays } = (await calendarFor(tx, c.region_code)).countWorkdays(c.suspended_since, today);
      await repo.endSuspension(tx, c.id, today, workdays);
      return { suspended_since: null, suspended_workdays: c.suspended_workdays + workdays, __audit: { suspensionEnded: { workdays } } };
    }
    case 'start':
    case 'start_deemed': {
      // Art. 32: a deemed acceptance counts from the day the materials were received.
      const acceptedDate = effect === 'start_deemed' ? c.received_date : today;
      return { ...(await recompute({ accepted_date: acceptedDate })), __audit: { acceptedDate } };
    }
    case 'extend': {
      // A part of a joint case is extended with it, by the joint limit's 15 days.
      const days = extensionDays(c.joint || c.kind === 'part');
      return { ...(await recompute({ extension_days: days })), __audit: { days } };
    }
    case 'suspend':
      return { suspended_since: today };
    case 'restart_acceptance': {
      // A case already accepted (a reported case back from the level above) keeps its acceptance and dates.
      if (c.accepted_date) return {};
      // Complete materials restart the 5-day acceptance period from the day they arrive.
      const cal = await calendarFor(tx, c.region_code);
      return { received_date: today, acceptance_due_date: cal.addWorkdays(today, ACCEPTANCE_WORKDAYS).due };
    }
    case 'resume': {
      const cal = await calendarFor(tx, c.region_code);
      const { workdays } = cal.countWorkdays(c.suspended_since!, today);
      await repo.endSuspension(tx, c.id, today, workdays);
      return { ...(await recompute({ suspended_workdays: c.suspended_workdays + workdays })), suspended_since: null, __audit: { workdays } };
    }
  }
}

async function effects(ctx: AppContext, tx: Tx, c: repo.CaseRow, body: AnyActionBody, env: { rules: CaseRules; who: User | null; now: Date; today: string }): Promise<Set> {
  const by = env.who?.id ?? null;
  const { who, now, today } = env;
  const materialKeys = async () => (c.kind === 'joint' ? jointMaterialKeys(c) : env.rules.content!.materials.map((m) => m.key));
  switch (body.action) {
    case 'request_supplement': {
      checkMaterialKeys(await materialKeys(), body.items.map((i) => i.key));
      const round = c.supplement_rounds + 1;
      // A joint case's one notice carries every department's pre-review lines with the window's own.
      const items = c.kind === 'joint' ? await mergedSupplementLines(tx, c, body.items) : body.items;
      if (items.length === 0) throw errors.SUPPLEMENT_EMPTY({ field: 'items' });
      await repo.insertSupplement(tx, { caseId: c.id, round, items, note: body.note ?? '', by: by!, now });
      // A second notice on one case breaks the one-time rule: recorded for supervision.
      return { supplement_rounds: round, __audit: { round, repeated: round > 1 } };
    }
    case 'resubmit': {
      const notice = (await repo.listSupplements(tx, c.id)).at(-1);
      const asked = new Set((notice?.items ?? []).map((i) => i.key));
      const given = new Set(body.materials.map((m) => m.key));
      const extra = body.materials.find((m) => !asked.has(m.key));
      if (extra) throw errors.MATERIAL_NOT_ASKED({ field: 'materials' });
      const missing = [...asked].find((k) => !given.has(k));
      if (missing) throw errors.MATERIAL_MISSING({ material: missing, field: 'materials' });
      if (c.kind !== 'joint') checkLicenceRefs(env.rules.content!.materials, body.materials);
      else checkLicenceRefs(jointMaterials(c), body.materials);
      const refs = splitRefs(body.materials);
      // The system passes on files already checked (a supplement reaching the upper case through the lower one).
      if (who) await materialFilesUsable(ctx, who, refs.files.map((m) => m.fileId));
      await repo.insertMaterials(tx, c.id, refs.files, c.supplement_rounds, now);
      await insertLicences(tx, c.id, refs.licences, c.supplement_rounds, now);
      await repo.answerSupplement(tx, c.id, c.supplement_rounds, now);
      return {};
    }
    case 'refuse':
      return { closed_at: now, close_reason: body.reason, __audit: { remedies: body.remedies } };
    case 'accept':
    case 'deem_accept': {
      // Issue 10: the window accepts only with every required material received (a deemed acceptance is the law's, not the window's).
      if (body.action === 'accept' && who) await assertMaterialsReceived(tx, c);
      // A part is born with its parent's receipt number and query code; any other case gets its own here.
      const receiptNo = c.receipt_no ?? await newReceiptNo(tx, c.region_code, today);
      const queryCode = c.query_code ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
      // 通办: accepted at the receiving center for the deciding one; the case and its files are the deciding department's at once (handed over electronically).
      const tongban = c.received_at_center_id ? { tongban: { receivedAtCenterId: c.received_at_center_id, materials: 'electronic' as const } } : {};
      return { accepted_at: now, receipt_no: receiptNo, query_code: queryCode, deemed_accepted: body.action === 'deem_accept', __audit: { receiptNo, ...tongban } };
    }
    case 'review': {
      const step = c.review_step + 1;
      await repo.insertReview(tx, { caseId: c.id, step, name: env.rules.steps[step - 1]!.name, opinion: body.opinion, proposal: body.proposal, by: by!, now });
      return { review_step: step, __audit: { step } };
    }
    case 'decide': {
      // The guard let the person who accepted or reviewed the case decide it only by the item's exception: recorded.
      const acted = by !== null && (env.rules.acted.acceptedBy === by || env.rules.acted.reviewedBy.includes(by));
      return { decision: body.result, decision_reason: body.reason, decided_at: now, decided_by: by, ...(acted ? { __audit: { separationException: 'chief_representative' } } : {}) };
    }
    case 'extend':
      return { extension_reason: body.reason };
    case 'suspend': {
      // Art. 45: only a procedure the item declares, no longer than declared; a hearing names its notice.
      const declared = declaredProcedure(env.rules.content, body, today);
      const seq = (await repo.listSuspensions(tx, c.id)).length + 1;
      await repo.insertSuspension(tx, {
        caseId: c.id, seq, kind: body.kind, reason: body.reason, expectedDays: body.expectedDays, startedDate: today, by: by!,
        legalBasis: declared.legalBasis ?? null, maxWorkdays: declared.maxWorkdays ?? null, hearing: body.hearing ?? null, at: now,
      });
      return { __audit: { seq, legalBasis: declared.legalBasis ?? null, maxWorkdays: declared.maxWorkdays ?? null } };
    }
    case 'resume':
      return {};
    case 'handover':
      // 退回部门办理件: the result goes back from the department's office to the hall, a recorded step.
      if (env.rules.inDepartment) return { __audit: { handoff: await recordHandoff(tx, c, env.rules.content!, 'to_hall', { by: by!, now }) } };
      return {};
    case 'send_to_department':
      return { __audit: { handoff: await recordHandoff(tx, c, env.rules.content!, 'to_department', { by: by!, now, note: body.note }) } };
    case 'forward':
      return { forwarded_at: now, __audit: { opinion: body.opinion } };
    case 'return_result':
      return { decision: body.result, decision_reason: body.reason, decided_at: now, decided_by: null, result_returned_at: now, __audit: { upperCaseId: body.upperCaseId } };
    case 'joint_decide':
      return { decision: body.result, decision_reason: body.reason, decided_at: now, decided_by: null };
    case 'joint_ready':
      return {};
    case 'return_refused':
      return { closed_at: now, close_reason: body.reason, __audit: { remedies: body.remedies, upperCaseId: body.upperCaseId } };
    case 'return_supplement': {
      // The level above's notice becomes the lower case's own, which the applicant answers there.
      const round = c.supplement_rounds + 1;
      await repo.insertSupplement(tx, { caseId: c.id, round, items: body.items, note: body.note ?? '', by: null, now });
      return { supplement_rounds: round, __audit: { round, upperCaseId: body.upperCaseId } };
    }
    case 'issue':
    case 'payment_received':
    case 'fee_waived':
      return {};
    case 'deliver':
      if (body.method === 'post' && !body.trackingNo) {
        throw errors.TRACKING_NO_REQUIRED({ field: 'trackingNo' });
      }
      return { delivery_method: body.method, tracking_no: body.trackingNo ?? null, closed_at: now };
    case 'withdraw':
    case 'terminate':
      return { closed_at: now, close_reason: body.reason };
  }
}
