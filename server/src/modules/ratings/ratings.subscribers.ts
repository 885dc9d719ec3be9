import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { inviteRating } from './ratings.service.ts';

/**
 * What ratings hear of the cases (cases never import ratings): a case entering `accepted` (accept,
 * deem_accept) is invited to rate the acceptance, a case entering `delivered` (the result handed
 * over, posted and signed for, or picked up) to rate the completion. Joint parts and upper cases
 * are not invited: the applicant rates the case they applied with (the joint parent, the lower case).
 */
export function subscribeRatings(bus: EventBus<AppContext>) {
  bus.onEvery(async (tx, e) => {
    if (e.name === 'case.submitted' || e.name === 'case.materials_checked') return;
    const c = e.before;
    if (c.kind === 'part' || c.kind === 'upper') return;
    const { from, to } = e.data;
    if (to === 'accepted' && from !== 'accepted') await inviteRating(tx, c, 'acceptance', e.actorId, e.at);
    else if (to === 'delivered' && from !== 'delivered') await inviteRating(tx, c, 'completion', e.actorId, e.at);
  });
}
