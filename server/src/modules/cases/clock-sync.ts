import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { Tx } from '../../db/database.ts';
import { onCalendarChange, regionsAffectedBy, type CalendarChange } from '../calendar/calendar.service.ts';
import { calendarFor } from './calendar-adapter.ts';
import * as repo from './cases.repository.ts';
import { caseStream } from './cases.service.ts';
import { ACCEPTANCE_WORKDAYS, caseDates } from './clock.ts';

/**
 * When a calendar changes (a local holiday, next year's official schedule), the open cases of the
 * regions below it get their dates recomputed in the same transaction, each change recorded on the
 * case; deadlines that rested on computed years stop being provisional once the year is official.
 */
export async function recomputeOnCalendarChange(tx: Tx, change: CalendarChange): Promise<number> {
  const regions = change.region === 'CN' ? null : await regionsAffectedBy(tx, change.region);
  const from = `${Math.min(...change.years)}-01-01`;
  const cases = await repo.openCasesForRecompute(tx, regions, from);
  let moved = 0;
  const calendars = new Map<string, Awaited<ReturnType<typeof calendarFor>>>();
  for (const c of cases) {
    if (!calendars.has(c.region_code)) calendars.set(c.region_code, await calendarFor(tx, c.region_code));
    const cal = calendars.get(c.region_code)!;
    const acceptance = cal.addWorkdays(c.received_date, ACCEPTANCE_WORKDAYS);
    const next: repo.CaseUpdate = { acceptance_due_date: acceptance.due, due_provisional: acceptance.provisional };
    if (c.accepted_date) {
      const d = caseDates(cal, { acceptedDate: c.accepted_date, promisedDays: c.promised_days, statutoryDays: c.statutory_days, extensionDays: c.extension_days, suspendedWorkdays: c.suspended_workdays });
      Object.assign(next, { due_date: d.dueDate, statutory_due_date: d.statutoryDueDate, warning_date: d.warningDate, due_provisional: d.provisional });
    }
    const before = { acceptance_due_date: c.acceptance_due_date, due_date: c.due_date, statutory_due_date: c.statutory_due_date, warning_date: c.warning_date, due_provisional: c.due_provisional };
    const changed = Object.entries(next).some(([k, v]) => before[k as keyof typeof before] !== v);
    if (!changed) continue;
    await repo.updateCase(tx, c.id, c.row_version, { ...next, updated_at: change.at, light_check_date: chinaDate(change.at) });
    await appendAudit(tx, { stream: caseStream(c.id), action: 'case.clock_recomputed', actorId: change.actorId, at: change.at, data: { cause: change.action, calendarVersion: change.version, before, after: next } });
    moved++;
  }
  return moved;
}

let registered = false;
/** Subscribes once per process; the listener runs inside each calendar change's transaction. */
export function syncCaseClocksWithCalendar() {
  if (registered) return;
  registered = true;
  onCalendarChange(async (tx, change) => { await recomputeOnCalendarChange(tx, change); });
}
