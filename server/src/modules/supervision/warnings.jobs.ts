import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import type { Db, Tx } from '../../db/database.ts';
import { calendarFor } from '../cases/calendar-adapter.ts';
import { caseStream } from '../cases/cases.service.ts';
import type { WorkCalendar } from '../cases/clock.ts';
import { raiseFinding, raiseSuspensionOverrun, type RaiseInput } from './findings.service.ts';
import { addDays, HANDOVER_WORKDAYS, isLightEvent, ISSUE_WORKDAYS, judge, type Judgement } from './lights.ts';
import { notify } from '../notifications/notifications.ts';
import * as repo from './supervision.repository.ts';
import { publishLive } from './performance.repository.ts';

/** A case idle in one step (no recorded action) beyond this share of its limit is a finding. */
export const IDLE_SHARE = 0.5;
/** How long a claim holds: past it, a case claimed by an instance that died is taken by another. */
export const LIGHT_LEASE_MS = 5 * 60_000;

const LIGHT_TITLES = {
  yellow: { zh: '办件即将到期（黄灯预警）', en: 'Case nearing its deadline (yellow)' },
  red: { zh: '办件已超期（红灯）', en: 'Case past its deadline (red)' },
  green: { zh: '办件期限已调整，恢复正常（绿灯）', en: 'Case deadline moved; back to green' },
} as const;

const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

export interface SweepOptions {
  batch?: number;
  idleShare?: number;
  /** Runs between the claim and the writes, no lock held (tests hold the sweep there). */
  afterClaim?: (caseIds: string[]) => Promise<void>;
}

/** What the sweep decided for one case, computed without locks; written in the case's own short transaction. */
interface Verdict {
  c: repo.LightCheckRow;
  j: Judgement;
  next: string | null;
  findings: Array<(tx: Tx) => Promise<unknown>>;
  handlers: string[];
}

/**
 * One batch of the warning sweep, in three steps so that a clerk is never kept waiting:
 * 1. claim: one statement leases the due cases (`light_check_date <= today`, SKIP LOCKED);
 * 2. judge: reads what the rules need for the whole batch (calendars, open suspensions, reviewers)
 *    with no lock held, and decides each case's light, findings and next date to look;
 * 3. write: per case a short transaction locks the row, checks that the case has not moved since
 *    the claim (row_version) and that the lease is still this sweep's, then stores the light and
 *    records `case.light_changed` with its notifications. A case that moved is let go and judged
 *    again (its action set light_check_date to today). Two instances never fire one warning twice.
 */
export async function sweepLights(ctx: AppContext, opts: SweepOptions = {}): Promise<{ checked: number; changed: number; skipped: number }> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const claim = randomUUID();
  const rows = await repo.claimLightChecks(ctx.db, { today, now, until: new Date(now.getTime() + LIGHT_LEASE_MS), claim, limit: opts.batch ?? 100 });
  if (rows.length === 0) return { checked: 0, changed: 0, skipped: 0 };
  await opts.afterClaim?.(rows.map((r) => r.id));
  const verdicts = await judgeBatch(ctx.db, rows, today, now, opts.idleShare ?? IDLE_SHARE);
  let changed = 0;
  let skipped = 0;
  for (const v of verdicts) {
    const r = await writeVerdict(ctx, v, claim, now);
    if (r === 'skipped') skipped++;
    else if (r === 'event') changed++;
  }
  return { checked: rows.length, changed, skipped };
}

async function judgeBatch(db: Db, rows: repo.LightCheckRow[], today: string, now: Date, idleShare: number): Promise<Verdict[]> {
  const calendars = new Map<string, WorkCalendar>();
  for (const region of new Set(rows.map((c) => c.region_code))) calendars.set(region, await calendarFor(db, region));
  const [suspensions, reviewers] = await Promise.all([
    repo.openSuspensionsOf(db, rows.filter((c) => c.suspended_since).map((c) => c.id)),
    repo.reviewersOf(db, rows.map((c) => c.id)),
  ]);
  return rows.map((c) => {
    const cal = calendars.get(c.region_code)!;
    const j = judge(c, today, cal);
    const v: Verdict = { c, j, next: j.next, findings: [], handlers: handlersOf(c, reviewers.get(c.id) ?? []) };
    const base = { caseId: c.id, centerId: c.center_id, departmentId: c.department_id, at: now };
    if (c.suspended_since) v.next = minDate(v.next, judgeSuspension(v, suspensions.get(c.id), today, cal, base));
    // A joint parent waits on its parts by design; the parts themselves are watched for idleness.
    else if (j.rule === 'decision' && c.kind !== 'joint') v.next = minDate(v.next, judgeIdle(v, today, cal, base, idleShare));
    // Seed 004: a result not at the delivery window within 3 working days of the decision is the deciding department's
    // finding, counted under the chief who decided it (the department's handover follows the decision).
    if (j.rule === 'handover' && j.light === 'red' && c.decided_at) {
      const evidence = { status: c.status, decidedAt: c.decided_at.toISOString(), dueDate: j.dueDate, decidedBy: c.decided_by, limitWorkdays: HANDOVER_WORKDAYS };
      v.findings.push((tx) => raiseFinding(tx, { ...base, responsibleId: c.decided_by, rule: 'late_handover', dedupeKey: `decided:${c.decided_at!.toISOString()}`, evidence }));
    }
    // Art. 44: an approved licence not issued within 10 working days of the decision (still issuing, or
    // waiting for payment before it) is the deciding department's finding, once per decision.
    if (j.rule === 'issue' && j.light === 'red' && c.decided_at) {
      const evidence = { status: c.status, decidedAt: c.decided_at.toISOString(), dueDate: j.dueDate, decidedBy: c.decided_by, limitWorkdays: ISSUE_WORKDAYS };
      v.findings.push((tx) => raiseFinding(tx, { ...base, responsibleId: c.decided_by, rule: 'late_issue', dedupeKey: `decided:${c.decided_at!.toISOString()}`, evidence }));
    }
    return v;
  });
}

/** The staff who handled the case so far: its reviewers, the deciding chief, the registering clerk. */
function handlersOf(c: repo.LightCheckRow, reviewers: string[]): string[] {
  return [...new Set([...reviewers, ...(c.decided_by ? [c.decided_by] : []), ...(c.registered_by ? [c.registered_by] : [])])];
}

type Base = Omit<RaiseInput, 'rule' | 'dedupeKey' | 'evidence'>;

/** A suspension past its declared length is a finding; until then, look again the day after it ends. */
function judgeSuspension(v: Verdict, s: { seq: number; kind: string; reason: string; expected_days: number; started_date: string; ended_date: string | null } | undefined, today: string, cal: WorkCalendar, base: Base): string | null {
  if (!s) return null;
  const end = cal.addWorkdays(s.started_date, s.expected_days).due;
  if (today <= end) return addDays(end, 1);
  const { workdays } = cal.countWorkdays(s.started_date, today);
  v.findings.push((tx) => raiseSuspensionOverrun(tx, base, s, workdays));
  return null;
}

/** No action for more than `share` of the limit in one step is a finding, once per step. */
function judgeIdle(v: Verdict, today: string, cal: WorkCalendar, base: Base, share: number): string | null {
  const c = v.c;
  const limit = c.promised_days + c.extension_days;
  if (limit <= 0) return null;
  const since = chinaDate(c.updated_at);
  const threshold = Math.max(1, Math.ceil(limit * share));
  const idleDue = cal.addWorkdays(since, threshold).due;
  if (today <= idleDue) return addDays(idleDue, 1);
  const evidence = { status: c.status, lastActionAt: c.updated_at.toISOString(), idleWorkdays: cal.countWorkdays(since, today).workdays, limitWorkdays: limit, share, thresholdWorkdays: threshold };
  v.findings.push((tx) => raiseFinding(tx, { ...base, rule: 'idle_step', dedupeKey: `since:${c.updated_at.toISOString()}`, evidence }));
  return null;
}

/** The short write of one case: 'skipped' when the case moved since the claim or the lease was lost. */
async function writeVerdict(ctx: AppContext, v: Verdict, claim: string, now: Date): Promise<'skipped' | 'event' | 'stored'> {
  const { c, j } = v;
  return ctx.db.transaction().execute(async (tx) => {
    const current = await repo.lockForLightWrite(tx, c.id);
    if (!current || current.light_claim !== claim) return 'skipped';
    if (current.row_version !== c.row_version) {
      await repo.releaseLightClaim(tx, c.id, claim);
      return 'skipped';
    }
    for (const raise of v.findings) await raise(tx);
    const lightChanged = j.light !== c.light;
    await repo.setLight(tx, c.id, { light: j.light, light_rule: j.rule, light_due_date: j.dueDate, light_check_date: v.next, ...(lightChanged ? { light_changed_at: now } : {}) });
    // Live boards: delivered to every instance's SSE clients when this write commits.
    if (lightChanged) await publishLive(tx, { type: 'light', centerId: c.center_id, caseId: c.id, departmentId: c.department_id, light: j.light });
    if (!isLightEvent({ light: c.light, rule: c.light_rule }, j)) return 'stored';
    const data = { from: c.light, to: j.light, rule: j.rule, dueDate: j.dueDate, warningDate: j.warningDate, previousRule: c.light_rule };
    await appendAudit(tx, { stream: caseStream(c.id), action: 'case.light_changed', actorId: null, at: now, data });
    await notify(tx, {
      kind: 'light', centerId: c.center_id, caseId: c.id, userIds: v.handlers, departmentId: c.department_id,
      title: LIGHT_TITLES[j.light!], data: { ...data, receiptNo: c.receipt_no }, at: now,
    });
    return 'event';
  });
}

/** Sweeps until nothing is due. */
export async function sweepAllLights(ctx: AppContext, opts: SweepOptions = {}) {
  let checked = 0;
  let changed = 0;
  for (;;) {
    const r = await sweepLights(ctx, opts);
    checked += r.checked;
    changed += r.changed;
    if (r.checked === 0) return { checked, changed };
  }
}
