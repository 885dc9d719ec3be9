import { randomInt } from 'node:crypto';

/**
 * The payment code (缴款码) printed on a notice and in its QR code: 20 digits, the year's last two
 * digits, 17 random digits and a Luhn check digit. Random, not sequential, so a code says nothing
 * about how many notices were issued and cannot be guessed from another; the check digit catches a
 * mistyped digit and most swapped neighbours at the bank window before any lookup.
 */
export function newPaymentCode(chinaYear: string): string {
  let body = chinaYear.slice(-2);
  for (let i = 0; i < 17; i++) body += String(randomInt(0, 10));
  return body + luhnDigit(body);
}

export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether a text is a well-formed payment code with the right check digit. */
export const isPaymentCode = (s: string) => /^\d{20}$/.test(s) && luhnDigit(s.slice(0, 19)) === s[19];
