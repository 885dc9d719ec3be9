import type { ItemContent } from '../../api/models';

/** A fee item of an item version (docs/fees.md "Fee standards"): display texts and, to be charged, a computable standard. */
export type Fee = NonNullable<ItemContent['fees']>[number];
type Charge = NonNullable<Fee['charge']>;
type Reduction = NonNullable<Fee['reductions']>[number];

/**
 * '12.3' → 1230: an amount in 元 with at most two decimals, to fen by string arithmetic, so no binary
 * fraction ever enters an amount. Null when the text is not such an amount.
 */
export function yuanToFen(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 1230 → '12.30', by integer arithmetic. */
export const fenToYuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? v as Loose : {});

function toCharge(raw: unknown): Charge | undefined {
  const c = obj(raw);
  if (c.mode === 'fixed') return { mode: 'fixed', amountFen: n(c.amountFen) as number };
  if (c.mode === 'per_unit') {
    const out = { mode: 'per_unit', unit: s(c.unit), quantityField: s(c.quantityField), unitFen: n(c.unitFen) as number } as Charge & { minQuantity?: number };
    const min = n(c.minQuantity);
    if (min !== undefined) out.minQuantity = min;
    return out;
  }
  if (c.mode === 'tiered') {
    const bands = (Array.isArray(c.bands) ? c.bands : []).map((b) => {
      const x = obj(b);
      return { upTo: n(x.upTo) ?? null, baseFen: n(x.baseFen) as number, unitFen: n(x.unitFen) ?? 0 };
    });
    return { mode: 'tiered', unit: s(c.unit), quantityField: s(c.quantityField), bands } as Charge;
  }
  return undefined;
}

function toReduction(raw: unknown): Reduction {
  const r = obj(raw);
  const when = obj(r.when);
  const anyOf = (Array.isArray(when.anyOf) ? when.anyOf : []).map(s).filter(Boolean);
  const out = {
    code: s(r.code), name: s(r.name), basis: s(r.basis),
    when: anyOf.length ? { field: s(when.field), anyOf } : { field: s(when.field) },
    kind: r.kind,
  } as Reduction;
  if (r.kind === 'percent') out.percent = n(r.percent);
  if (r.kind === 'amount') out.amountFen = n(r.amountFen);
  return out;
}

/**
 * The editor's fee row as the content saves it: texts trimmed; code, account, charge and reductions
 * only when given (a fee with texts only is shown and never charged). Whether the standard holds
 * together is the server's call (FEE_STANDARD_INVALID), shown on save.
 */
export function toFee(raw: unknown): Fee {
  const f = obj(raw);
  const out: Fee = { item: s(f.item), standard: s(f.standard), basis: s(f.basis) };
  const code = s(f.code);
  if (code) out.code = code;
  const account = s(f.fiscalAccount);
  if (account) out.fiscalAccount = account;
  const charge = toCharge(f.charge);
  if (charge) out.charge = charge;
  const reductions = (Array.isArray(f.reductions) ? f.reductions : []).map(toReduction);
  if (reductions.length) out.reductions = reductions;
  return out;
}
