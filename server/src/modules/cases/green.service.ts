import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, casePolicy, type Actor } from '../../policies/index.ts';
import { notify } from '../notifications/notifications.ts';
import * as cases from './cases.repository.ts';
import { caseStream } from './cases.service.ts';
import * as repo from './green.repository.ts';
import { OPEN_STATES, type CaseState } from './transitions.ts';

/**
 * Green channel (绿色通道): the center's management marks a major project's case; it goes first in
 * every inbox and a named coordinator follows it across departments. A joint case is marked with
 * all its open parts, since a major project waits on its slowest department. The mark changes
 * priority and who may look, never the case's state or clock.
 */

/** The manager of the case's center, acting on an open case it holds locked for the transaction. */
async function lockForManager(tx: Tx, who: Actor | null, caseId: string) {
  authorize(casePolicy, who, 'mark_green');
  const c = await cases.lockCaseWaiting(tx, caseId);
  if (!c) throw NOT_FOUND({ zh: '办件', en: 'Case' });
  authorize(casePolicy, who, 'mark_green', c);
  if (!OPEN_STATES.includes(c.status as CaseState)) {
    throw errors.CASE_CLOSED();
  }
  const parts = c.kind === 'joint' ? await repo.lockOpenParts(tx, c.id) : [];
  return { c, parts };
}

/** What the change did: the cases marked or taken out (the case, then a joint case's parts) and the mark now. */
export interface GreenResult { caseIds: string[]; green: { coordinatorId: string; reason: string } | null }

export async function markGreen(ctx: AppContext, who: Actor | null, caseId: string, input: { coordinatorId: string; reason: string }): Promise<GreenResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const { c, parts } = await lockForManager(tx, who, caseId);
    const coordinator = await repo.findStaffMember(tx, input.coordinatorId);
    if (!coordinator || coordinator.center_id !== c.center_id) {
      throw errors.COORDINATOR_INVALID({ field: 'coordinatorId' });
    }
    const now = ctx.clock.now();
    await repo.setGreen(tx, [c.id, ...parts.map((p) => p.id)], { green: true, coordinatorId: coordinator.id, reason: input.reason, now });
    const marked = [{ id: c.id, previous: c.green_coordinator_id, viaParent: null as string | null }, ...parts.map((p) => ({ id: p.id, previous: p.green_coordinator_id, viaParent: c.id }))];
    for (const m of marked) {
      await appendAudit(tx, {
        stream: caseStream(m.id), action: 'case.green_marked', actorId: who!.id, at: now,
        data: { coordinatorId: coordinator.id, reason: input.reason, previousCoordinatorId: m.previous, viaParent: m.viaParent },
      });
    }
    await notify(tx, {
      kind: 'green_coordinator', centerId: c.center_id, caseId: c.id, userIds: [coordinator.id], departmentId: null,
      title: { zh: '绿色通道：您被指定为办件协调人', en: 'Green channel: you coordinate this case' },
      data: { reason: input.reason, receiptNo: c.receipt_no, parts: parts.length }, at: now,
    });
    return { caseIds: marked.map((m) => m.id), green: { coordinatorId: coordinator.id, reason: input.reason } };
  });
}

export async function unmarkGreen(ctx: AppContext, who: Actor | null, caseId: string, input: { reason: string }): Promise<GreenResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const { c, parts } = await lockForManager(tx, who, caseId);
    if (!c.green) throw errors.CASE_NOT_GREEN();
    const now = ctx.clock.now();
    await repo.setGreen(tx, [c.id, ...parts.map((p) => p.id)], { green: false, coordinatorId: null, reason: null, now });
    for (const id of [c.id, ...parts.map((p) => p.id)]) {
      await appendAudit(tx, { stream: caseStream(id), action: 'case.green_removed', actorId: who!.id, at: now, data: { reason: input.reason, previousCoordinatorId: c.green_coordinator_id } });
    }
    if (c.green_coordinator_id) {
      await notify(tx, {
        kind: 'green_removed', centerId: c.center_id, caseId: c.id, userIds: [c.green_coordinator_id], departmentId: null,
        title: { zh: '绿色通道已取消', en: 'Green channel removed' }, data: { reason: input.reason, receiptNo: c.receipt_no }, at: now,
      });
    }
    return { caseIds: [c.id, ...parts.map((p) => p.id)], green: null };
  });
}
