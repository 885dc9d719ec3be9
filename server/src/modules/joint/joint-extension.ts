import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { cascade } from '../cases/cases.service.ts';
import { CLOCK_STATES, type CaseState } from '../cases/transitions.ts';
import * as repo from './joint.repository.ts';

/**
 * Art. 42, joint handling: 45 working days, extended once by 15 by the lead department's chief. The
 * extension is taken on the joint case; each part still running on its clock (not an instant item) is extended with it by
 * the system (a part is never extended on its own), in the same transaction, with the lead chief's reason.
 */
export function subscribeJointExtension(bus: EventBus<AppContext>) {
  bus.on('case.extend', async (tx, e, ctx) => {
    if (e.before.kind !== 'joint') return;
    for (const p of await repo.openParts(tx, e.before.id)) {
      // Art. 42 never extends an instant item (即办件), decided on the spot: its part keeps its own limit.
      if (!CLOCK_STATES.includes(p.status as CaseState) || p.processing_mode === 'instant') continue;
      await cascade(ctx, tx, p.id, { action: 'extend', reason: e.data.reason }, e.actorId);
    }
  });
}
