import { CASE_STATES, OPEN_STATES, type CaseState } from './transitions.ts';

/**
 * The status tabs of My cases (issue 14): what the applicant has to do, or wait for. Every state is
 * in exactly one tab besides "all" (my-case-tabs.test.ts walks them), so no case disappears.
 */
export const MY_CASE_TABS = ['all', 'in_progress', 'to_supplement', 'to_pay', 'completed'] as const;
export type MyCaseTab = (typeof MY_CASE_TABS)[number];

const WAITING_ON_APPLICANT: readonly CaseState[] = ['supplement_requested', 'awaiting_payment'];

export function statesOfTab(tab: MyCaseTab): readonly CaseState[] | null {
  switch (tab) {
    case 'all': return null;
    case 'to_supplement': return ['supplement_requested'];
    case 'to_pay': return ['awaiting_payment'];
    case 'in_progress': return OPEN_STATES.filter((s) => !WAITING_ON_APPLICANT.includes(s));
    case 'completed': return COMPLETED_STATES;
  }
}

/** Closed: delivered, refused, withdrawn, terminated — every state that is not open. */
export const COMPLETED_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !OPEN_STATES.includes(s));

export function tabOf(state: CaseState): Exclude<MyCaseTab, 'all'> {
  if (state === 'supplement_requested') return 'to_supplement';
  if (state === 'awaiting_payment') return 'to_pay';
  return OPEN_STATES.includes(state) ? 'in_progress' : 'completed';
}
