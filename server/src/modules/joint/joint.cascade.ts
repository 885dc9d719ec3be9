import type { Tx } from '../../db/database.ts';
import type { EventBus } from '../../events/bus.ts';
import type { DomainEvents } from '../../events/catalogue.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import * as cases from '../cases/cases.repository.ts';
import { CLOCK_STATES, type CaseState } from '../cases/transitions.ts';
import { caseStream, recordSubmission, transition } from '../cases/cases.service.ts';
import * as items from '../items/items.repository.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import * as repo from './joint.repository.ts';
import { formForItem, materialsForItem } from './merge.ts';
import { snapshotOf, type PartSnapshot } from '../cases/joint-snapshot.ts';

/**
 * How a joint case and its parts move each other, inside the transaction of the action that moves
 * one of them: acceptance of the parent creates the parts; a part decided (or closed) may decide the
 * parent, and under the `stop_all` rule a denied part ends its siblings; parts ready make the parent
 * ready; delivering, withdrawing or terminating the parent carries its parts with it. Every move is
 * a transition of the one table, taken by 'system', with its own audit event.
 */
export function subscribeJointCases(bus: EventBus<AppContext>) {
  const accepted = async (tx: Tx, e: DomainEvents['case.accept' | 'case.deem_accept'], ctx: AppContext) => {
    if (e.before.kind === 'joint') await createParts(ctx, tx, e.before.id, e);
  };
  bus.on('case.accept', accepted);
  bus.on('case.deem_accept', accepted);
  bus.on('case.deliver', async (tx, e, ctx) => {
    if (e.before.kind === 'joint') {
      const body = { action: 'deliver' as const, method: e.data.method, ...(e.data.trackingNo ? { trackingNo: e.data.trackingNo } : {}) };
      await forEachOpenPart(ctx, tx, e.before.id, body, (part) => part.status === 'ready');
    } else await partMoved(tx, e, ctx);
  });
  const closed = (word: string) => async (tx: Tx, e: DomainEvents['case.withdraw' | 'case.terminate'], ctx: AppContext) => {
    if (e.before.kind === 'joint') await forEachOpenPart(ctx, tx, e.before.id, { action: 'terminate', reason: `联办件${word}：${e.data.reason}` }, () => true);
    else await partMoved(tx, e, ctx);
  };
  bus.on('case.withdraw', closed('已撤回'));
  bus.on('case.terminate', closed('已终止'));
  bus.on('case.decide', async (tx, e, ctx) => {
    if (e.before.kind === 'part' && e.data.result === 'denied') await applyDenialRule(ctx, tx, e.before, e.data.reason);
    await partMoved(tx, e, ctx);
  });
  bus.on('case.handover', partMoved);
  bus.on('case.payment_received', partMoved);
}

/** A part decided, handed over, paid for, delivered or closed may move its parent on. */
async function partMoved(tx: Tx, e: { before: cases.CaseRow; action: string }, ctx: AppContext) {
  const c = e.before;
  // A withdrawal reaches parts only through their parent, which it has just closed: nothing to progress.
  if (c.kind === 'part' && c.parent_id && e.action !== 'withdraw') await progressParent(ctx, tx, c.parent_id);
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
async function applyDenialRule(ctx: AppContext, tx: Tx, part: cases.CaseRow, denial: string) {
  const parent = await cases.getCase(tx, part.parent_id!);
  if (!parent || snapshotOf(parent).denialRule !== 'stop_all') return;
  const itemName = snapshotOf(parent).items.find((i) => i.itemId === part.item_id)?.name ?? '';
  const reason = `联办事项「${itemName}」不予许可，按本事项规则其余事项终止办理：${denial}`;
  await forEachOpenPart(ctx, tx, parent.id, { action: 'terminate', reason }, (s) => s.id !== part.id && CLOCK_STATES.includes(s.status as CaseState));
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
 * Acceptance of a joint case: one part per included item, all at once, each on its item's own
 * limits, with the merged answers and files mapped onto the item's own fields and materials. A part
 * is inserted in the initial state like any case and at once accepted by the system through the
 * table (accepted, or deemed accepted, as its parent was: the same accepted date), for the clerk
 * who accepted the parent; it never waits at a window of its own.
 */
async function createParts(ctx: AppContext, tx: Tx, parentId: string, e: DomainEvents['case.accept' | 'case.deem_accept']) {
  const parent = (await cases.getCase(tx, parentId))!;
  const snap = snapshotOf(parent);
  const files = (await cases.listMaterials(tx, parentId)).map((f) => ({ key: f.material_key, fileId: f.id }));
  const now = e.at;
  const part: PartSnapshot = { leadDepartmentId: snap.leadDepartmentId, matterId: snap.matterId, matterName: snap.name };
  for (const [n, it] of snap.items.entries()) {
    const content = (await items.getVersion(tx, it.itemId, it.itemVersion))!.content as ItemContent;
    const receiptNo = `${parent.receipt_no}-${n + 1}`;
    const id = await cases.insertCase(tx, {
      kind: 'part', parent_id: parent.id, matter_id: parent.matter_id, matter: JSON.stringify(part),
      item_id: it.itemId, item_version: it.itemVersion, center_id: parent.center_id, department_id: it.departmentId, region_code: parent.region_code,
      applicant_id: parent.applicant_id, applicant_name: parent.applicant_name, channel: parent.channel,
      idempotency_key: `part:${parent.id}:${n}`, processing_mode: content.processingMode,
      form: JSON.stringify(formForItem(snap.fields, it.itemId, parent.form as Record<string, string>)),
      submitted_at: parent.submitted_at, received_date: parent.received_date, acceptance_due_date: parent.acceptance_due_date,
      receipt_no: receiptNo, query_code: parent.query_code,
      promised_days: content.promisedLimitDays, statutory_days: content.statutoryLimitDays, created_at: now, updated_at: now,
      green: parent.green, green_coordinator_id: parent.green_coordinator_id, green_reason: parent.green_reason, light_check_date: chinaDate(now),
    });
    if (!id) continue;
    await cases.insertMaterials(tx, id, materialsForItem(snap.checklist, it.itemId, files), 0, now);
    // Performance counts the part in its own department: received and accepted with the parent.
    await recordSubmission(ctx, tx, id, { jointCaseId: parent.id }, e.actorId, { audit: false });
    const born = (await cases.getCase(tx, id))!;
    await transition(ctx, tx, born, ['system'], { action: e.action, jointCaseId: parent.id }, null, e.actorId);
  }
  await appendAudit(tx, { stream: caseStream(parent.id), action: 'case.parts_created', actorId: e.actorId, at: now, data: { parts: snap.items.length } });
}
