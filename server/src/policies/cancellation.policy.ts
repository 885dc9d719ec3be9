import { NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import { isStaff, type Actor, type StaffActor } from './actor.ts';
import { rolesOn, type CaseScopeRow } from './case.policy.ts';
import { authorize, defaultRefusal, type Policy } from './policy.ts';

/**
 * Cancellation (注销) of a licence after its decision:
 * - request: the holder only, the applicant of the case (another applicant is told the case does not exist);
 * - decide: the chief of the case's department in its center.
 * - list: the chief's queue of open requests (GET /api/workbench/cancellations), scoped by
 *   `cancellationQueueScope` to the chief's own department in their center.
 */
export const CANCELLATION_ACTIONS = ['request', 'decide', 'list'] as const;
export type CancellationAction = (typeof CANCELLATION_ACTIONS)[number];

export const cancellationPolicy: Policy<CaseScopeRow, CancellationAction> = {
  resource: 'cancellation',
  actions: CANCELLATION_ACTIONS,
  can(who, action, c) {
    if (!who) return false;
    switch (action) {
      case 'request': return who.kind !== 'staff' && (!c || c.applicant_id === who.id);
      case 'decide': return isStaff(who) && who.roles.includes('chief') && (!c || rolesOn(who, c).includes('chief'));
      case 'list': return isStaff(who) && who.roles.includes('chief') && who.departmentId !== null;
    }
  },
  refuse(who, action, c): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (c && action === 'request' && who.kind !== 'staff') return NOT_FOUND({ zh: '办件', en: 'Case' });
    return defaultRefusal(who);
  },
};

/** The open requests a chief may list: those of their own department in their own center (never another's). */
export function cancellationQueueScope(who: Actor | null): { centerId: string; departmentId: string } {
  authorize(cancellationPolicy, who, 'list');
  const staff = who as StaffActor;
  return { centerId: staff.centerId, departmentId: staff.departmentId! };
}
