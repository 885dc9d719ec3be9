import QRCode from 'qrcode';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { cjkDocument } from '../../lib/pdf/document.ts';
/** What the PDF prints of a notice (fees.queries.ts `noticeView` gives it). */
export interface View {
  noticeNo: string; issuedAt: string; dueDate: string; status: string; payerName: string; payerCode: string; receiptNo: string | null; itemName: string | null;
  totalFen: number; payUrl: string;
  fiscalAccount: { name: string; accountNo: string; bank: string; agencyCode: string };
  lines: Array<{ feeCode: string; name: string; basis: string; quantity: string; unit: string; standardFen: number; reductionFen: number; reductionBasis: string | null; amountFen: number }>;
}

/** Fen as 元 with two decimals, from integers only (never a float division on money). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100).toLocaleString('en-US')}.${String(a % 100).padStart(2, '0')}`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿'];

/** The amount in capital Chinese numerals (大写), as a 缴款书 prints it: 壹佰贰拾元伍角整. */
export function yuanInWords(fen: number): string {
  if (fen === 0) return '零元整';
  const whole = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const fenDigit = fen % 10;
  let words = '';
  if (whole > 0) {
    const groups: number[] = [];
    for (let w = whole; w > 0; w = Math.floor(w / 10000)) groups.push(w % 10000);
    let zero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const n = groups[g]!;
      if (n === 0) { zero = words !== ''; continue; }
      let part = '';
      for (let i = 3; i >= 0; i--) {
        const d = Math.floor(n / 10 ** i) % 10;
        if (d === 0) { if (part !== '' || words !== '') zero = true; continue; }
        if (zero) { part += '零'; zero = false; }
        part += DIGITS[d]! + UNITS[i]!;
      }
      words += part + GROUPS[g]!;
      if (n % 10 === 0) zero = true;
    }
    words += '元';
  }
  if (jiao === 0 && fenDigit === 0) return `${words}整`;
  if (jiao > 0) words += `${DIGITS[jiao]}角`;
  else if (whole > 0) words += '零';
  if (fenDigit > 0) words += `${DIGITS[fenDigit]}分`;
  return words;
}

const STATUS_MARK: Record<string, string> = { paid: '已缴款', cancelled: '已作废', expired: '已过期', refunded: '已退款' };

/**
 * The notice as a PDF in the layout of the 电子非税收入一般缴款书: title, payment code and date, a box
 * with payer and payee (fiscal account, bank, account number, collecting agency), the lines (code,
 * item, quantity, standard, reduction, amount), the total in figures and in capitals, the due date,
 * a QR code of the pay URL (which carries the payment code) and a stamp-like status mark.
 */
export async function renderNoticePdf(_ctx: AppContext, n: View, centerName: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(n.payUrl, { margin: 1, width: 200 });
  const { doc, done } = cjkDocument({ size: 'A4', margin: 48, info: { Title: `电子非税收入一般缴款书 ${n.noticeNo}`, Author: centerName } });
  const left = 48;
  const width = doc.page.width - 96;

  doc.font('cjk-bold').fontSize(18).text('电子非税收入一般缴款书', left, 48, { align: 'center', width });
  doc.font('cjk').fontSize(10).text(centerName, { align: 'center', width });
  doc.image(qr, doc.page.width - 48 - 84, 40, { width: 84 });
  doc.moveDown(0.8).fontSize(10);
  doc.text(`缴款码：${n.noticeNo}`, left, 110, { continued: true }).text(`    开票日期：${chinaDate(new Date(n.issuedAt))}`, { continued: true }).text(`    缴款期限：${n.dueDate} 前`);

  // The payer / payee box.
  const top = 132;
  const rowH = 22;
  const half = width / 2;
  const cells: Array<[string, string, string, string]> = [
    ['缴款人', n.payerName, '收款人全称', n.fiscalAccount.name],
    ['证件号码', n.payerCode, '收款账号', n.fiscalAccount.accountNo],
    ['受理编号', n.receiptNo ?? '—', '开户银行', n.fiscalAccount.bank],
    ['办理事项', n.itemName ?? '—', '执收单位编码', n.fiscalAccount.agencyCode],
  ];
  doc.lineWidth(0.8).rect(left, top, width, rowH * cells.length).stroke();
  cells.forEach(([a, b, c, d], i) => {
    const y = top + i * rowH;
    if (i > 0) doc.moveTo(left, y).lineTo(left + width, y).stroke();
    doc.font('cjk-bold').fontSize(9).text(a, left + 4, y + 6, { width: 60 }).text(c, left + half + 4, y + 6, { width: 70 });
    doc.font('cjk').text(b, left + 66, y + 6, { width: half - 72, lineBreak: false, ellipsis: true }).text(d, left + half + 78, y + 6, { width: half - 84, lineBreak: false, ellipsis: true });
  });
  doc.moveTo(left + half, top).lineTo(left + half, top + rowH * cells.length).stroke();

  // The lines.
  const cols = [['项目编码', 70], ['收费项目', 150], ['数量', 70], ['标准(元)', 70], ['减免(元)', 70], ['金额(元)', width - 430]] as const;
  let y = top + rowH * cells.length + 14;
  const rowLine = (values: string[], bold = false) => {
    let x = left;
    doc.font(bold ? 'cjk-bold' : 'cjk').fontSize(9);
    values.forEach((v, i) => {
      doc.text(v, x + 3, y + 5, { width: cols[i]![1] - 6, align: i >= 3 ? 'right' : 'left', lineBreak: false, ellipsis: true });
      x += cols[i]![1];
    });
    doc.rect(left, y, width, 20).stroke();
    y += 20;
  };
  rowLine(cols.map((c) => c[0]), true);
  for (const l of n.lines) rowLine([l.feeCode, l.name, `${Number(l.quantity)}${l.unit}`, yuan(l.standardFen), yuan(l.reductionFen), yuan(l.amountFen)]);
  doc.font('cjk-bold').fontSize(10).text(`合计（大写）：${yuanInWords(n.totalFen)}`, left + 3, y + 6, { continued: true }).text(`    （小写）¥${yuan(n.totalFen)}`);
  doc.rect(left, y, width, 22).stroke();
  y += 34;

  doc.font('cjk').fontSize(9);
  for (const l of n.lines) {
    doc.text(`${l.feeCode} 收费依据：${l.basis}${l.reductionBasis ? `；减免依据：${l.reductionBasis}` : ''}`, left, y, { width });
    y = doc.y + 4;
  }
  doc.moveDown(0.6).text(`请于 ${n.dueDate}（含）前凭缴款码在政务服务网上缴费，或到大厅银行窗口缴款；逾期本缴款书失效，须由承办部门重新开具。`, left, doc.y, { width });
  doc.text('本缴款书款项直接缴入财政非税收入账户，任何窗口不得自行收取现金。', { width });
  doc.text(`扫码缴费：${n.payUrl}`, { width });

  const mark = STATUS_MARK[n.status];
  if (mark) {
    doc.save().rotate(-18, { origin: [doc.page.width - 170, 330] }).lineWidth(2).strokeColor('#c00000').rect(doc.page.width - 230, 305, 130, 44).stroke()
      .font('cjk-bold').fontSize(20).fillColor('#c00000').text(mark, doc.page.width - 230, 315, { width: 130, align: 'center' }).restore();
  }
  doc.end();
  return done;
}
