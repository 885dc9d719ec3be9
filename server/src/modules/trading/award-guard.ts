import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './trading.repository.ts';

/**
 * A project not traded in the center gets no further approval (issue 16; seed 000 三(二)): an approval item
 * listed in `trading_award_requirements` (e.g. the construction permit, which needs the award notice) names
 * the project by one of its form fields; a case whose project of the item's center has no awarded tender is
 * refused with TRADING_AWARD_REQUIRED. A listener of `case.submitted`, which runs inside the submitting
 * transaction: the refusal rolls everything back, so nothing is written, and the cases module never imports
 * this one. It runs first, before any other listener of the submission.
 */
export function subscribeTradingAward(bus: EventBus<AppContext>) {
  bus.on('case.submitted', async (tx, e) => {
    const c = e.before;
    if (!c.item_id) return;
    const req = await tx.selectFrom('trading_award_requirements').select('project_code_field').where('item_id', '=', c.item_id).executeTakeFirst();
    if (!req) return;
    const code = String((c.form as Record<string, unknown> | null)?.[req.project_code_field] ?? '').trim();
    if (!code || !(await repo.projectHasAward(tx, c.center_id, code))) {
      throw errors.TRADING_AWARD_REQUIRED({ code: code || '-', field: `form.${req.project_code_field}` });
    }
  });
}
