/**
 * Identity documents of foreign applicants (docs/portal.md, "Foreign applicants"): a passport (the
 * holder's nationality as an ISO 3166-1 alpha-3 code and the document number) or a foreign permanent
 * resident ID card (外国人永久居留身份证) in either of its two formats:
 * - 2017 card, 15 characters: the nationality as 3 Latin letters (ISO 3166-1 alpha-3), the issuing
 *   province (2 digits, GB/T 2260), the birth date YYMMDD, then 4 digits (sequence and check digit;
 *   the 2017 check algorithm is not published, so that digit is not verified);
 * - 2023 card (issued from 1 December 2023, 国家移民管理局), 18 characters modelled on the citizen
 *   number: '9' (foreigner), the issuing province (2 digits), the nationality as the ISO 3166-1
 *   numeric code (3 digits), the birth date YYYYMMDD, a 3-digit sequence and an ISO 7064 MOD 11-2
 *   check character, computed like the resident ID number's.
 * Pure functions: no I/O, time only through `today`.
 */
import countries from 'i18n-iso-countries';
import { idCheckDigit, PROVINCE_CODES } from './identity.ts';

export type ForeignRule =
  | 'FOREIGN_DOC_NATIONALITY' | 'PASSPORT_NUMBER_FORMAT'
  | 'PERMANENT_RESIDENCE_FORMAT' | 'PERMANENT_RESIDENCE_REGION' | 'PERMANENT_RESIDENCE_NATIONALITY'
  | 'PERMANENT_RESIDENCE_BIRTH_DATE' | 'PERMANENT_RESIDENCE_CHECK_DIGIT';

export type ForeignCheck = { ok: true; number: string } | { ok: false; rule: ForeignRule };

/** A foreign nationality: an ISO 3166-1 alpha-3 code, not China's (a Chinese citizen registers with the resident ID number). */
export function isForeignNationality(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && code !== 'CHN' && countries.isValid(code);
}

const realDate = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const chinaToday = (today: Date) => new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** Document numbers are kept in capitals without spaces or hyphens, as printed in the machine-readable zone. */
export const normaliseDocNumber = (s: string) => s.trim().toUpperCase().replace(/[\s-]/g, '');

export function checkPassport(nationality: string, number: string): ForeignCheck {
  if (!isForeignNationality(nationality)) return { ok: false, rule: 'FOREIGN_DOC_NATIONALITY' };
  const n = normaliseDocNumber(number);
  if (!/^[A-Z0-9]{5,20}$/.test(n)) return { ok: false, rule: 'PASSPORT_NUMBER_FORMAT' };
  return { ok: true, number: n };
}

/** Checks a permanent resident ID card number of either format against the nationality the holder gives. */
export function checkPermanentResidence(nationality: string, number: string, today: Date = new Date()): ForeignCheck {
  if (!isForeignNationality(nationality)) return { ok: false, rule: 'FOREIGN_DOC_NATIONALITY' };
  const n = normaliseDocNumber(number);
  const todayKey = chinaToday(today);
  if (/^[A-Z]{3}\d{12}$/.test(n)) {
    if (!PROVINCE_CODES.has(n.slice(3, 5))) return { ok: false, rule: 'PERMANENT_RESIDENCE_REGION' };
    if (n.slice(0, 3) !== nationality || !countries.isValid(n.slice(0, 3))) return { ok: false, rule: 'PERMANENT_RESIDENCE_NATIONALITY' };
    const yy = Number(n.slice(5, 7));
    const m = Number(n.slice(7, 9));
    const d = Number(n.slice(9, 11));
    // Two-digit years: a date that would lie in the future belongs to the previous century.
    const y = 2000 + yy <= Number(todayKey.slice(0, 4)) ? 2000 + yy : 1900 + yy;
    if (!realDate(y, m, d) || `${y}${n.slice(7, 11)}` > todayKey) return { ok: false, rule: 'PERMANENT_RESIDENCE_BIRTH_DATE' };
    return { ok: true, number: n };
  }
  if (/^9\d{16}[\dX]$/.test(n)) {
    if (!PROVINCE_CODES.has(n.slice(1, 3))) return { ok: false, rule: 'PERMANENT_RESIDENCE_REGION' };
    if (countries.numericToAlpha3(n.slice(3, 6)) !== nationality) return { ok: false, rule: 'PERMANENT_RESIDENCE_NATIONALITY' };
    const birth = n.slice(6, 14);
    const y = Number(birth.slice(0, 4));
    if (y < 1900 || !realDate(y, Number(birth.slice(4, 6)), Number(birth.slice(6, 8))) || birth > todayKey) {
      return { ok: false, rule: 'PERMANENT_RESIDENCE_BIRTH_DATE' };
    }
    if (idCheckDigit(n.slice(0, 17)) !== n[17]) return { ok: false, rule: 'PERMANENT_RESIDENCE_CHECK_DIGIT' };
    return { ok: true, number: n };
  }
  return { ok: false, rule: 'PERMANENT_RESIDENCE_FORMAT' };
}
