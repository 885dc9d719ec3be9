import { hasRole } from './actor.ts';
import type { Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Applying for an item or a joint matter (the resource is what is applied for, held by a center):
 * online by the applicant themself, or at the counter by a window clerk of that center, who
 * registers a walk-in applicant. Which departments the clerk's window serves is window.ts.
 */
export const APPLICATION_ACTIONS = ['apply_online', 'register_at_counter'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export const applicationPolicy: Policy<{ center_id: string }, ApplicationAction> = {
  resource: 'application',
  actions: APPLICATION_ACTIONS,
  can(who, action, target) {
    if (!who) return false;
    if (action === 'apply_online') return who.kind !== 'staff';
    return hasRole(who, 'window') && (!target || inCenter(who, target.center_id));
  },
};
