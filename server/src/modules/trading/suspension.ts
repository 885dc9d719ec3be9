import type { Db, Tx } from '../../db/database.ts';
import type { EventBus } from '../../events/bus.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { unansweredObjection } from '../trading-disputes/disputes.repository.ts';
import type { TenderVerb } from './tender.transitions.ts';
import * as repo from './trading.repository.ts';

/**
 * When a tender waits (docs/trading.md, "Suspension and pending objections"):
 * - suspended: the supervising department upheld a complaint and ordered the tender suspended (招标投标法实施条例
 *   第六十二条). The listener of `trading.complaint_decided` records it in the deciding transaction, with an audit
 *   event; until the department lifts it (tender.service.ts `resumeTender`), every lifecycle action, amendment,
 *   document, bid, opening share, expert draw step and evaluation sheet of the tender is refused with
 *   TENDER_SUSPENDED, nothing written. The suspension is a fact beside the status: the status does not move.
 * - an objection unanswered (条例 第二十二条、第五十四条 "作出答复前，应当暂停招标投标活动"): an open objection to the
 *   documents holds the opening (`open`), one to the candidates holds the award (`award`): TENDER_OBJECTION_PENDING.
 * Other modules (bids, experts, evaluation) call `assertNotSuspended` in their own transaction, after their lock.
 */

type Q = Db | Tx;

/** Refuses anything done to a suspended tender. */
export async function assertNotSuspended(db: Q, tenderId: string) {
  const [first] = await repo.openSuspensions(db, tenderId);
  if (first) throw errors.TENDER_SUSPENDED({ since: first.suspended_at.toISOString() });
}

/** The step an unanswered objection holds, by what it is about (条例 第二十二条: documents; 第五十四条: candidates). */
export const HELD_BY_OBJECTION: Partial<Record<TenderVerb, 'documents' | 'candidates'>> = { open: 'documents', award: 'candidates' };

/** Refuses the opening while an objection to the documents is unanswered, the award while one to the candidates is. */
export async function assertNoPendingObjection(db: Q, tenderId: string, action: TenderVerb) {
  const subject = HELD_BY_OBJECTION[action];
  if (!subject) return;
  const open = await unansweredObjection(db, tenderId, subject);
  if (open) throw errors.TENDER_OBJECTION_PENDING({ subject, answerDue: open.answer_due.toISOString() });
}

/** A tender that has ended cannot be suspended: nothing is left to pause. */
const ENDED = new Set(['complete', 'cancelled', 'unsuccessful']);

/**
 * An upheld complaint with `suspendTender` suspends the tender, inside the deciding transaction: a
 * `tender_suspensions` row (one per complaint) and the audit event `tender.suspend` on the tender's stream.
 */
export function subscribeTenderSuspension(bus: EventBus<AppContext>) {
  bus.on('trading.complaint_decided', async (tx, e) => {
    if (e.outcome !== 'upheld' || !e.suspendTender) return;
    const t = await repo.lockTender(tx, e.tenderId);
    if (!t || ENDED.has(t.status)) return;
    const row = await repo.insertSuspension(tx, {
      tender_id: t.id, complaint_id: e.complaintId, reason: e.reason, suspended_at: e.at, suspended_by: e.actorId,
    });
    if (!row) return;
    await appendAudit(tx, {
      stream: `tender:${t.id}`, action: 'tender.suspend', actorId: e.actorId, at: e.at,
      data: { complaintId: e.complaintId, status: t.status, reason: e.reason },
    });
  });
}

/** The suspension as the API shows it: the open one (since the first open order), and every one with its lifting. */
export function suspensionView(rows: repo.SuspensionRow[]) {
  const open = rows.filter((r) => !r.resumed_at);
  return {
    suspended: open.length > 0,
    suspension: open.length
      ? { since: open[0]!.suspended_at.toISOString(), complaintIds: open.map((r) => r.complaint_id), reason: open.map((r) => r.reason).join('\n') }
      : null,
    suspensions: rows.map((r) => ({
      complaintId: r.complaint_id, reason: r.reason, suspendedAt: r.suspended_at.toISOString(),
      resumedAt: r.resumed_at?.toISOString() ?? null, resumeReason: r.resume_reason,
    })),
  };
}
