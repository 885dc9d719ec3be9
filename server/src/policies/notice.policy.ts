import { FORBIDDEN, UNAUTHENTICATED } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor } from './actor.ts';
import { hasPermission } from './permissions.ts';
import type { Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Supervision notices (督办通知). A supervisor of the center issues one on a case or a department
 * of the center (the resource is then that case or department); a chief of the notice's department
 * replies; the center's supervisors and managers read all of the center's notices, a chief those
 * of their department.
 */
export const NOTICE_ACTIONS = ['issue', 'reply', 'read'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

const centerWide = (who: Actor | null) => hasRole(who, 'supervisor', 'manager');

export const noticePolicy: Policy<{ center_id: string; department_id: string }, NoticeAction> = {
  resource: 'notice',
  actions: NOTICE_ACTIONS,
  can(who, action, n) {
    switch (action) {
      case 'issue': return hasPermission(who, 'supervision.act') && (!n || inCenter(who, n.center_id));
      // A department belongs to one center, so the department decides the center too.
      case 'reply': return hasPermission(who, 'supervision.reply') && (!n || who.departmentId === n.department_id);
      case 'read':
        if (!isStaff(who) || (n && !inCenter(who, n.center_id))) return false;
        return centerWide(who) || (hasRole(who, 'chief') && (n ? who.departmentId === n.department_id : who.departmentId !== null));
    }
  },
};

/** Which notices a staff member's list shows: the center's, or a chief's department's. */
export function noticeListScope(who: Actor | null): { centerId: string } | { departmentId: string } {
  if (!who) throw UNAUTHENTICATED();
  if (!noticePolicy.can(who, 'read')) throw FORBIDDEN();
  return centerWide(who) ? { centerId: who.centerId! } : { departmentId: who.departmentId! };
}
