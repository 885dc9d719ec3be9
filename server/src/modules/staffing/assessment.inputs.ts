import type { Db, Tx } from '../../db/database.ts';
import * as repo from './staffing.repository.ts';

/**
 * What the annual assessment is computed from, behind one small interface so each input can be
 * replaced or tested alone. Attendance and training are this module's; the case figures are
 * supervision's performance rollups (perf_daily); complaints are 12345 work orders of kind complaint
 * naming the staff member (modules/workorders, a merged duplicate not counted again) and ratings the
 * 好差评 reviews of the person's work (modules/ratings, a review voided on appeal not counted).
 */
export interface Period { from: string; to: string; fromInstant: Date; toInstant: Date; today: string }

export interface AssessmentInputs {
  attendance(db: Db | Tx, userId: string, p: Period): Promise<{ scheduled: number; attended: number; late: number; early: number; absent: number; leave: number }>;
  cases(db: Db | Tx, userId: string, p: Period): Promise<{ received: number; accepted: number; completed: number; onTime: number; overdue: number; findings: number }>;
  training(db: Db | Tx, userId: string, p: Period): Promise<{ courses: number; hours: number }>;
  /** Complaints against the person (merged duplicates not counted twice). */
  complaints(db: Db | Tx, userId: string, p: Period): Promise<number>;
  /** Ratings of the person's work (levels 1–5); null when nobody rated them in the period. */
  ratings(db: Db | Tx, userId: string, p: Period): Promise<{ count: number; average: number | null } | null>;
}

export const complaintsProvider: AssessmentInputs['complaints'] = (db, userId, p) => repo.complaintCount(db, userId, p.fromInstant, p.toInstant);

export const ratingsProvider: AssessmentInputs['ratings'] = (db, userId, p) => repo.ratingFigures(db, userId, p.fromInstant, p.toInstant);

export const platformInputs: AssessmentInputs = {
  attendance: (db, userId, p) => repo.attendanceFigures(db, userId, p.from, p.to, p.today),
  cases: (db, userId, p) => repo.supervisionFigures(db, userId, p.from, p.to),
  training: (db, userId, p) => repo.trainingFigures(db, userId, p.from, p.to),
  complaints: complaintsProvider,
  ratings: ratingsProvider,
};

export interface AssessmentFigures {
  year: number;
  attendance: Awaited<ReturnType<AssessmentInputs['attendance']>>;
  cases: Awaited<ReturnType<AssessmentInputs['cases']>>;
  training: Awaited<ReturnType<AssessmentInputs['training']>>;
  complaints: number;
  ratings: { count: number; average: number | null } | null;
  score: number;
  suggested: 'excellent' | 'competent' | 'basically_competent' | 'incompetent';
}

/**
 * A score out of 100 and the grade it suggests; the center writes the result, which may differ.
 * Deductions: an absence 5, a late arrival or an early leave 1, an overdue case 3, a supervision
 * finding 2, a complaint 5; an average rating under 3 (of 5) 10. Excellent needs 90 and no absence
 * and no complaint; competent 75; basically competent 60.
 */
export function suggest(f: Omit<AssessmentFigures, 'score' | 'suggested'>): Pick<AssessmentFigures, 'score' | 'suggested'> {
  const lowRating = f.ratings?.average !== null && f.ratings?.average !== undefined && f.ratings.average < 3;
  const score = Math.max(0, 100 - 5 * f.attendance.absent - f.attendance.late - f.attendance.early - 3 * f.cases.overdue
    - 2 * f.cases.findings - 5 * f.complaints - (lowRating ? 10 : 0));
  const suggested = score >= 90 && f.attendance.absent === 0 && f.complaints === 0 ? 'excellent'
    : score >= 75 ? 'competent' : score >= 60 ? 'basically_competent' : 'incompetent';
  return { score, suggested };
}

export async function computeFigures(inputs: AssessmentInputs, db: Db | Tx, userId: string, p: Period & { year: number }): Promise<AssessmentFigures> {
  const [attendance, cases, training, complaints, ratings] = await Promise.all([
    inputs.attendance(db, userId, p), inputs.cases(db, userId, p), inputs.training(db, userId, p), inputs.complaints(db, userId, p), inputs.ratings(db, userId, p),
  ]);
  const base = { year: p.year, attendance, cases, training, complaints, ratings };
  return { ...base, ...suggest(base) };
}
