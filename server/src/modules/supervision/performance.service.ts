import type { Tx } from '../../db/database.ts';
import { chinaDate } from '../../lib/clock.ts';
import { replicaDb, type AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { maskName } from '../../lib/mask.ts';
import { assertSameCenter, requirePermission, type Actor } from '../../policies/index.ts';
import { calendarFor } from '../cases/calendar-adapter.ts';
import type { AnyEvent, EventBus } from '../../events/bus.ts';
import { addDays } from './lights.ts';
import * as repo from './performance.repository.ts';
import { NIL, type Increments } from './performance.repository.ts';

/**
 * Performance evaluation (绩效评估) as maintained rollups: every case action adds to the day's row
 * of `perf_daily` for its center, department, the acting staff member and their window, inside the
 * action's transaction; the report sums rows, never scans cases. Definitions: docs/supervision.md.
 */
/** What one case action adds to the rollup (a decision reads the region calendar for the working days used). */
export async function incrementsOf(tx: Tx, e: AnyEvent): Promise<Increments> {
  const c = e.before;
  switch (e.name) {
    case 'case.submitted': return { received: 1 };
    case 'case.accept':
    case 'case.deem_accept': return { accepted: 1 };
    case 'case.refuse': return { refused: 1 };
    case 'case.request_supplement': return { supplement_notices: 1, supplemented: e.data.round === 1 ? 1 : 0 };
    case 'case.suspend': return { suspensions: 1 };
    case 'case.extend': return { extensions: 1 };
    case 'case.decide': {
      const due = c.due_date!;
      const cal = await calendarFor(tx, c.region_code);
      const used = Math.max(0, cal.countWorkdays(c.accepted_date!, e.today).workdays - c.suspended_workdays);
      return {
        completed: 1, on_time: e.today <= due ? 1 : 0, early: e.today < due ? 1 : 0, overdue: e.today > due ? 1 : 0,
        instant: e.today === c.accepted_date ? 1 : 0, workdays_used: used, promised_days: c.promised_days, statutory_days: c.statutory_days,
      };
    }
    default: return {};
  }
}

/** The rollup rows an action counts in: the acting staff member and their window (nil for none, read by bump's statement); the slot is bump's. */
function keyFor(c: { center_id: string; department_id: string }, staffId: string | null, day: string) {
  return { center_id: c.center_id, department_id: c.department_id, window_id: null, staff_id: staffId ?? NIL, day };
}

/** The actions of the window that receives an application (counted at the receiving center for a 通办 case). */
const RECEIVING_ACTIONS: readonly string[] = ['submit', 'accept', 'deem_accept', 'refuse', 'request_supplement'];

async function onAction(tx: Tx, e: AnyEvent) {
  const c = e.before;
  // A joint parent is counted through its parts, each in its own department.
  if (c.kind === 'joint') return;
  // An online submission is the applicant's: no staff member. A counter registration is the clerk's.
  const staff = e.action === 'submit' ? c.registered_by : e.actorId && e.actorId !== c.applicant_id ? e.actorId : null;
  // 通办 (issue 17): what the receiving center's window did (received, accepted, refused, notices) counts there;
  // everything from the review on, at the deciding center, whose case it is.
  const at = c.received_at_center_id && RECEIVING_ACTIONS.includes(e.action) ? { center_id: c.received_at_center_id, department_id: c.department_id } : c;
  // The live board's event is queued for after the commit (no round trip of its own).
  await repo.bump(tx, keyFor(at, staff, e.today), await incrementsOf(tx, e),
    { type: 'case', centerId: c.center_id, caseId: c.id, departmentId: c.department_id, status: e.data.to, action: e.action });
}

/** A finding or a supervision notice counts for the department on the day it is raised, and for the staff member responsible (if one is). */
export async function countRaised(tx: Tx, what: 'findings' | 'notices', c: { center_id: string; department_id: string; case_id: string | null }, at: Date, staffId: string | null = null) {
  await repo.bump(tx, keyFor(c, staffId, chinaDate(at)), { [what]: 1 });
}

/** Every case event counts in the rollup (most add nothing but still reach the live board). */
export function subscribePerformance(bus: EventBus<AppContext>) {
  bus.onEvery((tx, e) => onAction(tx, e));
}

// ---- the report --------------------------------------------------------------------------------

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
export type By = 'department' | 'window' | 'staff';
const NONE_NAME: Record<By, string> = { department: '（未知部门）', window: '（无窗口：网上申请、系统或决定人员）', staff: '（无经办人：网上申请或系统）' };

type RatingRow = Awaited<ReturnType<typeof repo.ratingRows>>[number];
const NO_RATINGS = { rated: 0, good: 0, bad: 0, level_sum: 0 };

export function presentRow(r: Awaited<ReturnType<typeof repo.performanceRows>>[number], by: By, rating: Omit<RatingRow, 'key' | 'name'> = NO_RATINGS) {
  return {
    key: r.key, name: r.key === NIL || !r.name ? NONE_NAME[by] : r.name,
    received: r.received, accepted: r.accepted, refused: r.refused, completed: r.completed,
    onTime: r.on_time, early: r.early, overdue: r.overdue,
    instantShare: ratio(r.instant, r.completed), avgWorkdaysUsed: ratio(r.workdays_used, r.completed), avgPromisedDays: ratio(r.promised_days, r.completed),
    compression: ratio(r.promised_days, r.statutory_days), supplementRate: ratio(r.supplemented, r.received),
    suspensions: r.suspensions, extensions: r.extensions, findings: r.findings, notices: r.notices,
    // The applicants' ratings of the period (docs/ratings.md): good is 4–5 stars, bad 1–2.
    rated: rating.rated, ratedGood: rating.good, ratedBad: rating.bad,
    goodRate: ratio(rating.good, rating.rated), avgLevel: ratio(rating.level_sum, rating.rated),
  };
}

/** The rollup's rows with each key's ratings beside them; a key rated but without an action in the period gets a row of its own, after the others. */
function withRatings(rows: Awaited<ReturnType<typeof repo.performanceRows>>, ratings: RatingRow[], by: By) {
  const byKey = new Map(ratings.map((r) => [r.key, r]));
  const out = rows.map((r) => presentRow(r, by, byKey.get(r.key)));
  const seen = new Set(rows.map((r) => r.key));
  const zero = Object.fromEntries(repo.COUNTERS.map((c) => [c, 0])) as Record<repo.Counter, number>;
  for (const r of ratings) if (!seen.has(r.key)) out.push(presentRow({ ...zero, key: r.key, name: r.name }, by, r));
  return out;
}
export type PerformanceRow = ReturnType<typeof presentRow>;

export async function performance(ctx: AppContext, who: Actor | null, q: { from: string; to: string; by: By }) {
  const me = requirePermission(who, 'supervision.watch');
  if (q.from > q.to) throw errors.PERIOD_INVALID({ field: 'from' });
  // A report over a period tolerates a replica's lag; the live board and the hall screen below do not
  // (they refetch on a pushed change, which the replica may not have yet), so they read the primary.
  const [rows, ratings] = await Promise.all([
    repo.performanceRows(replicaDb(ctx), me.centerId, q.from, q.to, q.by), repo.ratingRows(replicaDb(ctx), me.centerId, q.from, q.to, q.by),
  ]);
  return { from: q.from, to: q.to, by: q.by, rows: withRatings(rows, ratings, q.by) };
}

// ---- the board -----------------------------------------------------------------------------------

export const TREND_DAYS = 30;

function ownCenter(who: Actor | null, centerId: string | undefined) {
  const me = requirePermission(who, 'supervision.watch');
  if (centerId) assertSameCenter(me, centerId);
  return me.centerId;
}

export async function board(ctx: AppContext, who: Actor | null, centerId: string | undefined) {
  const center = ownCenter(who, centerId);
  const today = chinaDate(ctx.clock.now());
  const from = addDays(today, -(TREND_DAYS - 1));
  const [counts, departments, days, perDept, last] = await Promise.all([
    repo.boardCounts(ctx.db, center), repo.departmentsOf(ctx.db, center), repo.dailySums(ctx.db, center, from, today),
    repo.performanceRows(ctx.db, center, from, today, 'department'), repo.lastAuditCheck(ctx.db),
  ]);
  const total = { open: 0, green: 0, yellow: 0, red: 0, suspended: 0 };
  const dept = new Map(departments.map((d) => [d.id, { id: d.id, name: d.name, open: 0, yellow: 0, red: 0, completed: 0, onTimeRate: null as number | null }]));
  for (const r of counts) {
    const n = Number(r.n);
    total.open += n;
    total.suspended += r.suspended;
    if (r.light) total[r.light] += n;
    const d = dept.get(r.department_id);
    if (!d) continue;
    d.open += n;
    if (r.light === 'yellow' || r.light === 'red') d[r.light] += n;
  }
  for (const r of perDept) {
    const d = dept.get(r.key);
    if (d) { d.completed = r.completed; d.onTimeRate = ratio(r.on_time, r.completed); }
  }
  const byDay = new Map(days.map((d) => [d.day, d]));
  const trend = Array.from({ length: TREND_DAYS }, (_, i) => {
    const date = addDays(from, i);
    const d = byDay.get(date);
    return { date, accepted: d?.accepted ?? 0, completed: d?.completed ?? 0, overdue: d?.overdue ?? 0 };
  });
  return { counts: total, departments: [...dept.values()], trend, audit: presentAudit(last) };
}

export function presentAudit(r: Awaited<ReturnType<typeof repo.lastAuditCheck>>) {
  if (!r) return null;
  const b = r.broken as { stream: string; seq: number; reason: string } | null;
  return { id: Number(r.id), checkedAt: r.checked_at.toISOString(), ok: r.ok, events: r.events, streams: r.streams, durationMs: r.duration_ms, broken: b ? { stream: b.stream, seq: b.seq, reason: b.reason } : null };
}

// ---- the hall screen -------------------------------------------------------------------------------

/** Public: today's figures and today's accepted and completed cases, applicant names masked. */
export async function hallBoard(ctx: AppContext, centerId: string) {
  const center = await repo.getCenter(ctx.db, centerId);
  if (!center) throw NOT_FOUND({ zh: '政务服务中心', en: 'Center' });
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const midnight = new Date(Date.parse(`${today}T00:00:00+08:00`));
  const [sums, recent] = await Promise.all([repo.dailySums(ctx.db, centerId, today, today), repo.hallRecent(ctx.db, centerId, midnight, 30)]);
  const s = sums[0];
  return {
    center: { id: center.id, name: center.name },
    today: { date: today, accepted: s?.accepted ?? 0, completed: s?.completed ?? 0, onTimeRate: s ? ratio(s.on_time, s.completed) : null },
    recent: recent.map((r) => ({ receiptNo: r.receipt_no ?? '', itemName: r.item_name, applicantName: maskName(r.applicant_name), status: r.kind as 'accepted' | 'completed', caseStatus: r.status, at: (r.at as Date).toISOString() })),
  };
}
