import type { Updateable } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { PaymentNoticesTable } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, FORBIDDEN } from '../../lib/errors.ts';
import * as repo from './fees.repository.ts';
import { checkNotice, type NoticeAction, type NoticeActor } from './notice-transitions.ts';

/** One audit chain per notice: its issue, every payment against it, its refunds and status changes. */
export const noticeStream = (id: string) => `payment_notice:${id}`;

/** What each move is recorded as in the notice's chain. */
const AUDIT_ACTION: Record<NoticeAction, string> = {
  pay: 'payment_notice.paid', cancel: 'payment_notice.cancelled', expire: 'payment_notice.expired', refund: 'payment_notice.refunded',
};

/**
 * Moves a locked notice by one row of the notice transition table (notice-transitions.ts), records
 * the move in its audit chain, all in `tx`: the only way a notice's status changes.
 */
export async function noticeTransition(
  ctx: AppContext, tx: Tx, n: repo.NoticeRow, action: NoticeAction, who: NoticeActor, actorId: string | null,
  patch: Omit<Updateable<PaymentNoticesTable>, 'status' | 'row_version'> = {}, data: Record<string, unknown> = {},
): Promise<repo.NoticeRow> {
  const verdict = checkNotice(action, who, n.status);
  if (!verdict.ok) {
    if (verdict.reason === 'ROLE') throw FORBIDDEN();
    throw errors.NOTICE_STATE_CONFLICT({ status: n.status, action, details: { reason: 'STATE', status: n.status } });
  }
  if (!(await repo.moveNotice(tx, n.id, n.row_version, verdict.to, patch))) {
    throw errors.NOTICE_STATE_CONFLICT({ status: n.status, action, details: { reason: 'BUSY', status: n.status } });
  }
  await appendAudit(tx, { stream: noticeStream(n.id), action: AUDIT_ACTION[action], actorId, at: ctx.clock.now(), data: { noticeNo: n.notice_no, caseId: n.case_id, from: n.status, to: verdict.to, ...data } });
  return { ...n, ...(patch as Partial<repo.NoticeRow>), status: verdict.to, row_version: n.row_version + 1 };
}
