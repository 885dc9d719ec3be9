import type { HolderCodeType } from '../../db/types.ts';
import { maskHolderCode, statusNow } from './holder.ts';
import type { LicenceRow } from './wallet.repository.ts';
import type { LICENCE_STATUSES, STATUS_NOW } from './wallet.schemas.ts';

/** A licence as the API shows it; `masked` for the public (share link): the holder's code starred. */
export function presentLicence(l: LicenceRow, today: string, opts: { masked?: boolean } = {}) {
  const fields = (l.type_fields ?? []) as Array<{ key: string; label: string; labelEn?: string }>;
  const data = (l.data ?? {}) as Record<string, unknown>;
  const labelled = fields.filter((f) => data[f.key] !== undefined && data[f.key] !== null)
    .map((f) => ({ key: f.key, label: f.label, labelEn: f.labelEn ?? null, value: String(data[f.key]) }));
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
