import type { AppContext } from '../../lib/context.ts';
import { makeCreditCode, makeIdNumber } from '../../lib/identity.ts';
import type { Actor } from '../../policies/index.ts';
import { addExpert } from './pool.service.ts';

/**
 * Demo data of the expert pool (docs/experts.md, "Demo data"): the seed accounts expert1…expert7 are members of
 * the province center's pool, linked to their sign-in (`experts.user_id`), so a draw for the demo tender (a
 * utility tunnel, construction: specialty `municipal_works`) can seat them and they can score. Added through the
 * pool service by the draw operator `draw1` (an audit event each); idempotent by the account: an account that is
 * already in the pool is skipped. ID numbers are valid (check digit) and registered in Haikou's districts, never
 * 460100, the region the tests' experts use; employers are none of the demo tender's buyer, agent or supervisor.
 */
const EXPERTS: ReadonlyArray<{ username: string; idRegion: string; birth: string; phone: string; specialties: string[]; regionCode: string; employer: string; employerBase: string }> = [
  { username: 'expert1', idRegion: '460105', birth: '19660312', phone: '13807561201', specialties: ['municipal_works', 'utility_tunnel'], regionCode: '460106', employer: '海南省建筑设计院有限公司', employerBase: 'ME000001' },
  { username: 'expert2', idRegion: '460106', birth: '19690725', phone: '13807561202', specialties: ['municipal_works', 'cost_engineering'], regionCode: '460108', employer: '海南华信工程造价咨询有限公司', employerBase: 'ME000002' },
  { username: 'expert3', idRegion: '460107', birth: '19710118', phone: '13807561203', specialties: ['municipal_works', 'geotechnical'], regionCode: '460107', employer: '海南大学土木建筑工程学院', employerBase: 'ME000003' },
  { username: 'expert4', idRegion: '460108', birth: '19730904', phone: '13807561204', specialties: ['municipal_works', 'building_construction'], regionCode: '460105', employer: '海南省第二建设工程监理有限公司', employerBase: 'ME000004' },
  { username: 'expert5', idRegion: '460105', birth: '19750630', phone: '13807561205', specialties: ['municipal_works', 'electrical_installation'], regionCode: '460106', employer: '海南电力设计研究院有限公司', employerBase: 'ME000005' },
  { username: 'expert6', idRegion: '460106', birth: '19780221', phone: '13807561206', specialties: ['municipal_works', 'water_supply_drainage'], regionCode: '460000', employer: '海南省水利水电勘测设计研究院', employerBase: 'ME000006' },
  { username: 'expert7', idRegion: '460108', birth: '19801109', phone: '13807561207', specialties: ['municipal_works', 'project_management'], regionCode: '460108', employer: '海南建科工程咨询有限公司', employerBase: 'ME000007' },
];

/** A valid unified social credit code: a public institution (学院, 研究院: 1 2) or a company (9 1), registered in the region. */
const employerCode = (name: string, region: string, base: string) =>
  /(学院|研究院)$/.test(name) ? makeCreditCode('1', '2', region === '460000' ? '460000' : '460100', base) : makeCreditCode('9', '1', region === '460000' ? '460000' : '460100', base);

/** Puts the demo experts into the province pool; returns how many were added (0 the second time). */
export async function seedExperts(ctx: AppContext, centerId: string): Promise<number> {
  const op = await ctx.db.selectFrom('users').select(['id', 'name']).where('username', '=', 'draw1').executeTakeFirst();
  if (!op) return 0;
  const me: Actor = { id: op.id, kind: 'staff', name: op.name, roles: ['draw_operator'], centerId, departmentId: null, windowId: null, centerRegion: null };
  let added = 0;
  for (const [i, x] of EXPERTS.entries()) {
    const user = await ctx.db.selectFrom('users').select(['id', 'name']).where('username', '=', x.username).executeTakeFirst();
    if (!user) continue;
    if (await ctx.db.selectFrom('experts').select('id').where('user_id', '=', user.id).executeTakeFirst()) continue;
    const idNumber = makeIdNumber(x.idRegion, x.birth, String(201 + 2 * i).padStart(3, '0'));
    if (await ctx.db.selectFrom('experts').select('id').where('center_id', '=', centerId).where('id_number', '=', idNumber).executeTakeFirst()) continue;
    await addExpert(ctx, me, {
      name: user.name, idNumber, phone: x.phone, specialties: x.specialties, regionCode: x.regionCode,
      employerCode: employerCode(x.employer, x.regionCode, x.employerBase), employerName: x.employer, userId: user.id,
    });
    added++;
  }
  return added;
}
