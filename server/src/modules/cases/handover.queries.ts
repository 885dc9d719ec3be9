import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { inboxScope, type Actor as User } from '../../policies/index.ts';
import { departmentsOfWindow } from '../org/org.repository.ts';
import { calendarFor } from './calendar-adapter.ts';
import { lightOf, RESULT_TO_WINDOW_WORKDAYS, type WorkCalendar } from './clock.ts';
import * as repo from './cases.repository.ts';
import { summaryOf } from './cases.queries.ts';
import { listComing } from './handoffs.repository.ts';

/**
 * Handover (办结移交): a decided case is always in someone's inbox. The deciding department's
 * handover box lists its decided cases until it hands them over; the delivery window's "coming" list
 * shows what is on its way and why it cannot be delivered yet. Both judge the seed 004 limit: the
 * result reaches the delivery window within 3 working days of the decision.
 */
export const COMING_REASONS = ['not_handed_over', 'in_department', 'awaiting_payment', 'parts_pending'] as const;
export type ComingReason = (typeof COMING_REASONS)[number];

async function calendars(ctx: AppContext, regions: string[]) {
  const m = new Map<string, WorkCalendar>();
  for (const r of new Set(regions)) m.set(r, await calendarFor(ctx.db, r));
  return m;
}

/** The handover limit of a decided case and its light today (null before the decision). */
function handoverDue(cal: WorkCalendar, decidedAt: Date | null, today: string) {
  if (!decidedAt) return { handoverDueDate: null, handoverLight: null };
  const due = cal.addWorkdays(chinaDate(decidedAt), RESULT_TO_WINDOW_WORKDAYS).due;
  return { handoverDueDate: due, handoverLight: lightOf(today, due, due) };
}

/** The department's handover box: its decided cases not yet handed over, oldest decision first (index cases_handover_box). */
export async function handoverBox(ctx: AppContext, who: User | null, page: number, pageSize: number) {
  const scope = inboxScope(who, 'handover', null);
  const { rows, total } = await repo.listInbox(ctx.db, { scope, statuses: ['decided'], orderBy: 'decided_at', excludeKinds: ['joint'], limit: pageSize, offset: (page - 1) * pageSize });
  const today = chinaDate(ctx.clock.now());
  const cals = await calendars(ctx, rows.map((r) => r.region_code));
  return {
    cases: rows.map((r) => ({ ...summaryOf(r, today), decidedAt: r.decided_at?.toISOString() ?? null, ...handoverDue(cals.get(r.region_code)!, r.decided_at, today), reasons: ['not_handed_over' as ComingReason] })),
    total, page, pageSize,
  };
}

/**
 * The delivery window's "coming" list: the center's cases decided in a department and not yet at the
 * window, each with why it cannot be delivered yet, oldest decision first (index cases_coming_window).
 */
export async function comingList(ctx: AppContext, who: User | null, page: number, pageSize: number) {
  inboxScope(who, 'coming', null); // the gate, before the window's departments are looked up
  const served = who!.windowId ? await departmentsOfWindow(ctx.db, who!.windowId) : null;
  const scope = inboxScope(who, 'coming', served) as { centerId: string; departmentIds?: string[] };
  const { rows, total } = await listComing(ctx.db, { centerId: scope.centerId, departmentIds: scope.departmentIds ?? null, limit: pageSize, offset: (page - 1) * pageSize });
  const today = chinaDate(ctx.clock.now());
  const named = new Map((await repo.findManyWithNames(ctx.db, rows.map((r) => r.id))).map((r) => [r.id, r]));
  const cals = await calendars(ctx, rows.map((r) => r.region_code));
  return {
    cases: rows.map((r) => ({
      ...summaryOf(named.get(r.id)!, today), decidedAt: r.decided_at?.toISOString() ?? null,
      ...(r.status === 'decided' ? handoverDue(cals.get(r.region_code)!, r.decided_at, today) : { handoverDueDate: null, handoverLight: null }),
      reasons: reasonsOf(r),
    })),
    total, page, pageSize,
  };
}

function reasonsOf(r: { status: string; kind: string; in_department: boolean; parts_pending: number }): ComingReason[] {
  if (r.status === 'awaiting_payment') return ['awaiting_payment'];
  if (r.kind === 'joint') return r.parts_pending > 0 ? ['parts_pending'] : ['not_handed_over'];
  // Decided in the department's own office: the result is still there, not handed over to the hall.
  return r.in_department ? ['not_handed_over', 'in_department'] : ['not_handed_over'];
}
