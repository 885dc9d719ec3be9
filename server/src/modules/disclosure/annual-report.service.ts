import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, disclosurePolicy, type Actor } from '../../policies/index.ts';
import * as figures from './annual-report.repository.ts';
import { renderAnnualReport } from './annual-report-pdf.ts';
import * as repo from './disclosure.repository.ts';
import { PUBLISHABLE, type AnnualReport } from './disclosure.schemas.ts';
import { publicationView } from './publications.service.ts';

/**
 * The annual government information disclosure report (政府信息公开工作年度报告, 条例 第四十九、五十条):
 * for a center and a finished year, generated from the platform's own records (the publications, the
 * requests' history, the approved decisions), previewed by the center's disclosure office or its head,
 * and published at the disclosure point under its own category with the figures kept, so the PDF
 * anyone downloads is always the report as published. docs/disclosure.md "The annual report".
 */

/** The China calendar year [from, to) as instants, and the day after it. */
function yearWindow(year: number) {
  return { from: new Date(Date.UTC(year - 1, 11, 31, 16)), to: new Date(Date.UTC(year, 11, 31, 16)), nextYearStart: `${year + 1}-01-01` };
}

async function compute(ctx: AppContext, who: Actor | null, centerId: string, year: number): Promise<AnnualReport> {
  authorize(disclosurePolicy, who, 'publish', { centerId });
  // 第四十九条: the report of a year is published by 31 January of the next; a year not over has no report.
  if (year >= Number(chinaDate(ctx.clock.now()).slice(0, 4))) throw errors.DISCLOSURE_REPORT_YEAR_OPEN({ field: 'year' });
  const center = await repo.centerOf(ctx.db, centerId);
  if (!center) throw NOT_FOUND({ zh: '政务服务中心', en: 'Center' });
  const w = yearWindow(year);
  const [cats, licences, req] = await Promise.all([
    figures.publicationFigures(ctx.db, centerId, w.from, w.to),
    figures.licencesGrantedCount(ctx.db, centerId, w.from, w.to),
    figures.requestFigures(ctx.db, centerId, w.from, w.to, w.nextYearStart),
  ]);
  const byCat = new Map(cats.map((c) => [c.category, c]));
  const t = req.by_type ?? {};
  const answered = { open: t.open ?? 0, partial: t.partial ?? 0, refused: t.refused ?? 0, not_exist: t.not_exist ?? 0, not_ours: t.not_ours ?? 0, total: 0 };
  answered.total = answered.open + answered.partial + answered.refused + answered.not_exist + answered.not_ours;
  return {
    centerId, centerName: center.name, centerNameEn: center.name_en, year, generatedAt: ctx.clock.now().toISOString(),
    proactive: {
      categories: PUBLISHABLE.map((category) => ({ category, published: byCat.get(category)?.published ?? 0, withdrawn: byCat.get(category)?.withdrawn ?? 0, inForce: byCat.get(category)?.in_force ?? 0 })),
      licencesGranted: licences,
    },
    requests: {
      received: req.received, carriedOver: req.carried_over, answered, withdrawn: req.withdrawn,
      correctionsRequested: req.corrections_requested, corrected: req.corrected,
      extensionsRequested: req.extensions_requested, extensionsApproved: req.extensions_approved, answeredLate: req.answered_late,
      carriedForward: req.carried_forward, overdueAtYearEnd: req.open_overdue_at_end,
    },
  };
}

/** The figures as they would be published now (the office checks them before publishing). */
export const preview = (ctx: AppContext, who: Actor | null, q: { centerId: string; year: number }) => compute(ctx, who, q.centerId, q.year);

/** The preview as a PDF. */
export async function previewPdf(ctx: AppContext, who: Actor | null, q: { centerId: string; year: number }): Promise<Buffer> {
  return renderAnnualReport(await compute(ctx, who, q.centerId, q.year));
}

/** Generates and publishes the year's report at the center's disclosure point; one published report per center and year. */
export async function publishReport(ctx: AppContext, who: Actor | null, body: { centerId: string; year: number }) {
  const report = await compute(ctx, who, body.centerId, body.year);
  return ctx.db.transaction().execute(async (tx) => {
    if (await figures.publishedReport(tx, body.centerId, body.year)) throw errors.DISCLOSURE_REPORT_EXISTS();
    const r = report.requests;
    const row = await repo.insertPublication(tx, {
      center_id: body.centerId, category: 'annual_report', year: body.year, status: 'published', published_at: ctx.clock.now(), published_by: who!.id,
      title: `${report.centerName}${body.year}年政府信息公开工作年度报告`,
      title_en: `${report.centerNameEn ?? report.centerName}: annual report on government information disclosure, ${body.year}`,
      body: `本报告依据《中华人民共和国政府信息公开条例》第四十九条、第五十条，根据本中心${body.year}年度政府信息公开工作数据生成。`
        + `全年主动公开政府信息${report.proactive.categories.reduce((n, c) => n + c.published, 0)}条，公开行政许可决定${report.proactive.licencesGranted}件；`
        + `新收政府信息公开申请${r.received}件，上年结转${r.carriedOver}件，办结答复${r.answered.total}件，结转下年度${r.carriedForward}件。详见报告全文（PDF）。`,
      body_en: `Generated under Articles 49 and 50 of the Regulations on Government Information Disclosure from this center's records for ${body.year}. `
        + `${report.proactive.categories.reduce((n, c) => n + c.published, 0)} items published proactively, ${report.proactive.licencesGranted} licensing decisions disclosed; `
        + `${r.received} requests received, ${r.carriedOver} carried over, ${r.answered.total} answered, ${r.carriedForward} carried forward. See the full report (PDF).`,
      report: JSON.stringify(report),
    });
    return publicationView(row);
  });
}

/** The published report as a PDF, for anyone (the portal's disclosure point). */
export async function publishedPdf(ctx: AppContext, id: string): Promise<Buffer> {
  const p = await repo.findPublication(ctx.db, id);
  if (!p || p.status !== 'published' || !p.report) throw NOT_FOUND({ zh: '年度报告', en: 'Annual report' });
  return renderAnnualReport(p.report as AnnualReport);
}
