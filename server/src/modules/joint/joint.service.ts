import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { applicationPolicy, authorize, casePolicy, type Actor } from '../../policies/index.ts';
import { assertAudience, createCounterApplicant, knownCounterApplicant, materialFilesUsable, receivedAtOf } from '../cases/applicants.ts';
import type { ApplicantInput } from '../cases/cases.schemas.ts';
import { calendarFor } from '../cases/calendar-adapter.ts';
import * as cases from '../cases/cases.repository.ts';
import { summaryOf } from '../cases/cases.queries.ts';
import { caseStream, checkMaterialKeys, deemIfAcceptancePassed, recordSubmission } from '../cases/cases.service.ts';
import { ACCEPTANCE_WORKDAYS } from '../cases/clock.ts';
import { checkForm } from '../cases/forms.ts';
import { requestFingerprint, sameRequestOrThrow } from '../cases/idempotency.ts';
import { findCenter } from '../org/org.repository.ts';
import { notify } from '../notifications/notifications.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';
import { JOINT_STATUTORY_DAYS, type SubmitJointInput } from './joint.schemas.ts';
import * as repo from './joint.repository.ts';
import { checklistFor, publishedMatter } from './matters.service.ts';
import { snapshotOf, type JointSnapshot } from '../cases/joint-snapshot.ts';
import { applicablePrerequisites, materialsProducedWithinMatter } from '../cases/joint-produced.ts';
import { assertComplete, checkLicenceRefs, requiredJointEntries, splitRefs } from '../cases/materials-check.ts';
import { insertLicences } from '../cases/material-checklist.repository.ts';
import * as items from '../items/items.repository.ts';
import type { ItemContent } from '../items/items.schemas.ts';

const caseNotFound = () => NOT_FOUND({ zh: '办件', en: 'Case' });

/**
 * One submission for a joint matter: the answers pick the items, one merged form and one upload per
 * material are checked, and one joint case is created that keeps all of it. Idempotent per key.
 */
export async function submitJoint(ctx: AppContext, who: Actor | null, matterId: string, input: SubmitJointInput, counter?: { applicant: ApplicantInput; receivedAt?: string }) {
  if (!who) throw UNAUTHENTICATED();
  const channel = counter ? 'register_at_counter' : 'apply_online';
  authorize(applicationPolicy, who, channel);
  const m = await publishedMatter(ctx, { id: matterId });
  authorize(applicationPolicy, who, channel, m);
  // A walk-in without an account gets one with the case, in its transaction: a refused registration writes nothing.
  const known = counter ? await knownCounterApplicant(ctx, counter.applicant) : { id: who.id, name: who.name };
  const fingerprint = requestFingerprint({ matterId, answers: input.answers, form: input.form, materials: input.materials, applicant: counter?.applicant ?? null, receivedAt: counter?.receivedAt ?? null, ...(input.delivery ? { delivery: input.delivery } : {}) });
  const existing = known && await cases.findByIdempotencyKey(ctx.db, known.id, input.idempotencyKey);
  if (existing) {
    sameRequestOrThrow(existing.idempotency_fingerprint, fingerprint);
    return { id: existing.id, created: false };
  }
  const { def, merged } = await checklistFor(ctx, m, input.answers);
  const form = checkForm(merged.fields, input.form);
  checkMaterialKeys(merged.checklist.map((c) => c.key), input.materials.map((x) => x.key));
  const given = splitRefs(input.materials);
  await materialFilesUsable(ctx, who, given.files.map((x) => x.fileId));
  // 服务对象: the applicant must be of a kind the included items serve (merge.ts `applicantKinds`).
  assertAudience(counter ? counter.applicant.kind : who.kind, merged.applicantKinds);
  // Issue 10: online, every material the answers and the form make required comes with the application.
  if (counter) checkLicenceRefs(merged.checklist, input.materials);
  else {
    // What a prerequisite item of the matter issues is not asked for: the matter produces it.
    const produced = materialsProducedWithinMatter(def.prerequisites, merged.included.map((i) => i.itemId), merged.checklist);
    const required = requiredJointEntries(merged.checklist, merged.fields, await includedContents(ctx, merged.included), form);
    assertComplete(required.filter((e) => !produced.has(e.key)), input.materials);
  }
  const center = (await findCenter(ctx.db, m.center_id))!;
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const receivedAt = receivedAtOf(counter?.receivedAt, now);
  const receivedDate = chinaDate(receivedAt);
  const acceptanceDue = (await calendarFor(ctx.db, center.region_code)).addWorkdays(receivedDate, ACCEPTANCE_WORKDAYS);
  const snapshot: JointSnapshot = {
    matterId: m.id, key: m.key, version: m.version, name: m.name, nameEn: m.name_en, leadDepartmentId: m.lead_department_id,
    denialRule: def.denialRule, answers: input.answers, items: merged.included, checklist: merged.checklist, fields: merged.fields,
    prerequisites: applicablePrerequisites(def.prerequisites, merged.included.map((i) => i.itemId)), prerequisiteDenial: def.prerequisiteDenial ?? 'terminate_dependents',
  };
  let applicant = known;
  const id = await ctx.db.transaction().execute(async (tx) => {
    applicant = known ?? await createCounterApplicant(tx, counter!.applicant);
    const newId = await cases.insertCase(tx, {
      kind: 'joint', matter_id: m.id, matter: JSON.stringify(snapshot),
      center_id: m.center_id, department_id: m.lead_department_id, region_code: center.region_code,
      applicant_id: applicant.id, applicant_name: applicant.name, channel: counter ? 'counter' : 'online', registered_by: counter ? who.id : null,
      idempotency_key: input.idempotencyKey, idempotency_fingerprint: fingerprint, processing_mode: 'joint', joint: true, form: JSON.stringify(form), submitted_at: now, received_date: receivedDate,
      acceptance_due_date: acceptanceDue.due, promised_days: def.promisedDays, statutory_days: JOINT_STATUTORY_DAYS,
      due_provisional: acceptanceDue.provisional, created_at: now, updated_at: now, light_check_date: today,
    });
    if (!newId) return null;
    await cases.insertMaterials(tx, newId, given.files, 0, now);
    await insertLicences(tx, newId, given.licences, 0, now);
    const data = { channel: counter ? 'counter' : 'online', receivedAt: receivedAt.toISOString(), matterId: m.id, matterVersion: m.version, answers: input.answers, itemIds: merged.included.map((i) => i.itemId) };
    await recordSubmission(ctx, tx, newId, data, who.id, { delivery: input.delivery });
    // Paper received so long ago that its 5 working days have run out: accepted by law at once (Art. 32).
    await deemIfAcceptancePassed(ctx, newId, tx);
    return newId;
  });
  if (id) return { id, created: true };
  const again = (await cases.findByIdempotencyKey(ctx.db, applicant!.id, input.idempotencyKey))!;
  sameRequestOrThrow(again.idempotency_fingerprint, fingerprint);
  return { id: again.id, created: false };
}

/** The item versions of a joint application's included items, by item id. */
async function includedContents(ctx: AppContext, included: Array<{ itemId: string; itemVersion: number }>) {
  const out = new Map<string, ItemContent>();
  for (const i of included) out.set(i.itemId, (await items.getVersion(ctx.db, i.itemId, i.itemVersion))!.content as ItemContent);
  return out;
}

/** A joint case the caller may see (404 for another applicant, 403 for staff out of scope). */
async function visibleJointCase(ctx: AppContext, who: Actor | null, id: string) {
  if (!who) throw UNAUTHENTICATED();
  const c = await cases.getCase(ctx.db, id);
  if (!c || c.kind !== 'joint') throw caseNotFound();
  authorize(casePolicy, who, 'read', c);
  return c;
}

/** A department of the joint case says what its part lacks before the window's one notice (empty: complete). */
export async function prereview(ctx: AppContext, who: Actor | null, id: string, body: { items: Array<{ key: string; reason: string }>; note?: string }) {
  const c = await visibleJointCase(ctx, who, id);
  authorize(casePolicy, who, 'prereview', c);
  if (c.status !== 'submitted') {
    throw errors.CASE_STATE_CONFLICT({ reason: 'STATE', details: { reason: 'STATE' } });
  }
  const snap = snapshotOf(c);
  checkMaterialKeys(snap.checklist.map((x) => x.key), body.items.map((i) => i.key));
  // A department asks about the materials of its own items only.
  const mine = new Set(snap.items.filter((i) => i.departmentId === who!.departmentId).map((i) => i.itemId));
  const foreign = body.items.find((i) => !snap.checklist.find((x) => x.key === i.key)!.sources.some((s) => mine.has(s.itemId)));
  if (foreign) throw errors.MATERIAL_NOT_YOURS({ field: 'items' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.upsertPrereview(tx, { caseId: id, round: c.supplement_rounds, departmentId: who!.departmentId!, items: body.items, note: body.note ?? '', by: who!.id, at: now });
    await appendAudit(tx, { stream: caseStream(id), action: 'case.prereviewed', actorId: who!.id, at: now, data: { departmentId: who!.departmentId, round: c.supplement_rounds, items: body.items, note: body.note ?? '' } });
  });
  return listPrereviews(ctx, who, id);
}

export async function listPrereviews(ctx: AppContext, who: Actor | null, id: string) {
  authorize(casePolicy, who, 'read_internal', await visibleJointCase(ctx, who, id));
  const rows = await repo.listPrereviews(ctx.db, id);
  return {
    prereviews: rows.map((r) => ({
      departmentId: r.department_id, departmentName: r.department_name, round: r.round, items: r.items as Array<{ key: string; reason: string }>,
      note: r.note, by: r.by_name, at: r.at.toISOString(),
    })),
  };
}

/** Department staff, who may lead a joint case (policies: case `coordinate`). */
function leadStaff(who: Actor | null) {
  authorize(casePolicy, who, 'coordinate');
  return who as Actor & { departmentId: string; centerId: string };
}

/** The lead department's view: every open joint case it leads, each with its parts. */
export async function coordination(ctx: AppContext, who: Actor | null, page: number, pageSize: number) {
  const me = leadStaff(who);
  const today = chinaDate(ctx.clock.now());
  const { ids, total } = await repo.listLed(ctx.db, me.departmentId, pageSize, (page - 1) * pageSize);
  // The page's parents and all their parts in two queries, kept in the page's order.
  const [parents, parts] = await Promise.all([cases.findManyWithNames(ctx.db, ids), cases.listChildrenOf(ctx.db, ids)]);
  const rows = ids.map((id) => ({
    ...summaryOf(parents.find((p) => p.id === id)!, today),
    parts: parts.filter((p) => p.parent_id === id).map((p) => summaryOf(p, today)),
  }));
  return { cases: rows, total, page, pageSize };
}

/** A note from the lead department to a part's department: a notification and an entry in the part's history. */
export async function coordinate(ctx: AppContext, who: Actor | null, id: string, body: { partId: string; message: string }) {
  const me = leadStaff(who);
  const parent = await cases.getCase(ctx.db, id);
  if (!parent || parent.kind !== 'joint') throw caseNotFound();
  authorize(casePolicy, me, 'coordinate', parent);
  const part = await cases.getCase(ctx.db, body.partId);
  if (!part || part.parent_id !== id) throw errors.PART_UNKNOWN({ field: 'partId' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await appendAudit(tx, { stream: caseStream(part.id), action: 'case.coordination_note', actorId: me.id, at: now, data: { message: body.message, fromDepartmentId: me.departmentId, jointCaseId: id } });
    const chiefs = await staffWithRole(tx, 'chief', { departmentId: part.department_id });
    await notify(tx, {
      kind: 'coordination', centerId: part.center_id, caseId: part.id, userIds: chiefs.map((s) => s.id), departmentId: part.department_id,
      title: { zh: `牵头部门协调：${body.message.slice(0, 40)}`, en: `Note from the lead department: ${body.message.slice(0, 60)}` },
      data: { jointCaseId: id, message: body.message }, at: now,
    });
  });
  return { ok: true };
}
