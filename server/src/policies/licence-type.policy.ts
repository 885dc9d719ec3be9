import { isStaff, type Actor } from './actor.ts';
import type { Policy } from './policy.ts';

/**
 * E-licence types of the library (GB/T 36901-36905) and their links to items:
 * - manage (create, edit, retire, link items): a manager of the type's center;
 * - read: any staff member of the type's center (the item editor lists them, the departments see
 *   what they issue). The public verification and the wallet show a type's name through the licence.
 */
export const LICENCE_TYPE_ACTIONS = ['manage', 'read'] as const;
export type LicenceTypeAction = (typeof LICENCE_TYPE_ACTIONS)[number];
export interface LicenceTypeScopeRow { center_id: string }

export const licenceTypePolicy: Policy<LicenceTypeScopeRow, LicenceTypeAction> = {
  resource: 'licence_type',
  actions: LICENCE_TYPE_ACTIONS,
  can(who, action, t) {
    if (!isStaff(who)) return false;
    if (t && t.center_id !== who.centerId) return false;
    return action === 'read' || who.roles.includes('manager');
  },
};

/** The types a staff member may list: those of their own center. */
export function licenceTypeScope(who: Actor & { centerId: string }): { centerId: string } {
  return { centerId: who.centerId };
}
