import { FORBIDDEN, UNAUTHENTICATED } from '../lib/errors.ts';

/**
 * Who is asking. An actor is one of three kinds: `public` (not signed in: `null`), `applicant` (a
 * person or an enterprise) and `staff`, whose staff roles and place in the organisation tree
 * (region → center → department → window) give their scope. New staff roles (finance clerk,
 * hotline operator) are added to STAFF_ROLES and to the permission map; new outside parties
 * (expert, bidder) become new user kinds with their own rules in the policies that concern them.
 */
// finance (收费管理 / 财政): the center's fee clerk; sees notices, payments, refunds and reconciliation, never acts on a case.
export const STAFF_ROLES = ['window', 'approver', 'chief', 'manager', 'supervisor', 'finance'] as const;
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
