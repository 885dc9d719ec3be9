import QRCode from 'qrcode';
import { cjkFonts } from '../../lib/pdf/fonts.ts';
import type { SealFace, SealStamp } from './signing.ts';

/**
 * The seal on a page: a red round seal (the holder's name around the rim, a star, the seal's name
 * and its code) and beside it a QR code to the public verification page with the verification id
 * in words, for whoever cannot scan. Drawn as vectors, so it is sharp in print and needs no image.
 *
 * The verification id also goes into the PDF's Keywords (`sealedPdfInfo`): a verifier given only
 * the file finds the record by it even when a changed byte makes the digest unknown.
 */
export const SEAL_RED = '#d0021b';
const MARKER = 'OW-VERIFY:';

/** PDF document info carrying the verification id; pass to `new PDFDocument({ info })`. */
export function sealedPdfInfo(stamp: SealStamp, info: { Title: string; Author: string; Subject?: string }) {
  return { ...info, Keywords: `${MARKER}${stamp.verificationId}` };
}

/** The verification id a PDF's bytes name (`sealedPdfInfo`), or null. */
export function verificationIdIn(bytes: Buffer): string | null {
  const m = /OW-VERIFY:([0-9A-Z]{16})/.exec(bytes.toString('latin1'));
  return m ? m[1]! : null;
}

/** The words of the seal: the holder around the rim, the seal's own name (without the holder) across. */
export function sealWords(seal: Pick<SealFace, 'name' | 'holderName'>) {
  const inner = seal.name.startsWith(seal.holderName) ? seal.name.slice(seal.holderName.length) : seal.name;
  return { rim: seal.holderName, inner: inner || '电子印章' };
}

function starPath(cx: number, cy: number, r: number): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.382;
    pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  return pts;
}

/** Draws the round seal centred at (cx, cy) with diameter `size` (points). */
export function drawSeal(doc: PDFKit.PDFDocument, seal: Pick<SealFace, 'name' | 'holderName' | 'code'>, cx: number, cy: number, size = 110): void {
  doc.registerFont('ow-seal-cjk', cjkFonts().bold);
  const r = size / 2;
  const { rim, inner } = sealWords(seal);
  doc.save();
  doc.lineWidth(size * 0.03).strokeColor(SEAL_RED).circle(cx, cy, r - size * 0.02).stroke();
  const star = starPath(cx, cy, r * 0.26);
  doc.polygon(...star).fillColor(SEAL_RED).fill();
  // The holder's name along the upper arc, letters upright toward the centre, clockwise from the left.
  const chars = Array.from(rim);
  const fs = Math.min(size * 0.13, (Math.PI * 1.25 * r * 0.78) / Math.max(chars.length, 1));
  const sweep = Math.min(Math.PI * 1.35, chars.length * (fs * 1.05) / (r * 0.78));
  const start = -Math.PI / 2 - sweep / 2;
  chars.forEach((ch, i) => {
    const a = chars.length === 1 ? -Math.PI / 2 : start + (sweep * i) / (chars.length - 1);
    const x = cx + r * 0.72 * Math.cos(a);
    const y = cy + r * 0.72 * Math.sin(a);
    doc.save();
    doc.translate(x, y).rotate((a * 180) / Math.PI + 90);
    doc.font('ow-seal-cjk').fontSize(fs).fillColor(SEAL_RED).text(ch, -fs / 2, -fs * 0.62, { width: fs, align: 'center', lineBreak: false });
    doc.restore();
  });
  const innerSize = Math.min(size * 0.1, (r * 1.3) / Math.max(Array.from(inner).length, 1));
  doc.font('ow-seal-cjk').fontSize(innerSize).fillColor(SEAL_RED)
    .text(inner, cx - r * 0.7, cy + r * 0.32, { width: r * 1.4, align: 'center', lineBreak: false });
  doc.fontSize(size * 0.055).text(seal.code, cx - r * 0.7, cy + r * 0.56, { width: r * 1.4, align: 'center', lineBreak: false });
  doc.restore();
  doc.fillColor('black').strokeColor('black');
}

/**
 * The seal with its QR code and verification id: the seal centred at (x + size/2, y + size/2), the QR
 * code to its left. Call on the page the signature belongs to, before `doc.end()`.
 */
export async function drawSealStamp(doc: PDFKit.PDFDocument, stamp: SealStamp, opts: { x: number; y: number; size?: number }): Promise<void> {
  const size = opts.size ?? 110;
  const qrSize = size * 0.8;
  const qr = await QRCode.toBuffer(stamp.verifyUrl, { margin: 1, width: 200 });
  const qrX = opts.x - qrSize - 16;
  doc.image(qr, qrX, opts.y, { width: qrSize });
  doc.registerFont('ow-seal-cjk-text', cjkFonts().regular);
  doc.font('ow-seal-cjk-text').fontSize(7).fillColor('black')
    .text(`扫码验证 验证码 ${stamp.verificationId}`, qrX - 20, opts.y + qrSize + 2, { width: qrSize + 40, align: 'center', lineBreak: false });
  drawSeal(doc, stamp.seal, opts.x + size / 2, opts.y + size / 2, size);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same seal as SVG, for the web (the public list of seals, the verification page). */
export function sealSvg(seal: Pick<SealFace, 'name' | 'holderName' | 'code'>, size = 160): string {
  const r = size / 2;
  const { rim, inner } = sealWords(seal);
  const star = starPath(r, r, r * 0.26).map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ');
  const arcR = r * 0.72;
  const fs = Math.min(size * 0.13, (Math.PI * 1.25 * arcR) / Math.max(Array.from(rim).length, 1));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="${esc(`${seal.holderName} ${seal.name}`)}">`
    + `<defs><path id="rim" d="M ${r - arcR * 0.95},${r + arcR * 0.3} A ${arcR},${arcR} 0 1 1 ${r + arcR * 0.95},${r + arcR * 0.3}"/></defs>`
    + `<circle cx="${r}" cy="${r}" r="${r - size * 0.035}" fill="none" stroke="${SEAL_RED}" stroke-width="${size * 0.03}"/>`
    + `<polygon points="${star}" fill="${SEAL_RED}"/>`
    + `<text font-size="${fs.toFixed(1)}" font-weight="bold" fill="${SEAL_RED}" text-anchor="middle"><textPath href="#rim" startOffset="50%" dominant-baseline="hanging">${esc(rim)}</textPath></text>`
    + `<text x="${r}" y="${r + r * 0.45}" font-size="${Math.min(size * 0.1, (r * 1.3) / Math.max(Array.from(inner).length, 1)).toFixed(1)}" fill="${SEAL_RED}" text-anchor="middle" font-weight="bold">${esc(inner)}</text>`
    + `<text x="${r}" y="${r + r * 0.66}" font-size="${(size * 0.055).toFixed(1)}" fill="${SEAL_RED}" text-anchor="middle">${esc(seal.code)}</text>`
    + '</svg>';
}
