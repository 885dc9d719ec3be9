import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { linkCaseToTicket } from './tickets.service.ts';

/**
 * A case registered at the counter from a ticket (`ticketId` on the registration) is linked to it,
 * in the registration's transaction; a ticket that is not the one called at the clerk's window
 * refuses the registration (nothing written). Cases never import the hall.
 */
export function subscribeHall(bus: EventBus<AppContext>) {
  bus.on('case.submitted', async (tx, e) => {
    if (e.data.ticketId) await linkCaseToTicket(tx, e.data.ticketId, e.before.id, e.actorId, e.at);
  });
}
