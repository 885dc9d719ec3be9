import { errors } from '../../lib/errors.ts';
import { isComputable, type ComputableFee, type Fee, type FeeReduction } from '../items/fee-standard.ts';

/**
 * The fee computation (docs/fees.md "Fee standards"): pure, in integers of fen, never floats.
 *
 * - A quantity is read from the form's answer as a decimal with at most 3 places (numeric(16,3) on the
 *   notice line) and carried as thousandths in a bigint, so no binary fraction ever enters an amount.
 * - Rounding: a line's standard amount (quantity × price, or a band's base plus the units over the
 *   band's start × its price) is rounded half up to the fen once, on the exact product; a percentage
 *   reduction likewise, on the line's standard amount. Nothing else is rounded.
 * - Reductions (减免): of those whose condition the answers meet, the one that takes off the most
 *   applies (not cumulative), never more than the line's standard amount.
 * - amount = standard − reduction ≥ 0; total = Σ amounts. A fee with text only (no code/charge) is not charged.
 */
export interface FeeLine {
  lineNo: number;
  feeCode: string;
  name: string;
  basis: string;
  fiscalAccount: string;
  /** Decimal string with 3 places, as stored (numeric(16,3)). */
  quantity: string;
  unit: string;
  standardFen: number;
  reductionFen: number;
  reductionCode: string | null;
  reductionBasis: string | null;
  amountFen: number;
}

export interface FeeComputation { lines: FeeLine[]; totalFen: number; computable: boolean }

/** The bound of any amount (the notices' CHECK): under 1 000 000 000 元. */
const LIMIT = 100_000_000_000n;
const QUANTITY = /^\d{1,12}(\.\d{1,3})?$/;

/** Half up to the whole unit: n / d for non-negative n and positive d. */
const divRoundHalfUp = (n: bigint, d: bigint) => (n * 2n + d) / (2n * d);

/** A decimal answer as thousandths, or null. */
export function quantityMilli(answer: string | undefined): bigint | null {
  const s = (answer ?? '').trim();
  if (!QUANTITY.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const milli = BigInt(whole!) * 1000n + BigInt(frac.padEnd(3, '0'));
  return milli > 0n ? milli : null;
}

const toMilli = (n: number) => BigInt(Math.round(n * 1000));
const milliText = (m: bigint) => `${m / 1000n}.${String(m % 1000n).padStart(3, '0')}`;

function met(r: FeeReduction, answers: Record<string, string>): boolean {
  const a = (answers[r.when.field] ?? '').trim();
  return r.when.anyOf ? r.when.anyOf.includes(a) : a !== '';
}

function reductionOf(r: FeeReduction, standard: bigint): bigint {
  const off = r.kind === 'exempt' ? standard : r.kind === 'percent' ? divRoundHalfUp(standard * BigInt(r.percent!), 100n) : BigInt(r.amountFen!);
  return off > standard ? standard : off;
}

function standardOf(f: ComputableFee, answers: Record<string, string>): { milli: bigint; unit: string; fen: bigint } {
  const c = f.charge;
  if (c.mode === 'fixed') return { milli: 1000n, unit: '', fen: BigInt(c.amountFen) };
  let q = quantityMilli(answers[c.quantityField]);
  if (c.mode === 'per_unit') {
    const min = c.minQuantity !== undefined ? toMilli(c.minQuantity) : null;
    if (q === null && min === null) throw errors.FEE_STANDARD_INVALID({ detail: `${f.code}: no quantity in ${c.quantityField}`, field: c.quantityField });
    if (q === null || (min !== null && q < min)) q = min!;
    return { milli: q, unit: c.unit, fen: divRoundHalfUp(q * BigInt(c.unitFen), 1000n) };
  }
  if (q === null) throw errors.FEE_STANDARD_INVALID({ detail: `${f.code}: no quantity in ${c.quantityField}`, field: c.quantityField });
  let start = 0n;
  for (const b of c.bands) {
    if (b.upTo === null || q <= toMilli(b.upTo)) return { milli: q, unit: c.unit, fen: BigInt(b.baseFen) + divRoundHalfUp((q - start) * BigInt(b.unitFen), 1000n) };
    start = toMilli(b.upTo);
  }
  throw errors.FEE_STANDARD_INVALID({ detail: `${f.code}: quantity above the last band`, field: c.quantityField });
}

/** The lines and total a version's fee standard charges for these form answers. */
export function computeFees(fees: readonly Fee[], answers: Record<string, string>): FeeComputation {
  const lines: FeeLine[] = [];
  let total = 0n;
  for (const f of fees) {
    if (!isComputable(f)) continue;
    const s = standardOf(f, answers);
    let best: { r: FeeReduction; off: bigint } | null = null;
    for (const r of f.reductions ?? []) {
      if (!met(r, answers)) continue;
      const off = reductionOf(r, s.fen);
      if (!best || off > best.off) best = { r, off };
    }
    const off = best?.off ?? 0n;
    const amount = s.fen - off;
    total += amount;
    if (s.fen >= LIMIT || total >= LIMIT) throw errors.FEE_STANDARD_INVALID({ detail: `${f.code}: the amount is above the limit` });
    lines.push({
      lineNo: lines.length + 1, feeCode: f.code, name: f.item, basis: f.basis, fiscalAccount: f.fiscalAccount,
      quantity: milliText(s.milli), unit: s.unit, standardFen: Number(s.fen), reductionFen: Number(off),
      reductionCode: best?.r.code ?? null, reductionBasis: best ? `${best.r.name}：${best.r.basis}` : null, amountFen: Number(amount),
    });
  }
  return { lines, totalFen: Number(total), computable: fees.some(isComputable) };
}
