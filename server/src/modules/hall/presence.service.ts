import { createHmac } from 'node:crypto';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { authorize, hallAppointmentPolicy, type Actor } from '../../policies/index.ts';
import { ZONE_NOT_FOUND } from './hall.service.ts';
import * as repo from './hall.repository.ts';
import { issuedTicketView, issueTicket } from './tickets.service.ts';

/**
 * A ticket taken on the person's phone (docs/hall.md "A ticket from the phone"). The person must be
 * in the hall: the center's kiosks show a six-digit presence code (and a QR code of it) that changes
 * every PERIOD_MS, computed with the center's secret `presence_key` (0035), so it cannot be
 * guessed from outside; the current and the previous code are accepted. Real-name personal accounts
 * only, the same rules as any ticket: the hall open, one active ticket per person and zone and day.
 */
export const PRESENCE_PERIOD_MS = 5 * 60_000;

export function presenceCodeAt(key: Buffer, centerId: string, period: number): string {
  const mac = createHmac('sha256', key).update(`${centerId}:${period}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** The code a kiosk of the center shows now, and when it changes. */
export async function currentPresence(ctx: AppContext, centerId: string) {
  const now = ctx.clock.now();
  const period = Math.floor(now.getTime() / PRESENCE_PERIOD_MS);
  const key = await repo.presenceKey(ctx.db, centerId, now);
  return { code: presenceCodeAt(key, centerId, period), validUntil: new Date((period + 1) * PRESENCE_PERIOD_MS).toISOString() };
}

export async function phoneTicket(ctx: AppContext, who: Actor | null, body: { zoneId: string; presenceCode: string }) {
  // The same door as booking: a real-name personal account (an enterprise or staff: HALL_REAL_NAME_ONLY).
  authorize(hallAppointmentPolicy, who, 'book');
  const zone = await repo.getZone(ctx.db, body.zoneId);
  if (!zone || !zone.active) throw ZONE_NOT_FOUND();
  const now = ctx.clock.now();
  const period = Math.floor(now.getTime() / PRESENCE_PERIOD_MS);
  const key = await repo.presenceKey(ctx.db, zone.center_id, now);
  const valid = [period, period - 1].some((p) => presenceCodeAt(key, zone.center_id, p) === body.presenceCode);
  if (!valid) throw errors.HALL_PRESENCE_CODE({ field: 'presenceCode' });
  const idNumber = await repo.userIdNumber(ctx.db, who!.id);
  const { ticket, ratingToken } = await issueTicket(ctx, zone.center_id, { zoneId: zone.id, source: 'phone', personId: who!.id, idNumber: idNumber ?? undefined }, who!.id);
  return issuedTicketView(ctx.db, ticket, ratingToken, now, zone);
}
