import type { AppContext } from '../../lib/context.ts';
import type { Actor } from '../../policies/index.ts';
import { act, createProject, createTender } from './tender.service.ts';
import * as repo from './trading.repository.ts';

export const DEMO_TRADING_PROJECT = 'JS-2026-001';
const DAY_MS = 86_400_000;

/**
 * Demo data of public resource trading (idempotent by the project code): one construction project of the
 * province center, supervised by the housing department, with a tender published today whose bids close in
 * 25 days. Made through the services, so it has its revisions and audit events like a real one. Its bid key is made
 * in draft by `makeBidKey` (the bids module's demo key ceremony, passed in by the seed: trading never imports bids),
 * since a tender is published only with its key (TENDER_BID_KEY_REQUIRED).
 */
export async function seedTrading(
  ctx: AppContext, centerId: string, housingDepartmentId: string, makeBidKey: (tenderId: string, by: Actor) => Promise<void>,
): Promise<boolean> {
  if (await repo.projectByCode(ctx.db, centerId, DEMO_TRADING_PROJECT)) return false;
  const user = await ctx.db.selectFrom('users').select(['id', 'name']).where('username', '=', 'trading1').executeTakeFirstOrThrow();
  const me: Actor = { id: user.id, kind: 'staff', name: user.name, roles: ['trading'], centerId, departmentId: null, windowId: null, centerRegion: null };
  const now = ctx.clock.now();
  const { id: projectId } = await createProject(ctx, me, {
    kind: 'construction', code: DEMO_TRADING_PROJECT, name: '海口江东新区综合管廊一期工程', buyerName: '海南江东新区建设投资有限公司',
    buyerOrgCode: '91460000MA5T00001X', agentName: '海南示例招标代理有限公司', agentOrgCode: '91460100MA5T00002Y',
    departmentId: housingDepartmentId, stateFunded: true, lots: [{ name: '施工总承包', budgetFen: 12_000_000_000 }],
  });
  const { id } = await createTender(ctx, me, projectId, {
    title: '海口江东新区综合管廊一期工程施工总承包招标', description: '公开招标，资格后审。投标人须具备市政公用工程施工总承包一级资质。',
    clarificationUntil: new Date(now.getTime() + 10 * DAY_MS).toISOString(), bidDeadline: new Date(now.getTime() + 25 * DAY_MS).toISOString(),
    criteria: [
      { key: 'price', name: { zh: '投标报价', en: 'Price' }, weight: 60 },
      { key: 'technical', name: { zh: '技术标', en: 'Technical proposal' }, weight: 30 },
      { key: 'credit', name: { zh: '信用评价', en: 'Credit record' }, weight: 10 },
    ],
    committeeSize: 7, sector: 'municipal', budgetFen: 12_000_000_000,
  });
  await makeBidKey(id, me);
  await act(ctx, me, id, { action: 'publish' });
  return true;
}
