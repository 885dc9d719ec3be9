import { NOT_FOUND } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Government information disclosure (issue 17, docs/disclosure.md), scoped by center:
 * - anyone, signed in or not, reads the published publications (the portal's disclosure point);
 * - the center's disclosure office (`disclosure`) and its head (the center's `manager`) publish and withdraw;
 * - a person or an enterprise submits a request and reads their own requests only: another requester's
 *   request does not exist for them (404);
 * - the disclosure office answers the center's requests (reply, correction notice, extension request);
 *   only the head (manager) approves or rejects an extension (条例 第三十三条: 经政府信息公开工作机构负责人同意);
 * - supervisors read the center's requests, the overdue ones in particular.
 * Which side may take which lifecycle action is the transition table's (disclosure/disclosure.transitions.ts).
 */
export const DISCLOSURE_ACTIONS = ['publish', 'read_request', 'submit_request', 'list_requests', 'read_third_party_letter'] as const;
export type DisclosureAction = (typeof DISCLOSURE_ACTIONS)[number];

export interface DisclosureRequestRef { centerId: string; requesterId: string }
export type DisclosureSide = 'officer' | 'head' | 'requester';

const isOfficer = (who: Actor | null) => hasRole(who, 'disclosure', 'manager');

/** The sides an actor holds on one request (none outside its scope). */
export function disclosureSidesOn(who: Actor | null, r: DisclosureRequestRef): DisclosureSide[] {
  if (!who) return [];
  if (who.kind !== 'staff') return r.requesterId === who.id ? ['requester'] : [];
  if (who.centerId !== r.centerId) return [];
  const sides: DisclosureSide[] = [];
  if (isOfficer(who)) sides.push('officer');
  if (hasRole(who, 'manager')) sides.push('head');
  return sides;
}

export const disclosurePolicy: Policy<{ centerId: string; requesterId?: string }, DisclosureAction> = {
  resource: 'disclosure',
  actions: DISCLOSURE_ACTIONS,
  can(who, action, r) {
    if (!who) return false;
    const inCenter = isStaff(who) && (!r || r.centerId === who.centerId);
    switch (action) {
      case 'publish':
        return isOfficer(who) && inCenter;
      case 'submit_request':
        return who.kind !== 'staff';
      case 'list_requests':
        return who.kind !== 'staff' || ((isOfficer(who) || hasRole(who, 'supervisor')) && inCenter);
      case 'read_request':
        if (who.kind !== 'staff') return !r || r.requesterId === who.id;
        return (isOfficer(who) || hasRole(who, 'supervisor')) && inCenter;
      case 'read_third_party_letter':
        // The letters to a third party are the office's file (第三十二条): not the requester's to read.
        return (isOfficer(who) || hasRole(who, 'supervisor')) && inCenter;
    }
  },
  refuse(who, _action, r) {
    if (who && who.kind !== 'staff' && r?.requesterId && r.requesterId !== who.id) return NOT_FOUND({ zh: '政府信息公开申请', en: 'Disclosure request' });
    return defaultRefusal(who);
  },
};

/** Which requests a list may hold: the requester's own, or a center's. Null: no list at all. */
export type DisclosureListScope = { requesterId: string } | { centerId: string };

export function disclosureListScope(who: Actor | null): DisclosureListScope | null {
  if (!who) return null;
  if (who.kind !== 'staff') return { requesterId: who.id };
  if (isStaff(who) && (isOfficer(who) || hasRole(who, 'supervisor'))) return { centerId: who.centerId };
  return null;
}
