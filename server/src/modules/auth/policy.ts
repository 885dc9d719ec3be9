import { FORBIDDEN, UNAUTHENTICATED } from '../../lib/errors.ts';

/**
 * Who may do what: the one place where roles become permissions. Routes ask for a permission;
 * services then check the scope (the organisation tree) of the resource they touch.
 */
export const STAFF_ROLES = ['window', 'approver', 'chief', 'manager', 'supervisor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Actor {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  name: string;
  roles: StaffRole[];
  centerId: string | null;
  departmentId: string | null;
  windowId: string | null;
}

export type Permission =
  | 'catalog.read_drafts'
  | 'catalog.edit'
  | 'catalog.publish'
  | 'catalog.request'
  | 'catalog.decide_request'
  | 'org.read'
  | 'staff.read'
  | 'staff.manage'
  | 'files.upload'
  | 'calendar.edit'
  | 'supervision.watch'
  | 'supervision.act'
  | 'supervision.reply'
  | 'joint.manage';

const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  manager: [
    'catalog.read_drafts', 'catalog.edit', 'catalog.publish', 'catalog.request', 'catalog.decide_request',
    'org.read', 'staff.read', 'staff.manage', 'files.upload', 'calendar.edit',
    'supervision.watch', 'joint.manage',
  ],
  chief: ['catalog.read_drafts', 'catalog.request', 'org.read', 'supervision.reply'],
  supervisor: ['catalog.read_drafts', 'org.read', 'staff.read', 'supervision.watch', 'supervision.act'],
  approver: ['org.read'],
  window: ['org.read'],
};

export function permissionsOf(actor: Actor | null): Set<Permission> {
  if (!actor || actor.kind !== 'staff') return new Set();
  return new Set(actor.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

export function can(actor: Actor | null, permission: Permission): boolean {
  return permissionsOf(actor).has(permission);
}

/** Throws 401 without a signed-in actor and 403 without the permission. */
export function requirePermission(actor: Actor | null, permission: Permission): Actor & { centerId: string } {
  if (!actor) throw UNAUTHENTICATED();
  if (!can(actor, permission) || !actor.centerId) throw FORBIDDEN();
  return actor as Actor & { centerId: string };
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw UNAUTHENTICATED();
  return actor;
}

/** Staff act only inside their own center; a resource of another center is forbidden. */
export function assertSameCenter(actor: Actor, centerId: string): void {
  if (actor.centerId !== centerId) throw FORBIDDEN();
}
