import { FORBIDDEN, UNAUTHENTICATED } from '../lib/errors.ts';

/**
 * Who is asking. An actor is one of three kinds: `public` (not signed in: `null`), `applicant` (a
 * person or an enterprise) and `staff`, whose staff roles and place in the organisation tree
 * (region → center → department → window) give their scope. New staff roles (finance clerk,
 * hotline operator) are added to STAFF_ROLES and to the permission map; new outside parties
 * (expert, bidder) become new user kinds with their own rules in the policies that concern them.
 */
// finance (收费管理 / 财政): the center's fee clerk; sees notices, payments, refunds and reconciliation, never acts on a case.
// hotline (12345 话务员): enters and dispatches work orders; hotline_lead (热线中心): decides dispatch disputes (docs/hotline.md).
// trading (公共资源交易中心): creates trading projects and tenders, publishes, amends, cancels, awards (docs/trading.md).
// disclosure (政府信息公开工作机构): publishes at the disclosure point and answers disclosure requests (docs/disclosure.md).
// draw_operator (专家抽取员): the trading center's staff who keeps the expert pool and runs the draw; expert (评标专家):
// an evaluation expert's own account, which scores only the tenders whose committee they sit on (docs/experts.md).
export const STAFF_ROLES = ['window', 'approver', 'chief', 'manager', 'supervisor', 'finance', 'bank', 'hotline', 'hotline_lead', 'trading', 'disclosure', 'draw_operator', 'expert'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export interface Actor {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  name: string;
  roles: StaffRole[];
  centerId: string | null;
  departmentId: string | null;
  windowId: string | null;
  /** The region of the staff member's center (GB/T 2260 code and level): the root of any level scope. */
  centerRegion: { code: string; level: RegionLevel } | null;
}

export type ActorKind = 'public' | 'applicant' | 'staff';

export const actorKind = (a: Actor | null): ActorKind => (!a ? 'public' : a.kind === 'staff' ? 'staff' : 'applicant');

export type StaffActor = Actor & { kind: 'staff'; centerId: string };

/** A staff member seated in a center (every staff account has one; the check keeps the type honest). */
export const isStaff = (a: Actor | null): a is StaffActor => a?.kind === 'staff' && a.centerId !== null;

export const hasRole = (a: Actor | null, ...roles: StaffRole[]) => isStaff(a) && a.roles.some((r) => roles.includes(r));

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw UNAUTHENTICATED();
  return actor;
}

/** Staff-only ground (notifications, internal views): 401 signed out, 403 for an applicant. */
export function requireStaff(actor: Actor | null): StaffActor {
  const a = requireActor(actor);
  if (a.kind !== 'staff') throw FORBIDDEN();
  return a as StaffActor;
}
