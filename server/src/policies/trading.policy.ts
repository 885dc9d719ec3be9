import { NOT_FOUND } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Public resource trading (issue 16, docs/trading.md), scoped by center:
 * - the trading center's staff (`trading`) create projects and tenders of their center, publish, amend,
 *   cancel, move the periods and award; they read the download register;
 * - the supervising department of a project (its approvers and chiefs: the supervision roles of a
 *   department) reads its projects' tenders (drafts included) and the register, answers complaints and lifts
 *   the suspension an upheld complaint ordered (`lift_suspension`);
 *   the center's supervisors and managers read every tender and register of the center;
 * - anyone, signed in or not, reads a published tender (notice, revisions, candidates, award); a draft does
 *   not exist for them (404);
 * - a signed-in person or enterprise downloads the documents of a published tender (registered) and raises
 *   questions, objections and complaints.
 * Which side takes which lifecycle action is the transition table's (modules/trading/tender.transitions.ts).
 */
export const TRADING_ACTIONS = ['manage', 'read', 'read_register', 'download', 'raise', 'answer_question', 'answer_complaint', 'lift_suspension'] as const;
export type TradingAction = (typeof TRADING_ACTIONS)[number];

export interface TenderRef { centerId: string; departmentId: string; published: boolean }

export type TenderSide = 'trading' | 'system';

const isTrading = (who: Actor | null, centerId?: string) => hasRole(who, 'trading') && (!centerId || who!.centerId === centerId);
const isSupervisingDept = (who: Actor | null, r?: TenderRef) =>
  hasRole(who, 'approver', 'chief') && !!who!.departmentId && (!r || (who!.centerId === r.centerId && who!.departmentId === r.departmentId));
const isCenterOversight = (who: Actor | null, centerId?: string) => hasRole(who, 'supervisor', 'manager') && (!centerId || who!.centerId === centerId);

/**
 * The two bodies whose officials may hold a share of a tender's bid key (issue 16: "each encrypted to one of n officials
 * of the supervising and trading bodies"): the trading center (its `trading` staff, of the tender's center) and the
 * supervising department (the project's department's approvers and chiefs, the same people who decide its complaints
 * and lift its suspension). Anyone else — a window clerk, another department's approver, the center's manager or
 * supervisors, a draw operator, an expert — is of neither. Someone who holds both roles counts once, as trading center.
 */
export const TENDER_BODIES = ['trading_center', 'supervising_department'] as const;
export type TenderBody = (typeof TENDER_BODIES)[number];

export function tenderBodyOf(who: Actor | null, r: TenderRef): TenderBody | null {
  if (isTrading(who, r.centerId)) return 'trading_center';
  if (isSupervisingDept(who, r)) return 'supervising_department';
  return null;
}

/** The sides an actor holds on one tender (none outside its center). `system` is never an actor's: the bids and experts modules pass it. */
export function sidesOnTender(who: Actor | null, r: TenderRef): TenderSide[] {
  return isTrading(who, r.centerId) ? ['trading'] : [];
}

export const tradingPolicy: Policy<TenderRef, TradingAction> = {
  resource: 'tender',
  actions: TRADING_ACTIONS,
  can(who, action, r) {
    switch (action) {
      case 'manage':
      case 'answer_question':
        return isTrading(who, r?.centerId);
      case 'read':
        if (r?.published) return true;
        if (!r) return true; // the public list shows published tenders only
        return isTrading(who, r.centerId) || isSupervisingDept(who, r) || isCenterOversight(who, r.centerId);
      case 'read_register':
        return isTrading(who, r?.centerId) || isSupervisingDept(who, r) || isCenterOversight(who, r?.centerId);
      case 'download':
      case 'raise':
        return !!who && who.kind !== 'staff' && (!r || r.published);
      // The department that decides the complaints lifts the suspension an upheld one ordered (条例 第六十二条).
      case 'answer_complaint':
      case 'lift_suspension':
        return isSupervisingDept(who, r);
    }
  },
  refuse(who, action, r) {
    if (r && !r.published && (action === 'read' || !isStaff(who))) return NOT_FOUND({ zh: '招标项目', en: 'Tender' });
    return defaultRefusal(who);
  },
};

/** Which tenders a staff list may hold: the center's (trading, oversight) or a supervising department's. Null: the public list only. */
export type TenderListScope = { centerId: string; departmentId: string | null };

export function tenderListScope(who: Actor | null): TenderListScope | null {
  if (!isStaff(who)) return null;
  if (isTrading(who) || isCenterOversight(who)) return { centerId: who.centerId, departmentId: null };
  if (isSupervisingDept(who)) return { centerId: who.centerId, departmentId: who.departmentId };
  return null;
}
