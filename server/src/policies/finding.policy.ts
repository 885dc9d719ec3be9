import { hasPermission } from './permissions.ts';
import type { Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Supervision findings (纠错事项), raised by the rules in modules/supervision: those who watch the
 * center (supervisors, managers) list them; a supervisor of the finding's center confirms or
 * dismisses one.
 */
export const FINDING_ACTIONS = ['read', 'resolve'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

export const findingPolicy: Policy<{ center_id: string }, FindingAction> = {
  resource: 'finding',
  actions: FINDING_ACTIONS,
  can(who, action, f) {
    const permission = action === 'read' ? 'supervision.watch' : 'supervision.act';
    return hasPermission(who, permission) && (!f || inCenter(who, f.center_id));
  },
};

