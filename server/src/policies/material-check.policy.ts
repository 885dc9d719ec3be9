import { NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import { hasRole, isStaff } from './actor.ts';
import { casePolicy, rolesOn, type CaseScopeRow } from './case.policy.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * The counter's material checklist of a case (issue 10): what the window clerk recorded of each
 * material before acceptance.
 * - read: staff who read the case's internal side (case.policy.ts `read_internal`); never an applicant.
 * - record: a window clerk holding the window role on the case (its center); the service also asks
 *   that the clerk's window serves every department of the case (window.ts), as for `accept`.
 * An applicant is refused 403 at the gate, before any case is loaded (so whoever's case it is, nothing is
 * learned of it); staff out of scope get 403 (policies.test.ts, material check).
 */
export const MATERIAL_CHECK_ACTIONS = ['read', 'record'] as const;
export type MaterialCheckAction = (typeof MATERIAL_CHECK_ACTIONS)[number];

export const materialCheckPolicy: Policy<CaseScopeRow, MaterialCheckAction> = {
  resource: 'material_check',
  actions: MATERIAL_CHECK_ACTIONS,
  can(who, action, c) {
    if (!isStaff(who)) return false;
    if (action === 'read') return casePolicy.can(who, 'read_internal', c);
    // 通办: the receiving center's window checks what it received, as it accepts (docs/network.md).
    return c ? rolesOn(who, c).some((r) => r === 'window' || r === 'receiving_window') : hasRole(who, 'window');
  },
  refuse(who, _action, c): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (c && who.kind !== 'staff') return NOT_FOUND({ zh: '办件', en: 'Case' });
    return defaultRefusal(who);
  },
};
