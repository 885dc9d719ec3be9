import type { AssessmentResult } from '../../db/types.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import type { Actor } from '../../policies/index.ts';
import { chinaInstant } from '../hall/hall.time.ts';
import { computeFigures, platformInputs, type AssessmentInputs } from './assessment.inputs.ts';
import * as repo from './staffing.repository.ts';
import type { TrainingBody } from './staffing.schemas.ts';
import { auditStaff, scopeOf, staffMember, todayOf } from './staffing.service.ts';

/**
 * Training records and the annual assessment (年度考核), both kept in the person's file (their rows
 * and their audit stream `staff:<id>`). The center's manager records training and writes the
 * assessment; the result is written once per person and year, and changed only after a manager
 * reopens it. See docs/hall-staff.md.
 */

export async function recordTraining(ctx: AppContext, who: Actor | null, body: TrainingBody) {
  const user = await staffMember(ctx.db, who, body.userId, 'manage');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, user.center_id!);
    const row = await repo.insertTraining(tx, {
      center_id: user.center_id!, user_id: user.id, course: body.course, hours: body.hours, day: body.day, result: body.result, recorded_by: who!.id, created_at: now,
    });
    await auditStaff(tx, user.id, 'training.record', who!.id, now, { trainingId: row.id, course: body.course, hours: body.hours, day: body.day, result: body.result });
    return { id: row.id };
  });
}

export async function listTrainings(ctx: AppContext, who: Actor | null, q: { userId?: string; page: number; pageSize: number }) {
  const scope = scopeOf(who);
  if (q.userId) await staffMember(ctx.db, who, q.userId, 'read');
  const rows = await repo.listTrainings(ctx.db, scope, q.userId, q.page, q.pageSize);
  return {
    page: q.page, pageSize: q.pageSize,
    trainings: rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.user_name, course: r.course, hours: r.hours, day: r.day, result: r.result })),
  };
}

const periodOf = (ctx: AppContext, year: number) => ({
  year, from: `${year}-01-01`, to: `${year}-12-31`,
  fromInstant: chinaInstant(`${year}-01-01`, '00:00'), toInstant: chinaInstant(`${year + 1}-01-01`, '00:00'), today: todayOf(ctx),
});

const assessmentView = (a: Awaited<ReturnType<typeof repo.getAssessment>>) => a ? {
  id: a.id, result: a.result, comment: a.comment, status: a.status, writtenBy: a.written_by, writtenAt: a.written_at.toISOString(),
  reopenedAt: a.reopened_at?.toISOString() ?? null, reopenReason: a.reopen_reason, figures: a.figures,
} : null;

/** The figures of a person's year, the grade they suggest, and what the center wrote (if anything). */
export async function assessment(ctx: AppContext, who: Actor | null, userId: string, year: number, inputs: AssessmentInputs = platformInputs) {
  const user = await staffMember(ctx.db, who, userId, 'read');
  const [figures, written] = await Promise.all([computeFigures(inputs, ctx.db, user.id, periodOf(ctx, year)), repo.getAssessment(ctx.db, user.id, year)]);
  return { userId: user.id, userName: user.name, year, figures, written: assessmentView(written) };
}

/** The center writes the result into the file: once per person and year, unless a manager reopened it. */
export async function writeAssessment(ctx: AppContext, who: Actor | null, userId: string, year: number, body: { result: AssessmentResult; comment: string },
  inputs: AssessmentInputs = platformInputs) {
  const user = await staffMember(ctx.db, who, userId, 'assess');
  const figures = await computeFigures(inputs, ctx.db, user.id, periodOf(ctx, year));
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, user.center_id!);
    const existing = await repo.getAssessment(tx, user.id, year);
    if (existing && existing.status === 'final') throw errors.STAFF_ASSESSMENT_EXISTS({ year });
    const v = { result: body.result, comment: body.comment, figures: JSON.stringify(figures), written_by: who!.id, written_at: now };
    const row = existing ? await repo.rewriteAssessment(tx, existing.id, v)
      : await repo.insertAssessment(tx, { center_id: user.center_id!, user_id: user.id, year, status: 'final', ...v });
    await auditStaff(tx, user.id, 'assessment.write', who!.id, now, { assessmentId: row.id, year, result: body.result, comment: body.comment, score: figures.score, suggested: figures.suggested });
    return { userId: user.id, userName: user.name, year, figures, written: assessmentView(row) };
  });
}

export async function reopenAssessment(ctx: AppContext, who: Actor | null, userId: string, year: number, reason: string) {
  const user = await staffMember(ctx.db, who, userId, 'assess');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, user.center_id!);
    const existing = await repo.getAssessment(tx, user.id, year);
    if (!existing) throw NOT_FOUND({ zh: '年度考核结果', en: 'Assessment' });
    if (existing.status !== 'final') throw errors.STAFF_ASSESSMENT_STATE();
    const row = await repo.reopenAssessment(tx, existing.id, who!.id, now, reason);
    await auditStaff(tx, user.id, 'assessment.reopen', who!.id, now, { assessmentId: row.id, year, reason });
    return { userId: user.id, userName: user.name, year, written: assessmentView(row) };
  });
}
