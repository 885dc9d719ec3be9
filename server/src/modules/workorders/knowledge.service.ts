import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, workOrderPolicy, type Actor } from '../../policies/index.ts';
import * as repo from './workorders.repository.ts';

/**
 * The operators' knowledge base: questions and answers of the center, searchable by any part of the text;
 * an article made from an order links it as its source, and a reply that reuses an article records it.
 */
export async function searchKnowledge(ctx: AppContext, who: Actor | null, q: { q?: string; page: number; pageSize: number }) {
  authorize(workOrderPolicy, who, 'knowledge');
  const { rows, total } = await repo.searchArticles(ctx.db, who!.centerId!, q.q || undefined, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    rows: rows.map((r) => ({
      id: r.id, question: r.question, answer: r.answer, categoryId: r.category_id, usedCount: r.used_count, createdAt: r.created_at.toISOString(),
      sourceOrder: r.source_order_id ? { id: r.source_order_id, orderNo: r.source_order_no! } : null,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export async function addArticle(ctx: AppContext, who: Actor | null, body: { question: string; answer: string; categoryId?: string | null; sourceOrderId?: string }) {
  authorize(workOrderPolicy, who, 'knowledge');
  const centerId = who!.centerId!;
  if (body.sourceOrderId) {
    const o = await repo.findOrder(ctx.db, body.sourceOrderId);
    if (!o || o.center_id !== centerId) throw NOT_FOUND({ zh: '工单', en: 'Work order' });
  }
  // A category of the center's own tree (another center's does not exist here).
  if (body.categoryId && (await repo.categoryLineage(ctx.db, centerId, body.categoryId)).length === 0) throw errors.WORKORDER_CATEGORY_UNKNOWN({ field: 'categoryId' });
  return ctx.db.transaction().execute((tx) => repo.insertArticle(tx, {
    centerId, categoryId: body.categoryId ?? null, question: body.question, answer: body.answer, sourceOrderId: body.sourceOrderId ?? null, createdBy: who!.id, at: ctx.clock.now(),
  }));
}
