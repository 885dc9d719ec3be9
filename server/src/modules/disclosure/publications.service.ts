import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { keysetPage, type TimeCursor } from '../../lib/keyset.ts';
import { maskName } from '../../lib/mask.ts';
import { authorize, disclosurePolicy, type Actor } from '../../policies/index.ts';
import * as repo from './disclosure.repository.ts';
import type { AnnualReport, PublicListQuery, PublishBody } from './disclosure.schemas.ts';

/**
 * The disclosure point (主动公开, seed 002 一(三)): the center's publications by category, published and
 * withdrawn by its disclosure office or its manager; anyone reads what is published. docs/disclosure.md.
 */

export const publicationView = (p: repo.PublicationRow) => ({
  id: p.id, centerId: p.center_id, category: p.category, title: p.title, titleEn: p.title_en, body: p.body, bodyEn: p.body_en,
  docNo: p.doc_no, year: p.year, status: p.status, publishedAt: p.published_at.toISOString(),
  withdrawnAt: p.withdrawn_at?.toISOString() ?? null, withdrawReason: p.withdraw_reason,
  report: (p.report ?? null) as AnnualReport | null, reportPdfUrl: p.report ? `/api/public/disclosure/${p.id}/report.pdf` : null,
});
const view = publicationView;
const notFound = () => NOT_FOUND({ zh: '公开信息', en: 'Publication' });

export async function publish(ctx: AppContext, who: Actor | null, body: PublishBody) {
  authorize(disclosurePolicy, who, 'publish');
  const me = who!;
  const row = await repo.insertPublication(ctx.db, {
    center_id: me.centerId!, category: body.category, title: body.title, title_en: body.titleEn ?? null, body: body.body,
    body_en: body.bodyEn ?? null, doc_no: body.docNo ?? null, year: body.year, status: 'published',
    published_at: ctx.clock.now(), published_by: me.id,
  });
  return view(row);
}

export async function withdraw(ctx: AppContext, who: Actor | null, id: string, reason: string) {
  authorize(disclosurePolicy, who, 'publish');
  return ctx.db.transaction().execute(async (tx) => {
    const p = await repo.lockPublication(tx, id);
    if (!p) throw notFound();
    authorize(disclosurePolicy, who, 'publish', { centerId: p.center_id });
    if (p.status === 'withdrawn') throw errors.DISCLOSURE_ALREADY_WITHDRAWN();
    return view(await repo.withdrawPublication(tx, id, who!.id, reason, ctx.clock.now()));
  });
}

/** The portal's list: published only, newest first, by category, year or words of the title. */
export async function publicList(ctx: AppContext, q: PublicListQuery) {
  const { rows, total } = await repo.listPublications(ctx.db, { centerId: q.centerId, category: q.category, year: q.year, q: q.q, includeWithdrawn: false },
    q.pageSize, (q.page - 1) * q.pageSize);
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map(view) };
}

/** The staff list of their own center: withdrawn publications too. */
export async function staffList(ctx: AppContext, who: Actor | null, q: Omit<PublicListQuery, 'centerId'>) {
  authorize(disclosurePolicy, who, 'publish');
  const { rows, total } = await repo.listPublications(ctx.db, { centerId: who!.centerId!, category: q.category, year: q.year, q: q.q, includeWithdrawn: true },
    q.pageSize, (q.page - 1) * q.pageSize);
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map(view) };
}

export async function publicDetail(ctx: AppContext, id: string) {
  const p = await repo.findPublication(ctx.db, id);
  if (!p || p.status !== 'published') throw notFound();
  return view(p);
}

/** Licences granted, generated from the center's approved decisions, in keyset pages; the holder masked as on every public screen. */
export async function licencesGranted(ctx: AppContext, q: { centerId: string; year?: number | undefined; cursor?: TimeCursor | undefined; pageSize: number }) {
  const { page, nextCursor } = keysetPage(await repo.licencesGranted(ctx.db, q.centerId, q.year, { after: q.cursor, limit: q.pageSize + 1 }), q.pageSize);
  return {
    nextCursor,
    items: page.map((r) => ({
      receiptNo: r.receipt_no, holder: maskName(r.applicant_name), itemName: r.item_name, itemNameEn: r.item_name_en,
      department: r.department_name, departmentEn: r.department_name_en, decidedDate: chinaDate(r.decided_at!),
    })),
  };
}
