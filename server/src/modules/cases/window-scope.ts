import type { Db, Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import { caseDepartments, windowRolesOn, windowServes, type Actor, type CaseRole, type CaseScopeRow } from '../../policies/index.ts';
import { findWindowFor } from '../org/org.repository.ts';
import { findTransition, type CaseAction, type CaseKind } from './transitions.ts';

/** Refuses a clerk whose window does not serve the department (the rule: policies/window.ts). */
export async function assertWindowServes(db: Db | Tx, who: Actor, departmentId: string) {
  if (!(await windowServesDepartment(db, who, departmentId))) throw errors.WINDOW_OUT_OF_SCOPE();
}

async function windowServesDepartment(db: Db | Tx, who: Actor, departmentId: string) {
  return !who.windowId || windowServes(await findWindowFor(db, who.windowId, departmentId), departmentId);
}

type CaseRow = Omit<CaseScopeRow, 'region_code'>;

/** The clerk's window serves every department of the case (a joint case is handled for each of its departments). */
export async function windowServesCase(db: Db | Tx, who: Actor, c: CaseRow): Promise<boolean> {
  if (!who.windowId) return true;
  for (const d of caseDepartments(c)) if (!(await windowServesDepartment(db, who, d))) return false;
  return true;
}

/**
 * The one check of a clerk's scope on a case's actions, whatever the action: when the caller may take
 * `action` on this kind of case only through a role held at their window (policies `windowRolesOn`),
 * the window must serve every department of the case, else `403 WINDOW_OUT_OF_SCOPE` before anything
 * is written. Asked before the state, as who may act always is.
 */
export async function assertWindowScope(db: Db | Tx, who: Actor, c: CaseRow, roles: readonly CaseRole[], action: CaseAction) {
  const through = roles.filter((r) => findTransition(action, c.kind as CaseKind)?.who.includes(r));
  const clerk = windowRolesOn(who, c, roles);
  if (through.length === 0 || !through.every((r) => clerk.includes(r))) return;
  if (!(await windowServesCase(db, who, c))) throw errors.WINDOW_OUT_OF_SCOPE();
}

/** The roles whose actions a clerk may take on the case: without the window's when the window does not serve it (no buttons for them). */
export async function rolesInWindowScope(db: Db | Tx, who: Actor, c: CaseRow, roles: CaseRole[]): Promise<CaseRole[]> {
  const clerk = windowRolesOn(who, c, roles);
  if (clerk.length === 0 || (await windowServesCase(db, who, c))) return roles;
  return roles.filter((r) => !clerk.includes(r));
}
