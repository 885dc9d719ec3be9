import { casePolicy, type CaseScopeRow } from './case.policy.ts';
import type { Policy } from './policy.ts';

/**
 * A case's documents (receipt, supplement notice, refusal, decision letter) are read by whoever
 * reads the case, with the same refusals (404 for another applicant). Whether a document exists
 * yet is the case's state, not a permission (409 DOCUMENT_NOT_AVAILABLE). Documents to come (a
 * licence, a payment notice) get their own entry when their readers differ from the case's.
 */
export const DOCUMENT_ACTIONS = ['read'] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

export const documentPolicy: Policy<{ case: CaseScopeRow; kind: string }, DocumentAction> = {
  resource: 'document',
  actions: DOCUMENT_ACTIONS,
  can: (who, _action, d) => casePolicy.can(who, 'read', d?.case),
  refuse: (who, _action, d) => casePolicy.refuse!(who, 'read', d?.case),
};
