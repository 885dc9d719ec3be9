import type { Db, Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import type { Actor } from '../auth/policy.ts';
import { findWindowFor } from '../org/org.repository.ts';

/** The window actions on an application that the clerk's window must serve the case's department for. */
export const WINDOW_SCOPED_ACTIONS: readonly string[] = ['accept', 'refuse', 'request_supplement'];

/**
 * Which departments a clerk accepts for depends on the window they sit at: an intake window serves
 * every department of the center, a proxy window (综合代办窗口) the departments listed for it, a
 * department's own window only that department. A proxy clerk is trained on a few departments'
 * checklists; accepting for another would put the 5-day period in untrained hands. Delivery windows
 * and clerks not seated at a window keep the center-wide scope they always had.
 */
export async function assertWindowServes(db: Db | Tx, who: Actor, departmentId: string) {
  if (!who.windowId) return;
  const w = await findWindowFor(db, who.windowId, departmentId);
  const serves = !w || w.kind === 'intake' || w.kind === 'delivery' ? true
    : w.kind === 'proxy' ? w.listed !== null
    : w.department_id === departmentId;
  if (!serves) {
    throw errors.WINDOW_OUT_OF_SCOPE();
  }
}
