import { FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor, type StaffRole } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { inCenter, readsByLevel, regionsBelowReadBy, type RegionsBelow } from './scope.ts';

/**
 * The roles a caller holds on a case. The transition table (modules/cases/transitions.ts) says
 * which role may take which action; this file says who holds which role on which case. Two roles
 * only let their holder see the case, never act: `lead` (the lead department's staff on every part
 * of its joint case) and `coordinator` (the named coordinator of a green-channel case).
 */
export type CaseRole = 'applicant' | StaffRole | 'lead' | 'coordinator' | 'receiving_window' | 'delivery_window';

/** What the rules need of a case row. */
export interface CaseScopeRow {
  applicant_id: string; center_id: string; department_id: string; region_code: string; processing_mode: string;
  kind: string; matter: unknown; green_coordinator_id: string | null;
  /** 通办 (issue 17): the center that received the case and the one that hands out its result, when not the case's own. */
  received_at_center_id?: string | null; delivery_center_id?: string | null;
}

type KindAndMatter = { kind: string; department_id: string; matter: unknown };

/** The lead department of a joint case, kept on the parent (its department) and on each part. */
export const leadDepartmentOf = (c: KindAndMatter) =>
  c.kind === 'joint' ? c.department_id : c.kind === 'part' ? ((c.matter ?? {}) as { leadDepartmentId?: string }).leadDepartmentId ?? null : null;

/**
 * The departments that take part in a case: a joint case's items' departments (each once), any
 * other case's own department. A window accepts a case only if it serves all of them, and each of
 * them sees a joint case (to pre-review and follow it).
 */
export const caseDepartments = (c: KindAndMatter) =>
  c.kind === 'joint' ? [...new Set(((c.matter ?? {}) as { items?: Array<{ departmentId: string }> }).items?.map((i) => i.departmentId) ?? [])] : [c.department_id];

/** Staff roles count only inside the case's center (and, for a department's roles, its department). */
export function rolesOn(who: Actor, c: Omit<CaseScopeRow, 'region_code'>): CaseRole[] {
  if (who.kind !== 'staff') return who.id === c.applicant_id ? ['applicant'] : [];
  if (who.centerId !== c.center_id) return tongbanRoles(who, c);
  const roles: CaseRole[] = [];
  for (const r of who.roles) {
    // The finance role holds no role on any case (docs/fees.md): it reads fees, never cases. Nor does the bank's clerk.
    // Nor do the roles of other domains: the hotline, trading, disclosure, the expert draw and the experts.
    if (r === 'finance' || r === 'bank' || r === 'hotline' || r === 'hotline_lead' || r === 'trading' || r === 'disclosure' || r === 'draw_operator' || r === 'expert') continue;
    if (r === 'approver' || r === 'chief') {
      if (who.departmentId === c.department_id) roles.push(r);
      else if (who.departmentId && (who.departmentId === leadDepartmentOf(c) || (c.kind === 'joint' && caseDepartments(c).includes(who.departmentId)))) roles.push('lead');
    } else roles.push(r);
  }
  if (c.green_coordinator_id === who.id) roles.push('coordinator');
  // Instant items: the window clerk reviews on the spot (seed 003: 即办件 at the counter).
  if (c.processing_mode === 'instant' && roles.includes('window')) roles.push('approver');
  return roles;
}

/**
 * 通办 (issue 17, docs/network.md): the window clerks of the center that received a case of another
 * center (`receiving_window`: accept, refuse, ask for a supplement) and of the center that hands out its
 * result (`delivery_window`: deliver), nothing else; every other role of those centers holds none.
 */
function tongbanRoles(who: Actor, c: Omit<CaseScopeRow, 'region_code'>): CaseRole[] {
  if (!who.roles.includes('window')) return [];
  const roles: CaseRole[] = [];
  if (c.received_at_center_id && who.centerId === c.received_at_center_id) roles.push('receiving_window');
  if (c.delivery_center_id && who.centerId === c.delivery_center_id) roles.push('delivery_window');
  return roles;
}

/**
 * The roles a clerk holds on a case through the window they sit at: the window's own (`window`, and
 * 通办's `receiving_window` and `delivery_window`) and the on-the-spot review of an instant item (the
 * `approver` rolesOn gives a clerk who is not the department's approver). Every action the caller
 * takes through these roles only is judged against the departments the clerk's window serves
 * (window.ts); an action the caller may also take through another role (a manager's terminate) is not.
 */
export function windowRolesOn(who: Actor, c: Omit<CaseScopeRow, 'region_code'>, roles: readonly CaseRole[] = rolesOn(who, c)): CaseRole[] {
  if (who.kind !== 'staff' || !who.roles.includes('window')) return [];
  const ownApprover = who.roles.includes('approver') && who.departmentId === c.department_id;
  return roles.filter((r) => r === 'window' || r === 'receiving_window' || r === 'delivery_window' || (r === 'approver' && !ownApprover));
}

/** A staff member of the center whose department takes part in the joint case (pre-review, follow-up). */
export const involvedIn = (who: Actor | null, c: Omit<CaseScopeRow, 'region_code'>) =>
  inCenter(who, c.center_id) && who.departmentId !== null && c.kind === 'joint' && caseDepartments(c).includes(who.departmentId);

const isDepartmentStaff = (who: Actor | null) => isStaff(who) && who.departmentId !== null && hasRole(who, 'approver', 'chief');

/**
 * - read: the case page, its history and documents: anyone holding a role on it, a department of
 *   its joint matter, and by level (scope.ts) the province's supervisors and managers.
 * - read_internal: what only staff see of a case they read (the departments' pre-review opinions).
 * - act: take a lifecycle action; the transition table then decides which, by role.
 * - prereview: a department of a joint case says what its part lacks before acceptance.
 * - coordinate: the lead department's notes to a part's department (gate: department staff).
 * - mark_green: put a case in (or take it out of) the green channel: the center's managers.
 */
export const CASE_ACTIONS = ['read', 'read_internal', 'act', 'prereview', 'coordinate', 'mark_green'] as const;
export type CaseAccess = (typeof CASE_ACTIONS)[number];

const caseNotFound = () => NOT_FOUND({ zh: '办件', en: 'Case' });

export const casePolicy: Policy<CaseScopeRow, CaseAccess> = {
  resource: 'case',
  actions: CASE_ACTIONS,
  can(who, action, c) {
    if (!who) return false;
    const reads = (x: CaseScopeRow) => rolesOn(who, x).length > 0 || involvedIn(who, x) || readsByLevel(who, x.region_code);
    switch (action) {
      case 'read': return !c || reads(c);
      case 'read_internal': return who.kind === 'staff' && (!c || reads(c));
      case 'act': return !c || rolesOn(who, c).length > 0;
      case 'prereview': return isStaff(who) && (!c || (involvedIn(who, c) && hasRole(who, 'approver', 'chief')));
      case 'coordinate': return isDepartmentStaff(who) && (!c || (inCenter(who, c.center_id) && c.department_id === who.departmentId));
      case 'mark_green': return hasRole(who, 'manager') && (!c || inCenter(who, c.center_id));
    }
  },
  // Another applicant's case does not exist for an applicant; staff outside the scope are refused.
  refuse(who, action, c): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (c && (action === 'read' || action === 'act') && who.kind !== 'staff') return caseNotFound();
    return defaultRefusal(who);
  },
};

/**
 * The staff scope as a filter for queries over cases (a material file is readable when a case
 * holding it is in scope): the center, narrowed to the department (and the joint cases it takes
 * part in) for department staff, widened by level to the regions below for the rule's roles.
 */
export interface CaseScopeFilter { centerId: string; departmentId: string | null; below: RegionsBelow | null }

export function caseScopeFilter(who: Actor | null): CaseScopeFilter | null {
  // A finance clerk has no case scope: it reads fees, never cases or their materials.
  if (!isStaff(who) || who.roles.every((r) => r === 'finance' || r === 'bank' || r === 'hotline' || r === 'hotline_lead' || r === 'trading')) return null;
  if (!isStaff(who) || who.roles.every((r) => r === 'finance' || r === 'bank' || r === 'hotline' || r === 'hotline_lead' || r === 'disclosure')) return null;
  const departmentOnly = !who.roles.some((r) => r === 'window' || r === 'manager' || r === 'supervisor');
  return { centerId: who.centerId, departmentId: departmentOnly ? who.departmentId : null, below: regionsBelowReadBy(who) };
}

/** An applicant's own cases: the only list of cases an applicant has. */
export function applicantCasesScope(who: Actor | null): { applicantId: string } {
  if (!who) throw UNAUTHENTICATED();
  if (who.kind === 'staff') throw FORBIDDEN();
  return { applicantId: who.id };
}

/** The workbench inboxes and the role each needs (the review inbox is also the chief's). */
export const INBOX_ROLES = {
  intake: ['window'], delivery: ['window'], review: ['approver', 'chief'], decide: ['chief'],
  // The deciding department's handover box (办结移交箱), and the delivery window's list of what is coming.
  handover: ['approver', 'chief'], coming: ['window'],
  // Any staff member may open it: a manager sees the center's green cases, anyone else those they coordinate.
  green: [] as StaffRole[],
} satisfies Record<string, readonly StaffRole[]>;
export type InboxBox = keyof typeof INBOX_ROLES;

export type InboxScope =
  | { centerId: string; departmentIds?: string[] }
  | { departmentId: string }
  | { coordinatorId: string };

/** Which cases a staff member's inbox lists: the window's by center (a proxy window's by the departments it serves), the back office's by department. */
export function inboxScope(who: Actor | null, box: InboxBox, served: string[] | null): InboxScope {
  if (!who) throw UNAUTHENTICATED();
  const roles: readonly StaffRole[] = INBOX_ROLES[box];
  if (!isStaff(who) || (roles.length > 0 && !hasRole(who, ...roles))) throw FORBIDDEN();
  if (box === 'green') return hasRole(who, 'manager') ? { centerId: who.centerId } : { coordinatorId: who.id };
  if (box === 'intake' || box === 'delivery' || box === 'coming') return { centerId: who.centerId, ...(served ? { departmentIds: served } : {}) };
  if (!who.departmentId) throw FORBIDDEN();
  return { departmentId: who.departmentId };
}
