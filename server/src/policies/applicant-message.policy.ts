import { NOT_FOUND } from '../lib/errors.ts';
import type { Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Messages to applicants (issue 13, docs/messages.md): a person or an enterprise account reads and
 * marks its own messages and sets its own preferences; nobody else does, staff included (staff have
 * their own notifications). Another account's message does not exist for an applicant (404).
 */
export const APPLICANT_MESSAGE_ACTIONS = ['read', 'mark_read', 'set_preferences'] as const;
export type ApplicantMessageAction = (typeof APPLICANT_MESSAGE_ACTIONS)[number];

export interface ApplicantMessageRef { userId: string }

const isApplicant = (who: Actor | null) => who !== null && (who.kind === 'person' || who.kind === 'enterprise');

export const applicantMessagePolicy: Policy<ApplicantMessageRef, ApplicantMessageAction> = {
  resource: 'applicant_message',
  actions: APPLICANT_MESSAGE_ACTIONS,
  can(who, _action, r) {
    return isApplicant(who) && (!r || r.userId === who!.id);
  },
  refuse(who, _action, r) {
    if (isApplicant(who) && r && r.userId !== who!.id) return NOT_FOUND({ zh: '消息', en: 'Message' });
    return defaultRefusal(who);
  },
};
