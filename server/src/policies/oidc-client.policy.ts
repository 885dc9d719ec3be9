import { hasPermission } from './permissions.ts';
import type { Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Relying parties of the single sign-on (docs/sso.md). A manager of a center registers, lists, edits
 * (`update`: the back-channel logout URI) and revokes the center's own clients, and rotates the provider's signing keys (`rotate_keys`: the keys
 * are the platform's, so any manager with the permission may). Nobody else, and never another center's.
 */
export const OIDC_CLIENT_ACTIONS = ['register', 'read', 'update', 'revoke', 'rotate_keys'] as const;
export type OidcClientAction = (typeof OIDC_CLIENT_ACTIONS)[number];

export const oidcClientPolicy: Policy<{ center_id: string }, OidcClientAction> = {
  resource: 'oidc_client',
  actions: OIDC_CLIENT_ACTIONS,
  can(who, _action, r) {
    if (!hasPermission(who, 'sso.manage')) return false;
    return !r || inCenter(who, r.center_id);
  },
};
