import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { discardDraftOnSubmit } from './portal.service.ts';

/**
 * Submitting an application removes its draft (暂存) in the submission's transaction: the case and
 * the end of the draft commit together, and a refused submission keeps the draft. Only the
 * applicant's own online submissions have drafts; a part of a joint case has its parent's.
 */
export function subscribePortal(bus: EventBus<AppContext>) {
  bus.on('case.submitted', async (tx, e) => {
    const c = e.before;
    if (c.parent_id || c.channel !== 'online') return;
    const target = c.kind === 'joint' ? c.matter_id : c.item_id;
    if (target) await discardDraftOnSubmit(tx, c.applicant_id, c.kind === 'joint' ? 'matter' : 'item', target);
  });
}
