import { NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import { isStaff } from './actor.ts';
import { rolesOn, type CaseScopeRow } from './case.policy.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Delivery of a case's result (送达, modules/delivery):
 * - choose: the applicant, on their own case only (another applicant is told the case does not
 *   exist); a window clerk of the case's center for a walk-in (registration at the counter);
 * - hand_over: the window staff of the case's center (the delivery window: pickup with the check of
 *   who collects, posting, the cabinet, taking a result back), never another center's;
 *   通办: also the delivery window of the center chosen for collection (`delivery_window`);
 * - list: the window staff of a center, their own center's results out or back;
 * - read: as the case is read (the service asks the case policy).
 */
export const DELIVERY_ACTIONS = ['choose', 'hand_over', 'list'] as const;
export type DeliveryAction = (typeof DELIVERY_ACTIONS)[number];

type Row = Omit<CaseScopeRow, 'region_code'>;

export const deliveryPolicy: Policy<Row, DeliveryAction> = {
  resource: 'delivery',
  actions: DELIVERY_ACTIONS,
  can(who, action, c) {
    if (!who) return false;
    switch (action) {
      case 'choose':
        if (who.kind !== 'staff') return !c || c.applicant_id === who.id;
        return who.roles.includes('window') && (!c || rolesOn(who, c).includes('window'));
      // 通办: the delivery window of the center the applicant chose to collect at (docs/network.md).
      case 'hand_over': return isStaff(who) && who.roles.includes('window') && (!c || rolesOn(who, c).some((r) => r === 'window' || r === 'delivery_window'));
      case 'list': return isStaff(who) && who.roles.includes('window');
    }
  },
  refuse(who, _action, c): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (c && who.kind !== 'staff' && c.applicant_id !== who.id) return NOT_FOUND({ zh: '办件', en: 'Case' });
    return defaultRefusal(who);
  },
};
