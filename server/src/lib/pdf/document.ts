import PDFDocument from 'pdfkit';
import { cjkFonts } from './fonts.ts';

/**
 * A pdfkit document with Noto Sans SC registered as `cjk` and `cjk-bold`, and the bytes it will have once ended:
 * every document of the platform (receipts, decisions, licences, notices, letters, reports) starts this way.
 */
export function cjkDocument(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const fonts = cjkFonts();
  const doc = new PDFDocument(options);
  doc.registerFont('cjk', fonts.regular);
  doc.registerFont('cjk-bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  return { doc, done };
}

/** A China date (YYYY-MM-DD) as documents write it: 2026年9月17日; '—' for none. */
export const chineseDate = (iso: string | null) => (iso ? `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日` : '—');
