import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { cabinetFor } from './cabinet.ts';
import { expireLockers, useCabinetClient } from './delivery.cabinet.ts';
import { pollParcels } from './delivery.post.ts';
import { choiceAtSubmission } from './delivery.service.ts';

/** The delivery choice made with the application is stored in the submission's transaction (a refused choice refuses it). */
export function subscribeDelivery(bus: EventBus<AppContext>) {
  bus.on('case.submitted', async (tx, e) => {
    if (e.delivery) await choiceAtSubmission(tx, e.before.id, e.delivery, e.actorId, e.at);
  });
}

/**
 * The delivery sweeps, every `everyMs` on every instance: parcels due for a look at the carrier
 * (leased SKIP LOCKED), and cabinet results past their last day. The database says what is due.
 */
export function startDeliveryJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  useCabinetClient(cabinetFor(ctx.config));
  return every('delivery jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => pollParcels(ctx));
    const back = await expireLockers(ctx);
    if (back) log(`${back} cabinet result(s) not collected in time, back at the delivery window`);
  });
}
