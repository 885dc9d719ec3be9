import { NOT_FOUND } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * 好差评 (issue 13, docs/ratings.md). Three resources, each scoped by center:
 * - a case's rating: only the case's applicant rates it (another person's case does not exist for
 *   them: 404); staff never rate a case;
 * - a hall visit's rating: given on the window's pad (the clerk's session) for a ticket of the clerk's
 *   center (the kiosk, known by its token, is checked by the service); with the slip's rating token
 *   (`rate_by_token`, 扫码评价) by whoever holds the slip, signed in or not — the token is the proof —
 *   but never from a staff session: staff rate nothing but on the pad, and the clerk who printed a slip
 *   at the counter has seen its token;
 * - a rectification task: the department of the rated case works it (its approvers and chiefs; a task
 *   without a department is the center managers'), the center's managers decide appeals and read all,
 *   supervisors read (the staff view: callback, verification, appeal); the person who was served rates
 *   the fix and reads the task only as the rating page shows it (`taskForPerson`), never the staff view;
 * - the figures: the center's managers and supervisors.
 */
export const RATING_ACTIONS = ['rate', 'rate_visit', 'rate_by_token'] as const;
export type RatingAction = (typeof RATING_ACTIONS)[number];

export interface RatingRef { centerId: string; applicantId: string | null }

export const ratingPolicy: Policy<RatingRef, RatingAction> = {
  resource: 'rating',
  actions: RATING_ACTIONS,
  can(who, action, r) {
    if (action === 'rate_visit') return hasRole(who, 'window') && (!r || r.centerId === who!.centerId);
    if (action === 'rate_by_token') return who?.kind !== 'staff';
    return !!who && who.kind !== 'staff' && (!r || r.applicantId === who.id);
  },
  refuse: ownOr404,
};

export const RECTIFICATION_ACTIONS = ['read', 'work', 'decide_appeal', 'rate_fix'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

export interface RectificationRef { centerId: string; departmentId: string | null; applicantId: string | null }

/** Who works a task: the department's approvers and chiefs, or the center's managers for a task with no department. */
function works(who: Actor | null, r?: RectificationRef) {
  if (!isStaff(who)) return false;
  if (!r) return hasRole(who, 'approver', 'chief', 'manager');
  if (r.centerId !== who.centerId) return false;
  return r.departmentId ? hasRole(who, 'approver', 'chief') && who.departmentId === r.departmentId : hasRole(who, 'manager');
}

export const rectificationPolicy: Policy<RectificationRef, RectificationAction> = {
  resource: 'rectification',
  actions: RECTIFICATION_ACTIONS,
  can(who, action, r) {
    if (!who) return false;
    // The applicant's own view is the rating page's; `read` is the staff view (notes, the appeal and its decision).
    if (who.kind !== 'staff') return action === 'rate_fix' && (!r || r.applicantId === who.id);
    switch (action) {
      case 'work': return works(who, r);
      case 'decide_appeal': return hasRole(who, 'manager') && (!r || r.centerId === who.centerId);
      case 'read': return works(who, r) || (hasRole(who, 'manager', 'supervisor') && (!r || r.centerId === who.centerId));
      default: return false;
    }
  },
  refuse: ownOr404,
};

export const RATING_FIGURES_ACTIONS = ['read'] as const;
export const ratingFiguresPolicy: Policy<{ centerId: string }, 'read'> = {
  resource: 'rating_figures',
  actions: RATING_FIGURES_ACTIONS,
  can: (who, _action, r) => hasRole(who, 'manager', 'supervisor') && (!r || r.centerId === who!.centerId),
};

/**
 * Whether staff are shown which case or visit a review is of (the case's id and number, the ticket, the
 * rater's name): only for a real-name review. An anonymous rater chose not to be known, and the case
 * names its applicant, so for an anonymous review no staff role gets that link, supervisors included
 * (docs/ratings.md "Anonymous reviews"): the department, stage, channel and text are what a
 * rectification and its supervision work on. The person served always sees their own case.
 */
export function showsRatedCase(who: Actor | null, realName: boolean): boolean {
  if (!who) return false;
  return who.kind !== 'staff' || realName;
}

/** An applicant asking for another person's rating or task learns nothing: it does not exist for them. */
function ownOr404(who: Actor | null, _action: string, r?: { applicantId: string | null }) {
  if (who && who.kind !== 'staff' && r && r.applicantId !== who.id) return NOT_FOUND({ zh: '记录', en: 'Record' });
  return defaultRefusal(who);
}
