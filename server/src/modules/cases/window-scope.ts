import type { Db, Tx } from '../../db/database.ts';
import { forbidden } from '../../lib/errors.ts';
import { windowServes, type Actor } from '../../policies/index.ts';
import { findWindowFor } from '../org/org.repository.ts';

/** Refuses a clerk whose window does not serve the department (the rule: policies/window.ts). */
export async function assertWindowServes(db: Db | Tx, who: Actor, departmentId: string) {
  if (!who.windowId) return;
  if (!windowServes(await findWindowFor(db, who.windowId, departmentId), departmentId)) {
    throw forbidden('WINDOW_OUT_OF_SCOPE', {
      zh: '本窗口不受理该部门的事项，请引导申请人到综合受理窗口或该部门窗口',
      en: "This window does not accept for the item's department; send the applicant to an intake window or the department's window",
    });
  }
}
