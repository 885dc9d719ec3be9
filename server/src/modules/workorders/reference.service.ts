import type { AppContext } from '../../lib/context.ts';
import { requireActor, type Actor } from '../../policies/index.ts';
import * as repo from './workorders.repository.ts';

/**
 * A center's category tree and limits (everyone signed in: the portal's form uses them too), and the
 * center's departments for staff. Staff get their own center's; an applicant the center they name
 * (`centerId`), or no categories when they name none (each center keeps its own tree, 0051).
 */
export async function referenceData(ctx: AppContext, who: Actor | null, askedCenterId?: string) {
  requireActor(who);
  const centerId = who!.kind === 'staff' ? who!.centerId : (askedCenterId ?? null);
  const [categories, limits, departments] = await Promise.all([
    centerId ? repo.listCategories(ctx.db, centerId) : [], centerId ? repo.listLimits(ctx.db, centerId) : repo.listDefaultLimits(ctx.db),
    who!.kind === 'staff' && who!.centerId ? ctx.db.selectFrom('departments').select(['id', 'name', 'name_en']).where('center_id', '=', who!.centerId).orderBy('name').execute() : [],
  ]);
  // A category is retired when it or any parent is (the tree is small: resolved here, not per row in SQL).
  const byId = new Map(categories.map((c) => [c.id, c]));
  const retired = (id: string | null, depth = 0): boolean => {
    const c = id ? byId.get(id) : undefined;
    return !!c && depth < 20 && (c.retired_at !== null || retired(c.parent_id, depth + 1));
  };
  return {
    categories: categories.map((c) => ({ id: c.id, parentId: c.parent_id, code: c.code, name: c.name, nameEn: c.name_en, retired: retired(c.id) })),
    limits: limits.map((l) => ({ kind: l.kind, urgency: l.urgency, workdays: l.workdays })),
    departments: departments.map((d) => ({ id: d.id, name: d.name, nameEn: d.name_en })),
  };
}
