import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { authorize, cancellationPolicy, rolesOn, type Actor as User } from '../../policies/index.ts';
import { notify } from '../notifications/notifications.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';
import * as repo from './cases.repository.ts';
import * as cancellations from './cancellation.repository.ts';
import { checkCancellation, type CancellationState } from './cancellation.transitions.ts';
import { caseStream } from './cases.service.ts';

/** States in which an approved case's licence is held (or being issued): only then can it be cancelled. */
const HELD_STATES = ['decided', 'awaiting_payment', 'ready', 'delivered'];
const CASES_APPLIED_FOR = ['single', 'joint'];

const caseNotFound = () => NOT_FOUND({ zh: '办件', en: 'Case' });

/** Whether the case's licence can be the object of a new cancellation request (the latest one, if any, was refused). */
export function cancellable(c: repo.CaseRow, latest: cancellations.CancellationRow | undefined) {
  return CASES_APPLIED_FOR.includes(c.kind) && c.decision === 'approved' && HELD_STATES.includes(c.status) && (!latest || latest.status === 'refused');
}

/**
 * The holder asks for the licence of a decided case to be cancelled (注销). Only the applicant of the
 * case (another applicant: 404), only for an approved decision, one live request at a time. The
 * request, its audit event and the chiefs' notification are written together.
 */
export async function requestCancellation(ctx: AppContext, who: User | null, caseId: string, reason: string) {
  if (!who) throw UNAUTHENTICATED();
  authorize(cancellationPolicy, who, 'request');
  await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.lockCase(tx, caseId);
    if (!c) throw caseNotFound();
    authorize(cancellationPolicy, who, 'request', c);
    const latest = await cancellations.latestRequest(tx, c.id);
    if (latest && latest.status !== 'refused') throw errors.CANCELLATION_EXISTS({ details: { reason: 'CANCELLATION_EXISTS' } });
    if (!cancellable(c, latest)) throw errors.CANCELLATION_NOT_HELD({ details: { reason: 'CANCELLATION_NOT_HELD' } });
    const now = ctx.clock.now();
    const id = await cancellations.insertRequest(tx, { caseId: c.id, applicantId: who.id, centerId: c.center_id, departmentId: c.department_id, reason, at: now });
    await appendAudit(tx, { stream: caseStream(c.id), action: 'case.cancellation_requested', actorId: who.id, at: now, data: { requestId: id, reason } });
    const chiefs = await staffWithRole(tx, 'chief', { departmentId: c.department_id });
    await notify(tx, {
      kind: 'cancellation_requested', centerId: c.center_id, caseId: c.id, userIds: chiefs.map((u) => u.id), departmentId: c.department_id,
      title: { zh: `许可注销申请：${c.receipt_no ?? c.id}`, en: `Licence cancellation requested: ${c.receipt_no ?? c.id}` }, data: { requestId: id }, at: now,
    });
  });
}

/** The chief of the case's department cancels the licence or refuses, with a reason; the table decides if it may. */
export async function decideCancellation(ctx: AppContext, who: User | null, caseId: string, body: { approve: boolean; reason: string }) {
  if (!who) throw UNAUTHENTICATED();
  authorize(cancellationPolicy, who, 'decide');
  await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.lockCase(tx, caseId);
    if (!c) throw caseNotFound();
    authorize(cancellationPolicy, who, 'decide', c);
    const latest = await cancellations.latestRequest(tx, c.id);
    if (!latest) throw NOT_FOUND({ zh: '注销申请', en: 'Cancellation request' });
    const verdict = checkCancellation(body.approve ? 'grant' : 'refuse', latest.status as CancellationState);
    if (!verdict.ok) throw errors.CANCELLATION_STATE_CONFLICT({ details: { reason: 'CANCELLATION_STATE_CONFLICT' } });
    const now = ctx.clock.now();
    if (!(await cancellations.moveRequest(tx, latest.id, latest.row_version, verdict.to, who.id, body.reason, now))) {
      throw errors.CANCELLATION_STATE_CONFLICT({ details: { reason: 'CANCELLATION_STATE_CONFLICT' } });
    }
    await appendAudit(tx, {
      stream: caseStream(c.id), action: body.approve ? 'case.cancellation_granted' : 'case.cancellation_refused', actorId: who.id, at: now,
      data: { requestId: latest.id, from: latest.status, to: verdict.to, reason: body.reason },
    });
  });
}

/** What the case page shows of the cancellation and which of its actions the caller may take. */
export function cancellationView(who: User, c: repo.CaseRow, latest: cancellations.CancellationRow | undefined) {
  const actions: Array<'request' | 'grant' | 'refuse'> = [];
  if (cancellationPolicy.can(who, 'request', c) && cancellable(c, latest)) actions.push('request');
  if (latest && cancellationPolicy.can(who, 'decide', c) && rolesOn(who, c).includes('chief')) {
    if (checkCancellation('grant', latest.status as CancellationState).ok) actions.push('grant', 'refuse');
  }
  return {
    cancellation: latest ? {
      status: latest.status as CancellationState, reason: latest.reason, requestedAt: latest.requested_at.toISOString(),
      decidedAt: latest.decided_at?.toISOString() ?? null, decisionReason: latest.decision_reason,
    } : null,
    cancellationActions: actions,
  };
}
