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
