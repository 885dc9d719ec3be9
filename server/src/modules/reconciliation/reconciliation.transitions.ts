import type { AnomalyStatus, ReconciliationDayStatus } from '../../db/types.ts';
import type { Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './reconciliation.repository.ts';

/**
 * The two small lifecycles of reconciliation, each the only writer of its status:
 * a day is open until the finance clerk locks it; an anomaly is open until the clerk resolves it,
 * or until a later run no longer finds it (cleared, by the system).
 */
export const DAY_TRANSITIONS = [
  { from: 'open', action: 'lock', to: 'locked', who: 'finance' },
] as const satisfies ReadonlyArray<{ from: ReconciliationDayStatus; action: string; to: ReconciliationDayStatus; who: string }>;

export const ANOMALY_TRANSITIONS = [
  { from: 'open', action: 'resolve', to: 'resolved', who: 'finance' },
  { from: 'open', action: 'clear', to: 'cleared', who: 'system' },
] as const satisfies ReadonlyArray<{ from: AnomalyStatus; action: string; to: AnomalyStatus; who: string }>;

export type DayAction = (typeof DAY_TRANSITIONS)[number]['action'];
export type AnomalyAction = (typeof ANOMALY_TRANSITIONS)[number]['action'];

export function dayRow(from: ReconciliationDayStatus, action: DayAction) {
  const row = DAY_TRANSITIONS.find((t) => t.from === from && t.action === action);
  if (!row) throw errors.RECONCILIATION_DAY_LOCKED();
  return row;
}

export function anomalyRow(from: AnomalyStatus, action: AnomalyAction) {
  const row = ANOMALY_TRANSITIONS.find((t) => t.from === from && t.action === action);
  if (!row) throw errors.ANOMALY_NOT_OPEN();
  return row;
}

/** Locks a day (the caller holds its row lock and has checked the guards). */
export async function lockDay(tx: Tx, day: { id: string; status: ReconciliationDayStatus }, by: string, at: Date) {
  const row = dayRow(day.status, 'lock');
  await repo.moveDay(tx, day.id, row.from, row.to, { locked_by: by, locked_at: at });
  return row.to;
}

export async function resolveAnomaly(tx: Tx, a: { id: string; status: AnomalyStatus },
  fields: { outcome: 'record_payment' | 'write_off' | 'refer_to_channel' | 'refund'; reason: string; resolved_by: string; resolved_at: Date; refund_id: string | null }) {
  const row = anomalyRow(a.status, 'resolve');
  await repo.moveAnomaly(tx, a.id, row.from, row.to, fields);
  return row.to;
}

/** Clears, in one statement, the open anomalies of a day that the run `run` did not find again. */
export function clearUnseen(tx: Tx, dayId: string, run: number) {
  const row = ANOMALY_TRANSITIONS.find((t) => t.action === 'clear')!;
  return repo.moveUnseenAnomalies(tx, dayId, run, row.from, row.to);
}
