import type { AppContext } from '../lib/context.ts';
import { decideSealRequest, requestSeal } from '../modules/seals/seals.service.ts';
import * as sealsRepo from '../modules/seals/seals.repository.ts';
import type { Actor } from '../policies/index.ts';

/**
 * Demo e-seals: every department of the demo centers gets one through the same four-eyes path as
 * a real center (one manager requests, the other approves), so a fresh clone starts with signed
 * documents. Idempotent: a department with a seal is left alone.
 */
export async function seedSeals(ctx: AppContext, log: (m: string) => void = () => {}): Promise<number> {
  const db = ctx.db;
  const managers = await db.selectFrom('users as u').innerJoin('centers as c', 'c.id', 'u.center_id').innerJoin('regions as r', 'r.code', 'c.region_code')
    .select(['u.id', 'u.name', 'u.roles', 'u.center_id', 'r.code as region_code', 'r.level'])
    .where('u.kind', '=', 'staff').where('u.username', 'in', ['manager', 'manager2', 'hk.manager', 'hk.manager2']).orderBy('u.username').execute();
  const departments = await db.selectFrom('departments').select(['id', 'center_id']).orderBy('created_at').orderBy('id').execute();
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const validFrom = today < '2026-01-01' ? today : '2026-01-01';
  let created = 0;
  for (const d of departments) {
    const pair = managers.filter((m) => m.center_id === d.center_id).map((m): Actor => ({
      id: m.id, kind: 'staff', name: m.name, roles: m.roles as Actor['roles'], centerId: m.center_id, departmentId: null, windowId: null,
      centerRegion: { code: m.region_code, level: m.level as NonNullable<Actor['centerRegion']>['level'] },
    }));
    if (pair.length < 2 || (await sealsRepo.sealOfDepartment(db, d.id))) continue;
    const req = await requestSeal(ctx, pair[0]!, { departmentId: d.id, kind: 'create', reason: '演示数据：部门电子印章', validFrom, validTo: `${Number(today.slice(0, 4)) + 10}-12-31` });
    await decideSealRequest(ctx, pair[1]!, req.id, { approve: true, reason: '演示数据' });
    created++;
  }
  if (created) log(`demo e-seals: ${created} created`);
  return created;
}
