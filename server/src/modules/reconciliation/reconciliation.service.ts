import { createHash } from 'node:crypto';
import { transactionWithClient, type Tx } from '../../db/database.ts';
import type { AnomalyKind, AnomalyOutcome, AnomalyStatus, RefundKind } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, reconciliationPolicy, type Actor, type StaffActor } from '../../policies/index.ts';
import { insertFile } from '../files/files.repository.ts';
import * as repo from './reconciliation.repository.ts';
import { clearUnseen, lockDay as lockDayRow, resolveAnomaly as resolveAnomalyRow } from './reconciliation.transitions.ts';
import { recordStatementPayment, refundStatementMoney, settleStranded, type HeldRefund } from './repair.ts';
import { parseStatement } from './statement.format.ts';
import { simulatedStatement } from './statement.generator.ts';

/**
 * Reconciliation (对账、核销), docs/fees.md "Reconciliation": a channel's daily statement is
 * imported, matched three ways against the center's notices and payments, the anomalies resolved
 * by the finance clerk with a reason, and the day locked.
 */

const DAY_NOT_FOUND = () => NOT_FOUND({ zh: '对账日', en: 'Reconciliation day' });
const ANOMALY_NOT_FOUND = () => NOT_FOUND({ zh: '对账差异', en: 'Anomaly' });
const stream = (dayId: string) => `reconciliation:${dayId}`;

/** The instants bounding a China day. */
export function chinaDayBounds(day: string) {
  const from = new Date(`${day}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** The gate before anything is loaded: a finance clerk's own center. */
function gate(actor: Actor | null, action: 'read' | 'reconcile'): StaffActor {
  authorize(reconciliationPolicy, actor, action);
  return actor as StaffActor;
}

// ---------------------------------------------------------------- import

export interface StatementUpload { channel: string; day: string; bytes: Buffer; filename: string; source?: 'upload' | 'fetch' }

/**
 * Imports a statement file for the clerk's center. The file is parsed and checked whole first (a
 * bad file writes nothing); the same bytes for the same day answer the first import
 * (`duplicate: true`) instead of making a second; a locked day refuses.
 */
export async function importStatement(ctx: AppContext, actor: Actor | null, up: StatementUpload) {
  const who = gate(actor, 'reconcile');
  return importForCenter(ctx, who.centerId, who.id, up);
}

export async function importForCenter(ctx: AppContext, centerId: string, by: string | null, up: StatementUpload) {
  const now = ctx.clock.now();
  if (up.day > chinaDate(now)) throw errors.STATEMENT_DAY_FUTURE({ field: 'day' });
  const parsed = parseStatement(up.bytes, up.day);
  const sha256 = createHash('sha256').update(up.bytes).digest('hex');

  const existingDay = await repo.findDayByKey(ctx.db, centerId, up.channel, up.day);
  if (existingDay?.status === 'locked') throw errors.RECONCILIATION_DAY_LOCKED();
  const same = await repo.findImportBySha(ctx.db, centerId, up.channel, up.day, sha256);
  if (same && existingDay) return { import: importView(same), day: dayView(existingDay), duplicate: true };

  const stored = await ctx.storage.putBuffer(up.bytes);
  // The lines go in by COPY on the transaction's own connection: all or nothing with the import row.
  return transactionWithClient(ctx.db, async (tx, client) => {
    const day = await repo.dayForUpdate(tx, centerId, up.channel, up.day, now);
    if (day.status === 'locked') throw errors.RECONCILIATION_DAY_LOCKED();
    // Two uploads of the same bytes at once: the second waits on the day's lock and finds the first.
    const again = await repo.findImportBySha(tx, centerId, up.channel, up.day, sha256);
    if (again) return { import: importView(again), day: dayView(day), duplicate: true };
    const file = await insertFile(tx, {
      sha256, name: up.filename, mime: 'text/csv', size: up.bytes.length, storageKey: stored.key, public: false, centerId, uploadedBy: by,
    });
    const imp = await repo.insertImport(tx, {
      day_id: day.id, center_id: centerId, channel: up.channel, day: up.day, file_id: file.id, sha256,
      line_count: parsed.lines.length, total_fen: parsed.totalFen, source: up.source ?? 'upload', imported_by: by, imported_at: now,
    });
    await repo.copyLines(client, imp.id, parsed.lines);
    await repo.setDayImport(tx, day.id, imp.id, parsed.lines.length, parsed.totalFen);
    await appendAudit(tx, {
      stream: stream(day.id), action: 'reconciliation.import', actorId: by, at: now,
      data: { importId: imp.id, fileId: file.id, sha256, lines: parsed.lines.length, totalFen: parsed.totalFen, source: imp.source },
    });
    const fresh = await repo.findDay(tx, day.id);
    return { import: importView(imp), day: dayView(fresh!), duplicate: false };
  });
}

// ---------------------------------------------------------------- run

/** Runs the three-way match of a day on its current statement (set-based; see runMatch). */
export async function runDay(ctx: AppContext, actor: Actor | null, dayId: string) {
  const who = gate(actor, 'reconcile');
  const found = await repo.findDay(ctx.db, dayId);
  if (!found) throw DAY_NOT_FOUND();
  authorize(reconciliationPolicy, who, 'reconcile', found);
  if (found.status === 'locked') throw errors.RECONCILIATION_DAY_LOCKED();
  if (!found.import_id) throw errors.RECONCILIATION_NO_STATEMENT();
  // A payment recorded but never applied to its case (a crash between the two) is settled first,
  // through fees' repair, in transactions of its own: the case moves once, whatever the run does.
  const settled = await settleStranded(ctx);
  const out = await ctx.db.transaction().execute(async (tx) => {
    const day = (await repo.findDay(tx, dayId, { forUpdate: true }))!;
    return runLocked(ctx, tx, day, who.id);
  });
  return { ...out, settled };
}

type DayRow = NonNullable<Awaited<ReturnType<typeof repo.findDay>>>;

/** The run itself, for a day whose row the caller holds locked (also used by the benchmark). */
export async function runLocked(ctx: AppContext, tx: Tx, day: DayRow, by: string | null, opts: { explain?: (plan: string) => void } = {}) {
  if (day.status === 'locked') throw errors.RECONCILIATION_DAY_LOCKED();
  if (!day.import_id) throw errors.RECONCILIATION_NO_STATEMENT();
  const now = ctx.clock.now();
  const run = day.runs + 1;
  await repo.roomForLargeDay(tx);
  const { from, to } = chinaDayBounds(day.day);
  const figures = await repo.runMatch(tx, { dayId: day.id, importId: day.import_id, centerId: day.center_id, channel: day.channel, from, to, run, now }, opts);
  const cleared = await clearUnseen(tx, day.id, run);

  const totals = new Map<string, { fiscal_account_id: string; department_id: string; paid_count: number; paid_fen: number; matched_count: number; matched_fen: number }>();
  const byKind: Partial<Record<string, { n: number; fen: number }>> = {};
  for (const f of figures) {
    const k = (byKind[f.kind] ??= { n: 0, fen: 0 });
    k.n += f.n; k.fen += Number(f.fen);
    if (!f.fiscal_account_id || !f.department_id) continue;
    const paid = f.kind === 'paid' || f.kind === 'duplicate_payment' || f.kind === 'missing_in_statement';
    if (!paid && f.kind !== 'matched') continue;
    const key = `${f.fiscal_account_id}|${f.department_id}`;
    const t = totals.get(key) ?? { fiscal_account_id: f.fiscal_account_id, department_id: f.department_id, paid_count: 0, paid_fen: 0, matched_count: 0, matched_fen: 0 };
    if (paid) { t.paid_count += f.n; t.paid_fen += Number(f.fen); } else { t.matched_count += f.n; t.matched_fen += Number(f.fen); }
    totals.set(key, t);
  }
  await repo.replaceTotals(tx, day.id, [...totals.values()]);
  const sum = (kinds: string[], what: 'n' | 'fen') => kinds.reduce((s, k) => s + (byKind[k]?.[what] ?? 0), 0);
  const paidKinds = ['paid', 'duplicate_payment', 'missing_in_statement'];
  const openAnomalies = await repo.countOpenAnomalies(tx, day.id);
  const dayFigures = {
    runs: run, last_run_at: now, paid_count: sum(paidKinds, 'n'), paid_fen: sum(paidKinds, 'fen'),
    matched_count: sum(['matched'], 'n'), matched_fen: sum(['matched'], 'fen'), open_anomalies: openAnomalies,
  };
  await repo.setDayFigures(tx, day.id, dayFigures);
  const anomalies = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, byKind[k]?.n ?? 0])) as Record<AnomalyKind, number>;
  await appendAudit(tx, {
    stream: stream(day.id), action: 'reconciliation.run', actorId: by, at: now,
    data: { run, importId: day.import_id, matched: dayFigures.matched_count, matchedFen: dayFigures.matched_fen, paid: dayFigures.paid_count,
      paidFen: dayFigures.paid_fen, anomalies, newAnomalies: byKind.inserted?.n ?? 0, cleared, openAnomalies },
  });
  return { day: dayView({ ...day, ...dayFigures }), anomalies, cleared };
}

export const ANOMALY_KINDS: AnomalyKind[] = ['missing_in_statement', 'missing_payment', 'amount_mismatch', 'duplicate_line', 'duplicate_payment', 'unknown_code'];

// ---------------------------------------------------------------- resolve and lock

/** Which outcomes fit which kind: recording the payment only repairs a line no payment was recorded for. */
export const OUTCOMES: Record<AnomalyKind, AnomalyOutcome[]> = {
  missing_payment: ['record_payment', 'write_off', 'refer_to_channel'],
  missing_in_statement: ['write_off', 'refer_to_channel'],
  amount_mismatch: ['write_off', 'refer_to_channel', 'refund'],
  duplicate_line: ['write_off', 'refer_to_channel'],
  duplicate_payment: ['refund', 'write_off'],
  unknown_code: ['write_off', 'refer_to_channel'],
};

/**
 * What a `refund` resolution gives back: what the channel holds that we must not keep.
 * - amount_mismatch: the line's amount beyond the payment we recorded (the channel took more than the
 *   notice asked); nothing when the line is the smaller, or no payment was recorded (the channel
 *   holds money for an order we never accepted: refer it to the channel);
 * - duplicate_payment: the whole payment the notice does not keep (fees' choice: it keeps the payment that paid it).
 * null: nothing to refund.
 */
export function refundDue(a: { kind: AnomalyKind; payment_id: string | null; expected_fen: number | string | null; actual_fen: number | string | null }):
  { paymentId: string; kind: RefundKind; amountFen: number } | null {
  if (!a.payment_id || a.expected_fen === null) return null;
  if (a.kind === 'duplicate_payment') return { paymentId: a.payment_id, kind: 'payment', amountFen: Number(a.expected_fen) };
  if (a.kind !== 'amount_mismatch' || a.actual_fen === null) return null;
  const excess = Number(a.actual_fen) - Number(a.expected_fen);
  return excess > 0 ? { paymentId: a.payment_id, kind: 'excess', amountFen: excess } : null;
}

export async function resolveAnomaly(ctx: AppContext, actor: Actor | null, id: string, body: { outcome: AnomalyOutcome; reason: string }) {
  const who = gate(actor, 'reconcile');
  return ctx.db.transaction().execute(async (tx) => {
    const found = await repo.findAnomaly(tx, id);
    if (!found) throw ANOMALY_NOT_FOUND();
    authorize(reconciliationPolicy, who, 'reconcile', found);
    // The day first, then the anomaly: the order every writer of both takes.
    const day = (await repo.findDay(tx, found.day_id, { forUpdate: true }))!;
    if (day.status === 'locked') throw errors.RECONCILIATION_DAY_LOCKED();
    const a = (await repo.findAnomaly(tx, id, { forUpdate: true }))!;
    if (a.status !== 'open') throw errors.ANOMALY_NOT_OPEN();
    if (!OUTCOMES[a.kind].includes(body.outcome)) throw errors.ANOMALY_OUTCOME_INVALID({ outcome: body.outcome, field: 'outcome' });
    const now = ctx.clock.now();
    let payment: { paymentId: string } | null = null;
    if (body.outcome === 'record_payment') {
      // The statement line is the bank's word that the money arrived: record it as the payment
      // the lost notification would have, through fees' one entry, which moves the case once.
      const line = await repo.lineOf(tx, day.import_id!, a.line_no!);
      payment = await recordStatementPayment(ctx, tx, {
        noticeNo: a.notice_no!, channel: day.channel, channelTxnId: a.channel_txn_id, amountFen: Number(line!.amount_fen), paidAt: line!.paid_at, recordedBy: who.id,
      });
    }
    let refund: HeldRefund | null = null;
    if (body.outcome === 'refund') {
      // Money the channel holds that we must not keep is given back: a refund record through fees,
      // paid by the refund job; a refund of it already on its way is named instead of a second one.
      const due = refundDue(a);
      refund = due && await refundStatementMoney(ctx, tx, { ...due, reason: `对账差异退款：${body.reason}`.slice(0, 500), requestedBy: who.id });
      if (!refund) throw errors.ANOMALY_NOTHING_TO_REFUND({ field: 'outcome' });
    }
    await resolveAnomalyRow(tx, a, { outcome: body.outcome, reason: body.reason, resolved_by: who.id, resolved_at: now, refund_id: refund?.refundId ?? null });
    const open = await repo.countOpenAnomalies(tx, day.id);
    await repo.setOpenAnomalies(tx, day.id, open);
    await appendAudit(tx, {
      stream: stream(day.id), action: 'reconciliation.resolve', actorId: who.id, at: now,
      data: { anomalyId: a.id, kind: a.kind, channelTxnId: a.channel_txn_id, noticeNo: a.notice_no, outcome: body.outcome, reason: body.reason,
        paymentId: payment?.paymentId ?? null, refundId: refund?.refundId ?? null, refundCreated: refund?.created ?? null },
    });
    return anomalyView({ ...a, day: day.day, channel: day.channel, day_status: day.status, status: 'resolved' as AnomalyStatus, outcome: body.outcome,
      reason: body.reason, resolved_by: who.id, resolved_at: now, payment_id: payment?.paymentId ?? a.payment_id, refund_id: refund?.refundId ?? null,
      refund_kind: refund?.kind ?? null, refund_status: refund?.status ?? null, refund_fen: refund?.amountFen ?? null });
  });
}

/** Locks a day: only after a run on its current statement and with no open anomaly. */
export async function lockDay(ctx: AppContext, actor: Actor | null, dayId: string) {
  const who = gate(actor, 'reconcile');
  return ctx.db.transaction().execute(async (tx) => {
    const day = await repo.findDay(tx, dayId, { forUpdate: true });
    if (!day) throw DAY_NOT_FOUND();
    authorize(reconciliationPolicy, who, 'reconcile', day);
    if (day.status === 'locked') throw errors.RECONCILIATION_DAY_LOCKED();
    if (!day.import_id) throw errors.RECONCILIATION_NO_STATEMENT();
    const imp = await repo.findImport(tx, day.import_id);
    if (!day.last_run_at || day.last_run_at < imp!.imported_at) throw errors.RECONCILIATION_NOT_RUN();
    const open = await repo.countOpenAnomalies(tx, day.id);
    if (open > 0) throw errors.RECONCILIATION_OPEN_ANOMALIES({ count: open, details: { count: open } });
    const now = ctx.clock.now();
    await lockDayRow(tx, day, who.id, now);
    await appendAudit(tx, {
      stream: stream(day.id), action: 'reconciliation.lock', actorId: who.id, at: now,
      data: { matched: day.matched_count, matchedFen: day.matched_fen, paid: day.paid_count, paidFen: day.paid_fen },
    });
    return dayView({ ...day, status: 'locked', locked_by: who.id, locked_at: now });
  });
}

// ---------------------------------------------------------------- reads

export async function listDays(ctx: AppContext, actor: Actor | null, q: { from?: string; to?: string; before?: string; limit: number }) {
  const who = gate(actor, 'read');
  const before = q.before ? { day: q.before.slice(0, 10), channel: q.before.slice(11) } : undefined;
  const rows = await repo.listDays(ctx.db, who.centerId, { from: q.from, to: q.to, before, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit).map(dayView);
  const last = page[page.length - 1];
  return { items: page, next: rows.length > q.limit && last ? `${last.day}_${last.channel}` : null };
}

export async function getDay(ctx: AppContext, actor: Actor | null, dayId: string) {
  const who = gate(actor, 'read');
  const day = await repo.findDay(ctx.db, dayId);
  if (!day) throw DAY_NOT_FOUND();
  authorize(reconciliationPolicy, who, 'read', day);
  const [totals, imp, kinds] = await Promise.all([
    repo.totalsOf(ctx.db, day.id),
    day.import_id ? repo.findImport(ctx.db, day.import_id) : Promise.resolve(undefined),
    repo.anomalyCountsOf(ctx.db, day.id),
  ]);
  return {
    ...dayView(day),
    statement: imp ? importView(imp) : null,
    totals: totals.map((t) => ({ ...t, paid_fen: Number(t.paid_fen), matched_fen: Number(t.matched_fen) })).map(totalView),
    anomalyCounts: kinds.map((k) => ({ kind: k.kind, status: k.status, count: Number(k.n) })),
  };
}

export async function listAnomalies(ctx: AppContext, actor: Actor | null, q: { dayId?: string; status?: AnomalyStatus; kind?: AnomalyKind; after?: string; limit: number }) {
  const who = gate(actor, 'read');
  if (q.dayId) {
    const day = await repo.findDay(ctx.db, q.dayId);
    if (!day) throw DAY_NOT_FOUND();
    authorize(reconciliationPolicy, who, 'read', day);
  }
  const after = q.after ? { foundAt: new Date(q.after.slice(0, q.after.lastIndexOf('_'))), id: q.after.slice(q.after.lastIndexOf('_') + 1) } : undefined;
  const rows = await repo.listAnomalies(ctx.db, { centerId: who.centerId, dayId: q.dayId, status: q.status, kind: q.kind, after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(anomalyView), next: rows.length > q.limit && last ? `${last.found_at.toISOString()}_${last.id}` : null };
}

export async function figures(ctx: AppContext, actor: Actor | null, q: { from: string; to: string }) {
  const who = gate(actor, 'read');
  const [perDay, perAccount, open] = await Promise.all([
    repo.figuresPerDay(ctx.db, who.centerId, q.from, q.to),
    repo.figuresPerAccount(ctx.db, who.centerId, q.from, q.to),
    repo.openAnomaliesByKind(ctx.db, who.centerId),
  ]);
  return {
    from: q.from, to: q.to,
    perDay: perDay.map((d) => ({ day: d.day, paidFen: Number(d.paid_fen), paidCount: Number(d.paid_count), matchedFen: Number(d.matched_fen),
      openAnomalies: Number(d.open_anomalies), lockedChannels: Number(d.locked), channels: Number(d.channels) })),
    perAccount: perAccount.map((a) => ({ fiscalAccountId: a.fiscal_account_id, code: a.code, name: a.name, paidFen: Number(a.paid_fen),
      paidCount: Number(a.paid_count), matchedFen: Number(a.matched_fen) })),
    openAnomalies: open.map((o) => ({ kind: o.kind, count: Number(o.n) })),
  };
}

// ---------------------------------------------------------------- views

function dayView(d: DayRow) {
  return {
    id: d.id, channel: d.channel, day: d.day, status: d.status, importId: d.import_id, runs: d.runs, lastRunAt: d.last_run_at?.toISOString() ?? null,
    statementLines: d.statement_lines, statementFen: Number(d.statement_fen), paidCount: d.paid_count, paidFen: Number(d.paid_fen),
    matchedCount: d.matched_count, matchedFen: Number(d.matched_fen), openAnomalies: d.open_anomalies,
    lockedAt: d.locked_at?.toISOString() ?? null,
  };
}

function importView(i: NonNullable<Awaited<ReturnType<typeof repo.findImport>>>) {
  return { id: i.id, fileId: i.file_id, sha256: i.sha256, lines: i.line_count, totalFen: Number(i.total_fen), source: i.source, importedAt: i.imported_at.toISOString() };
}

function totalView(t: { fiscal_account_id: string; account_code: string; account_name: string; department_id: string; department_name: string;
  paid_count: number; paid_fen: number; matched_count: number; matched_fen: number }) {
  return { fiscalAccountId: t.fiscal_account_id, accountCode: t.account_code, accountName: t.account_name, departmentId: t.department_id,
    departmentName: t.department_name, paidCount: t.paid_count, paidFen: t.paid_fen, matchedCount: t.matched_count, matchedFen: t.matched_fen };
}

type AnomalyRow = Awaited<ReturnType<typeof repo.listAnomalies>>[number];
function anomalyView(a: AnomalyRow) {
  return {
    id: a.id, dayId: a.day_id, day: a.day, channel: a.channel, dayLocked: a.day_status === 'locked', kind: a.kind, channelTxnId: a.channel_txn_id,
    noticeNo: a.notice_no, lineNo: a.line_no, expectedFen: a.expected_fen === null ? null : Number(a.expected_fen),
    actualFen: a.actual_fen === null ? null : Number(a.actual_fen), status: a.status, outcome: a.outcome, reason: a.reason,
    resolvedAt: a.resolved_at?.toISOString() ?? null, foundAt: a.found_at.toISOString(), outcomes: OUTCOMES[a.kind], refundId: a.refund_id,
    refund: a.refund_id && a.refund_kind && a.refund_status && a.refund_fen !== null
      ? { id: a.refund_id, kind: a.refund_kind, status: a.refund_status, amountFen: Number(a.refund_fen) } : null,
  };
}

// ---------------------------------------------------------------- fetch from the channel

/**
 * Fetches the day's statement from the channel instead of an upload. Only the simulated bank
 * offers one today (its statement is produced from the day's payments); a real acquirer's
 * download plugs in here.
 */
export async function fetchStatement(ctx: AppContext, actor: Actor | null, q: { channel: string; day: string }) {
  const who = gate(actor, 'reconcile');
  if (q.channel !== 'sim_bank') throw errors.STATEMENT_SOURCE_UNKNOWN({ field: 'channel' });
  if (q.day > chinaDate(ctx.clock.now())) throw errors.STATEMENT_DAY_FUTURE({ field: 'day' });
  const bytes = await simulatedStatement(ctx.db, { centerId: who.centerId, channel: q.channel, day: q.day });
  return importForCenter(ctx, who.centerId, who.id, { channel: q.channel, day: q.day, bytes, filename: `${q.channel}-${q.day}.csv`, source: 'fetch' });
}
