import type { HolderCodeType } from '../../db/types.ts';
import { maskPhone, maskPublicText } from '../../lib/mask.ts';
import { maskHolder } from '../seals/index.ts';
import { maskHolderCode, statusNow, verifiableHolder } from './holder.ts';
import type { LicenceRow } from './wallet.repository.ts';
import type { LICENCE_STATUSES, STATUS_NOW } from './wallet.schemas.ts';

/**
 * The holder's name as the public sees it: the verification's own mask (seals `maskHolder`), so the share
 * page and the verification page never differ — a person `张*`, an enterprise's registered name as it is.
 */
const publicName = (l: LicenceRow) => maskHolder(verifiableHolder(l)).name;

/**
 * A printed value as the public sees it: the licence prints what its type's fields say (the holder's
 * ID number from `applicant.code`, the phone from `applicant.phone`, a form's answers), so the mask of
 * the holder block alone would be undone by the fields. The holder's code, name and phone fields are masked
 * by their source; any other value has the holder's code and a person's name starred, then the public-text rule.
 */
function maskedValue(l: LicenceRow, source: string | undefined, value: string): string {
  if (source === 'applicant.code') return maskHolderCode(l.holder_code_type as HolderCodeType, value);
  if (source === 'applicant.phone') return maskPhone(value);
  if (source === 'applicant.name') return maskHolder({ ...verifiableHolder(l), name: value }).name;
  const name = publicName(l);
  let v = l.holder_code ? value.split(l.holder_code).join(maskHolderCode(l.holder_code_type as HolderCodeType, l.holder_code)) : value;
  if (l.holder_name.trim() && name !== l.holder_name) v = v.split(l.holder_name).join(name);
  // The one rule for public text (lib/mask.ts), as the exposure column: ID, phone, card numbers, e-mail, house numbers.
  return maskPublicText(v);
}

/**
 * A licence as the API shows it; `masked` for the public (share link): the holder's code and a person's
 * name starred, in the holder block and wherever a printed field carries them, and every field through
 * `maskPublicText` (ID, phone and bank card numbers, e-mail, house and room numbers). The holder's own views are not masked.
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
      name: opts.masked ? publicName(l) : l.holder_name, codeType: l.holder_code_type as HolderCodeType,
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
