import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, findingPolicy, requirePermission, type Actor } from '../../policies/index.ts';
import { caseStream } from '../cases/cases.service.ts';
import type { AnyEvent, EventBus } from '../../events/bus.ts';
import { notify } from '../notifications/notifications.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';
import { countRaised } from './performance.service.ts';
import * as repo from './supervision.repository.ts';

/**
 * Findings (预警纠错): a rule broken on a case, raised automatically with its evidence, then confirmed
 * or dismissed by a supervisor with a reason. Raised inside the transaction that holds the case's
 * row lock (a case action, or the sweep), recorded on the case's audit stream, once per occurrence.
 */
export const FINDING_RULES = ['repeated_supplement', 'suspension_overrun', 'late_acceptance', 'idle_step', 'suspension_without_reason', 'unqualified_decision', 'late_record', 'late_handover', 'fee_not_in_standard'] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

const RULE_TITLES: Record<FindingRule, { zh: string; en: string }> = {
  repeated_supplement: { zh: '多次补正告知（违反一次性告知）', en: 'A second supplement notice (one-time notice rule broken)' },
  suspension_overrun: { zh: '特别程序超过申明时长', en: 'Suspension past its declared length' },
  late_acceptance: { zh: '受理日期晚于视为受理日', en: 'Acceptance dated after its deemed-acceptance day' },
  idle_step: { zh: '办件在同一环节停滞过久', en: 'Case idle in one step too long' },
  suspension_without_reason: { zh: '暂停计时未说明实质理由', en: 'Suspension without a real reason' },
  unqualified_decision: { zh: '决定人不是本部门首席代表', en: 'Decision by someone who is not the chief of the department' },
  late_record: { zh: '收件登记明显晚于实际收件时间', en: 'Receipt registered long after it was said to happen' },
  late_handover: { zh: '办结结果未在3个工作日内移交出件窗口', en: 'Result not handed over to the delivery window within 3 working days of the decision' },
  // Issue 11 (fees): a notice line outside the item's fee standard, or with another amount, was attempted (and refused).
  fee_not_in_standard: { zh: '试图收取收费标准以外的费用', en: 'A charge outside the item\'s fee standard was attempted' },
};

/** A receipt registered this much later than the clerk says it happened is a finding. */
export const LATE_RECORD_HOURS = 24;

/** A reason that says nothing: too short, or only a placeholder word. */
export function isEmptyReason(reason: string): boolean {
  const r = reason.trim().replace(/[\s。.，,、;；:：!！?？\-—_]/g, '');
  return r.length < 4 || /^(无|暂停|暂停计时|其他|其它|原因|理由|特殊原因|待定|na|none|null|test|测试)+$/i.test(r);
}

export interface RaiseInput {
  caseId: string;
  centerId: string;
  departmentId: string;
  rule: FindingRule;
  dedupeKey: string;
  evidence: Record<string, unknown>;
  at: Date;
  /**
   * The staff member whose act broke the rule (who issued the second notice, registered late, suspended
   * without a reason or too long, decided without the right): the finding counts under them in the
   * performance report. Null when no one person is (an idle step: cases have no assignee).
   */
  responsibleId?: string | null;
}

/** The caller holds the case's row lock. Returns the new finding's id, or null when already raised. */
export async function raiseFinding(tx: Tx, f: RaiseInput): Promise<string | null> {
  const id = await repo.insertFinding(tx, {
    case_id: f.caseId, center_id: f.centerId, department_id: f.departmentId, rule: f.rule, dedupe_key: f.dedupeKey,
    evidence: JSON.stringify(f.evidence), raised_at: f.at, responsible_id: f.responsibleId ?? null,
  });
  if (!id) return null;
  await countRaised(tx, 'findings', { center_id: f.centerId, department_id: f.departmentId, case_id: f.caseId }, f.at, f.responsibleId ?? null);
  await appendAudit(tx, { stream: caseStream(f.caseId), action: 'case.finding_raised', actorId: null, at: f.at, data: { findingId: id, rule: f.rule, evidence: f.evidence } });
  const supervisors = await staffWithRole(tx, 'supervisor', { centerId: f.centerId });
  await notify(tx, {
    kind: 'finding', centerId: f.centerId, caseId: f.caseId, userIds: supervisors.map((s) => s.id), departmentId: null,
    title: RULE_TITLES[f.rule], data: { findingId: id, rule: f.rule }, at: f.at,
  });
  return id;
}

/** Findings that a case action reveals at once. */
async function onAction(tx: Tx, e: AnyEvent) {
  const c = e.before;
  // The act that breaks a rule is the acting staff member's (an applicant's own act is no one's fault here).
  const base = { caseId: c.id, centerId: c.center_id, departmentId: c.department_id, at: e.at, responsibleId: e.actorId && e.actorId !== c.applicant_id ? e.actorId : null };
  switch (e.name) {
    case 'case.request_supplement':
      if (e.data.repeated) {
        await raiseFinding(tx, { ...base, rule: 'repeated_supplement', dedupeKey: `round:${e.data.round}`, evidence: { event: 'case.request_supplement', round: e.data.round, issuedBy: e.actorId, items: e.data.items } });
      }
      break;
    case 'case.accept':
      if (e.today > c.acceptance_due_date) {
        await raiseFinding(tx, { ...base, rule: 'late_acceptance', dedupeKey: 'accept', evidence: { event: 'case.accept', receivedDate: c.received_date, acceptanceDueDate: c.acceptance_due_date, acceptedDate: e.today, acceptedBy: e.actorId } });
      }
      break;
    case 'case.submitted': {
      if (typeof e.data.receivedAt !== 'string') break;
      const hours = (e.at.getTime() - new Date(e.data.receivedAt).getTime()) / 3600_000;
      if (hours > LATE_RECORD_HOURS) {
        await raiseFinding(tx, { ...base, rule: 'late_record', dedupeKey: 'submit', evidence: { event: 'case.submitted', receivedAt: e.data.receivedAt, recordedAt: e.at.toISOString(), hoursLate: Math.round(hours), by: e.actorId } });
      }
      break;
    }
    case 'case.suspend':
      if (isEmptyReason(e.data.reason)) {
        const seq = (await repo.suspensionsOf(tx, c.id)).length;
        await raiseFinding(tx, { ...base, rule: 'suspension_without_reason', dedupeKey: `seq:${seq}`, evidence: { event: 'case.suspend', kind: e.data.kind, reason: e.data.reason, by: e.actorId } });
      }
      break;
    // The transition table lets only the department's chief decide; this catches any other path
    // (a role changed mid-way, a decision synced from another system) from the account as it is now.
    case 'case.decide':
      if (e.actorId) {
        const chiefs = await staffWithRole(tx, 'chief', { departmentId: c.department_id });
        if (!chiefs.some((u) => u.id === e.actorId)) {
          await raiseFinding(tx, { ...base, rule: 'unqualified_decision', dedupeKey: 'decide', evidence: { event: 'case.decide', decidedBy: e.actorId, result: e.data.result } });
        }
      }
      break;
    case 'case.resume': {
      const s = (await repo.suspensionsOf(tx, c.id)).at(-1);
      if (s && s.workdays !== null && s.workdays > s.expected_days) await raiseSuspensionOverrun(tx, base, s, s.workdays);
      break;
    }
  }
}

export async function raiseSuspensionOverrun(tx: Tx, base: Omit<RaiseInput, 'rule' | 'dedupeKey' | 'evidence'>, s: { seq: number; kind: string; reason: string; expected_days: number; started_date: string; ended_date: string | null; started_by?: string | null }, workdays: number | null) {
  // Whoever suspended the case answers for a suspension past its declared length (not whoever resumed it).
  await raiseFinding(tx, {
    ...base, responsibleId: s.started_by ?? null, rule: 'suspension_overrun', dedupeKey: `seq:${s.seq}`,
    evidence: { seq: s.seq, kind: s.kind, reason: s.reason, declaredWorkdays: s.expected_days, startedDate: s.started_date, endedDate: s.ended_date, workdaysSoFar: workdays },
  });
}

/** Findings listen to every case event (the rules above pick theirs). */
export function subscribeFindings(bus: EventBus<AppContext>) {
  bus.onEvery((tx, e) => onAction(tx, e));
}

function presentFinding(r: Awaited<ReturnType<typeof repo.listFindings>>['rows'][number]) {
  return {
    id: r.id, caseId: r.case_id, receiptNo: r.receipt_no, departmentId: r.department_id, departmentName: r.department_name,
    rule: r.rule, title: RULE_TITLES[r.rule as FindingRule] ?? { zh: r.rule, en: r.rule }, evidence: r.evidence as Record<string, unknown>,
    status: r.status, raisedAt: r.raised_at.toISOString(), resolvedAt: r.resolved_at?.toISOString() ?? null, resolution: r.resolution,
    responsible: r.responsible_id ? { id: r.responsible_id, name: r.responsible_name ?? '' } : null,
  };
}

export async function listFindings(ctx: AppContext, who: Actor | null, f: { status?: string; rule?: string; caseId?: string }, page: number, pageSize: number) {
  const me = requirePermission(who, 'supervision.watch');
  const { rows, total } = await repo.listFindings(ctx.db, me.centerId, f, pageSize, (page - 1) * pageSize);
  return { findings: rows.map(presentFinding), total, page, pageSize };
}

/** A supervisor of the finding's center confirms or dismisses it with a reason; recorded on the case. */
export async function resolveFinding(ctx: AppContext, who: Actor | null, id: string, verdict: 'confirmed' | 'dismissed', reason: string) {
  const me = requirePermission(who, 'supervision.act');
  const now = ctx.clock.now();
  const found = await repo.getFinding(ctx.db, id);
  if (!found) throw NOT_FOUND({ zh: '纠错事项', en: 'Finding' });
  authorize(findingPolicy, me, 'resolve', found);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockCaseRow(tx, found.case_id);
    const f = await repo.lockFinding(tx, id);
    if (f!.status !== 'open') throw errors.FINDING_RESOLVED();
    await repo.resolveFinding(tx, id, verdict, me.id, reason, now);
    await appendAudit(tx, { stream: caseStream(f!.case_id), action: `case.finding_${verdict}`, actorId: me.id, at: now, data: { findingId: id, rule: f!.rule, reason } });
  });
  return presentFinding((await repo.getFinding(ctx.db, id))!);
}
