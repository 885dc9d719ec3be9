import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { chineseDate, cjkDocument } from '../../lib/pdf/document.ts';
import { authorize, disclosurePolicy, requireActor, type Actor } from '../../policies/index.ts';
import * as repo from './disclosure.repository.ts';

/**
 * The letters to the third party of a disclosure request (政府信息公开条例 第三十二条; docs/disclosure.md "Third
 * parties"), as one PDF: the consultation (征求第三方意见书: what the request concerns of it, its 15 working days,
 * what silence and an objection mean) and, once the office disclosed over its objection, the written notice of that
 * decision (决定公开告知书: what is disclosed and why). Addressed to the third party, so the requester is not named.
 * The office's file: its officers and the center's supervisors read it, never the requester.
 */

export async function thirdPartyLetter(ctx: AppContext, who: Actor | null, id: string): Promise<Buffer> {
  requireActor(who);
  const r = await repo.findRequest(ctx.db, id);
  if (!r) throw NOT_FOUND({ zh: '政府信息公开申请', en: 'Disclosure request' });
  authorize(disclosurePolicy, who, 'read_third_party_letter', { centerId: r.center_id, requesterId: r.requester_id });
  if (r.consulted_date === null) throw errors.DISCLOSURE_NO_THIRD_PARTY_LETTER();
  const center = (await repo.centerOf(ctx.db, r.center_id))!;
  const { doc, done } = cjkDocument({ size: 'A4', margin: 64, info: { Title: '征求第三方意见书', Author: center.name } });
  const width = doc.page.width - 128;
  const head = (title: string) => {
    doc.font('cjk-bold').fontSize(13).text(center.name, { align: 'center' });
    doc.moveDown(0.4).fontSize(17).text(title, { align: 'center' });
    doc.moveDown(0.3).font('cjk').fontSize(10).text(`编号：${r.request_no}`, { align: 'center' });
    doc.moveDown(1.2).fontSize(12).text(`${r.third_party_name}：`, { width });
  };
  const sign = (date: string | null) => doc.moveDown(2).font('cjk').fontSize(12).text(center.name, { align: 'right', width }).text(chineseDate(date), { align: 'right', width });

  head('征求第三方意见书');
  doc.moveDown(0.4).text(`本机关收到一件政府信息公开申请（编号 ${r.request_no}），申请公开的政府信息涉及贵方，公开可能损害贵方的合法权益：`, { width });
  doc.moveDown(0.4).font('cjk-bold').text('涉及的信息：').font('cjk').text(r.third_party_matter!, { width });
  doc.moveDown(0.4).text(`根据《中华人民共和国政府信息公开条例》第三十二条，现书面征求贵方意见。请自收到本意见书之日起 15 个工作日内，即于${chineseDate(r.third_party_due_date)}前，`
    + '向本机关提出是否同意公开的书面意见；不同意公开的，请说明理由。逾期未提出意见的，由本机关依照条例的规定决定是否公开。', { width });
  doc.moveDown(0.4).text('第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，'
    + '并将决定公开的政府信息内容和理由书面告知贵方。', { width });
  sign(r.consulted_date);

  if (r.public_interest_reason) {
    doc.addPage();
    head('政府信息公开告知书（决定公开）');
    doc.moveDown(0.4).text(`本机关就编号 ${r.request_no} 的政府信息公开申请征求了贵方意见，贵方不同意公开。本机关认为不公开可能对公共利益造成重大影响，`
      + '根据《中华人民共和国政府信息公开条例》第三十二条，决定予以公开，现将决定公开的政府信息内容和理由告知如下。', { width });
    doc.moveDown(0.4).font('cjk-bold').text('决定公开的政府信息：').font('cjk').text(r.reply_text ?? '', { width });
    doc.moveDown(0.4).font('cjk-bold').text('理由：').font('cjk').text(r.public_interest_reason, { width });
    doc.moveDown(0.4).text('如对本决定不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。', { width });
    sign(r.replied_date);
  }
  doc.end();
  return done;
}
