import type { Db } from '../../db/database.ts';
import type { HallBusiness, HallPriorityReason } from '../../db/types.ts';
import { kioskTokenHash } from './hall.service.ts';

/**
 * Demo data of the hall (idempotent): service zones by business with the windows that serve them,
 * opening hours with extended hours on Wednesday and Saturday-morning service, the priority rules,
 * and one kiosk per center with a known demo token (`demo-kiosk-<center>`; never in production).
 */
export const DEMO_KIOSK_TOKENS = { province: 'demo-kiosk-province', haikou: 'demo-kiosk-haikou' } as const;

const ZONES: Array<{ prefix: string; business: HallBusiness; name: string; nameEn: string; windows: string[]; slotCapacity: number; dayCapacity: number }> = [
  { prefix: 'A', business: 'enterprise', name: '企业开办区', nameEn: 'Enterprise start-up', windows: ['综合受理窗口1', '综合受理窗口2'], slotCapacity: 4, dayCapacity: 60 },
  { prefix: 'B', business: 'construction', name: '工程建设项目区', nameEn: 'Construction projects', windows: ['综合受理窗口3'], slotCapacity: 2, dayCapacity: 30 },
  { prefix: 'C', business: 'social', name: '社会事务区', nameEn: 'Social affairs', windows: ['综合代办窗口', '综合受理窗口2'], slotCapacity: 3, dayCapacity: 40 },
  { prefix: 'D', business: 'livelihood', name: '民生服务区', nameEn: 'Livelihood services', windows: ['综合受理窗口1', '出件窗口'], slotCapacity: 3, dayCapacity: 40 },
];

const HOURS = [
  ...[1, 2, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00', extended_until: null })),
  // Staggered and extended hours (国发〔2022〕5号): Wednesday evening, and Saturday morning.
  { weekday: 3, opens: '09:00', closes: '17:00', extended_until: '19:00' },
  { weekday: 6, opens: '09:00', closes: '12:00', extended_until: null },
];

const PRIORITY: Array<{ reason: HallPriorityReason; weight: number }> = [
  { reason: 'green_channel', weight: 60 }, { reason: 'appointment', weight: 50 }, { reason: 'elderly', weight: 40 }, { reason: 'disabled', weight: 40 },
];

export async function seedHall(db: Db, centers: Record<'province' | 'haikou', string>, windowIds: Map<string, string>, now: Date): Promise<number> {
  let created = 0;
  for (const key of ['province', 'haikou'] as const) {
    const centerId = centers[key];
    const exists = await db.selectFrom('hall_zones').select('id').where('center_id', '=', centerId).executeTakeFirst();
    if (exists) continue;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('hall_settings').values({ center_id: centerId, updated_at: now }).onConflict((oc) => oc.doNothing()).execute();
      await tx.insertInto('hall_hours').values(HOURS.map((h) => ({ center_id: centerId, ...h }))).onConflict((oc) => oc.doNothing()).execute();
      await tx.insertInto('hall_priority_rules').values(PRIORITY.map((p) => ({ center_id: centerId, ...p }))).onConflict((oc) => oc.doNothing()).execute();
      for (const z of ZONES) {
        const zone = await tx.insertInto('hall_zones').values({
          center_id: centerId, prefix: z.prefix, business: z.business, name: z.name, name_en: z.nameEn,
          slot_minutes: 30, slot_capacity: z.slotCapacity, day_capacity: z.dayCapacity, service_seconds: 600, updated_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        const ws = z.windows.map((w) => windowIds.get(`${key}:${w}`)).filter((w): w is string => !!w);
        if (ws.length) await tx.insertInto('hall_zone_windows').values(ws.map((w) => ({ zone_id: zone.id, window_id: w }))).execute();
      }
      await tx.insertInto('hall_kiosks').values({ center_id: centerId, name: key === 'province' ? '一楼大厅取号机' : '大厅取号机', token_hash: kioskTokenHash(DEMO_KIOSK_TOKENS[key]), created_at: now })
        .onConflict((oc) => oc.doNothing()).execute();
    });
    created++;
  }
  return created;
}
