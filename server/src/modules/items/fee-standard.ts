import { z } from 'zod';

/**
 * The computable fee standard of an item version (issue 11, docs/fees.md "Fee standards"). Each fee
 * item of the version keeps its display texts (`item`, `standard`, `basis`) and, to be charged, adds:
 * a code, the fiscal account its money goes to, how its amount is computed (`charge`) and the
 * reductions and exemptions (减免) that apply, each with its basis and its condition on the form's
 * answers. Amounts are integers of fen. The computation is modules/fees/compute.ts (pure).
 *
 * A fee without `code` and `charge` (versions published before issue 11) is shown but never charged.
 */
const fen = z.number().int().min(0).max(99_999_999_999).describe('an amount in fen (分), a whole number');
const fieldKey = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/).describe('a field of the item\'s application form');
export const FEE_CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

/** Which answers of the application form make a reduction apply: the field's answer is one of `anyOf` (or, without it, filled in). */
export const feeCondition = z.object({
  field: fieldKey,
  anyOf: z.array(z.string().trim().min(1).max(60)).min(1).max(50).optional(),
});

export const feeCharge = z.discriminatedUnion('mode', [
  /** The same amount every time (工本费 每证20元). */
  z.object({ mode: z.literal('fixed'), amountFen: fen }),
  /** A price per unit times a quantity the applicant gives in a number field of the form (每平方米10元, 每件80元). */
  z.object({
    mode: z.literal('per_unit'), unit: z.string().trim().min(1).max(20), quantityField: fieldKey, unitFen: fen,
    /** The quantity charged at least (e.g. 1 件). */
    minQuantity: z.number().positive().max(1e9).optional(),
  }),
  /**
   * Bands of the quantity (in ascending `upTo`; the last may be open, `upTo` null): the band the
   * quantity falls in (quantity ≤ upTo) gives a fixed amount plus an amount per unit over the band's start.
   */
  z.object({
    mode: z.literal('tiered'), unit: z.string().trim().min(1).max(20), quantityField: fieldKey,
    bands: z.array(z.object({ upTo: z.number().positive().max(1e12).nullable(), baseFen: fen, unitFen: fen.default(0) })).min(1).max(20)
      .refine((b) => b.every((x, i) => i === 0 || (b[i - 1]!.upTo !== null && (x.upTo === null || x.upTo > b[i - 1]!.upTo!))), { message: 'bands in ascending upTo; only the last may be open' }),
  }),
]);
export type FeeCharge = z.infer<typeof feeCharge>;

/** A reduction or exemption (减免): all of the amount (exempt), a percentage of it, or a fixed amount off. */
export const feeReduction = z.object({
  code: z.string().regex(FEE_CODE),
  name: z.string().trim().min(1).max(100),
  basis: z.string().trim().min(1).max(500),
  when: feeCondition,
  kind: z.enum(['exempt', 'percent', 'amount']),
  percent: z.number().int().min(1).max(100).optional(),
  amountFen: fen.optional(),
}).refine((r) => (r.kind !== 'percent' || r.percent !== undefined) && (r.kind !== 'amount' || r.amountFen !== undefined), { message: 'percent needs percent, amount needs amountFen' });
export type FeeReduction = z.infer<typeof feeReduction>;

export const fee = z.object({
  item: z.string().trim().min(1).max(200),
  standard: z.string().trim().min(1).max(500),
  basis: z.string().trim().min(1).max(500),
  /** The fee item's code (unique in the version): what a notice line names. */
  code: z.string().regex(FEE_CODE).optional(),
  /** The code of the center's fiscal account the fee is collected into (fiscal_accounts.code). */
  fiscalAccount: z.string().trim().min(1).max(40).optional(),
  charge: feeCharge.optional(),
  reductions: z.array(feeReduction).max(10).optional(),
});
export type Fee = z.infer<typeof fee>;

/** A fee item that can be charged: everything the computation needs is there. */
export type ComputableFee = Fee & { code: string; fiscalAccount: string; charge: FeeCharge };
export const isComputable = (f: Fee): f is ComputableFee => !!f.code && !!f.fiscalAccount && !!f.charge;

/**
 * What is wrong with a version's fee standard, or null: codes unique; a quantity is a number field of
 * the item's form; a reduction's condition names a field of the form (or a contact field every form has).
 */
export function feeStandardProblem(fees: readonly Fee[], formFields: ReadonlyArray<{ key: string; type: string }> | undefined, commonKeys: readonly string[]): string | null {
  const codes = fees.flatMap((f) => (f.code ? [f.code] : []));
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) return `fee code ${dup} appears twice`;
  const accounts = new Set(fees.flatMap((f) => (f.fiscalAccount ? [f.fiscalAccount] : [])));
  // One notice (缴款书) has one payee account: the fees of one version go to one fiscal account.
  if (accounts.size > 1) return `the fees name ${accounts.size} fiscal accounts; one notice is paid into one`;
  const fields = new Map((formFields ?? []).map((f) => [f.key, f.type]));
  for (const f of fees) {
    const partial = [f.code, f.fiscalAccount, f.charge].filter((x) => x !== undefined).length;
    if (partial > 0 && partial < 3) return `${f.code ?? f.item}: a computable fee needs code, fiscalAccount and charge`;
    if (f.charge && f.charge.mode !== 'fixed' && fields.get(f.charge.quantityField) !== 'number') return `${f.code}: quantity field ${f.charge.quantityField} is not a number field of the form`;
    for (const r of f.reductions ?? []) {
      if (!fields.has(r.when.field) && !commonKeys.includes(r.when.field)) return `${f.code}: reduction ${r.code} names field ${r.when.field}, not on the form`;
    }
  }
  return null;
}
