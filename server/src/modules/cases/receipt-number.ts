import { randomInt } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import { receiptNoTaken } from './progress-attempts.repository.ts';

/**
 * Receipt numbers (受理编号) that reveal no volumes (docs/security.md, "Public progress"): the
 * center's region (6 digits) and the year (4) for the reader, then 8 random digits and a Luhn check
 * digit — 19 digits in all. A sequential serial told anyone holding two receipts how many cases the
 * center accepted between them, and let a guesser walk the numbers. Numbers made before (17 digits,
 * region + year + 7-digit serial) are kept and keep working: they have no check digit.
 */
export const RECEIPT_NO_LENGTH = 19;

/** The Luhn check digit of a string of digits. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A new receipt number for a case of a center in `regionCode`, accepted on the China date `today`. */
export async function newReceiptNo(tx: Tx, regionCode: string, today: string): Promise<string> {
  // 10^8 numbers per region and year: a clash is rare, and checked, not assumed away.
  for (let attempt = 0; attempt < 5; attempt++) {
    const body = `${regionCode.slice(0, 6)}${today.slice(0, 4)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    const receiptNo = `${body}${luhnDigit(body)}`;
    if (!(await receiptNoTaken(tx, receiptNo))) return receiptNo;
  }
  throw new Error('no free receipt number after 5 random draws');
}

/**
 * Refuses a receipt number of the new form whose check digit is wrong (a typo), before any
 * lookup: RECEIPT_NO_CHECK_DIGIT. Old numbers (without a check digit) and a joint case's part
 * numbers (`<number>-<n>`) are checked on their main number.
 */
export function checkReceiptNo(receiptNo: string): void {
  const main = receiptNo.split('-')[0]!;
  if (main.length !== RECEIPT_NO_LENGTH || !/^\d+$/.test(main)) return;
  if (luhnDigit(main.slice(0, -1)) !== main.at(-1)) throw errors.RECEIPT_NO_CHECK_DIGIT({ field: 'receiptNo' });
}
