import { NOT_FOUND } from '../lib/errors.ts';
import { hasPermission } from './permissions.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Consuming systems of the open interfaces (docs/open-api.md): a manager of the center registers
 * them, issues and revokes their keys, manages their event subscriptions and reads their delivery
 * log. Another center's manager is answered 404 (the system does not exist for them); every other
 * staff role 403, the public 401.
 */
export const API_CLIENT_ACTIONS = ['manage'] as const;
export type ApiClientAction = (typeof API_CLIENT_ACTIONS)[number];

export const apiClientPolicy: Policy<{ center_id: string }, ApiClientAction> = {
  resource: 'api_client',
  actions: API_CLIENT_ACTIONS,
  can(who, _action, c) {
    return hasPermission(who, 'integrations.manage') && (!c || inCenter(who, c.center_id));
  },
  refuse(who, _action, c) {
    if (c && hasPermission(who, 'integrations.manage')) return NOT_FOUND({ zh: '对接系统', en: 'Consuming system' });
    return defaultRefusal(who);
  },
};
