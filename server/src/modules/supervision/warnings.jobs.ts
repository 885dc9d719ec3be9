import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import type { Tx } from '../../db/database.ts';
import { calendarFor } from '../cases/calendar-adapter.ts';
import { caseStream } from '../cases/cases.service.ts';
import type { WorkCalendar } from '../cases/clock.ts';
import { raiseFinding, raiseSuspensionOverrun } from './findings.service.ts';
import { addDays, isLightEvent, judge, type Judgement } from './lights.ts';
import { notify } from '../notifications/notifications.ts';
import * as repo from './supervision.repository.ts';
import { publish } from './performance.repository.ts';

/** A case idle in one step (no recorded action) beyond this share of its limit is a finding. */
export const IDLE_SHARE = 0.5;

const LIGHT_TITLES = {
  yellow: { zh: '办件即将到期（黄灯预警）', en: 'Case nearing its deadline (yellow)' },
  red: { zh: '办件已超期（红灯）', en: 'Case past its deadline (red)' },
  green: { zh: '办件期限已调整，恢复正常（绿灯）', en: 'Case deadline moved; back to green' },
} as const;

const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * One batch of the warning sweep. Claims the cases whose `light_check_date` has come (an index
 * range, FOR UPDATE SKIP LOCKED), judges each, stores the light, the rule and the next date to
 * look again, and for each change records `case.light_changed` and notifies the handlers and the
 * department, all in the batch's transaction: two instances never fire one warning twice.
 */
// Small batches: a case action meeting a claimed case answers 409 BUSY (NOWAIT), so locks stay short.
export async function sweepLights(ctx: AppContext, opts: { batch?: number; idleShare?: number } = {}): Promise<{ checked: number; changed: number }> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await repo.claimLightChecks(tx, today, opts.batch ?? 100);
    const calendars = new Map<string, WorkCalendar>();
    let changed = 0;
    for (const c of rows) {
      if (!calendars.has(c.region_code)) calendars.set(c.region_code, await calendarFor(tx, c.region_code));
      const cal = calendars.get(c.region_code)!;
      const j = judge(c, today, cal);
      let next = j.next;
      if (c.suspended_since) next = minDate(next, await checkSuspension(tx, c, today, cal, now));
      // A joint parent waits on its parts by design; the parts themselves are watched for idleness.
      else if (j.rule === 'decision' && c.kind !== 'joint') next = minDate(next, await checkIdle(tx, c, today, cal, now, opts.idleShare ?? IDLE_SHARE));
      const lightChanged = j.light !== c.light;
      await repo.setLight(tx, c.id, { light: j.light, light_rule: j.rule, light_due_date: j.dueDate, light_check_date: next, ...(lightChanged ? { light_changed_at: now } : {}) });
      // Live boards: delivered to every instance's SSE clients when the batch commits.
      if (lightChanged) await publish(tx, 'ow_events', { type: 'light', centerId: c.center_id, caseId: c.id, departmentId: c.department_id, light: j.light });
      if (isLightEvent({ light: c.light, rule: c.light_rule }, j)) {
        changed++;
        await recordChange(tx, c, j, now);
      }
    }
    return { checked: rows.length, changed };
  });
}

async function recordChange(tx: Tx, c: repo.LightCheckRow, j: Judgement, now: Date) {
  const data = { from: c.light, to: j.light, rule: j.rule, dueDate: j.dueDate, warningDate: j.warningDate, previousRule: c.light_rule };
  await appendAudit(tx, { stream: caseStream(c.id), action: 'case.light_changed', actorId: null, at: now, data });
  await notify(tx, {
    kind: 'light', centerId: c.center_id, caseId: c.id, userIds: await repo.handlersOf(tx, c), departmentId: c.department_id,
    title: LIGHT_TITLES[j.light!], data: { ...data, receiptNo: c.receipt_no }, at: now,
  });
}

/** A suspension past its declared length is a finding; until then, look again the day after it ends. */
async function checkSuspension(tx: Tx, c: repo.LightCheckRow, today: string, cal: WorkCalendar, now: Date): Promise<string | null> {
  const s = (await repo.suspensionsOf(tx, c.id)).find((x) => x.ended_date === null);
  if (!s) return null;
  const end = cal.addWorkdays(s.started_date, s.expected_days).due;
  if (today <= end) return addDays(end, 1);
  const { workdays } = cal.countWorkdays(s.started_date, today);
  await raiseSuspensionOverrun(tx, { caseId: c.id, centerId: c.center_id, departmentId: c.department_id, at: now }, s, workdays);
  return null;
}

/** No action for more than `share` of the limit in one step is a finding, once per step. */
async function checkIdle(tx: Tx, c: repo.LightCheckRow, today: string, cal: WorkCalendar, now: Date, share: number): Promise<string | null> {
  const limit = c.promised_days + c.extension_days;
  if (limit <= 0) return null;
  const since = chinaDate(c.updated_at);
  const threshold = Math.max(1, Math.ceil(limit * share));
  const idleDue = cal.addWorkdays(since, threshold).due;
  if (today <= idleDue) return addDays(idleDue, 1);
  await raiseFinding(tx, {
    caseId: c.id, centerId: c.center_id, departmentId: c.department_id, rule: 'idle_step', dedupeKey: `since:${c.updated_at.toISOString()}`, at: now,
    evidence: { status: c.status, lastActionAt: c.updated_at.toISOString(), idleWorkdays: cal.countWorkdays(since, today).workdays, limitWorkdays: limit, share, thresholdWorkdays: threshold },
  });
  return null;
}

/** Sweeps until nothing is due. */
export async function sweepAllLights(ctx: AppContext, opts: { batch?: number; idleShare?: number } = {}) {
  let checked = 0;
  let changed = 0;
  for (;;) {
    const r = await sweepLights(ctx, opts);
    checked += r.checked;
    changed += r.changed;
    if (r.checked === 0) return { checked, changed };
  }
}
