import { errors, NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import { isStaff, type Actor, type StaffActor } from './actor.ts';
import { authorize, defaultRefusal, type Policy } from './policy.ts';

/**
 * An e-licence (issue 12) and the applications on it:
 * - read: its holder; the staff of the issuing department; the managers and supervisors of the
 *   issuer's center. Another applicant is told it does not exist (404). (Staff reading a licence a
 *   case cites, the public verification and share links are the wallet's and the seals' views.)
 * - revoke (撤销), suspend, reinstate, decide (a holder's change, renewal or cancellation): the chief
 *   of the issuing department; a chief of another body is refused with LICENCE_NOT_ISSUER.
 * - apply (变更, 延续, 注销): the holder only.
 * - list_department: the approvers and chiefs of a department list the licences it issued;
 *   `list_queue`: its chief lists the open applications.
 */
export const LICENCE_ACTIONS = ['read', 'revoke', 'suspend', 'reinstate', 'apply', 'decide', 'list_department', 'list_queue'] as const;
export type LicenceAction = (typeof LICENCE_ACTIONS)[number];
export interface LicenceScopeRow { holder_id: string | null; issuer_department_id: string; issuer_center_id: string }

const ISSUER_ACTIONS: readonly LicenceAction[] = ['revoke', 'suspend', 'reinstate', 'decide'];

export const licencePolicy: Policy<LicenceScopeRow, LicenceAction> = {
  resource: 'licence',
  actions: LICENCE_ACTIONS,
  can(who, action, l) {
    if (!who) return false;
    if (action === 'apply') return who.kind !== 'staff' && (!l || l.holder_id === who.id);
    if (!isStaff(who)) return action === 'read' && (!l || l.holder_id === who.id);
    switch (action) {
      case 'read':
        if (!l) return true;
        if (who.roles.some((r) => r === 'manager' || r === 'supervisor') && l.issuer_center_id === who.centerId) return true;
        return who.roles.some((r) => r === 'approver' || r === 'chief') && who.departmentId === l.issuer_department_id;
      case 'list_department': return who.departmentId !== null && who.roles.some((r) => r === 'approver' || r === 'chief');
      case 'list_queue': return who.departmentId !== null && who.roles.includes('chief');
      default: return who.roles.includes('chief') && (!l || who.departmentId === l.issuer_department_id);
    }
  },
  refuse(who, action, l): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (l && who.kind !== 'staff') return NOT_FOUND({ zh: '证照', en: 'Licence' });
    // A chief of another body learns why: the licence is not theirs to act on.
    if (l && isStaff(who) && who.roles.includes('chief') && ISSUER_ACTIONS.includes(action)) return errors.LICENCE_NOT_ISSUER();
    return defaultRefusal(who);
  },
};

/** The department whose issued licences (or open applications) a staff member lists. */
export function licenceDepartmentScope(who: Actor | null, action: 'list_department' | 'list_queue'): { departmentId: string } {
  authorize(licencePolicy, who, action);
  return { departmentId: (who as StaffActor).departmentId! };
}
