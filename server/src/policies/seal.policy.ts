import { errors } from '../lib/errors.ts';
import { hasPermission } from './permissions.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * E-seals of the departments (docs/elicences.md). A manager of the center requests a seal's
 * creation or key rotation for one of the center's departments and reads the center's requests;
 * ANOTHER manager of the same center decides (four eyes): the requester is refused with FOUR_EYES.
 * The public list of seals and their public keys needs no policy (it is public by design).
 */
export const SEAL_ACTIONS = ['request', 'read_requests', 'decide'] as const;
export type SealAction = (typeof SEAL_ACTIONS)[number];

/** `center_id`: the center of the department (request) or of the request; `requested_by` for decide. */
export const sealPolicy: Policy<{ center_id: string; requested_by?: string }, SealAction> = {
  resource: 'seal',
  actions: SEAL_ACTIONS,
  can(who, action, r) {
    if (!hasPermission(who, 'seals.manage')) return false;
    if (!r) return true;
    if (!inCenter(who, r.center_id)) return false;
    return action !== 'decide' || r.requested_by !== who.id;
  },
  refuse(who, action, r) {
    if (action === 'decide' && r && hasPermission(who, 'seals.manage') && inCenter(who, r.center_id) && r.requested_by === who.id) {
      return errors.FOUR_EYES();
    }
    return defaultRefusal(who);
  },
};
