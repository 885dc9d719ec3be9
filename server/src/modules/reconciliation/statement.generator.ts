import type { Db } from '../../db/database.ts';
import * as repo from './reconciliation.repository.ts';
import { chinaTime, formatStatement } from './statement.format.ts';

/**
 * The simulated bank's statement of a day: one line per payment of the center's notices on the
 * channel and China day, as a real acquirer's file would list them. The options make the faults a
 * bank's file can have, for tests, the benchmark and the demo: lines dropped, listed twice, with
 * another amount, or lines of transactions we never heard of (a lost notification).
 */
export interface StatementFaults {
  drop?: string[];
  duplicate?: string[];
  alter?: Record<string, number>;
  extra?: Array<{ channelTxnId: string; noticeNo: string; amountFen: number; paidAt: Date }>;
  totals?: boolean;
}

export async function simulatedStatement(db: Db, q: { centerId: string; channel: string; day: string }, faults: StatementFaults = {}): Promise<Buffer> {
  const from = new Date(`${q.day}T00:00:00+08:00`);
  const rows = await repo.paymentsOfDay(db, q.centerId, q.channel, from, new Date(from.getTime() + 86_400_000));
  return statementOf(rows.map((r) => ({ channelTxnId: r.channel_txn_id, noticeNo: r.notice_no, amountFen: Number(r.amount_fen), paidAt: r.paid_at })), faults);
}

export function statementOf(rows: Array<{ channelTxnId: string; noticeNo: string; amountFen: number; paidAt: Date }>, faults: StatementFaults = {}): Buffer {
  const drop = new Set(faults.drop ?? []);
  const dup = new Set(faults.duplicate ?? []);
  const lines: Array<{ channelTxnId: string; noticeNo: string; amountFen: number; paidAt: string }> = [];
  for (const r of [...rows, ...(faults.extra ?? [])]) {
    if (drop.has(r.channelTxnId)) continue;
    const line = { channelTxnId: r.channelTxnId, noticeNo: r.noticeNo, amountFen: faults.alter?.[r.channelTxnId] ?? r.amountFen, paidAt: chinaTime(r.paidAt) };
    lines.push(line);
    if (dup.has(r.channelTxnId)) lines.push(line);
  }
  return formatStatement(lines, { totals: faults.totals });
}
