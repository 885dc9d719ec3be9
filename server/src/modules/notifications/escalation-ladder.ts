import type { Tx } from '../../db/database.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { staffWithRole } from './notifications.repository.ts';

/**
 * The three-level escalation ladder shared by overdue work orders (workorders/escalation.ts) and overdue
 * rectifications (ratings/rectification-escalation.ts), after DIGIT's complaint service: 1 → the chiefs
 * of the department, 2 → the center's managers, 3 → the center's supervisors (监察); each level gives one
 * more working day on the center's calendar before the next, level 3 is the last.
 */
const LEVEL_ROLES = { 1: 'chief', 2: 'manager', 3: 'supervisor' } as const;

export interface Escalated { escalation_level: number; department_id: string | null; center_id: string }

/**
 * The next step of `item`: its level, the role and staff it goes to, and the date of the step after
 * (null at the top). Level 1 of an item without a department goes to `withoutDepartment` of the center.
 */
export async function nextEscalation(tx: Tx, item: Escalated, today: string, regionCode: string, withoutDepartment: 'chief' | 'manager') {
  const level = Math.min(item.escalation_level + 1, 3) as 1 | 2 | 3;
  const role = level === 1 && !item.department_id ? withoutDepartment : LEVEL_ROLES[level];
  const to = await staffWithRole(tx, role, level === 1 && item.department_id ? { departmentId: item.department_id } : { centerId: item.center_id });
  const next = level < 3 ? (await loadCalendar(tx, regionCode)).addWorkdays(today, 1).due : null;
  return { level, role, to, next };
}
