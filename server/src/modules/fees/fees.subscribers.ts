import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { closeFeesOfCase, issueAtFeePoint } from './notices.service.ts';

const CLOSED = ['withdrawn', 'terminated'];

/**
 * What fees hear of the cases (cases never import fees):
 * - a case entering awaiting_payment, whatever the action that takes it there (today `handover`; with
 *   e-licences the move out of `issuing`), gets its payment notice, in the transaction of the move;
 * - a case closed (withdrawn, terminated) with a payable notice has it cancelled, with a paid one gets
 *   a refund record for each payment.
 */
export function subscribeFees(bus: EventBus<AppContext>) {
  bus.onEvery(async (tx, e, ctx) => {
    if (e.name === 'case.submitted') return;
    const { from, to } = e.data;
    if (to === 'awaiting_payment' && from !== 'awaiting_payment') await issueAtFeePoint(ctx, tx, e.before.id, null);
    else if (CLOSED.includes(to) && !CLOSED.includes(from)) await closeFeesOfCase(ctx, tx, e.before.id, to, 'reason' in e.data ? String(e.data.reason) : '');
  });
}
