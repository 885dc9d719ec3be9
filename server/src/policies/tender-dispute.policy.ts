import { NOT_FOUND } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Questions (质疑), objections (异议) and complaints (投诉) about a tender (docs/trading.md, "Questions,
 * objections and complaints"), scoped by center and, for the supervising department, by department:
 * - `raise`, `complain`: a signed-in person or enterprise (the service checks they are a party: a bidder
 *   or a registered downloader of the documents, and that the question a complaint follows is theirs);
 * - `read`: the party who raised it (another party's is 404: its existence is not told; the public
 *   never sees one); the trading staff of the center (questions and objections); the supervising
 *   department of the project (everything about its projects); the center's supervisors and managers;
 * - `answer`: the trading staff of the center, acting for the buyer and its agent;
 * - `decide`: the supervising department of the project (its approvers and chiefs, as in trading.policy.ts);
 * - `list`: staff who hold one of those roles (the list is filtered by `disputeListScope`).
 */
export const DISPUTE_ACTIONS = ['raise', 'complain', 'read', 'answer', 'decide', 'list'] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

export interface DisputeRef { centerId: string; departmentId: string; userId: string; kind: 'question' | 'objection' | 'complaint' }

const isParty = (who: Actor | null) => !!who && who.kind !== 'staff';
const isTrading = (who: Actor | null, centerId?: string) => hasRole(who, 'trading') && (!centerId || who!.centerId === centerId);
const isSupervisingDept = (who: Actor | null, r?: DisputeRef) =>
  hasRole(who, 'approver', 'chief') && !!who!.departmentId && (!r || (who!.centerId === r.centerId && who!.departmentId === r.departmentId));
const isOversight = (who: Actor | null, centerId?: string) => hasRole(who, 'supervisor', 'manager') && (!centerId || who!.centerId === centerId);

export const tenderDisputePolicy: Policy<DisputeRef, DisputeAction> = {
  resource: 'tender_dispute',
  actions: DISPUTE_ACTIONS,
  can(who, action, r) {
    switch (action) {
      case 'raise':
      case 'complain':
        return isParty(who) && (!r || r.userId === who!.id);
      case 'read':
        if (!r) return !!who;
        if (isParty(who)) return r.userId === who!.id;
        return (isTrading(who, r.centerId) && r.kind !== 'complaint') || isSupervisingDept(who, r) || isOversight(who, r.centerId);
      case 'answer':
        return isTrading(who, r?.centerId) && (!r || r.kind !== 'complaint');
      case 'decide':
        return isSupervisingDept(who, r) && (!r || r.kind === 'complaint');
      case 'list':
        return isTrading(who) || isSupervisingDept(who) || isOversight(who);
    }
  },
  refuse(who, action, r) {
    // A party never learns of another party's question; staff outside the scope are refused plainly.
    if (r && isParty(who) && r.userId !== who!.id) return NOT_FOUND({ zh: '质疑、异议或投诉', en: 'Question, objection or complaint' });
    return defaultRefusal(who);
  },
};

/** The disputes a staff list holds: the center's (trading: questions and objections only), or a supervising department's. */
export type DisputeListScope = { centerId: string; departmentId: string | null; complaints: boolean };

export function disputeListScope(who: Actor | null): DisputeListScope | null {
  if (!isStaff(who)) return null;
  if (isOversight(who)) return { centerId: who.centerId, departmentId: null, complaints: true };
  if (isSupervisingDept(who)) return { centerId: who.centerId, departmentId: who.departmentId, complaints: true };
  if (isTrading(who)) return { centerId: who.centerId, departmentId: null, complaints: false };
  return null;
}
