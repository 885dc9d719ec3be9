import type { DisclosureReplyType } from '../../db/types.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { chineseDate, cjkDocument } from '../../lib/pdf/document.ts';
import { authorize, disclosurePolicy, requireActor, type Actor } from '../../policies/index.ts';
import * as repo from './disclosure.repository.ts';
import { EN_OPENING, EN_TEXT, EN_TITLES, enDate } from './reply-pdf-en.ts';

/**
 * The reply letter of a disclosure request (政府信息公开申请答复书), one kind per reply type, as a PDF with
 * Chinese text (pdfkit with Noto Sans SC, like the case documents), dated the China date of the reply.
 * The correction notice (补正通知书) is the letter of a request sent back for correction. A requester who
 * registered as a foreigner (passport or permanent resident ID card) or asked for English gets English
 * after each Chinese paragraph, the Chinese authoritative (reply-pdf-en.ts). docs/disclosure.md.
 */
const TITLES: Record<DisclosureReplyType, string> = {
  open: '政府信息公开申请答复书（予以公开）',
  partial: '政府信息公开申请答复书（部分公开）',
  refused: '政府信息公开申请答复书（不予公开）',
  not_exist: '政府信息公开申请答复书（信息不存在）',
  not_ours: '政府信息公开申请答复书（非本机关信息）',
  correction: '政府信息公开申请补正通知书',
};
const OPENING: Record<DisclosureReplyType, string> = {
  open: '经审查，您申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项，予以公开。',
  partial: '经审查，您申请获取的政府信息中含有不应当公开的内容，根据《中华人民共和国政府信息公开条例》第三十七条，向您提供可以公开的部分。',
  refused: '经审查，您申请获取的政府信息依法不予公开，根据《中华人民共和国政府信息公开条例》第三十六条第（三）项，告知理由如下。',
  not_exist: '经检索，本机关未制作或获取您申请的政府信息，根据《中华人民共和国政府信息公开条例》第三十六条第（四）项，告知该政府信息不存在。',
  not_ours: '经审查，您申请的政府信息不属于本机关负责公开，根据《中华人民共和国政府信息公开条例》第三十六条第（五）项告知如下。',
  correction: '经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条，请按下列要求补正。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请。',
};

export async function replyDocument(ctx: AppContext, who: Actor | null, id: string): Promise<Buffer> {
  requireActor(who);
  const r = await repo.findRequest(ctx.db, id);
  if (!r) throw NOT_FOUND({ zh: '政府信息公开申请', en: 'Disclosure request' });
  authorize(disclosurePolicy, who, 'read_request', { centerId: r.center_id, requesterId: r.requester_id });
  if (!r.reply_type) throw errors.DISCLOSURE_NO_REPLY_DOCUMENT();
  const [center, requester] = await Promise.all([repo.centerOf(ctx.db, r.center_id), repo.requesterOf(ctx.db, r.requester_id)]);
  return render({
    centerName: center!.name, requesterName: requester!.name, requestNo: r.request_no, receivedDate: r.received_date, description: r.description,
    type: r.reply_type, text: r.reply_text, reason: r.reply_type === 'correction' ? r.correction_note : r.reply_reason, dated: r.replied_date,
    correctBy: r.reply_type === 'correction' ? r.correction_due_date : null,
    centerNameEn: center!.name_en, english: r.reply_language === 'en' || !!requester!.foreign_doc_kind,
  });
}

interface Letter {
  centerName: string; requesterName: string; requestNo: string; receivedDate: string; description: string;
  type: DisclosureReplyType; text: string | null; reason: string | null; dated: string | null;
  /** the correction notice's last day to correct in (第三十条); null on other letters and on notices that stated none */
  correctBy: string | null;
  centerNameEn: string | null; english: boolean;
}

function render(l: Letter): Promise<Buffer> {
  const { doc, done } = cjkDocument({ size: 'A4', margin: 64, info: { Title: TITLES[l.type], Author: l.centerName } });
  const width = doc.page.width - 128;
  const en = (t: string, opts: PDFKit.Mixins.TextOptions = { width }) => {
    if (l.english) doc.font('cjk').fontSize(9).fillColor('#444').text(t, opts).fillColor('black').fontSize(12);
  };
  doc.font('cjk-bold').fontSize(13).text(l.centerName, { align: 'center' });
  if (l.centerNameEn) en(l.centerNameEn, { align: 'center' });
  doc.moveDown(0.4).font('cjk-bold').fontSize(17).text(TITLES[l.type], { align: 'center' });
  en(EN_TITLES[l.type], { align: 'center' });
  doc.moveDown(0.3).font('cjk').fontSize(10).text(`编号：${l.requestNo}${l.english ? `  ${EN_TEXT.number} ${l.requestNo}` : ''}`, { align: 'center' });
  doc.moveDown(1.2).fontSize(12).text(`${l.requesterName}：`, { width });
  doc.moveDown(0.4).text(`本机关于${chineseDate(l.receivedDate)}收到您提出的政府信息公开申请，申请内容：${l.description}`, { width });
  en(EN_TEXT.received(enDate(l.receivedDate), l.description));
  doc.moveDown(0.4).text(OPENING[l.type], { width });
  en(EN_OPENING[l.type]);
  if (l.text) {
    doc.moveDown(0.4).font('cjk-bold').text('公开的信息及获取方式：');
    en(EN_TEXT.disclosed);
    doc.font('cjk').text(l.text, { width });
  }
  if (l.reason) {
    doc.moveDown(0.4).font('cjk-bold').text(l.type === 'correction' ? '需补正的内容：' : '理由：');
    en(l.type === 'correction' ? EN_TEXT.toCorrect : EN_TEXT.reason);
    doc.font('cjk').text(l.reason, { width });
  }
  if (l.correctBy) {
    doc.moveDown(0.4).font('cjk-bold').text(`补正期限：请于${chineseDate(l.correctBy)}前补正。`, { width });
    en(EN_TEXT.correctBy(enDate(l.correctBy)));
    doc.font('cjk');
  }
  if ((l.text || l.reason) && l.english) en(EN_TEXT.note);
  if (l.type !== 'open' && l.type !== 'correction') {
    doc.moveDown(0.4).text('如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。', { width });
    en(EN_TEXT.remedy);
  }
  doc.moveDown(2).font('cjk').fontSize(12).text(l.centerName, { align: 'right', width }).text(chineseDate(l.dated), { align: 'right', width });
  en(enDate(l.dated), { align: 'right', width });
  if (l.english) { doc.moveDown(0.8); en(EN_TEXT.authoritative); }
  doc.end();
  return done;
}
