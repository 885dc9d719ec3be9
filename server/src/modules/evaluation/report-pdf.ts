import type { RejectionGround, TenderCandidate, TenderCriterion } from '../../db/types.ts';
import { chinaDate } from '../../lib/clock.ts';
import { chineseDate, cjkDocument } from '../../lib/pdf/document.ts';
import { fromHundredths, toHundredths, type BidResult } from './evaluation.compute.ts';

/**
 * The evaluation report (评标报告) as a PDF, with pdfkit and Noto Sans SC like the licences and notices: the
 * committee (named: it is rendered when the candidates are published, when the committee stops being secret),
 * each expert's scores per bid and criterion, the totals, the outlier flags and the ranking with the candidates.
 * Dates are China dates.
 */
export interface ReportInput {
  centerName: string; title: string; criteria: readonly TenderCriterion[]; outlierShare: number;
  experts: Array<{ seat: number; name: string; submittedAt: Date }>;
  bids: readonly BidResult[]; seatOf: Map<string, number>;
  scores: ReadonlyArray<{ bid_id: string; expert_id: string; criterion: string; score: string }>;
  candidates: TenderCandidate[]; publishedAt: Date; candidatesUntil: Date;
  /** The bids the committee rejected (否决投标), with each vote's seat, ground and facts. */
  rejected: Array<{ name: string; votes: Array<{ seat: number; ground: RejectionGround; note: string }> }>;
  /** Sheets returned for review (a relation between bidders found after they were in): when, whose, why. */
  reviews: Array<{ at: Date; seats: number[]; reason: string }>;
}

/** The grounds as the report states them (招标投标法实施条例 第五十一条, 第三十四条). */
export const GROUND_TEXT: Record<RejectionGround, string> = {
  unsigned: '投标文件未经投标单位盖章和单位负责人签字（第五十一条第一项）',
  no_consortium_agreement: '投标联合体没有提交共同投标协议（第五十一条第二项）',
  unqualified: '投标人不符合国家或者招标文件规定的资格条件（第五十一条第三项）',
  multiple_offers: '同一投标人提交两个以上不同的投标文件或者投标报价（第五十一条第四项）',
  price_out_of_bounds: '投标报价低于成本或者高于招标文件设定的最高投标限价（第五十一条第五项）',
  not_responsive: '投标文件没有对招标文件的实质性要求和条件作出响应（第五十一条第六项）',
  collusion_or_fraud: '投标人有串通投标、弄虚作假、行贿等违法行为（第五十一条第七项）',
  related_bidders: '单位负责人为同一人或者存在控股、管理关系的不同单位参加同一标段投标（第三十四条）',
};

const cn = (d: Date) => chineseDate(chinaDate(d));
const yuan = (fen: number | null) => (fen === null ? '—' : `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`);
/** The ideographic space that separates fields in Chinese documents. */
const SP = '\u3000';
const pts = (n: number | null) => (n === null ? '—' : n.toFixed(2));

export function renderEvaluationReport(r: ReportInput): Promise<Buffer> {
  const { doc, done } = cjkDocument({ size: 'A4', margin: 48, info: { Title: `评标报告 ${r.title}`, Author: r.centerName } });
  const width = doc.page.width - 96;
  const expertBySeat = new Map(r.experts.map((e) => [e.seat, e]));
  const idBySeat = new Map([...r.seatOf].map(([id, seat]) => [seat, id]));

  doc.font('cjk-bold').fontSize(13).text(r.centerName, { align: 'center', width });
  doc.moveDown(0.3).fontSize(18).text('评标报告', { align: 'center', width });
  doc.moveDown(0.3).font('cjk').fontSize(11).text(r.title, { align: 'center', width });
  doc.moveDown(1).fontSize(10);
  doc.text(`评标委员会（${r.experts.length} 人）：${r.experts.map((e) => `${e.seat}. ${e.name}`).join(SP)}`, { width });
  doc.text(`评分标准：${r.criteria.map((c) => `${c.name.zh}（满分 ${c.weight}）`).join('；')}`, { width });
  doc.text(`偏离标记：某专家对某投标的总分偏离其他专家平均分超过 ${Math.round(r.outlierShare * 100)}% 时标记（标记不剔除）。`, { width });

  // Each expert's scores per bid and criterion.
  doc.moveDown(0.8).font('cjk-bold').fontSize(12).text('一、各专家评分', { width });
  for (const b of r.bids) {
    doc.moveDown(0.4).font('cjk-bold').fontSize(10).text(`${b.name}（报价 ${yuan(b.priceFen)} 元）`, { width });
    doc.font('cjk').fontSize(9);
    for (const x of b.experts) {
      const seat = r.seatOf.get(x.expertId)!;
      const id = idBySeat.get(seat)!;
      const parts = r.criteria.map((c) => {
        const s = r.scores.find((y) => y.bid_id === b.bidId && y.expert_id === id && y.criterion === c.key);
        return `${c.name.zh} ${s ? fromHundredths(toHundredths(s.score)).toFixed(2) : '—'}`;
      });
      const flag = x.outlier ? `${SP}【偏离 ${Math.round((x.deviation ?? 0) * 100)}%，其他专家平均 ${pts(x.othersMean)}】` : '';
      doc.text(`${seat}. ${expertBySeat.get(seat)!.name}：${parts.join('，')}；合计 ${pts(x.total)}${flag}`, { width });
    }
  }

  doc.moveDown(0.8).font('cjk-bold').fontSize(12).text('二、得分汇总与排序', { width });
  doc.font('cjk').fontSize(10);
  for (const b of r.bids) {
    const flags = b.experts.filter((x) => x.outlier).length;
    doc.text(`第 ${b.rank ?? '—'} 名${SP}${b.name}${SP}平均得分 ${pts(b.total)}${SP}报价 ${yuan(b.priceFen)} 元${flags ? `${SP}偏离标记 ${flags} 项` : ''}`, { width });
  }
  doc.fontSize(9).text('得分相同时，按投标报价由低到高排序；报价也相同时，按递交时间先后排序。', { width });

  if (r.rejected.length) {
    doc.moveDown(0.8).font('cjk-bold').fontSize(12).text('否决投标情况', { width });
    doc.font('cjk').fontSize(10);
    for (const b of r.rejected) {
      doc.text(`${b.name}：经评标委员会过半数成员同意，否决其投标，不参与排序。`, { width });
      doc.fontSize(9);
      for (const v of b.votes) doc.text(`${v.seat}. ${expertBySeat.get(v.seat)!.name}：${GROUND_TEXT[v.ground]}。${v.note}`, { width });
      doc.fontSize(10);
    }
  }

  if (r.reviews.length) {
    doc.moveDown(0.8).font('cjk-bold').fontSize(12).text('评分表复核情况', { width });
    doc.font('cjk').fontSize(10);
    for (const v of r.reviews) {
      const names = v.seats.map((seat) => `${seat}. ${expertBySeat.get(seat)?.name ?? ''}`).join('、');
      doc.text(`${cn(v.at)}，交易中心将 ${names} 已提交的评分表退回复核（评分表提交后查明投标人之间存在关联，依《招标投标法实施条例》第三十四条相关投标均无效），理由：${v.reason}。上述专家复核后重新提交。`, { width });
    }
  }

  doc.moveDown(0.8).font('cjk-bold').fontSize(12).text('三、推荐的中标候选人', { width });
  doc.font('cjk').fontSize(10);
  for (const c of r.candidates) doc.text(`第 ${c.rank} 名：${c.name}（统一社会信用代码 ${c.orgCode}），得分 ${c.score.toFixed(2)}`, { width });
  doc.text(`公示期：${cn(r.publishedAt)}至${cn(r.candidatesUntil)}`, { width });

  doc.moveDown(1.5).text(r.centerName, { align: 'right', width }).text(cn(r.publishedAt), { align: 'right', width });
  doc.end();
  return done;
}
