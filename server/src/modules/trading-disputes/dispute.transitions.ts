import type { Tx } from '../../db/database.ts';
import type { TenderDisputeKind, TenderDisputeStatus } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './disputes.repository.ts';

/**
 * The lifecycle of a question (质疑), objection (异议) or complaint (投诉): the only writer of
 * `tender_disputes.status`. Each starts `open` (repo.insertDispute). A question or an objection is
 * answered by the trading staff acting for the buyer and its agent; a complaint is upheld or rejected by
 * the supervising department, with a reason. `who` is informative (the service authorizes through
 * policies/tender-dispute.policy.ts first); the from-state is checked here and again in SQL.
 */
export const DISPUTE_TRANSITIONS = [
  { from: 'open', action: 'answer', to: 'answered', kinds: ['question', 'objection'], who: 'trading' },
  { from: 'open', action: 'uphold', to: 'upheld', kinds: ['complaint'], who: 'supervising_department' },
  { from: 'open', action: 'reject', to: 'rejected', kinds: ['complaint'], who: 'supervising_department' },
] as const satisfies ReadonlyArray<{ from: TenderDisputeStatus; action: string; to: TenderDisputeStatus; kinds: readonly TenderDisputeKind[]; who: string }>;

export type DisputeActionName = (typeof DISPUTE_TRANSITIONS)[number]['action'];
export const disputeStream = (id: string) => `tender_dispute:${id}`;

export function disputeTransition(from: TenderDisputeStatus, kind: TenderDisputeKind, action: DisputeActionName) {
  return DISPUTE_TRANSITIONS.find((t) => t.from === from && t.action === action && (t.kinds as readonly string[]).includes(kind));
}

/** Moves a LOCKED dispute by one row of the table, with its audit event, in `tx`; refuses (nothing written) when no row fits. */
export async function transitionDispute(
  tx: Tx, d: repo.DisputeRow, action: DisputeActionName,
  fields: { answer: string; suspendTender?: boolean }, by: { actorId: string; at: Date },
): Promise<repo.DisputeRow> {
  const t = disputeTransition(d.status, d.kind, action);
  if (!t) throw errors.DISPUTE_STATE({ status: d.status });
  const moved = await repo.moveDispute(tx, d.id, t.from, t.to, {
    answer: fields.answer, answered_by: by.actorId, answered_at: by.at,
    ...(fields.suspendTender !== undefined ? { suspend_tender: fields.suspendTender } : {}),
  });
  await appendAudit(tx, {
    stream: disputeStream(d.id), action: `tender_dispute.${action}`, actorId: by.actorId, at: by.at,
    data: { from: t.from, to: t.to, kind: d.kind, tenderId: d.tender_id, late: by.at > d.answer_due, ...(fields.suspendTender !== undefined ? { suspendTender: fields.suspendTender } : {}) },
  });
  return moved;
}
