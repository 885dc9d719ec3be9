import type { HolderCodeType } from '../../db/types.ts';
import { maskIdNumber, maskPhone } from '../../lib/mask.ts';
import { maskHolderCode, statusNow } from './holder.ts';
import type { LicenceRow } from './wallet.repository.ts';
import type { LICENCE_STATUSES, STATUS_NOW } from './wallet.schemas.ts';

const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1\d{10}(?!\d)/g;

/**
 * A printed value as the public sees it: the licence prints what its type's fields say (the holder's
 * ID number from `applicant.code`, the phone from `applicant.phone`, a form's answers), so the mask of
 * the holder block alone would be undone by the fields. The holder's code and phone fields are masked
 * by their source; any other value has the holder's code, ID numbers and mobile numbers starred.
 */
function maskedValue(l: LicenceRow, source: string | undefined, value: string): string {
  if (source === 'applicant.code') return maskHolderCode(l.holder_code_type as HolderCodeType, value);
  if (source === 'applicant.phone') return maskPhone(value);
  let v = l.holder_code ? value.split(l.holder_code).join(maskHolderCode(l.holder_code_type as HolderCodeType, l.holder_code)) : value;
  v = v.replace(ID_NUMBER, (m) => maskIdNumber(m)).replace(MOBILE, (m) => maskPhone(m));
  return v;
}

/**
 * A licence as the API shows it; `masked` for the public (share link): the holder's code starred, in the
 * holder block and wherever a printed field carries it, and ID and mobile numbers starred in every field.
 */
export function presentLicence(l: LicenceRow, today: string, opts: { masked?: boolean } = {}) {
  const fields = (l.type_fields ?? []) as Array<{ key: string; label: string; labelEn?: string; source?: string }>;
  const data = (l.data ?? {}) as Record<string, unknown>;
  const labelled = fields.filter((f) => data[f.key] !== undefined && data[f.key] !== null)
    .map((f) => ({ key: f.key, label: f.label, labelEn: f.labelEn ?? null, value: opts.masked ? maskedValue(l, f.source, String(data[f.key])) : String(data[f.key]) }));
  return {
    id: l.id, identifier: l.identifier, licenceNo: l.licence_no,
    type: { code: l.type_code, name: l.type_name, nameEn: l.type_name_en },
    holder: {
      name: l.holder_name, codeType: l.holder_code_type as HolderCodeType,
      code: opts.masked ? maskHolderCode(l.holder_code_type, l.holder_code) : l.holder_code,
    },
    issuer: { name: l.issuer_name, nameEn: l.issuer_name_en, creditCode: l.issuer_credit_code },
    regionCode: l.region_code, issueDate: l.issue_date, validFrom: l.valid_from, validTo: l.valid_to,
    status: l.status as (typeof LICENCE_STATUSES)[number],
    statusNow: statusNow(l, today) as (typeof STATUS_NOW)[number],
    statusChangedAt: l.status_changed_at?.toISOString() ?? null, statusReason: l.status_reason,
    version: l.version, hasFile: l.file_id !== null, data: labelled,
  };
}
