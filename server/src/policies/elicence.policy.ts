import { NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import type { Actor } from './actor.ts';
import { casePolicy, type CaseScopeRow } from './case.policy.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Who reads an e-licence (issue 12, "Bad input and security"):
 * - read / share: its holder only (an applicant whose ID number or credit code is the licence's
 *   holder code; the service looks that fact up and hands it in as `isHolder`). Wallet, download,
 *   use records and share links are all `read` or `share`.
 * - read_via_case: staff who read the internal side of a case (case.policy.ts `read_internal`, their
 *   scope) that names the licence (`citingCase`: the service passes the case only when it does).
 *   Staff never look a licence up by number or by holder; each such read is recorded for the holder.
 * The public sees a licence only masked, through the verification page or a share link the holder made.
 * Another applicant gets 404 (the licence does not exist for them); staff out of scope 403.
 */
export const ELICENCE_ACTIONS = ['read', 'share', 'read_via_case'] as const;
export type ElicenceAction = (typeof ELICENCE_ACTIONS)[number];

export interface ElicenceAccess {
  /** The asking applicant is the licence's holder. */
  isHolder: boolean;
  /** For read_via_case: the case, when it names the licence; null otherwise. */
  citingCase: CaseScopeRow | null;
}

const isApplicant = (who: Actor | null) => who !== null && who.kind !== 'staff';

export const elicencePolicy: Policy<ElicenceAccess, ElicenceAction> = {
  resource: 'elicence',
  actions: ELICENCE_ACTIONS,
  can(who, action, l) {
    if (!who) return false;
    switch (action) {
      case 'read':
      case 'share': return isApplicant(who) && (!l || l.isHolder);
      case 'read_via_case': return who.kind === 'staff' && (!l || (l.citingCase !== null && casePolicy.can(who, 'read_internal', l.citingCase)));
    }
  },
  refuse(who, _action, l): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (l && who.kind !== 'staff') return NOT_FOUND({ zh: '电子证照', en: 'E-licence' });
    return defaultRefusal(who);
  },
};
