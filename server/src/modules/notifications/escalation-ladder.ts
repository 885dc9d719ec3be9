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
 * `exclude` is a staff member the item is about (a complaint naming them): never told of its escalation,
 * and when they are the department's only chief, level 1 goes to the center's managers instead.
 */
export async function nextEscalation(tx: Tx, item: Escalated, today: string, regionCode: string, withoutDepartment: 'chief' | 'manager', exclude: string | null = null) {
  const level = Math.min(item.escalation_level + 1, 3) as 1 | 2 | 3;
  let role: 'chief' | 'manager' | 'supervisor' = level === 1 && !item.department_id ? withoutDepartment : LEVEL_ROLES[level];
  let to = (await staffWithRole(tx, role, level === 1 && item.department_id ? { departmentId: item.department_id } : { centerId: item.center_id }))
    .filter((u) => u.id !== exclude);
  if (!to.length && level === 1 && exclude !== null) {
    role = 'manager';
    to = (await staffWithRole(tx, role, { centerId: item.center_id })).filter((u) => u.id !== exclude);
  }
  const next = level < 3 ? (await loadCalendar(tx, regionCode)).addWorkdays(today, 1).due : null;
  return { level, role, to, next };
}
