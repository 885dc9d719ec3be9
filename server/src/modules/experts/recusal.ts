/**
 * Recusal (回避, 评标专家和评标专家库管理办法; 招标投标法实施条例 Art. 46): who may not sit on a tender's
 * committee, and why. Pure: the service reads the facts, this decides. An expert is excluded when
 * - they work for a bidder (bidder_employee), or a close relative of theirs does (bidder_relative);
 * - they work for the buyer (buyer_staff) or for the supervising department (supervisor_staff);
 * - they declared an economic interest in a bidder or the buyer (economic_interest);
 * - they were penalised on or after the start of the draw's penalty window (recent_penalty).
 * Every reason that applies is kept, not just the first.
 */
export const RECUSAL_REASONS = ['bidder_employee', 'bidder_relative', 'buyer_staff', 'supervisor_staff', 'economic_interest', 'recent_penalty'] as const;
export type RecusalReason = (typeof RECUSAL_REASONS)[number];

/**
 * The reasons that follow from who the bidders are (an economic interest may name a bidder or the buyer: it is counted
 * here). Before the opening they are not shown (招标投标法 第二十二条: an excluded expert's employer would name a bidder).
 */
export const BIDDER_REASONS: readonly RecusalReason[] = ['bidder_employee', 'bidder_relative', 'economic_interest'];

export interface RecusalFacts {
  /** Unified social credit codes of the tender's bidders (every registered bidder, whether or not they bid in the end). */
  bidderCodes: ReadonlySet<string>;
  buyerCode: string;
  supervisorCode: string;
}

export interface PoolExpert { id: string; employer_code: string }
export interface Declaration { expert_id: string; kind: 'relative' | 'interest'; org_code: string }

export function recusalReasons(
  e: PoolExpert, declarations: readonly Declaration[], penalised: boolean, f: RecusalFacts,
): RecusalReason[] {
  const out = new Set<RecusalReason>();
  if (f.bidderCodes.has(e.employer_code)) out.add('bidder_employee');
  if (e.employer_code === f.buyerCode) out.add('buyer_staff');
  if (e.employer_code === f.supervisorCode) out.add('supervisor_staff');
  for (const d of declarations) {
    if (d.kind === 'relative' && f.bidderCodes.has(d.org_code)) out.add('bidder_relative');
    if (d.kind === 'interest' && (f.bidderCodes.has(d.org_code) || d.org_code === f.buyerCode)) out.add('economic_interest');
  }
  if (penalised) out.add('recent_penalty');
  return RECUSAL_REASONS.filter((r) => out.has(r));
}

/** Splits a filtered pool into the eligible experts and the excluded ones with their reasons. */
export function applyRecusal(
  pool: readonly PoolExpert[], declarations: readonly Declaration[], penalisedIds: ReadonlySet<string>, f: RecusalFacts,
): { eligible: string[]; excluded: Array<{ expertId: string; reasons: RecusalReason[] }> } {
  const byExpert = new Map<string, Declaration[]>();
  for (const d of declarations) {
    const list = byExpert.get(d.expert_id);
    if (list) list.push(d); else byExpert.set(d.expert_id, [d]);
  }
  const eligible: string[] = [];
  const excluded: Array<{ expertId: string; reasons: RecusalReason[] }> = [];
  for (const e of pool) {
    const reasons = recusalReasons(e, byExpert.get(e.id) ?? [], penalisedIds.has(e.id), f);
    if (reasons.length) excluded.push({ expertId: e.id, reasons }); else eligible.push(e.id);
  }
  return { eligible, excluded };
}

/** The first day of the penalty window: `months` calendar months before `today` (China date, YYYY-MM-DD). */
export function penaltyWindowStart(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total % 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
