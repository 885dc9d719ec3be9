import type { Db, Tx } from '../../db/database.ts';
import type { WorkOrderKind, WorkOrderUrgency } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, workOrderPolicy, type Actor } from '../../policies/index.ts';
import * as repo from './workorders.repository.ts';
import type { CategoryCreateBody, CategoryUpdateBody, LimitsBody } from './workorders.schemas.ts';

/**
 * The hotline's configuration (docs/hotline.md, "Configuration"): each center's category tree and its
 * time limit per kind and urgency (0051). The center's hotline lead and managers read and edit their own
 * center's only (the signed-in staff member's center; another center's category is refused by
 * `workOrderPolicy`); every change is audited in the stream `workorder-config:<centerId>` in its
 * transaction; a refusal writes nothing. A category is never deleted (orders keep it): it is retired,
 * and a retired category, or one under a retired parent, cannot be chosen for a new order
 * (`WORKORDER_CATEGORY_RETIRED`).
 */
export const configStream = (centerId: string) => `workorder-config:${centerId}`;
const KINDS: readonly WorkOrderKind[] = ['consultation', 'request', 'complaint', 'suggestion', 'praise'];

/** Refuses a category a new order of this center cannot take: unknown (or another center's), or retired (itself or an ancestor). */
export async function assertCategoryChoosable(db: Db | Tx, centerId: string, id: string) {
  const lineage = await repo.categoryLineage(db, centerId, id);
  if (lineage.length === 0) throw errors.WORKORDER_CATEGORY_UNKNOWN({ field: 'categoryId' });
  if (lineage.some((c) => c.retired_at !== null)) throw errors.WORKORDER_CATEGORY_RETIRED({ field: 'categoryId' });
}

/** The staff member's own center, once `configure` is allowed (the policy requires a seated staff member). */
function configuringCenter(who: Actor | null): string {
  authorize(workOrderPolicy, who, 'configure');
  return who!.centerId!;
}

const centerRef = (centerId: string) => ({ centerId, departmentId: null, callerUserId: null });

export async function configuration(ctx: AppContext, who: Actor | null) {
  const centerId = configuringCenter(who);
  const [categories, limits] = await Promise.all([repo.listCategories(ctx.db, centerId), repo.listLimits(ctx.db, centerId)]);
  return {
    categories: categories.map((c) => ({ id: c.id, parentId: c.parent_id, code: c.code, name: c.name, nameEn: c.name_en, sort: c.sort, retired: c.retired_at !== null })),
    limits: limits.map((l) => ({ kind: l.kind, urgency: l.urgency, workdays: l.workdays })),
  };
}

export async function addCategory(ctx: AppContext, who: Actor | null, body: CategoryCreateBody) {
  const centerId = configuringCenter(who);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    if (body.parentId) await assertCategoryChoosable(tx, centerId, body.parentId);
    const c = await repo.insertCategory(tx, { center_id: centerId, parent_id: body.parentId ?? null, code: body.code, name: body.name, name_en: body.nameEn, sort: body.sort ?? 0 });
    if (!c) throw errors.WORKORDER_CATEGORY_CODE_TAKEN({ field: 'code' });
    await appendAudit(tx, { stream: configStream(centerId), action: 'workorder.category.add', actorId: who!.id, at: now, data: { id: c.id, parentId: c.parent_id, code: c.code, name: c.name, nameEn: c.name_en } });
    return { id: c.id };
  });
}

/** Rename, reorder, retire or reinstate a category. */
export async function updateCategory(ctx: AppContext, who: Actor | null, id: string, body: CategoryUpdateBody) {
  configuringCenter(who);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await repo.lockCategory(tx, id);
    if (!c) throw NOT_FOUND({ zh: '工单分类', en: 'Work order category' });
    // Another center's category: refused like another center's order (403), before anything is written.
    authorize(workOrderPolicy, who, 'configure', centerRef(c.center_id));
    const retired = body.retired === undefined ? undefined : body.retired ? (c.retired_at ?? now) : null;
    const after = await repo.updateCategory(tx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}), ...(body.nameEn !== undefined ? { name_en: body.nameEn } : {}),
      ...(body.sort !== undefined ? { sort: body.sort } : {}), ...(retired !== undefined ? { retired_at: retired } : {}),
    });
    const action = body.retired === true && !c.retired_at ? 'workorder.category.retire' : body.retired === false && c.retired_at ? 'workorder.category.reinstate' : 'workorder.category.update';
    await appendAudit(tx, {
      stream: configStream(c.center_id), action, actorId: who!.id, at: now,
      data: { id, code: c.code, before: { name: c.name, nameEn: c.name_en, sort: c.sort, retired: c.retired_at !== null }, after: { name: after.name, nameEn: after.name_en, sort: after.sort, retired: after.retired_at !== null } },
    });
    return { id };
  });
}

/**
 * Sets some of the limits. The table after the change must hold, for every kind, a normal limit of at
 * least one working day and an urgent limit (0 = the same day) no longer than the normal one.
 */
export async function saveLimits(ctx: AppContext, who: Actor | null, body: LimitsBody) {
  const centerId = configuringCenter(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const current = await repo.lockLimits(tx, centerId);
    const table = new Map<string, number>(current.map((l) => [`${l.kind}:${l.urgency}`, l.workdays]));
    for (const l of body.limits) table.set(`${l.kind}:${l.urgency}`, l.workdays);
    for (const kind of KINDS) {
      const normal = table.get(`${kind}:normal`);
      const urgent = table.get(`${kind}:urgent`);
      if (normal === undefined || urgent === undefined || normal < 1) throw errors.WORKORDER_LIMIT_INVALID({ kind, field: 'limits' });
      if (urgent > normal) throw errors.WORKORDER_LIMIT_URGENT_ABOVE_NORMAL({ kind, field: 'limits' });
    }
    const before = (l: { kind: string; urgency: string }) => current.find((c) => c.kind === l.kind && c.urgency === l.urgency)?.workdays ?? null;
    const changed = body.limits.filter((l) => before(l) !== l.workdays);
    for (const l of changed) await repo.setLimit(tx, centerId, l.kind as WorkOrderKind, l.urgency as WorkOrderUrgency, l.workdays);
    await appendAudit(tx, {
      stream: configStream(centerId), action: 'workorder.limits', actorId: who!.id, at: now,
      data: { changed: changed.map((l) => ({ kind: l.kind, urgency: l.urgency, from: before(l), to: l.workdays })) },
    });
  });
  return configuration(ctx, who);
}
