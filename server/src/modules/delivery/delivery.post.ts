import { appendAudit } from '../../lib/audit.ts';
import { tellPosted } from './delivery.messages.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import type { Actor } from '../../policies/index.ts';
import * as cases from '../cases/cases.repository.ts';
import { caseStream, transition } from '../cases/cases.service.ts';
import { carrierFor, signedDate, trackingNoValid } from './carrier.ts';
import * as repo from './delivery.repository.ts';
import type { PostInput } from './delivery.schemas.ts';
import { caseForHandOver } from './delivery.service.ts';

/**
 * Post (邮寄送达): the clerk records the carrier and tracking number of the parcel sent to the address
 * the applicant chose (never another). Dispatch is a recorded step; the case stays `ready` at the
 * window's side until the carrier reports the parcel signed for, when the system delivers it (the
 * signed-for date is the date of delivery). A parcel returned undeliverable comes back to the
 * delivery window with the carrier's reason, and the case can be posted again or collected.
 */
export async function dispatch(ctx: AppContext, who: Actor | null, caseId: string, input: PostInput) {
  await ctx.db.transaction().execute(async (tx) => {
    const { c } = await caseForHandOver(ctx, tx, who, caseId);
    if (!trackingNoValid(input.carrier, input.trackingNo)) throw errors.TRACKING_NO_INVALID({ field: 'trackingNo' });
    const choice = await repo.findChoice(tx, c.id);
    if (choice?.method !== 'post') throw errors.DELIVERY_METHOD_NOT_CHOSEN({ method: 'post' });
    if (await repo.findOpen(tx, c.id)) throw errors.DELIVERY_ALREADY_OUT();
    if (await repo.trackingTaken(tx, input.carrier, input.trackingNo)) throw errors.TRACKING_NO_TAKEN({ field: 'trackingNo' });
    const now = ctx.clock.now();
    const deliveryId = await repo.insertDelivery(tx, {
      case_id: c.id, center_id: c.delivery_center_id ?? c.center_id, method: 'post', status: 'out', carrier: input.carrier, tracking_no: input.trackingNo,
      recipient_name: choice.recipient_name, recipient_phone: choice.recipient_phone, region_code: choice.region_code, address: choice.address,
      carrier_status: 'dispatched', carrier_events: JSON.stringify([{ status: 'dispatched', at: now.toISOString() }]), next_poll_at: now,
      created_by: who!.id, created_at: now,
    });
    await appendAudit(tx, { stream: caseStream(c.id), action: 'case.delivery_posted', actorId: who!.id, at: now, data: { carrier: input.carrier, trackingNo: input.trackingNo } });
    await tellPosted(tx, c, { deliveryId, carrier: input.carrier, trackingNo: input.trackingNo, at: now });
  });
}

/**
 * Asks the carrier about one parcel and records what is new: compute without locks (the carrier's
 * answer), then write in one short transaction holding the case and the parcel, re-reading the events
 * already recorded, so a parcel asked twice (two instances, a retry) is delivered once.
 * Returns what happened to the parcel.
 */
export async function trackParcel(ctx: AppContext, deliveryId: string): Promise<'none' | 'moved' | 'delivered' | 'returned'> {
  const d = await repo.getDelivery(ctx.db, deliveryId);
  if (!d || d.status !== 'out' || d.method !== 'post') return 'none';
  const now = ctx.clock.now();
  const events = await carrierFor(d.carrier!).track({ carrier: d.carrier!, trackingNo: d.tracking_no!, dispatchedAt: d.created_at }, now);
  return ctx.db.transaction().execute(async (tx) => {
    const c = await cases.lockCaseWaiting(tx, d.case_id);
    const open = await repo.lockOpen(tx, d.case_id);
    if (!c || open?.id !== d.id) return 'none';
    // The carrier's list starts after our own `dispatched` record; what we already have is not taken twice.
    const seen = new Set(open.carrier_events.map((e) => `${e.status}@${e.at}`));
    const fresh = events.filter((e) => !seen.has(`${e.status}@${e.at}`));
    const nextPoll = new Date(now.getTime() + ctx.config.CARRIER_POLL_MINUTES * 60_000);
    const signed = fresh.find((e) => e.status === 'signed');
    const returned = fresh.find((e) => e.status === 'returned');
    const last = fresh.at(-1);
    if (signed) {
      await repo.appendCarrierEvents(tx, d.id, fresh, { status: 'delivered', carrier_status: 'signed', signed_date: signedDate(signed), ended_at: now, next_poll_at: null, poll_claimed_until: null });
      // The system delivers on the carrier's word, for the clerk who posted it (a case closed meanwhile stays closed).
      if (c.status === 'ready') await transition(ctx, tx, c, ['system'], { action: 'deliver', method: 'post', trackingNo: d.tracking_no! }, null, d.created_by);
      return 'delivered';
    }
    if (returned) {
      const reason = returned.note ?? '退回 / returned';
      await repo.appendCarrierEvents(tx, d.id, fresh, { status: 'returned', carrier_status: 'returned', returned_reason: reason, ended_at: now, next_poll_at: null, poll_claimed_until: null });
      await appendAudit(tx, { stream: caseStream(c.id), action: 'case.delivery_returned', actorId: null, at: now, data: { method: 'post', trackingNo: d.tracking_no, reason } });
      return 'returned';
    }
    await repo.appendCarrierEvents(tx, d.id, fresh, { ...(last ? { carrier_status: last.status } : {}), next_poll_at: nextPoll, poll_claimed_until: null });
    return fresh.length ? 'moved' : 'none';
  });
}

/** One round of the carrier sweep: claim the parcels due (SKIP LOCKED lease), ask the carrier about each. */
export async function pollParcels(ctx: AppContext, batch = 50): Promise<number> {
  const now = ctx.clock.now();
  const ids = await repo.claimDueParcels(ctx.db, now, new Date(now.getTime() + 5 * 60_000), batch);
  for (const id of ids) {
    try {
      await trackParcel(ctx, id);
    } catch {
      // The carrier did not answer: the lease runs out and the parcel is asked again later.
    }
  }
  return ids.length;
}

export const chinaToday = (ctx: AppContext) => chinaDate(ctx.clock.now());
