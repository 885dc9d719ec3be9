import type { Db, Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import { windowServes, type Actor } from '../../policies/index.ts';
import { findWindowFor } from '../org/org.repository.ts';

/** Refuses a clerk whose window does not serve the department (the rule: policies/window.ts). */
export async function assertWindowServes(db: Db | Tx, who: Actor, departmentId: string) {
  if (!who.windowId) return;
  if (!windowServes(await findWindowFor(db, who.windowId, departmentId), departmentId)) {
    throw errors.WINDOW_OUT_OF_SCOPE();
  }
}
