import ExcelJS from 'exceljs';
import type { By, PerformanceRow } from './performance.service.ts';

/** The export columns: the JSON field, and the header shown in the file (Chinese, then English). */
export const EXPORT_COLUMNS: Array<{ key: keyof PerformanceRow; header: string }> = [
  { key: 'key', header: '编号 key' },
  { key: 'name', header: '名称 name' },
  { key: 'received', header: '收件 received' },
  { key: 'accepted', header: '受理 accepted' },
  { key: 'refused', header: '不予受理 refused' },
  { key: 'completed', header: '办结 completed' },
  { key: 'onTime', header: '按时办结 onTime' },
  { key: 'early', header: '提前办结 early' },
  { key: 'overdue', header: '超期办结 overdue' },
  { key: 'instantShare', header: '即办占比 instantShare' },
  { key: 'avgWorkdaysUsed', header: '平均用时(工作日) avgWorkdaysUsed' },
  { key: 'avgPromisedDays', header: '平均承诺时限(工作日) avgPromisedDays' },
  { key: 'compression', header: '承诺时限压缩比 compression' },
  { key: 'supplementRate', header: '补正率 supplementRate' },
  { key: 'suspensions', header: '特别程序 suspensions' },
  { key: 'extensions', header: '延期 extensions' },
  { key: 'findings', header: '预警纠错 findings' },
  { key: 'notices', header: '督办 notices' },
  { key: 'rated', header: '评价数 rated' },
  { key: 'ratedGood', header: '好评 ratedGood' },
  { key: 'ratedBad', header: '差评 ratedBad' },
  { key: 'goodRate', header: '好评率 goodRate' },
  { key: 'avgLevel', header: '平均星级 avgLevel' },
];

/**
 * A text that a spreadsheet would run as a formula (OWASP CSV injection: it starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return) gets a leading single quote, so Excel shows it as text.
 * Numbers are written as numbers: a negative figure is data, not a formula.
 */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? neutraliseFormula(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** CSV with a header row, CRLF lines and a UTF-8 BOM so Excel opens the Chinese names. */
export function toCsv(rows: PerformanceRow[]): Buffer {
  const lines = [EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(','), ...rows.map((r) => EXPORT_COLUMNS.map((c) => csvCell(r[c.key])).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(rows: PerformanceRow[], meta: { from: string; to: string; by: By }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OneWindow';
  const ws = wb.addWorksheet('绩效评估');
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'key' ? 38 : c.key === 'name' ? 28 : 14 }));
  for (const r of rows) ws.addRow(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, r[c.key]])));
  ws.getRow(1).font = { bold: true };
  const info = wb.addWorksheet('说明');
  info.addRows([['期间 period', `${meta.from} — ${meta.to}`], ['维度 by', meta.by], ['口径 definitions', 'docs/supervision.md#performance-evaluation']]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const exportName = (m: { from: string; to: string; by: By }, ext: string) => `performance-${m.by}-${m.from}-${m.to}.${ext}`;
