import { FORBIDDEN, UNAUTHENTICATED } from '../lib/errors.ts';
import type { Actor, StaffActor, StaffRole } from './actor.ts';

/**
 * Coarse permissions: what a staff role may do at all, before the scope of a particular resource
 * is looked at (the resource policies in this folder do that). Routes and services use them as a
 * gate before loading anything, so a caller without the permission learns nothing about ids.
 */
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
  | 'joint.manage'
  // Fees (docs/fees.md): read the center's notices, payments and refunds; reconcile the center's statements.
  | 'fees.read'
  | 'fees.reconcile';

export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  manager: [
    'catalog.read_drafts', 'catalog.edit', 'catalog.publish', 'catalog.request', 'catalog.decide_request',
    'org.read', 'staff.read', 'staff.manage', 'files.upload', 'calendar.edit',
    'supervision.watch', 'joint.manage',
  ],
  chief: ['catalog.read_drafts', 'catalog.request', 'org.read', 'supervision.reply'],
  supervisor: ['catalog.read_drafts', 'org.read', 'staff.read', 'supervision.watch', 'supervision.act'],
  approver: ['org.read'],
  window: ['org.read'],
  finance: ['org.read', 'fees.read', 'fees.reconcile'],
};

export function permissionsOf(actor: Actor | null): Set<Permission> {
  if (!actor || actor.kind !== 'staff') return new Set();
  return new Set(actor.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

export function hasPermission(actor: Actor | null, permission: Permission): actor is StaffActor {
  return !!actor?.centerId && permissionsOf(actor).has(permission);
}

/** Throws 401 without a signed-in actor and 403 without the permission. */
export function requirePermission(actor: Actor | null, permission: Permission): StaffActor {
  if (!actor) throw UNAUTHENTICATED();
  if (!hasPermission(actor, permission)) throw FORBIDDEN();
  return actor;
}
