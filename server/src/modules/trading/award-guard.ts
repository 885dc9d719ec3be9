import type { EventBus } from '../../events/bus.ts';
import { VersionedCache } from '../../lib/config-versions.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './trading.repository.ts';

/**
 * A project not traded in the center gets no further approval (issue 16; seed 000 三(二)): an approval item
 * listed in `trading_award_requirements` (e.g. the construction permit, which needs the award notice) names
 * the project by one of its form fields; a case whose project of the item's center has no awarded tender is
 * refused with TRADING_AWARD_REQUIRED. A listener of `case.submitted`, which runs inside the submitting
 * transaction: the refusal rolls everything back, so nothing is written, and the cases module never imports
 * this one. It runs first, before any other listener of the submission. The rule of an item is kept in
 * this process, read again when the submission saw a newer version of the rules (lib/config-versions.ts).
 */
const rules = new VersionedCache<string, string | null>('trading_award');

export function subscribeTradingAward(bus: EventBus<AppContext>) {
  bus.on('case.submitted', async (tx, e) => {
    const c = e.before;
    if (!c.item_id) return;
    const itemId = c.item_id;
    const field = await rules.get(itemId, e.config, async () => (await repo.awardRequirementOf(tx, itemId))?.project_code_field ?? null);
    if (!field) return;
    const code = String((c.form as Record<string, unknown> | null)?.[field] ?? '').trim();
    if (!code || !(await repo.projectHasAward(tx, c.center_id, code))) {
      throw errors.TRADING_AWARD_REQUIRED({ code: code || '-', field: `form.${field}` });
    }
  });
}
