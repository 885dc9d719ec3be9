import type { Tx } from '../../db/database.ts';
import type { Bilingual } from '../../lib/errors.ts';
import * as repo from './applicant-messages.repository.ts';
import { queueOutbound } from './outbound.ts';

/**
 * Messages to applicants (issue 13): every step that concerns a citizen or an enterprise (accepted,
 * supplement needed, decided, fee due, licence issued, ready for pickup, rating invited, work order
 * replied, appointment reminder …) reaches them in the portal's message centre. Any domain may send
 * one: this module sits below the domains, like staff notices, so sending never imports another domain.
 *
 * Sent inside the transaction of the change it reports, so it exists exactly when the change does.
 * `dedupeKey` names the event (for example `case.accept:<caseId>` or `rating.invite:<caseId>:completion`):
 * a second send with the same key writes nothing and returns `created: false`, so a listener that
 * runs twice, a retried job or a second instance never makes two messages.
 */
/**
 * Every kind of message the platform sends to applicants, dotted lower case: the part before the first dot is its group
 * (the preferences page switches SMS per group or per kind). A kind is added here before it is sent, and the message
 * centre has a Chinese and an English name for each (messages/message-labels.test.ts).
 */
export const APPLICANT_MESSAGE_KINDS = [
  'case.accepted', 'case.supplement_requested', 'case.refused', 'case.decided', 'case.ready', 'case.delivered',
  'case.withdrawn', 'case.terminated', 'fee.due', 'fee.refund_paid', 'licence.issued', 'delivery.posted',
  'delivery.in_cabinet', 'rating.invited', 'rating.fix_invited', 'workorder.replied', 'workorder.closed',
  'workorder.reopened', 'hall.appointment_reminder', 'hall.appointment_cancelled', 'trading.amended',
  'trading.dispute_answered', 'trading.complaint_decided', 'trading.declaration_contradicted', 'disclosure.reply',
  'disclosure.consult_third_party', 'disclosure.request_correction', 'disclosure.approve_extension',
] as const;
export type ApplicantMessageKind = (typeof APPLICANT_MESSAGE_KINDS)[number];

export interface ApplicantMessage {
  kind: ApplicantMessageKind;
  /** The person or enterprise account the message is for. */
  userId: string;
  centerId: string | null;
  caseId?: string | null;
  title: Bilingual;
  body: Bilingual;
  /** A portal path the message opens (`/my/cases/…`), never an outside address. */
  link?: string | null;
  dedupeKey: string;
  at: Date;
}

export async function messageApplicant(tx: Tx, m: ApplicantMessage): Promise<{ id: number | null; created: boolean }> {
  const id = await repo.insertMessage(tx, {
    user_id: m.userId, center_id: m.centerId, case_id: m.caseId ?? null, kind: m.kind,
    title: JSON.stringify(m.title), body: JSON.stringify(m.body), link: m.link ?? null,
    dedupe_key: m.dedupeKey, created_at: m.at,
  });
  // The outbound copy (SMS …), in the same transaction, only for a created message: the person's
  // preferences and phone decide (outbound.ts); a repeat of the event sends nothing again.
  if (id !== null) await queueOutbound(tx, id, m);
  return { id, created: id !== null };
}
