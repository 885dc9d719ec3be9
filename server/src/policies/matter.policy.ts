import { NOT_FOUND } from '../lib/errors.ts';
import { hasPermission } from './permissions.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Joint matters (联办事项). Anyone reads a published one (the portal); its center's managers define
 * and publish it (`joint.manage`). Another center's matter, or one not published for the public,
 * does not exist for the caller (404); a caller without the permission is refused (403).
 */
export const MATTER_ACTIONS = ['read', 'manage'] as const;
export type MatterAction = (typeof MATTER_ACTIONS)[number];

const matterNotFound = () => NOT_FOUND({ zh: '联办事项', en: 'Joint matter' });

export const matterPolicy: Policy<{ center_id: string; status: string }, MatterAction> = {
  resource: 'matter',
  actions: MATTER_ACTIONS,
  can(who, action, m) {
    if (action === 'read') return !m || m.status === 'published';
    return hasPermission(who, 'joint.manage') && (!m || inCenter(who, m.center_id));
  },
  refuse: (who, _action, m) => (m ? matterNotFound() : defaultRefusal(who)),
};
