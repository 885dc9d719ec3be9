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
  | 'seals.manage'
  // Fees (docs/fees.md): read the center's notices, payments and refunds; reconcile the center's statements.
  | 'fees.read'
  | 'fees.reconcile'
  // Single sign-on (docs/sso.md): register and revoke the center's relying parties, rotate the signing keys.
  | 'sso.manage'
  // Open interfaces (docs/open-api.md): register consuming systems, issue and revoke their keys, subscriptions.
  | 'integrations.manage';

export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  manager: [
    'catalog.read_drafts', 'catalog.edit', 'catalog.publish', 'catalog.request', 'catalog.decide_request',
    'org.read', 'staff.read', 'staff.manage', 'files.upload', 'calendar.edit',
    'supervision.watch', 'joint.manage', 'seals.manage',
    'sso.manage',
    'integrations.manage',
  ],
  chief: ['catalog.read_drafts', 'catalog.request', 'org.read', 'supervision.reply'],
  supervisor: ['catalog.read_drafts', 'org.read', 'staff.read', 'supervision.watch', 'supervision.act'],
  approver: ['org.read'],
  window: ['org.read'],
  finance: ['org.read', 'fees.read', 'fees.reconcile'],
  // The 12345 hotline's operators and its lead: work orders only (workorder.policy.ts), nothing of cases.
  hotline: ['org.read'],
  hotline_lead: ['org.read'],
  // The trading center's staff: tenders only (trading.policy.ts), nothing of cases.
  trading: ['org.read'],
  disclosure: ['org.read'], // the disclosure office: publications and disclosure requests only (disclosure.policy.ts), nothing of cases
  // The expert pool, draw and evaluation decide by themselves who may act (expert.policy.ts).
  draw_operator: ['org.read'],
  expert: [],
  bank: [], // the bank's clerk at its window in the hall: payment notices only (payment.policy.ts), nothing of cases
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
