/**
 * Masking of personal data on public screens, lists and logs (DESIGN §6). Counts characters,
 * not UTF-16 units, so a rare-character name (e.g. 𠮷) masks like any other.
 */

/** Keeps `head` leading and `tail` trailing characters and stars the rest; too-short input is starred whole. */
export function maskMiddle(s: string, head: number, tail: number): string {
  const chars = Array.from(s);
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/** 460100199001011234 → 460***********1234 */
export const maskIdNumber = (s: string): string => maskMiddle(s.trim(), 3, 4);

/** 91350100M000100Y43 → 913501********0Y43 */
export const maskCreditCode = (s: string): string => maskMiddle(s.trim(), 6, 4);

/** 13800001234 → 138****1234 */
export const maskPhone = (s: string): string => maskMiddle(s.trim(), 3, 4);

/** 张三 → 张*, 欧阳娜娜 → 欧***; a one-character name becomes *. */
export function maskName(s: string): string {
  const chars = Array.from(s.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}

const NUM = '0-9０-９';
const CN_NUM = '〇零一二三四五六七八九十百千';
/**
 * The first house-level part of an address: a number (Arabic, full-width or Chinese, maybe 第…, maybe
 * split by hyphens) with a house, building, unit, floor or room word (12号, 3栋, 2单元, 501室, 五楼,
 * 12-3号楼); a letter block (A座, B栋); a hyphenated number (12-3-501); a bare number ending the text.
 * Chinese numerals alone only with the words that never end a place name (not 户, 弄: 千户苗寨).
 */
const HOUSE_PART = new RegExp([
  `第?[${NUM}A-Za-z${CN_NUM}]*[${NUM}][${NUM}A-Za-z${CN_NUM}]*(?:[-－—][${NUM}A-Za-z]+)*\\s*(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户|弄|#|＃)`,
  `第?[${CN_NUM}]+(?:号楼|号院|号|栋|幢|单元|楼|层|室)`,
  `(?<![A-Za-z])[A-Za-z](?:座|栋|幢)`,
  `[${NUM}]+(?:[-－—][${NUM}]+)+`,
  `[${NUM}]+\\s*$`,
].join('|'), 'u');

/**
 * A place for the public (the exposure column): the district and street kept, everything from the first
 * house-level part on dropped (the house and room numbers of a caller's home, 门牌号).
 * 龙华区金盘路阳光花园12栋2单元501室 → 龙华区金盘路阳光花园; 秀英区长滨路 unchanged.
 */
export function maskAddress(s: string): string {
  const m = HOUSE_PART.exec(s);
  if (!m) return s;
  return s.slice(0, m.index).replace(/[\s,，、;；:：\-－—·#＃(（]+$/u, '');
}

// ---------------------------------------------------------------- personal data inside public free text

/**
 * One rule for every public text (the 12345 exposure column, a shared licence's printed values): the
 * numbers that lead to a person are starred wherever they stand in the text. Longest shapes first, in ONE
 * pass, so a number is masked by its own rule and never half by another's:
 * - an e-mail address: the first character of the mailbox kept (z***@163.com);
 * - an ID number: 18 characters (the last may be X) or the 15 digits of a first-generation card, 3 and 4 kept;
 * - a bank card: 16–19 digits, maybe in groups of four, the last 4 kept — except a case's receipt number
 *   or a licence number (region code, year, serial: `OFFICIAL_NO`), which the public may quote;
 * - a mobile number as people write it (+86 / 86, groups split by spaces or hyphens) and a landline with
 *   its area code, in brackets or not: 3 and 4 kept;
 * - a house-level part of an address: the number before 号/号楼/号院/栋/幢/座/单元/楼/层/室/户 (幸福路12号3栋502室
 *   → 幸福路**号*栋***室), a letter block (B座), and a bare room number right after such a word (3号楼1202);
 *   not a day (12月3号), a window or a line (3号窗口, 15号线).
 * A year (2026年), an amount (300元), a date (2026-11-23), the hotline's own 12345 and a work order number
 * (GD…) are none of these and stay.
 */
const D = '0-9０-９';
const HOUSE_WORD = '号楼|号院|号(?![窗线])|栋|幢|座|单元|楼|层|室|户';
const PUBLIC_TEXT = new RegExp([
  /(?<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/.source,
  /(?<id>(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z]))/.source,
  /(?<card>(?<![0-9A-Za-z])(?:\d{4}[ -]){3}\d{4}(?:[ -]?\d{1,3})?(?![0-9A-Za-z])|(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z]))/.source,
  /(?<phone>(?<![\d+])(?:(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}|\(?0\d{2,3}\)?[- ]?\d{7,8})(?!\d))/.source,
  `(?<house>(?<![0-9A-Za-z月])(?:第?[${D}]+(?:[-－—][${D}]+)*|[A-Za-z])(?=\\s*(?:${HOUSE_WORD})))`,
  `(?<room>(?<=(?:号楼|号院|号|栋|幢|座|单元|楼|层))[${D}]+(?:[-－—][${D}]+)*(?![${D}A-Za-z元年月日万千百个人次天分秒时%％.．]))`,
].join('|'), 'gu');

/**
 * The platform's own numbers, which the public quotes and which name nobody: a receipt number
 * (cases/receipt-number.ts, 19 digits, 17 before) and a licence number (elicences/identifier.ts, 16): a
 * region code, a year, then the serial. A bank card of that exact shape is left too (its digits 7–10 a year).
 */
const OFFICIAL_NO = /^[1-9]\d{5}(?:19|20)\d{2}(?:\d{6}|\d{7}|\d{9})$/;
const starDigits = (s: string) => s.replace(new RegExp(`[${D}A-Za-z]`, 'gu'), '*');

function maskMatch(m: string, g: Record<string, string | undefined>): string {
  if (g.email) {
    const at = m.lastIndexOf('@');
    return `${Array.from(m.slice(0, at))[0]}***${m.slice(at)}`;
  }
  if (g.id) return maskIdNumber(m);
  if (g.card) {
    if (OFFICIAL_NO.test(m)) return m;
    const digits = m.replace(/\D/g, '');
    return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  }
  if (g.phone) return maskPhone(m);
  return starDigits(m);
}

/**
 * Free text for the public: every number above starred, and the names given (a caller's, the staff an order
 * names) masked as `maskName` does. Longer names first, so a name containing a shorter one is masked whole.
 */
export function maskPublicText(text: string, names: readonly string[] = []): string {
  let out = text.replace(PUBLIC_TEXT, (m: string, ...rest: unknown[]) => maskMatch(m, rest[rest.length - 1] as Record<string, string | undefined>));
  const byLength = [...new Set(names.map((x) => x.trim()).filter((x) => x.length > 0))].sort((a, b) => Array.from(b).length - Array.from(a).length);
  for (const n of byLength) out = out.split(n).join(maskName(n));
  return out;
}
