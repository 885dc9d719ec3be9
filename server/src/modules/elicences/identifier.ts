import { createHash } from 'node:crypto';

/**
 * The licence identifier in the national form, laid out after GB/T 36903 (电子证照 标识): dot-separated
 *
 *   1.2.156.3005.2 . <type> . <issuer credit code, 18> . <region 6><year 4><serial 6> . <check>
 *
 * - `1.2.156.3005.2`: the OID arc of the national e-licence system;
 * - `<type>`: the licence type code when it is 1–30 digits or capital letters, else the first 8
 *   hexadecimal digits (upper case) of the SM3 digest of the code (a demo code in Chinese);
 * - the issuing body's unified social credit code (GB 32100);
 * - the region code of the issuing center, the year of issue and the serial of the type in that year;
 * - one check character by ISO 7064 MOD 37,36 over every digit and letter before it (dots left out).
 * The licence number (证照编号) printed on the licence is `<region 6><year 4><serial 6>`.
 */
export const LICENCE_OID = '1.2.156.3005.2';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function typeSegment(code: string): string {
  if (/^[0-9A-Z]{1,30}$/.test(code)) return code;
  return createHash('sm3').update(code, 'utf8').digest('hex').slice(0, 8).toUpperCase();
}

/** ISO 7064 MOD 37,36 (hybrid system, M = 36): the character that makes the string check. */
export function mod3736(body: string): string {
  const m = 36;
  let p = m;
  for (const ch of body.toUpperCase()) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue;
    p = (p + v) % m;
    if (p === 0) p = m;
    p = (2 * p) % (m + 1);
  }
  return ALPHABET[(m + 1 - p) % m]!;
}

export const licenceNumber = (regionCode: string, year: string, serial: number) => `${regionCode.slice(0, 6)}${year}${String(serial).padStart(6, '0')}`;

export function licenceIdentifier(typeCode: string, issuerCreditCode: string, licenceNo: string): string {
  const body = `${LICENCE_OID}.${typeSegment(typeCode)}.${issuerCreditCode}.${licenceNo}`;
  return `${body}.${mod3736(body)}`;
}

/** Whether an identifier is well formed and its check character matches. */
export function identifierChecks(identifier: string): boolean {
  const i = identifier.lastIndexOf('.');
  if (i < 0 || !identifier.startsWith(`${LICENCE_OID}.`)) return false;
  return mod3736(identifier.slice(0, i)) === identifier.slice(i + 1);
}
