import type { Db, Tx } from '../../db/database.ts';
import type { TenderDisputeSubject } from '../../db/types.ts';
import { chinaDate } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { endOfChinaDay, loadCalendar } from '../calendar/calendar.service.ts';
import type { DisputeRow, TenderInfo } from './disputes.repository.ts';

/**
 * The deadlines of questions, objections and complaints, judged by the server's clock (docs/trading.md,
 * "Questions, objections and complaints"). The model, kept simple and the same for every tender:
 *
 * - Government procurement (`procurement`) uses the question (质疑, 政府采购法 第五十二条), the other kinds
 *   the objection (异议, 招标投标法实施条例). A kind used on the wrong project is refused.
 * - Objection to the tender documents (条例 第二十二条): while the tender is published, in clarification
 *   or bidding, and no later than 10 days before the bid deadline; answered within 3 days (bidding should
 *   pause until then: the answer deadline is recorded and shown, the tender does not move).
 * - Objection to the candidates (条例 第五十四条): during the candidates period (公示); answered within 3 days.
 * - Question (政府采购法 第五十二条): within 7 working days of the day the supplier knew or should have known,
 *   taken as the day of the step questioned — the notice for the documents, the opening for the procedure,
 *   the award (or the candidates, before it) for the result; answered within 7 working days (第五十三条).
 * - Complaint (投诉): only after a question or objection of one's own was answered or its answer deadline
 *   passed (条例 第六十条 第二款); within 10 days of the answer or of that deadline (条例 第六十条), or
 *   15 working days for procurement (政府采购法 第五十五条); decided within 30 working days (条例 第六十一条,
 *   政府采购法 第五十六条).
 * Working days are the working-day calendar of the project's region (modules/calendar), as the cases use;
 * a day-counted limit ends at the end of that China day.
 */
const DAY_MS = 86_400_000;
export const OBJECTION_DAYS_BEFORE_DEADLINE = 10;
export const OBJECTION_ANSWER_DAYS = 3;
export const QUESTION_WORKDAYS = 7;
export const QUESTION_ANSWER_WORKDAYS = 7;
export const COMPLAINT_DAYS = 10;
export const PROCUREMENT_COMPLAINT_WORKDAYS = 15;
export const DECISION_WORKDAYS = 30;

const DOCUMENT_STATES = ['published', 'clarification', 'bidding'];

/** The end of the China day `workdays` working days after the China day of `from`, on the region's calendar. */
async function afterWorkdays(db: Db | Tx, region: string, from: Date, workdays: number): Promise<Date> {
  const { due } = (await loadCalendar(db, region)).addWorkdays(chinaDate(from), workdays);
  return endOfChinaDay(due);
}
const afterDays = (from: Date, days: number) => endOfChinaDay(chinaDate(new Date(from.getTime() + days * DAY_MS)));

export const usesQuestions = (t: TenderInfo) => t.project_kind === 'procurement';

/**
 * Checks a question or objection on `subject` may be raised at `now`, and returns its answer deadline.
 * Throws (nothing written) when the kind does not fit the project, the subject is not open in the tender's
 * state, or the window has closed.
 */
export async function raiseWindow(db: Db | Tx, t: TenderInfo, kind: 'question' | 'objection', subject: TenderDisputeSubject, now: Date): Promise<Date> {
  if ((kind === 'question') !== usesQuestions(t)) throw errors.DISPUTE_KIND_NOT_ALLOWED({ kind, projectKind: t.project_kind });
  const notOpen = () => errors.DISPUTE_SUBJECT_NOT_OPEN({ subject, status: t.status, field: 'subject' });
  if (kind === 'objection') {
    let until: Date;
    if (subject === 'documents' && DOCUMENT_STATES.includes(t.status) && t.bid_deadline) {
      until = new Date(t.bid_deadline.getTime() - OBJECTION_DAYS_BEFORE_DEADLINE * DAY_MS); // 第二十二条
    } else if (subject === 'candidates' && t.status === 'candidates_published' && t.candidates_until) {
      until = t.candidates_until; // 第五十四条
    } else throw notOpen();
    if (now > until) throw errors.DISPUTE_WINDOW_CLOSED({ until: until.toISOString() });
    return new Date(now.getTime() + OBJECTION_ANSWER_DAYS * DAY_MS);
  }
  // 政府采购法 第五十二条: from the day the step questioned happened.
  const known = subject === 'documents' ? t.published_at : subject === 'procedure' ? t.opened_at : subject === 'result' ? (t.awarded_at ?? t.candidates_published_at) : null;
  if (!known) throw notOpen();
  const until = await afterWorkdays(db, t.region_code, known, QUESTION_WORKDAYS);
  if (now >= until) throw errors.DISPUTE_WINDOW_CLOSED({ until: until.toISOString() });
  return afterWorkdays(db, t.region_code, now, QUESTION_ANSWER_WORKDAYS); // 第五十三条
}

/** Checks a complaint following `parent` may be filed at `now`, and returns its decision deadline. */
export async function complaintWindow(db: Db | Tx, t: TenderInfo, parent: DisputeRow, now: Date): Promise<Date> {
  // 条例 第六十条 第二款: the objection comes first; it was answered, or its answer deadline passed unanswered.
  let known: Date;
  if (parent.status === 'answered' && parent.answered_at) known = parent.answered_at;
  else if (parent.status === 'open' && now >= parent.answer_due) known = parent.answer_due;
  else throw errors.COMPLAINT_TOO_EARLY({ until: parent.answer_due.toISOString() });
  const until = parent.kind === 'question'
    ? await afterWorkdays(db, t.region_code, known, PROCUREMENT_COMPLAINT_WORKDAYS) // 政府采购法 第五十五条
    : afterDays(known, COMPLAINT_DAYS); // 条例 第六十条
  if (now >= until) throw errors.COMPLAINT_WINDOW_CLOSED({ until: until.toISOString() });
  return afterWorkdays(db, t.region_code, now, DECISION_WORKDAYS); // 条例 第六十一条
}
