import { createHash } from 'node:crypto';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { centerOrThrow, settingsOf } from './hall.service.ts';
import * as repo from './hall.repository.ts';
import { estimate } from './tickets.service.ts';

/**
 * The traffic-light waiting display (ZMS's users asked for it): per zone, how many wait and the wait a
 * ticket taken now would have (the pessimistic estimate: the honest one to show on a wall), with a
 * light from the center's thresholds (hall_settings, 0035): green up to `light_green_minutes`,
 * amber up to `light_amber_minutes`, red beyond. Public and anonymous: counts only, no person.
 */
export type Light = 'green' | 'amber' | 'red';

export const lightOf = (minutes: number, s: { light_green_minutes: number; light_amber_minutes: number }): Light =>
  minutes <= s.light_green_minutes ? 'green' : minutes <= s.light_amber_minutes ? 'amber' : 'red';

export async function waitingBoard(ctx: AppContext, centerId: string) {
  const center = await centerOrThrow(ctx.db, centerId);
  const today = chinaDate(ctx.clock.now());
  const [zones, settings] = await Promise.all([repo.listZones(ctx.db, centerId), settingsOf(ctx.db, centerId)]);
  const active = zones.filter((z) => z.active);
  const rows = await Promise.all(active.map(async (z) => {
    const waiting = await repo.waitingCount(ctx.db, [z.id], today);
    // A ticket taken now has everybody waiting ahead of it.
    const e = await estimate(ctx.db, z, waiting);
    return {
      id: z.id, prefix: z.prefix, name: z.name, nameEn: z.name_en, waiting,
      optimisticMinutes: e.optimisticMinutes, pessimisticMinutes: e.pessimisticMinutes, openWindows: e.openWindows,
      light: lightOf(e.pessimisticMinutes, settings),
    };
  }));
  const body = {
    center: { id: center.id, name: center.name, nameEn: center.name_en },
    thresholds: { greenMinutes: settings.light_green_minutes, amberMinutes: settings.light_amber_minutes },
    zones: rows,
  };
  const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
  return { body, etag };
}
