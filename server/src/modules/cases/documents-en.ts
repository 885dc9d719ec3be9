/**
 * The English lines of the receipt and the decision letter for a foreign applicant (issue 17,
 * docs/portal.md "Foreign applicants"): each Chinese line is followed by its English, and the letter
 * says that the Chinese text is authoritative. Other letters stay Chinese only.
 */
export const BILINGUAL_KINDS = ['receipt', 'decision'] as const;

export const EN_TITLES = { receipt: 'Acceptance Receipt', decision: 'Administrative Licensing Decision' } as const;

export const EN_LABELS: Record<string, string> = {
  申请人: 'Applicant', 申请事项: 'Service item', 承办部门: 'Department', 申请日期: 'Application date',
  承诺办结时限: 'Promised time limit', 法定办结时限: 'Statutory time limit', 查询码: 'Query code',
};

/** 2026-11-23 → 23 November 2026 */
export function enDate(iso: string | null): string {
  if (!iso) return '—';
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

export const EN_TEXT = {
  accepted: (date: string | null, deemed: boolean) =>
    `Your application materials are complete and in the legal form. This center accepted the application on ${enDate(date)}${deemed ? ' (deemed accepted, counted from the day the materials were received)' : ''} according to law.`,
  promised: (days: number, due: string | null) => `${days} working days; expected to be completed by ${enDate(due)}`,
  statutory: (due: string | null) => `by ${enDate(due)}`,
  track: 'Scan the QR code at the top right, or sign in to the online service hall, with the receipt number and the query code to follow the progress.',
  approved: 'Upon review, your application meets the statutory conditions and standards. The administrative licence is granted.',
  partial: 'Upon joint review, the items of the joint application are partly granted and partly refused, as listed.',
  denied: 'Upon review, your application does not meet the statutory conditions and standards. The administrative licence is not granted.',
  remedy: 'If you disagree with this decision, you may apply for administrative reconsideration within sixty days, or bring an administrative lawsuit within six months, of receiving it.',
  decidedOn: (date: string | null) => `Decision date: ${enDate(date)}`,
  authoritative: 'This document is issued in Chinese with an English translation for the applicant\'s convenience; the Chinese text is authoritative. 本文书附英文译文供参考，以中文文本为准。',
};
