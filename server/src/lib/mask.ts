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
