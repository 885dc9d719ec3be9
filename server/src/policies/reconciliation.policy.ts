import { hasPermission } from './permissions.ts';
import type { Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Reconciliation (对账、核销; docs/fees.md "Reconciliation"): a center's reconciliation days, their
 * statements and anomalies. The center's finance clerks read them (`fees.read`) and import, run,
 * resolve and lock (`fees.reconcile`); nobody of another center, whatever their role. A statement
 * line naming another center's notice is not the clerk's: the match reads it as unknown.
 */
export const RECONCILIATION_ACTIONS = ['read', 'reconcile'] as const;
export type ReconciliationAction = (typeof RECONCILIATION_ACTIONS)[number];

export const reconciliationPolicy: Policy<{ center_id: string }, ReconciliationAction> = {
  resource: 'reconciliation',
  actions: RECONCILIATION_ACTIONS,
  can(who, action, r) {
    return hasPermission(who, action === 'read' ? 'fees.read' : 'fees.reconcile') && (!r || inCenter(who, r.center_id));
  },
};
