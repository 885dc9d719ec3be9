import { cjkDocument } from '../lib/pdf/document.ts';
import type { DemoMaterialTemplate } from './demo-catalog.ts';

/**
 * A material's application form as a real PDF: the blank template a person prints and fills in,
 * or the filled-in sample (示范文本) that shows how.
 */
export function renderFormPdf(t: DemoMaterialTemplate, opts: { itemName: string; centerName: string; filled: boolean }): Promise<Buffer> {
  const { doc, done } = cjkDocument({ size: 'A4', margin: 56, info: { Title: t.title, Author: opts.centerName } });

  const width = doc.page.width - 112;
  doc.font('cjk-bold').fontSize(18).text(t.title, { align: 'center' });
  if (opts.filled) doc.font('cjk-bold').fontSize(12).fillColor('#c0392b').text('（示范样表 · 仅供参考）', { align: 'center' }).fillColor('black');
  doc.moveDown(0.5).font('cjk').fontSize(10).text(`办理事项：${opts.itemName}`, { align: 'left' });
  doc.moveDown(0.8);

  const labelWidth = 150;
  for (const field of t.fields) {
    const y = doc.y;
    const value = opts.filled ? field.sample : '';
    const h = Math.max(28, doc.heightOfString(value || ' ', { width: width - labelWidth - 12 }) + 14);
    if (y + h > doc.page.height - 90) doc.addPage();
    const top = doc.y;
    doc.rect(56, top, labelWidth, h).stroke();
    doc.rect(56 + labelWidth, top, width - labelWidth, h).stroke();
    doc.font('cjk-bold').fontSize(11).text(field.label, 62, top + 8, { width: labelWidth - 12 });
    doc.font('cjk').fontSize(11).fillColor(opts.filled ? '#1f4e96' : 'black').text(value, 62 + labelWidth, top + 8, { width: width - labelWidth - 12 }).fillColor('black');
    doc.x = 56;
    doc.y = top + h;
  }
  doc.moveDown(2);
  doc.font('cjk').fontSize(11).text('申请人承诺：以上所填内容及所附材料真实、合法、有效，如有虚假，愿承担相应法律责任。', 56, doc.y, { width });
  doc.moveDown(1.5);
  doc.text(`申请人（签字/盖章）：${opts.filled ? '（示范）' : '________________'}        日期：${opts.filled ? '2026年3月1日' : '____年__月__日'}`, { width });
  doc.moveDown(2);
  doc.fontSize(9).fillColor('#666').text(`${opts.centerName} 制`, { align: 'right', width });
  doc.end();
  return done;
}
