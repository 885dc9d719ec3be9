import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { calendarFor } from '../cases/calendar-adapter.ts';
import * as cases from '../cases/cases.repository.ts';
import { caseStream, emitCaseEvent, onCaseEvent, transition, type CaseEvent } from '../cases/cases.service.ts';
import { caseDates } from '../cases/clock.ts';
import * as items from '../items/items.repository.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import * as repo from './joint.repository.ts';
import { formForItem, materialsForItem } from './merge.ts';
import { snapshotOf, type PartSnapshot } from './snapshot.ts';

/**
 * How a joint case and its parts move each other, inside the transaction of the action that moves
 * one of them: acceptance of the parent creates the parts; a part decided (or closed) may decide the
 * parent, and under the `stop_all` rule a denied part ends its siblings; parts ready make the parent
 * ready; delivering, withdrawing or terminating the parent carries its parts with it. Every move is
 * a transition of the one table, taken by 'system', with its own audit event.
 */
let registered = false;
export function listenForJointCases() {
  if (registered) return;
  registered = true;
  onCaseEvent(onEvent);
}

async function onEvent(tx: Tx, e: CaseEvent) {
  const c = e.before;
  if (c.kind === 'joint') {
    if (e.action === 'accept' || e.action === 'deem_accept') await createParts(e.ctx, tx, c.id, e);
    else if (e.action === 'deliver') {
      const body = { action: 'deliver' as const, method: e.data.method as 'pickup' | 'post', ...(e.data.trackingNo ? { trackingNo: e.data.trackingNo as string } : {}) };
      await forEachOpenPart(e.ctx, tx, c.id, body, (part) => part.status === 'ready');
    } else if (e.action === 'withdraw' || e.action === 'terminate') {
      const reason = `联办件${e.action === 'withdraw' ? '已撤回' : '已终止'}：${String(e.data.reason ?? '')}`;
      await forEachOpenPart(e.ctx, tx, c.id, { action: 'terminate', reason }, () => true);
    }
    return;
  }
  if (c.kind === 'part' && c.parent_id && ['decide', 'handover', 'confirm_payment', 'terminate', 'deliver'].includes(e.action)) {
    if (e.action === 'decide' && e.data.result === 'denied') await applyDenialRule(e.ctx, tx, c, e);
    await progressParent(e.ctx, tx, c.parent_id);
  }
}

type PartAction = { action: 'deliver'; method: 'pickup' | 'post'; trackingNo?: string } | { action: 'terminate'; reason: string };

/** Takes `body` on each open part that `when` accepts once the part is locked (its status may have moved meanwhile). */
async function forEachOpenPart(ctx: AppContext, tx: Tx, parentId: string, body: PartAction, when: (part: cases.CaseRow) => boolean) {
  for (const p of await repo.openParts(tx, parentId)) {
    const part = await cases.lockCaseWaiting(tx, p.id);
    if (part && when(part)) await transition(ctx, tx, part, ['system'], body, null);
  }
}

/** `stop_all`: one part denied ends the parts still under review; the parent is then decided on what there is. */
async function applyDenialRule(ctx: AppContext, tx: Tx, part: cases.CaseRow, e: CaseEvent) {
  const parent = await cases.getCase(tx, part.parent_id!);
  if (!parent || snapshotOf(parent).denialRule !== 'stop_all') return;
  const itemName = snapshotOf(parent).items.find((i) => i.itemId === part.item_id)?.name ?? '';
  const reason = `联办事项「${itemName}」不予许可，按本事项规则其余事项终止办理：${String(e.data.reason ?? '')}`;
  await forEachOpenPart(ctx, tx, parent.id, { action: 'terminate', reason }, (s) => s.id !== part.id && ['accepted', 'in_review'].includes(s.status));
}

/** Decides the parent when no part is left to decide, and makes it ready when every part is. */
async function progressParent(ctx: AppContext, tx: Tx, parentId: string) {
  let parent = await cases.lockCaseWaiting(tx, parentId);
  if (!parent) return;
  if (parent.status === 'accepted') {
    const counts = await cases.countParts(tx, parentId);
    if (counts.partsUndecided > 0) return;
    const parts = await repo.partDecisions(tx, parentId);
    const approved = parts.filter((p) => p.decision === 'approved').length;
    const result = approved === parts.length ? 'approved' : approved === 0 ? 'denied' : 'partial';
    const reason = parts.map((p) => `「${p.item_name}」${p.decision === 'approved' ? '准予' : p.decision === 'denied' ? '不予' : '终止'}${p.decision_reason || p.close_reason ? `：${p.decision_reason ?? p.close_reason}` : ''}`).join('；');
    await transition(ctx, tx, parent, ['system'], { action: 'joint_decide', result, reason }, null);
    parent = (await cases.lockCaseWaiting(tx, parentId))!;
  }
  if (parent.status === 'decided' && (await cases.countParts(tx, parentId)).partsNotReady === 0) {
    await transition(ctx, tx, parent, ['system'], { action: 'joint_ready' }, null);
  }
}

/**
 * Acceptance of a joint case: one part per included item, all at once, each accepted today on its
 * item's own limits (a part is born accepted: it never waits at a window of its own), with the
 * merged answers and files mapped onto the item's own fields and materials.
 */
async function createParts(ctx: AppContext, tx: Tx, parentId: string, e: CaseEvent) {
  const parent = (await cases.getCase(tx, parentId))!;
  const snap = snapshotOf(parent);
  const files = (await cases.listMaterials(tx, parentId)).map((f) => ({ key: f.material_key, fileId: f.id }));
  const cal = await calendarFor(tx, parent.region_code);
  const now = e.at;
  const part: PartSnapshot = { leadDepartmentId: snap.leadDepartmentId, matterId: snap.matterId, matterName: snap.name };
  for (const [n, it] of snap.items.entries()) {
    const content = (await items.getVersion(tx, it.itemId, it.itemVersion))!.content as ItemContent;
    const dates = caseDates(cal, { acceptedDate: parent.accepted_date!, promisedDays: content.promisedLimitDays, statutoryDays: content.statutoryLimitDays, extensionDays: 0, suspendedWorkdays: 0 });
    const receiptNo = `${parent.receipt_no}-${n + 1}`;
    const id = await cases.insertCase(tx, {
      kind: 'part', parent_id: parent.id, matter_id: parent.matter_id, matter: JSON.stringify(part),
      item_id: it.itemId, item_version: it.itemVersion, center_id: parent.center_id, department_id: it.departmentId, region_code: parent.region_code,
      applicant_id: parent.applicant_id, applicant_name: parent.applicant_name, channel: parent.channel,
      idempotency_key: `part:${parent.id}:${n}`, status: 'accepted', processing_mode: content.processingMode,
      form: JSON.stringify(formForItem(snap.fields, it.itemId, parent.form as Record<string, string>)),
      submitted_at: parent.submitted_at, received_date: parent.received_date, acceptance_due_date: parent.acceptance_due_date,
      accepted_at: now, accepted_date: parent.accepted_date, deemed_accepted: parent.deemed_accepted, receipt_no: receiptNo, query_code: parent.query_code,
      promised_days: content.promisedLimitDays, statutory_days: content.statutoryLimitDays,
      due_date: dates.dueDate, statutory_due_date: dates.statutoryDueDate, warning_date: dates.warningDate,
      due_provisional: dates.provisional, created_at: now, updated_at: now,
      green: parent.green, green_coordinator_id: parent.green_coordinator_id, green_reason: parent.green_reason, light_check_date: chinaDate(now),
    });
    if (!id) continue;
    await cases.insertMaterials(tx, id, materialsForItem(snap.checklist, it.itemId, files), 0, now);
    const data = { jointCaseId: parent.id, receiptNo, acceptedDate: parent.accepted_date, from: 'submitted', to: 'accepted' };
    await appendAudit(tx, { stream: caseStream(id), action: 'case.accepted', actorId: e.actorId, at: now, data });
    const row = (await cases.getCase(tx, id))!;
    // Performance counts the part in its own department: received and accepted with the parent.
    await emitCaseEvent(tx, { ...e, before: { ...row, status: 'submitted' }, action: 'submit', data: { to: 'submitted', jointCaseId: parent.id } });
    await emitCaseEvent(tx, { ...e, before: { ...row, status: 'submitted' }, action: 'accept', data });
  }
  await appendAudit(tx, { stream: caseStream(parent.id), action: 'case.parts_created', actorId: e.actorId, at: now, data: { parts: snap.items.length } });
}

/**
 * The one supplement notice of a joint case: the window's own lines and every department's
 * pre-review lines for this round, one line per material, each naming the departments that asked.
 */
export async function mergedSupplementLines(tx: Tx, c: cases.CaseRow, own: Array<{ key: string; reason: string }>) {
  const lines = new Map<string, { key: string; reason: string; departments: string[] }>();
  const add = (key: string, reason: string, department: string | null) => {
    const line = lines.get(key) ?? { key, reason: '', departments: [] };
    if (!line.reason.includes(reason)) line.reason = line.reason ? `${line.reason}；${reason}` : reason;
    if (department && !line.departments.includes(department)) line.departments.push(department);
    lines.set(key, line);
  };
  for (const i of own) add(i.key, i.reason, null);
  for (const p of await repo.listPrereviews(tx, c.id, c.supplement_rounds)) {
    for (const i of p.items as Array<{ key: string; reason: string }>) add(i.key, i.reason, p.department_name);
  }
  return [...lines.values()];
}
