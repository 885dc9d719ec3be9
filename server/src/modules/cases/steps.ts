import { chinaDate } from '../../lib/clock.ts';
import type { CaseRow } from './cases.repository.ts';
import { stepLight, type StepLight } from './clock.ts';
import type { CaseState } from './transitions.ts';

/**
 * The steps of a case as the applicant and staff see them on the case page (the stepper): the
 * lifecycle's stages in order, each done, current or still to come, with its date, and for a
 * hand-over its due date and light. Derived from the row, its history and its hand-over records,
 * so it never disagrees with the transition table.
 */
export const STEP_KEYS = ['submit', 'accept', 'to_department', 'review', 'forward', 'decide', 'handover', 'payment', 'deliver', 'closed'] as const;
export type StepKey = (typeof STEP_KEYS)[number];
export interface CaseStep { key: StepKey; state: 'done' | 'current' | 'todo'; at: string | null; dueDate: string | null; light: StepLight | null }

export interface StepInput {
  c: Pick<CaseRow, 'status' | 'kind' | 'decision' | 'submitted_at' | 'accepted_at' | 'decided_at' | 'forwarded_at' | 'closed_at' | 'processing_mode'>;
  today: string;
  inDepartment: boolean;
  hasFees: boolean;
  reportsUpward: boolean;
  /** When an action was last recorded (from the case's history), by action name (`handover`, `payment_received`, …). */
  actedAt: Map<string, Date>;
  handoffs: Array<{ direction: 'to_department' | 'to_hall'; due_date: string; handed_at: Date; handed_date: string }>;
  /** The due dates of hand-overs with no record (hall → department from acceptance; result → window from the decision, a hall case's handover included). */
  pendingDue: { to_department: string | null; to_hall: string | null };
}

const ORDER: Record<string, number> = {
  submitted: 0, supplement_requested: 0, accepted: 1, in_review: 3, forwarded: 4, decided: 6, awaiting_payment: 7, ready: 8, delivered: 9,
};

export function stepsOf(s: StepInput): CaseStep[] {
  const { c } = s;
  const keys: StepKey[] = ['submit', 'accept'];
  if (s.inDepartment) keys.push('to_department');
  keys.push('review');
  if (s.reportsUpward && c.kind === 'single') keys.push('forward');
  keys.push('decide', 'handover');
  if (s.hasFees && c.decision !== 'denied') keys.push('payment');
  keys.push('deliver');
  const sent = s.handoffs.find((h) => h.direction === 'to_department');
  const back = s.handoffs.find((h) => h.direction === 'to_hall');
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const at: Record<StepKey, string | null> = {
    submit: iso(c.submitted_at), accept: iso(c.accepted_at), to_department: iso(sent?.handed_at), review: null, forward: iso(c.forwarded_at),
    decide: iso(c.decided_at), handover: iso(back?.handed_at ?? s.actedAt.get('handover')), payment: iso(s.actedAt.get('payment_received')),
    deliver: c.status === 'delivered' ? iso(c.closed_at) : null, closed: iso(c.closed_at),
  };
  // Where the case stands: the index of the current step in `keys`.
  const status = c.status as CaseState;
  let current: number;
  if (status === 'accepted' && s.inDepartment && !sent) current = keys.indexOf('to_department');
  else if (status === 'accepted' || status === 'in_review') current = keys.indexOf('review');
  else if (status === 'forwarded') current = keys.indexOf('forward');
  else if (status === 'decided') current = keys.indexOf('handover');
  else if (status === 'awaiting_payment') current = keys.indexOf('payment');
  else if (status === 'ready') current = keys.indexOf('deliver');
  else if (status === 'delivered') current = keys.length; // every step done
  else if (status === 'submitted' || status === 'supplement_requested') current = 1;
  else current = -1; // refused, withdrawn, terminated: the case ends where it stood
  const steps: CaseStep[] = keys.map((key, i) => ({ key, state: i < current ? 'done' : i === current ? 'current' : 'todo', at: i <= current || status === 'delivered' ? at[key] : null, dueDate: null, light: null }));
  if (current === -1) {
    // A closed case: the steps it reached, then where it ended.
    const reached = ORDER[c.accepted_at ? (c.decided_at ? 'decided' : 'accepted') : 'submitted']!;
    const kept = steps.filter((st) => st.key === 'submit' || (st.key === 'accept' && reached >= 1) || (st.key === 'decide' && reached >= 6) || (st.key === 'review' && reached >= 1));
    for (const st of kept) st.state = 'done';
    kept.push({ key: 'closed', state: 'current', at: at.closed, dueDate: null, light: null });
    return kept;
  }
  if (status === 'supplement_requested' || status === 'submitted') steps[0]!.state = 'done';
  // The hand-overs carry their limit: the recorded due date once done, the pending one while open.
  for (const st of steps) {
    if (st.key === 'to_department') {
      const due = sent?.due_date ?? s.pendingDue.to_department;
      if (due && st.state !== 'todo') Object.assign(st, { dueDate: due, light: stepLight(s.today, due, sent ? sent.handed_date : null) });
    }
    if (st.key === 'handover') {
      const due = back?.due_date ?? s.pendingDue.to_hall;
      const doneDate = back?.handed_date ?? (s.actedAt.get('handover') ? chinaDate(s.actedAt.get('handover')!) : null);
      if (due && st.state !== 'todo') Object.assign(st, { dueDate: due, light: stepLight(s.today, due, doneDate) });
    }
  }
  return steps;
}
