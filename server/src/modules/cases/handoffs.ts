import type { Db, Tx } from '../../db/database.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { HandoffData } from '../../events/catalogue.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import { calendarFor } from './calendar-adapter.ts';
import type { CaseRow } from './cases.repository.ts';
import { listMaterials } from './cases.repository.ts';
import * as repo from './handoffs.repository.ts';

/**
 * 退回部门办理件 (seed 003): an item decided in the department's own office, not in the hall. The
 * window hands the accepted case with its materials and a hand-over record to the department
 * (`send_to_department`); the department reviews and decides it there; its `handover` returns the
 * result to the hall for delivery. Each hand-over is a recorded step (case_handoffs) with its limit in
 * working days (the item's, else the center's setting), its due date, and whether it was late.
 */

export const isHandledInDepartment = (content: ItemContent | null) => Boolean(content?.handledInDepartment);

/** The limit of a hand-over in working days: the item version's, else the center's setting. */
export async function handoffLimit(db: Db | Tx, c: CaseRow, content: ItemContent, direction: repo.HandoffDirection): Promise<number> {
  const own = direction === 'to_department' ? content.handledInDepartment?.toDepartmentDays : content.handledInDepartment?.toHallDays;
  if (own !== undefined) return own;
  const center = await repo.centerHandoffDays(db, c.center_id);
  return direction === 'to_department' ? center.handoff_to_department_days : center.handoff_to_hall_days;
}

/**
 * Records one hand-over, done now by `by`: the hall → department step counts from the acceptance, the
 * department → hall step from the decision. Returns what the audit event records.
 */
export async function recordHandoff(tx: Tx, c: CaseRow, content: ItemContent, direction: repo.HandoffDirection, env: { by: string; now: Date; note?: string }): Promise<HandoffData> {
  const startedDate = direction === 'to_department' ? c.accepted_date! : chinaDate(c.decided_at!);
  const limitDays = await handoffLimit(tx, c, content, direction);
  const cal = await calendarFor(tx, c.region_code);
  const dueDate = limitDays === 0 ? startedDate : cal.addWorkdays(startedDate, limitDays).due;
  const handedDate = chinaDate(env.now);
  // The hand-over record lists what goes with the case: each material of the checklist and how many files it has.
  const files = await listMaterials(tx, c.id);
  const materials = content.materials.map((m) => ({ key: m.key, name: m.name, files: files.filter((f) => f.material_key === m.key).length }));
  await repo.insertHandoff(tx, { caseId: c.id, direction, startedDate, limitDays, dueDate, handedAt: env.now, handedDate, handedBy: env.by, materials, note: env.note ?? '' });
  return { direction, startedDate, limitDays, dueDate, handedDate, late: handedDate > dueDate };
}

export const sentToDepartment = (db: Db | Tx, caseId: string) => repo.hasHandoff(db, caseId, 'to_department');
