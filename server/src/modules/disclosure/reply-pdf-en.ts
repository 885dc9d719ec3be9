import type { DisclosureReplyType } from '../../db/types.ts';

/**
 * The English of the reply letter for a requester who registered as a foreigner or asked for English
 * (docs/disclosure.md "Reply letters"): each Chinese paragraph is followed by its English, and the
 * letter says the Chinese text is authoritative.
 */
export const EN_TITLES: Record<DisclosureReplyType, string> = {
  open: 'Reply to a Request for Government Information Disclosure (Disclosed)',
  partial: 'Reply to a Request for Government Information Disclosure (Partly Disclosed)',
  refused: 'Reply to a Request for Government Information Disclosure (Not Disclosed)',
  not_exist: 'Reply to a Request for Government Information Disclosure (Information Does Not Exist)',
  not_ours: 'Reply to a Request for Government Information Disclosure (Not Held by This Authority)',
  correction: 'Notice to Correct a Request for Government Information Disclosure',
};

const REGS = 'the Regulations of the People\'s Republic of China on Government Information Disclosure';
export const EN_OPENING: Record<DisclosureReplyType, string> = {
  open: `Upon review, the government information you requested is within the scope of disclosure and is disclosed under Article 36(2) of ${REGS}.`,
  partial: `Upon review, the government information you requested contains content that shall not be disclosed; under Article 37 of ${REGS}, the part that can be disclosed is provided.`,
  refused: `Upon review, the government information you requested is not to be disclosed according to law; under Article 36(3) of ${REGS}, the reasons are given below.`,
  not_exist: `Upon search, this authority has not made or obtained the government information you requested; under Article 36(4) of ${REGS}, you are informed that it does not exist.`,
  not_ours: `Upon review, the government information you requested is not for this authority to disclose; under Article 36(5) of ${REGS}, you are informed as follows.`,
  correction: `Upon review, your request is not clear; under Article 30 of ${REGS}, please correct it as set out below. The time limit for the reply runs from the day this authority receives the corrected request; a request not corrected within the time given without good reason is deemed abandoned.`,
};

export const EN_TEXT = {
  number: 'No.',
  received: (date: string, description: string) => `On ${date} this authority received your request for government information disclosure. Information requested: ${description}`,
  disclosed: 'The information disclosed and how to obtain it:',
  toCorrect: 'What to correct:',
  correctBy: (date: string) => `Period to correct in: please correct the request by ${date}.`,
  reason: 'Reasons:',
  remedy: 'If you disagree with this reply, you may apply for administrative reconsideration within sixty days, or bring an administrative lawsuit within six months, of receiving it.',
  authoritative: 'This letter is issued in Chinese with an English translation for the requester\'s convenience; the Chinese text is authoritative. 本答复书附英文译文供参考，以中文文本为准。',
  note: 'The information and the reasons above are given in the language in which this authority holds them.',
};

/** 2026-11-23 → 23 November 2026 */
export function enDate(iso: string | null): string {
  if (!iso) return '—';
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}
