import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { ClockRecomputeMark } from '../../db/types.ts';
import { afterCalendarChange, onCalendarChange, regionsAffectedBy, type CalendarChange } from '../calendar/calendar.service.ts';
import { calendarFor } from './calendar-adapter.ts';
import * as repo from './cases.repository.ts';
import { caseStream } from './cases.service.ts';
import { ACCEPTANCE_WORKDAYS, caseDates } from './clock.ts';
import { DEADLINE_STATES, type CaseState } from './transitions.ts';

/** Cases recomputed per transaction: a change touching a whole province never holds one long lock. */
export const RECOMPUTE_BATCH = 100;

/**
 * When a calendar changes (a local holiday, next year's official schedule), the open cases of the
 * regions below it are marked in the change's transaction (one UPDATE): from then on their due
 * dates read as provisional. After the commit they are recomputed in batches, each batch its own
 * transaction that takes marked cases with FOR UPDATE SKIP LOCKED, so several instances share the
 * work and a crash leaves the rest marked for the case jobs to finish. Each moved case records
 * `case.clock_recomputed`; deadlines that rested on computed years stop being provisional once
 * the year is official.
 */
export async function markOnCalendarChange(tx: Tx, change: CalendarChange): Promise<number> {
  const regions = change.region === 'CN' ? null : await regionsAffectedBy(tx, change.region);
  const from = `${Math.min(...change.years)}-01-01`;
  return repo.markForRecompute(tx, regions, from, change);
}

/** Recomputes marked cases, batch after batch, until none is left that another instance does not hold. Returns how many moved. */
export async function recomputeMarkedClocks(db: Db, now: Date, batch = RECOMPUTE_BATCH): Promise<number> {
  let moved = 0;
  for (;;) {
    const r = await db.transaction().execute((tx) => recomputeBatch(tx, now, batch));
    moved += r.moved;
    if (r.taken === 0) return moved;
  }
}

async function recomputeBatch(tx: Tx, now: Date, batch: number): Promise<{ taken: number; moved: number }> {
  const cases = await repo.claimMarkedForRecompute(tx, batch);
  let moved = 0;
  const calendars = new Map<string, Awaited<ReturnType<typeof calendarFor>>>();
  for (const c of cases) {
    const mark = c.clock_recompute as ClockRecomputeMark;
    // Closed since the mark: its dates no longer run.
    if (!DEADLINE_STATES.includes(c.status as CaseState)) {
      await repo.clearRecomputeMark(tx, c.id, mark.provisional);
      continue;
    }
    if (!calendars.has(c.region_code)) calendars.set(c.region_code, await calendarFor(tx, c.region_code));
    const cal = calendars.get(c.region_code)!;
    const acceptance = cal.addWorkdays(c.received_date, ACCEPTANCE_WORKDAYS);
    const next: repo.CaseUpdate = { acceptance_due_date: acceptance.due, due_provisional: acceptance.provisional };
    if (c.accepted_date) {
      const d = caseDates(cal, { acceptedDate: c.accepted_date, promisedDays: c.promised_days, statutoryDays: c.statutory_days, extensionDays: c.extension_days, suspendedWorkdays: c.suspended_workdays });
      Object.assign(next, { due_date: d.dueDate, statutory_due_date: d.statutoryDueDate, warning_date: d.warningDate, due_provisional: d.provisional });
    }
    // As the case was before the mark made its dates provisional.
    const before = { acceptance_due_date: c.acceptance_due_date, due_date: c.due_date, statutory_due_date: c.statutory_due_date, warning_date: c.warning_date, due_provisional: mark.provisional };
    const changed = Object.entries(next).some(([k, v]) => before[k as keyof typeof before] !== v);
    if (!changed) {
      await repo.clearRecomputeMark(tx, c.id, mark.provisional);
      continue;
    }
    await repo.updateCase(tx, c.id, c.row_version, { ...next, clock_recompute: null, updated_at: now, light_check_date: chinaDate(now) });
    await appendAudit(tx, { stream: caseStream(c.id), action: 'case.clock_recomputed', actorId: mark.actorId, at: now, data: { cause: mark.cause, calendarVersion: mark.version, before, after: next } });
    moved++;
  }
  return { taken: cases.length, moved };
}

let registered = false;
/** Subscribes once per process: the mark inside each calendar change's transaction, the batches after its commit. */
export function syncCaseClocksWithCalendar() {
  if (registered) return;
  registered = true;
  onCalendarChange(async (tx, change) => { await markOnCalendarChange(tx, change); });
  afterCalendarChange(async (db, at) => { await recomputeMarkedClocks(db, at); });
}
