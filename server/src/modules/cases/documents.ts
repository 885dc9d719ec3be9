import QRCode from 'qrcode';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { chineseDate, cjkDocument } from '../../lib/pdf/document.ts';
import type { caseDetail } from './cases.queries.ts';
import { drawSealStamp, sealedPdfInfo, type SealStamp } from '../seals/index.ts';
import { BILINGUAL_KINDS, EN_LABELS, EN_TEXT, EN_TITLES } from './documents-en.ts';
import { caseHasForeignApplicant } from './foreign-applicant.repository.ts';

/**
 * The case's documents as real PDFs with Chinese text: receipt (受理凭证), one-time supplement
 * notice (一次性告知书), refusal decision (不予受理决定书) and decision letter. Each carries the
 * center's name, the receipt number and a QR code to the public progress page.
 */
export type DocumentKind = 'receipt' | 'supplement' | 'refusal' | 'decision' | 'extension' | 'suspension' | 'cancellation';
type Detail = Awaited<ReturnType<typeof caseDetail>>;

const TITLES: Record<DocumentKind, string> = {
  receipt: '受理凭证',
  supplement: '补正材料一次性告知书',
  refusal: '不予受理决定书',
  decision: '行政许可决定书',
  extension: '延长审批期限告知书',
  suspension: '特别程序告知书',
  cancellation: '行政许可注销决定书',
};

/** The special procedures' names on documents (Art. 45). */
export const SPECIAL_PROCEDURE_NAMES: Record<string, string> = {
  hearing: '听证', tendering: '招标', auction: '拍卖', testing: '检测', inspection: '检验', quarantine: '检疫', appraisal: '鉴定', expert_review: '专家评审',
};
const procedureName = (kind: string) => SPECIAL_PROCEDURE_NAMES[kind] ?? kind;

/** The China date (Asia/Shanghai) of an instant given as an ISO timestamp: the day the event happened there. */
const chinaDay = (instant: string) => chinaDate(new Date(instant));

/** With a `stamp` (signed-documents.ts), the department's seal and a QR code to its verification page close the letter. */
export async function renderCaseDocument(ctx: AppContext, d: Detail, kind: DocumentKind, stamp?: SealStamp): Promise<Buffer> {
  if (!d.documents.some((x) => x.kind === kind)) {
    throw errors.DOCUMENT_NOT_AVAILABLE();
  }
  const base = ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`;
  const progressUrl = d.receiptNo ? `${base}/progress?receiptNo=${d.receiptNo}&queryCode=${d.queryCode}` : `${base}/my/cases/${d.id}`;
  const centerName = d.centerName;
  const qr = await QRCode.toBuffer(progressUrl, { margin: 1, width: 160 });
  const info = { Title: TITLES[kind], Author: centerName };
  const { doc, done } = cjkDocument({ size: 'A4', margin: 64, info: stamp ? sealedPdfInfo(stamp, info) : info });
  const width = doc.page.width - 128;
  // A foreign applicant's receipt and decision carry English after each Chinese line (documents-en.ts).
  const english = (BILINGUAL_KINDS as readonly string[]).includes(kind) && await caseHasForeignApplicant(ctx.db, d.id);
  const en = (s: string) => { if (english) doc.font('cjk').fontSize(9).fillColor('#444').text(s, { width }).fillColor('black').fontSize(12); };

  doc.font('cjk-bold').fontSize(13).text(centerName, { align: 'center' });
  doc.moveDown(0.4).fontSize(20).text(TITLES[kind], { align: 'center' });
  if (english) doc.fontSize(12).text(EN_TITLES[kind as keyof typeof EN_TITLES], { align: 'center' });
  doc.moveDown(0.3).font('cjk').fontSize(10).text(`编号：${d.receiptNo ?? `（未受理）${d.id.slice(0, 8)}`}`, { align: 'center' });
  doc.image(qr, doc.page.width - 64 - 80, 56, { width: 80 });
  doc.moveDown(1.5).fontSize(12);
  const line = (label: string, value: string) => {
    doc.font('cjk-bold').text(`${label}${english && EN_LABELS[label] ? ` ${EN_LABELS[label]}` : ''}：`, { continued: true }).font('cjk').text(value, { width });
    doc.moveDown(0.3);
  };
  line('申请人', d.applicantName);
  line('申请事项', d.kind === 'joint' ? `${d.itemName}（联办：${(d.matter?.items ?? []).map((i) => i.name).join('、')}）` : `${d.itemName}（第 ${d.itemVersion} 版）`);
  line('承办部门', d.departmentName);
  line('申请日期', chineseDate(chinaDay(d.submittedAt)));
  doc.moveDown(0.6);

  // The letter is dated the China date of its event (acceptance, notice, refusal, decision); the
  // date of printing only when the event left no time.
  let dated = chinaDate(ctx.clock.now());
  if (kind === 'receipt') {
    if (d.acceptedDate) dated = d.acceptedDate;
    doc.text(`您提交的申请材料齐全、符合法定形式，本中心已于${chineseDate(d.acceptedDate)}${d.deemedAccepted ? '（视为受理，自收到材料之日起算）' : ''}依法受理。`, { width });
    en(EN_TEXT.accepted(d.acceptedDate, d.deemedAccepted));
    doc.moveDown(0.5);
    line('承诺办结时限', `${d.promisedLimitDays} 个工作日，预计 ${chineseDate(d.dueDate)} 前办结${english ? `（${EN_TEXT.promised(d.promisedLimitDays, d.dueDate)}）` : ''}`);
    line('法定办结时限', `${chineseDate(d.statutoryDueDate)} 前${english ? `（${EN_TEXT.statutory(d.statutoryDueDate)}）` : ''}`);
    line('查询码', d.queryCode ?? '—');
    // A joint case's receipt lists the part each department now handles on its own clock.
    if (d.kind === 'joint' && d.children.length) {
      doc.moveDown(0.3).font('cjk-bold').text('并联审批事项：', { width }).font('cjk');
      d.children.forEach((p, i) => { doc.text(`${i + 1}. ${p.itemName}（${p.departmentName}，编号 ${p.receiptNo ?? '—'}，${chineseDate(p.dueDate)} 前办结）`, { width }); });
      doc.moveDown(0.3);
    }
    doc.text('凭受理编号和查询码可扫描右上角二维码或登录网上办事大厅查询办理进度。', { width });
    en(EN_TEXT.track);
  } else if (kind === 'supplement') {
    const s = d.supplement!;
    dated = chinaDay(s.issuedAt);
    doc.text(`经审查，您的申请材料不齐全或不符合法定形式。根据《中华人民共和国行政许可法》第三十二条，现一次性告知需补正的全部内容（第 ${s.round} 次告知，${chineseDate(chinaDay(s.issuedAt))}）：`, { width });
    doc.moveDown(0.5);
    s.items.forEach((it, i) => { doc.font('cjk-bold').text(`${i + 1}. ${it.name}`, { width }).font('cjk').text(`   ${it.reason}`, { width }); doc.moveDown(0.2); });
    if (s.note) doc.moveDown(0.3).text(`说明：${s.note}`, { width });
    doc.moveDown(0.5).text('请补正上述材料后重新提交，补正材料齐全之日起重新计算受理期限。', { width });
  } else if (kind === 'refusal') {
    const refusedAt = d.timeline.filter((t) => t.action === 'case.refuse' || t.action === 'case.return_refused').at(-1);
    const refusal = refusedAt?.data as { reason?: string; remedies?: string } | undefined;
    if (refusedAt) dated = chinaDay(refusedAt.at);
    doc.text('经审查，您的申请依法不予受理，理由如下：', { width });
    doc.moveDown(0.3).text(refusal?.reason ?? '', { width });
    doc.moveDown(0.5).font('cjk-bold').text('救济途径：').font('cjk').text(refusal?.remedies ?? '', { width });
  } else if (kind === 'extension') {
    // Art. 42: the extension and its reason are told to the applicant, dated the day it was decided.
    const ext = d.extension!;
    const at = d.timeline.filter((t) => t.action === 'case.extend').at(-1);
    if (at) dated = chinaDay(at.at);
    doc.text(`因本申请不能在法定期限内作出决定，经本行政机关负责人批准，根据《中华人民共和国行政许可法》第四十二条，办理期限延长 ${ext.days} 个工作日。`, { width });
    doc.moveDown(0.3).text(`延长理由：${ext.reason}`, { width });
    doc.moveDown(0.3).text(`延长后的法定办结期限：${chineseDate(d.statutoryDueDate)} 前`, { width });
  } else if (kind === 'cancellation') {
    const x = d.cancellation!;
    if (x.decidedAt) dated = chinaDay(x.decidedAt);
    doc.text(`您于${chineseDate(chinaDay(x.requestedAt))}申请注销本行政许可，理由：${x.reason}`, { width });
    doc.moveDown(0.3).text(x.status === 'cancelled' ? '经审查，决定注销该行政许可。' : '经审查，决定不予注销该行政许可。', { width });
    doc.moveDown(0.3).text(`理由：${x.decisionReason ?? ''}`, { width });
    if (x.status !== 'cancelled') doc.moveDown(0.3).text('如不服本决定，可自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。', { width });
  } else if (kind === 'suspension') {
    // Art. 45: the time a special procedure takes is not counted in the limit; the applicant is told each one.
    const last = d.suspensions.at(-1)!;
    dated = last.startedDate;
    doc.text('根据《中华人民共和国行政许可法》第四十五条，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定或专家评审的，所需时间不计算在办理期限内。本申请需履行下列特别程序：', { width });
    doc.moveDown(0.4);
    d.suspensions.forEach((x, i) => {
      doc.font('cjk-bold').text(`${i + 1}. ${procedureName(x.kind)}（自 ${chineseDate(x.startedDate)} 起，预计 ${x.expectedDays} 个工作日${x.endedDate ? `，${chineseDate(x.endedDate)} 结束，计 ${x.workdays ?? 0} 个工作日` : ''}）`, { width }).font('cjk');
      doc.text(`   事由：${x.reason}`, { width });
      if (x.legalBasis) doc.text(`   依据：${x.legalBasis}`, { width });
      if (x.hearing) doc.text(`   听证时间：${chineseDate(x.hearing.date)}；听证地点：${x.hearing.place}。申请人可以委托代理人参加，并有权申请回避（第四十七条、第四十八条）。`, { width });
      doc.moveDown(0.2);
    });
  } else {
    const dec = d.decision!;
    dated = chinaDay(dec.decidedAt);
    doc.text(dec.result === 'approved' ? `经审查，您的申请符合法定条件、标准，决定准予行政许可。`
      : dec.result === 'partial' ? '经各部门并联审查，联办事项部分准予、部分不予许可，各事项结果如下。' : '经审查，您的申请不符合法定条件、标准，决定不予行政许可。', { width });
    en(dec.result === 'approved' ? EN_TEXT.approved : dec.result === 'partial' ? EN_TEXT.partial : EN_TEXT.denied);
    doc.moveDown(0.3).text(`理由：${dec.reason}`, { width });
    if (dec.result !== 'approved') doc.moveDown(0.3).text('如不服本决定，可自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。', { width });
    if (dec.result !== 'approved') en(EN_TEXT.remedy);
    // The time not counted in the limit (Art. 45) and any extension (Art. 42), as the applicant was told.
    const ended = d.suspensions.filter((x) => x.workdays !== null);
    if (ended.length) {
      doc.moveDown(0.3).text(`特别程序（不计入办理期限）：${ended.map((x) => `${procedureName(x.kind)} ${x.workdays} 个工作日`).join('；')}`, { width });
    }
    if (d.extension) doc.moveDown(0.3).text(`延长办理期限：${d.extension.days} 个工作日（${d.extension.reason}）`, { width });
    doc.moveDown(0.3).text(`决定日期：${chineseDate(chinaDay(dec.decidedAt))}`, { width });
    en(EN_TEXT.decidedOn(chinaDay(dec.decidedAt)));
  }
  if (english) { doc.moveDown(0.6); en(EN_TEXT.authoritative); }
  doc.moveDown(2);
  // The seal overlaps the signature lines as a stamped letter's does, its foot on the date's; its
  // QR code goes in the header's left corner, so the letter's text still ends with its date.
  if (stamp) {
    const foot = Math.min(doc.y + 34, doc.page.height - 64);
    await drawSealStamp(doc, stamp, { x: doc.page.width - 64 - 125, y: foot - 110, size: 110, qr: { x: 64, y: 56, size: 64 } });
  }
  doc.font('cjk').fontSize(11).text(centerName, { align: 'right', width });
  doc.text(chineseDate(dated), { align: 'right', width });
  doc.end();
  return done;
}
