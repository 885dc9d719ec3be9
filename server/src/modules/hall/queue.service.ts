import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import type { HallPriorityReason } from '../../db/types.ts';
import { authorize, hallTicketPolicy, type Actor } from '../../policies/index.ts';
import { ZONE_NOT_FOUND } from './hall.service.ts';
import * as repo from './hall.repository.ts';

/**
 * The manager's queue page (docs/hall.md "The manager's queue"): today's waiting tickets of one zone
 * of the manager's center, a page at a time on the queue index, with what the manager needs to cancel
 * or transfer one (`POST /api/hall/tickets/:id/actions`, policy hall_ticket · manage). Numbers and
 * priority reasons only: the manager acts on the queue, not on the person.
 */
export async function managerQueue(ctx: AppContext, who: Actor | null, q: { zoneId: string; cursor?: string | undefined; limit: number }) {
  authorize(hallTicketPolicy, who, 'manage');
  const zone = await repo.getZone(ctx.db, q.zoneId);
  if (!zone) throw ZONE_NOT_FOUND();
  // Another center's zone: refused like its tickets (403), before anything of it is read.
  authorize(hallTicketPolicy, who, 'manage', { centerId: zone.center_id, personId: null });
  const today = chinaDate(ctx.clock.now());
  // The cursor's shape is checked by the route's schema: '<priority>|<queue_pos>'.
  const [priority, queuePos] = q.cursor ? q.cursor.split('|').map(Number) : [];
  const after = priority !== undefined && queuePos !== undefined ? { priority, queuePos } : undefined;
  const [rows, waiting] = await Promise.all([
    repo.waitingPage(ctx.db, { zoneId: zone.id, day: today, after, limit: q.limit + 1 }),
    repo.waitingCount(ctx.db, [zone.id], today),
  ]);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    zone: { id: zone.id, prefix: zone.prefix, name: zone.name, nameEn: zone.name_en, active: zone.active },
    waiting,
    items: page.map((t) => ({
      id: t.id, number: t.number, priorityReasons: t.priority_reasons as HallPriorityReason[],
      issuedAt: t.issued_at.toISOString(), queuedAt: t.queued_at.toISOString(), priorityFrom: t.priority_from?.toISOString() ?? null,
      skipped: t.skip_count > 0,
      targetWindow: t.target_window_id ? { id: t.target_window_id, name: t.target_window_name!, nameEn: t.target_window_name_en } : null,
    })),
    nextCursor: rows.length > q.limit && last ? `${last.priority}|${last.queue_pos}` : null,
  };
}
