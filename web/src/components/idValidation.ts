// Client-side hints only: the server's checks (GB 11643, GB 32100) are the ones that decide.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idNumberFormatOk(v: string): boolean {
  return /^\d{17}[\dX]$/i.test(v);
}

export function idNumberChecksumOk(v: string): boolean {
  if (!idNumberFormatOk(v)) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0);
  return ID_CHECK[sum % 11] === v[17].toUpperCase();
}

const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeFormatOk(v: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v);
}

export function creditCodeChecksumOk(v: string): boolean {
  if (!creditCodeFormatOk(v)) return false;
  const sum = CC_WEIGHTS.reduce((s, w, i) => s + w * CC_CHARS.indexOf(v[i]), 0);
  const c = (31 - (sum % 31)) % 31;
  return CC_CHARS[c] === v[17];
}

export function phoneOk(v: string): boolean {
  return /^1\d{10}$/.test(v) || /^0\d{2,3}-?\d{7,8}$/.test(v);
}
