import { chineseDate, cjkDocument } from '../../lib/pdf/document.ts';
import { drawSealStamp, sealedPdfInfo, type SealStamp } from '../seals/index.ts';

/** What is printed on a licence: the type's fields with their values, and the identifying lines. */
export interface LicencePrint {
  title: string;
  issuerName: string;
  issuerCreditCode: string;
  identifier: string;
  licenceNo: string;
  holderName: string;
  holderCode: string;
  issueDate: string;
  validFrom: string;
  validTo: string | null;
  version: number;
  fields: Array<{ label: string; value: string }>;
  /** The issuing body's seal and the verification id its QR code carries (seals' prepareStamp). */
  stamp: SealStamp;
  note?: string;
}


/** The licence as a one-page A4 PDF with Chinese text, the issuing body's seal and a QR code to the public verification. */
export async function renderLicencePdf(p: LicencePrint): Promise<Buffer> {
  const { doc, done } = cjkDocument({ size: 'A4', margin: 64, info: sealedPdfInfo(p.stamp, { Title: p.title, Author: p.issuerName, Subject: p.identifier }) });
  const width = doc.page.width - 128;
  doc.font('cjk-bold').fontSize(24).text(p.title, { align: 'center' });
  doc.moveDown(0.3).font('cjk').fontSize(10).text(`证照编号：${p.licenceNo}\u3000\u3000版本：${p.version}`, { align: 'center' });
  doc.moveDown(1.5).fontSize(12);
  const line = (label: string, value: string) => doc.font('cjk-bold').text(`${label}：`, { continued: true }).font('cjk').text(value, { width });
  line('持证主体', p.holderName);
  line('持证主体代码', p.holderCode);
  for (const f of p.fields) line(f.label, f.value || '—');
  line('有效期', `${chineseDate(p.validFrom)} 至 ${p.validTo ? chineseDate(p.validTo) : '长期'}`);
  doc.moveDown(1);
  line('颁证单位', p.issuerName);
  line('颁证单位代码', p.issuerCreditCode);
  line('颁证日期', chineseDate(p.issueDate));
  if (p.note) line('备注', p.note);
  doc.moveDown(1).fontSize(8).font('cjk').fillColor('#555').text(`电子证照标识：${p.identifier}`, { width });
  doc.text(`扫描二维码或访问 ${p.stamp.verifyUrl} 核验`, { width });
  await drawSealStamp(doc, p.stamp, { x: doc.page.width - 64 - 120, y: Math.min(doc.y + 16, doc.page.height - 64 - 130) });
  doc.end();
  return done;
}
