/**
 * Identity numbers of applicants: the 18-digit resident ID number (GB 11643-1999, check digit
 * ISO 7064 MOD 11-2) and the 18-character unified social credit code (GB 32100-2015, check
 * character mod 31, embedding a GB 11714 organisation code with its own check character).
 * Pure functions: no I/O, time only through the optional `today` argument.
 */
import { errorText, type Bilingual } from './errors.ts';

export type IdRule = 'ID_NUMBER_FORMAT' | 'ID_NUMBER_REGION' | 'ID_NUMBER_BIRTH_DATE' | 'ID_NUMBER_CHECK_DIGIT';
export type CreditRule = 'CREDIT_CODE_FORMAT' | 'CREDIT_CODE_ORG_CODE' | 'CREDIT_CODE_CHECK_CHAR';
export type RuleCode = IdRule | CreditRule;

export type IdCheck =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; rule: IdRule };

export type CreditCheck =
  | { ok: true; creditCode: string; regionCode: string; orgCode: string }
  | { ok: false; rule: CreditRule };

/** The message of each rule, from the error catalogue (the rules are error codes of their own). */
export const RULE_MESSAGES = Object.fromEntries(
  (['ID_NUMBER_FORMAT', 'ID_NUMBER_REGION', 'ID_NUMBER_BIRTH_DATE', 'ID_NUMBER_CHECK_DIGIT', 'CREDIT_CODE_FORMAT', 'CREDIT_CODE_ORG_CODE', 'CREDIT_CODE_CHECK_CHAR'] as const)
    .map((rule) => [rule, errorText(rule)]),
) as Record<RuleCode, Bilingual>;

// ---------------------------------------------------------------------------------------------
// Resident ID number

/** Province-level codes of GB/T 2260 (mainland, Taiwan, Hong Kong, Macao). */
export const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** The calendar date of `today` in China (Asia/Shanghai), as YYYYMMDD, whatever the server's zone. */
function chinaDateKey(today: Date): string {
  // Asia/Shanghai has had no DST since 1991, so a fixed +08:00 offset is exact for "today".
  const t = new Date(today.getTime() + 8 * 3600_000);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + 1;
  const d = t.getUTCDate();
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

/**
 * Checks an 18-digit resident ID number. Lowercase x is accepted; surrounding spaces are not
 * trimmed here (callers trim input). Rules are checked in the order format, region, birth date,
 * check digit, so the first failing rule is the one reported.
 */
export function checkIdNumber(s: string, today: Date = new Date()): IdCheck {
  const id = s.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, rule: 'ID_NUMBER_FORMAT' };
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, rule: 'ID_NUMBER_REGION' };
  const birth = id.slice(6, 14);
  const y = Number(birth.slice(0, 4));
  const m = Number(birth.slice(4, 6));
  const d = Number(birth.slice(6, 8));
  if (!isRealDate(y, m, d) || birth < '19000101' || birth > chinaDateKey(today)) {
    return { ok: false, rule: 'ID_NUMBER_BIRTH_DATE' };
  }
  if (idCheckDigit(id) !== id[17]) return { ok: false, rule: 'ID_NUMBER_CHECK_DIGIT' };
  return {
    ok: true,
    idNumber: id,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
}

/** Builds a valid ID number from its parts (demo data and tests): region 6 digits, birth YYYYMMDD, sequence 3 digits. */
export function makeIdNumber(region6: string, birth: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6) || !/^\d{8}$/.test(birth) || !/^\d{3}$/.test(seq3)) {
    throw new Error(`makeIdNumber: bad parts ${region6}/${birth}/${seq3}`);
  }
  const first17 = region6 + birth + seq3;
  return first17 + idCheckDigit(first17);
}

// ---------------------------------------------------------------------------------------------
// Unified social credit code

/** The 31 characters of GB 32100; a character's value is its index. */
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character over the 8-character organisation code body (digits and A–Z = 10–35). */
export function orgCodeCheckChar(base8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = parseInt(base8[i]!, 36);
    if (Number.isNaN(v)) throw new Error(`orgCodeCheckChar: bad character in ${base8}`);
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character (mod 31) over the first 17 characters. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARSET.indexOf(first17[i]!);
    if (v < 0) throw new Error(`creditCheckChar: bad character in ${first17}`);
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31]!;
}

const CREDIT_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Checks a unified social credit code (case-insensitive): format, embedded organisation code, check character. */
export function checkCreditCode(s: string): CreditCheck {
  const code = s.toUpperCase();
  if (!CREDIT_FORMAT.test(code)) return { ok: false, rule: 'CREDIT_CODE_FORMAT' };
  const orgCode = code.slice(8, 17);
  if (orgCodeCheckChar(orgCode.slice(0, 8)) !== orgCode[8]) return { ok: false, rule: 'CREDIT_CODE_ORG_CODE' };
  if (creditCheckChar(code) !== code[17]) return { ok: false, rule: 'CREDIT_CODE_CHECK_CHAR' };
  return { ok: true, creditCode: code, regionCode: code.slice(2, 8), orgCode };
}

/**
 * Builds a valid credit code (demo data and tests) from the registration authority (1 char),
 * institution type (1 char), region (6 digits) and the 8-character organisation code body;
 * both check characters are computed.
 */
export function makeCreditCode(authority: string, type: string, region6: string, orgBase8: string): string {
  const one = /^[0-9A-HJ-NPQRTUWXY]$/;
  if (!one.test(authority) || !one.test(type) || !/^\d{6}$/.test(region6) || !/^[0-9A-HJ-NPQRTUWXY]{8}$/.test(orgBase8)) {
    throw new Error(`makeCreditCode: bad parts ${authority}/${type}/${region6}/${orgBase8}`);
  }
  const first17 = authority + type + region6 + orgBase8 + orgCodeCheckChar(orgBase8);
  return first17 + creditCheckChar(first17);
}
